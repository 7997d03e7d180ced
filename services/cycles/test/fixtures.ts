import type { GivenEvent } from '@gearbox/kernel/testing';

export const started: GivenEvent = ['CycleStarted', { kind: 'curriculum', title: 'Curriculum 2026', period: { from: '2026-01-01', to: '2026-12-31' }, scope: null }];
export const orgStarted: GivenEvent = ['CycleStarted', { kind: 'organisatie', title: 'Jaarplan 2026', period: { from: '2026-01-01', to: '2026-12-31' }, scope: null }];
export const goal: GivenEvent = ['GoalSet', { goalId: 'g1', title: 'Veilig opleidingsklimaat' }];
export const kpi: GivenEvent = ['KpiDefined', {
  kpiId: 'k1', goalId: 'g1', name: 'aios die het opleidingsklimaat veilig vinden', unit: '%',
  baseline: { value: 60, source: 'NIVEL-enquête', year: 2018 }, target: { value: 72, by: '2027-12-31' },
}];
export const activity: GivenEvent = ['ActivityPlanned', { activityId: 'a1', title: 'Enquête afnemen', owner: 'A. de Vries', due: '2026-06-30' }];
export const approved: GivenEvent = ['PlanApproved', {}];
export const completed: GivenEvent = ['ActivityCompleted', { activityId: 'a1' }];
export const evidence: GivenEvent = ['EvidenceAdded', { evidenceId: 'e1', title: 'Enquêteresultaten', kind: 'survey', effectiveAt: '2026-06-30', criteria: ['CUR-1'] }];
export const measured: GivenEvent = ['MeasurementRecorded', { kpiId: 'k1', value: 68, source: 'eigen enquête', measuredAt: '2026-06-30' }];
export const checkStarted: GivenEvent = ['CheckStarted', {}];
export const findingPartly: GivenEvent = ['FindingRecorded', { findingId: 'f1', title: 'Klimaat verbeterd, doel nog niet gehaald', assessment: 'deels', evidenceIds: ['e1'] }];
export const review: GivenEvent = ['ReviewHeld', { reviewId: 'r1', body: 'curriculumcommissie', date: '2026-09-01' }];
export const checkCompleted: GivenEvent = ['CheckCompleted', {}];
export const action: GivenEvent = ['ActionDecided', { actionId: 'x1', findingId: 'f1', title: 'Training veiligheid', owner: 'B. Jansen', due: '2027-03-01' }];
export const communicated: GivenEvent = ['OutcomeCommunicated', { audience: ['aios', 'opleiders'], channel: 'nieuwsbrief', summary: 'Resultaten gedeeld' }];

export const inPlan = [started, goal, kpi, activity];
export const inDo = [...inPlan, approved];
export const inCheck = [...inDo, completed, evidence, measured, checkStarted];
export const inAct = [...inCheck, findingPartly, review, checkCompleted];
