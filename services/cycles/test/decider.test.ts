import fc from 'fast-check';
import { describe, it } from 'vitest';
import { deciderProperty } from '@gearbox/kernel/testing';
import { cycleDefinition } from '../src/definition.ts';

/** Commands of a whole PDCA cycle, a few wrong ones among them (unknown ids, duplicates, a bad body). */
export const cycleCommandPool = [
  { type: 'SetGoal', goalId: 'g1', title: 'Veilig opleidingsklimaat' },
  { type: 'SetGoal', goalId: 'g2', title: 'Tweede doel' },
  { type: 'DefineKpi', kpiId: 'k1', goalId: 'g1', name: 'veilig', unit: '%', baseline: { value: 60, source: 'NIVEL', year: 2018 }, target: { value: 72, by: '2027-12-31' } },
  { type: 'PlanActivity', activityId: 'a1', title: 'Enquête', owner: 'A. de Vries', due: '2026-06-30' },
  { type: 'PlanActivity', activityId: 'a2', title: 'Gesprek', owner: 'curriculumcommissie', due: '2026-09-30' },
  { type: 'ApprovePlan' },
  { type: 'CompleteActivity', activityId: 'a1', note: 'klaar' },
  { type: 'CompleteActivity', activityId: 'a9' },
  { type: 'WaiveActivity', activityId: 'a2', reason: 'niet nodig' },
  { type: 'AddEvidence', evidenceId: 'e1', title: 'Enquêteresultaten', kind: 'survey' },
  { type: 'RecordMeasurement', kpiId: 'k1', value: 68, source: 'eigen enquête', measuredAt: '2026-02-27' },
  { type: 'StartCheck' },
  { type: 'RecordFinding', findingId: 'f1', title: 'Deels gehaald', assessment: 'deels', evidenceIds: ['e1'] },
  { type: 'RecordFinding', findingId: 'f2', title: 'Zonder bewijs', assessment: 'voldoet', evidenceIds: ['e9'] },
  { type: 'HoldReview', reviewId: 'r1', body: 'curriculumcommissie', date: '2026-02-20' },
  { type: 'ExplainKpi', kpiId: 'k1', reason: 'niet gemeten' },
  { type: 'CompleteCheck' },
  { type: 'DecideAction', actionId: 'x1', findingId: 'f1', title: 'Training', owner: 'B. Jansen', due: '2027-03-01' },
  { type: 'AcceptFinding', findingId: 'f1', rationale: 'aanvaardbaar' },
  { type: 'CompleteAction', actionId: 'x1', result: 'gedaan' },
  { type: 'CommunicateOutcome', audience: ['aios'], channel: 'nieuwsbrief', summary: 'gedeeld' },
  { type: 'CloseCycle' },
  { type: 'CancelCycle', reason: 'gestopt' },
  { type: 'MarkActivityOverdue', activityId: 'a1', due: '2026-06-30' },
  { type: 'MarkActionOverdue', actionId: 'x1', due: '2027-03-01' },
  { type: 'SetGoal', goalId: '', title: '' },
];

describe('the cycle decider', () => {
  // About 200 sequences of up to 55 commands: some ten thousand decisions.
  it('holds for any sequence of commands by any roles (no store)', () => {
    fc.assert(
      deciderProperty(cycleDefinition, {
        start: { kind: 'curriculum', title: 'Curriculum 2026', period: { from: '2026-01-01', to: '2026-12-31' } },
        commands: cycleCommandPool,
        path: ['SetGoal', 'DefineKpi', 'PlanActivity', 'ApprovePlan', 'CompleteActivity', 'AddEvidence', 'RecordMeasurement', 'StartCheck', 'RecordFinding', 'HoldReview', 'CompleteCheck', 'DecideAction', 'CompleteAction', 'CommunicateOutcome', 'CloseCycle']
          .map((type) => cycleCommandPool.find((c) => c.type === type)!),
        roles: [['kwaliteitsmedewerker', 'mt'], ['kwaliteitsmedewerker'], ['mt'], ['auditor'], ['integratie'], ['system']],
      }),
      { numRuns: 200 },
    );
  }, 30_000);
});
