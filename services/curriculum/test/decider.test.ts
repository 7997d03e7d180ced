import fc from 'fast-check';
import { describe, it } from 'vitest';
import { deciderProperty } from '@gearbox/kernel/testing';
import { programmaDefinition } from '../src/definition.ts';

const round = (roundId: string, n: number) => ({ type: 'RecordFeedbackRound', roundId, group: 'aios', date: '2026-02-10', n, scores: { inhoud: 7.5 } });
const pool = [
  round('r1', 24),
  round('r2', 3),
  { ...round('r3', 10), scores: { inhoud: 11 } },
  { type: 'ReviewInCommissie', reviewId: 'c1', date: '2026-02-20', conclusions: 'bijstellen', roundIds: ['r1'] },
  { type: 'ReviewInCommissie', reviewId: 'c2', date: '2026-02-20', conclusions: 'onbekend', roundIds: ['r9'] },
  { type: 'ReviseProgramma', revisionId: 'v1', summary: 'meer casuïstiek', effectiveFrom: '2026-09-01' },
  { type: 'RetireProgramma', reason: 'vervangen' },
];

describe('the onderwijsprogramma decider', () => {
  // Some five thousand decisions.
  it('holds for any sequence of commands by any roles (no store)', () => {
    fc.assert(
      deciderProperty(programmaDefinition, {
        start: { title: 'Terugkomdagen jaar 1', year: 1, coordinator: 'Dr. C. Coördinator' },
        commands: pool,
        path: [0, 1, 3, 5, 6].map((i) => pool[i]!),
        roles: [['kwaliteitsmedewerker', 'mt', 'integratie'], ['kwaliteitsmedewerker'], ['integratie'], ['auditor'], ['mt']],
      }),
      { numRuns: 150 },
    );
  }, 30_000);
});
