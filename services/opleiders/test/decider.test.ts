import fc from 'fast-check';
import { describe, it } from 'vitest';
import { deciderProperty } from '@gearbox/kernel/testing';
import { opleiderDefinition } from '../src/definition.ts';
import { DEFAULT_LEOH_ITEMS } from '../src/leoh-settings.ts';

const leoh = (evaluationId: string, veiligheid: number) => ({ type: 'RecordLeoh', evaluationId, period: '2026-H1', respondent: 'aios-p1', scores: { veiligheid } });
const pool = [
  { type: 'ScheduleStartvisitatie', date: '2026-03-10' },
  { type: 'RecordStartvisitatie', stage: 'telefonisch', outcome: 'positief' },
  { type: 'RecordStartvisitatie', stage: 'bezoek', outcome: 'positief', reportEvidenceId: 'sv-1' },
  { type: 'RecordStartvisitatie', stage: 'telefonisch', outcome: 'negatief' },
  { type: 'Recognise', until: '2031-03-01' },
  { type: 'Recognise', until: '2036-03-01' },
  leoh('e1', 4),
  leoh('e1', 2),
  leoh('e2', 1),
  leoh('e3', 9),
  { type: 'RecordLeoh', evaluationId: 'e4', period: '2026-H1', respondent: 'aios-p1', scores: { smaak: 3 } },
  { type: 'RecordZelfevaluatie', evaluationId: 'z1', period: '2026-H1', scores: { veiligheid: 4 } },
  { type: 'RaiseLeohSignal', evaluationId: 'e2', period: '2026-H1', items: [{ item: 'veiligheid', score: 1 }], threshold: 3 },
  { type: 'RecordFunctioneringsgesprek', date: '2026-02-20', summary: 'Goed gesprek', agreements: ['Wekelijks leergesprek'] },
  { type: 'ReferToCmo', reason: 'zorgen', subjectId: 'iemand-anders' },
  { type: 'DecideCmo', decision: 'monitoring', rationale: 'besproken' },
  { type: 'DecideCmo', decision: 'ondersteuningstraject', rationale: 'besproken' },
  { type: 'CloseCmoTraject', outcome: 'verbeterd', rationale: 'beter' },
  { type: 'RemindErkenning', until: '2031-03-01' },
  { type: 'EndTraining', reason: 'gestopt' },
];

describe('the opleider decider', () => {
  // Some ten thousand decisions, the LEOH setting in force as `leohContext` would read it.
  it('holds for any sequence of commands by any roles (no store)', () => {
    fc.assert(
      deciderProperty(opleiderDefinition, {
        start: { name: 'Dr. A. Bakker', practice: 'Praktijk De Linde', email: 'a.bakker@example.nl' },
        commands: pool,
        path: [0, 1, 2, 4, 6, 8, 12, 13, 15, 16, 17].map((i) => pool[i]!),
        roles: [['kwaliteitsmedewerker', 'mt', 'cmo', 'integratie'], ['kwaliteitsmedewerker'], ['cmo'], ['integratie'], ['auditor'], ['mt'], ['system']],
        extra: { leoh: { scale: { min: 1, max: 5 }, items: DEFAULT_LEOH_ITEMS, crucialItems: ['veiligheid'], threshold: 3 } },
      }),
      { numRuns: 250 },
    );
  }, 30_000);
});
