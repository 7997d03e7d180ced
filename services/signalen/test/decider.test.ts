import fc from 'fast-check';
import { describe, it } from 'vitest';
import { deciderProperty } from '@gearbox/kernel/testing';
import { signaalDefinition } from '../src/definition.ts';

const pool = [
  { type: 'Triage', severity: 'hoog', owner: 'Stafarts' },
  { type: 'Triage', severity: 'extreem', owner: 'Stafarts' },
  { type: 'RecordFollowUp', text: 'Gesprek gevoerd.' },
  { type: 'RecordFollowUp', text: 'Actie besloten.', actionRef: 'c-1/a-1' },
  { type: 'RecordFollowUp', text: '' },
  { type: 'CloseSignaal', outcome: 'Afgehandeld.' },
  { type: 'CloseSignaal' },
];

describe('the signaal decider', () => {
  it('holds for any sequence of commands by any roles (no store)', () => {
    fc.assert(
      deciderProperty(signaalDefinition, {
        start: { kind: 'weekstart', title: 'Werkdruk', receivedOn: '2026-02-01', summary: 'Drie aios melden werkdruk.' },
        commands: pool,
        path: [0, 2, 5].map((i) => pool[i]!),
        roles: [['kwaliteitsmedewerker', 'mt'], ['kwaliteitsmedewerker'], ['mt'], ['auditor'], ['cmo']],
      }),
      { numRuns: 150 },
    );
  }, 30_000);
});
