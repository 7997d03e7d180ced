import { describe, expect, it } from 'vitest';
import { cycleDefinition } from '../src/definition.ts';
import { as, given, givenInStore } from '@gearbox/kernel/testing';
import * as f from './fixtures.ts';

const cycle = (...events: Parameters<typeof given>[1][]) => given(cycleDefinition, ...events);
const qm = as('kwaliteitsmedewerker');
const mt = as('mt');
const auditor = as('auditor');

describe('plan', () => {
  it('records a goal, a KPI and an activity', async () => {
    await cycle(f.started).when({ type: 'SetGoal', goalId: 'g1', title: 'Doel' }, qm).then([['GoalSet', { goalId: 'g1' }]]);
    await cycle(f.started, f.goal).when({ type: 'DefineKpi', kpiId: 'k1', goalId: 'g1', name: 'n', unit: '%', baseline: { value: 1, source: 'NIVEL', year: 2018 }, target: { value: 2, by: '2027-01-01' } }, qm).then(['KpiDefined']);
    await cycle(f.started).when({ type: 'PlanActivity', activityId: 'a1', title: 't', owner: 'o', due: '2026-05-01' }, qm).then(['ActivityPlanned']);
  });

  it('refuses a second goal with the same id (422)', async () => {
    await cycle(f.started, f.goal).when({ type: 'SetGoal', goalId: 'g1', title: 'again' }, qm).thenError(422, { detail: /already exists/ });
  });

  it('rejects an invalid payload with a 400 listing the fields', async () => {
    const error = await cycle(f.started).when({ type: 'PlanActivity', activityId: 'a1', title: '', owner: 'o', due: '1 mei' }, qm).thenError(400);
    expect((error.extensions.errors as { path: string }[]).map((e) => e.path).sort()).toEqual(['due', 'title']);
  });

  it('rejects an unknown command type with a 400', async () => {
    await cycle(f.started).when({ type: 'Teleport' }, qm).thenError(400);
  });

  it('refuses internal commands from clients', async () => {
    await cycle(...f.inDo).when({ type: 'MarkActivityOverdue', activityId: 'a1', due: '2026-01-01' }, mt).thenError(400);
  });

  it('ApprovePlan needs mt', async () => {
    await cycle(...f.inPlan).when({ type: 'ApprovePlan' }, qm).thenError(403);
    await cycle(...f.inPlan).when({ type: 'ApprovePlan' }, mt).then(['PlanApproved']);
  });

  it('ApprovePlan needs a goal and an activity', async () => {
    await cycle(f.started, f.goal).when({ type: 'ApprovePlan' }, mt).thenError(422, { allowed: ['SetGoal', 'DefineKpi', 'PlanActivity', 'CancelCycle'] });
    await cycle(f.started, f.activity).when({ type: 'ApprovePlan' }, mt).thenError(422);
  });

  it('an auditor may send nothing', async () => {
    await cycle(...f.inPlan).when({ type: 'SetGoal', goalId: 'g2', title: 'x' }, auditor).thenError(403);
  });
});

describe('do', () => {
  it('completes and waives activities; waiving needs mt', async () => {
    await cycle(...f.inDo).when({ type: 'CompleteActivity', activityId: 'a1', note: 'klaar' }, qm).then([['ActivityCompleted', { activityId: 'a1', note: 'klaar' }]]);
    await cycle(...f.inDo).when({ type: 'WaiveActivity', activityId: 'a1', reason: 'niet nodig' }, qm).thenError(403);
    await cycle(...f.inDo).when({ type: 'WaiveActivity', activityId: 'a1', reason: 'niet nodig' }, mt).then(['ActivityWaived']);
  });

  it('refuses an unknown or finished activity', async () => {
    await cycle(...f.inDo).when({ type: 'CompleteActivity', activityId: 'nope' }, qm).thenError(422, { detail: /not in this cycle/ });
    await cycle(...f.inDo, f.completed).when({ type: 'CompleteActivity', activityId: 'a1' }, qm).thenError(422);
  });

  it('evidence defaults effectiveAt to the day it was recorded', async () => {
    await cycle(...f.inDo).when({ type: 'AddEvidence', evidenceId: 'e9', title: 'Notulen', kind: 'minutes' }, qm).then([['EvidenceAdded', { effectiveAt: '2026-03-01', criteria: [] }]]);
    await cycle(...f.inDo).when({ type: 'AddEvidence', evidenceId: 'e9', title: 'Enquête', kind: 'survey', effectiveAt: '2026-06-30' }, qm).then([['EvidenceAdded', { effectiveAt: '2026-06-30' }]]);
  });

  it('integratie may record a measurement of a defined KPI only', async () => {
    await cycle(...f.inDo).when({ type: 'RecordMeasurement', kpiId: 'k1', value: 70, source: 'NIVEL', measuredAt: '2026-02-01' }, as('integratie')).then(['MeasurementRecorded']);
    await cycle(...f.inDo).when({ type: 'RecordMeasurement', kpiId: 'k9', value: 70, source: 'NIVEL', measuredAt: '2026-02-01' }, qm).thenError(422);
  });

  it('a measurement or a review on a day still to come, or before 2000, is a 400 in Dutch naming the field, and nothing is stored', async () => {
    const measurement = { type: 'RecordMeasurement', kpiId: 'k1', value: 70, source: 'NIVEL', measuredAt: '2026-03-02' };
    const future = await givenInStore(cycleDefinition, ...f.inDo).when(measurement, qm).thenError(400);
    expect(future.extensions.errors).toEqual([{ path: 'measuredAt', message: { nl: 'ligt na vandaag (01-03-2026)', en: 'is after today (2026-03-01)' } }]);
    expect((future.detailText as { nl: string }).nl).toMatch(/^Een datum waarop iets gebeurd is, ligt niet na vandaag/);
    // Bad input whatever the phase, but only for a sender with the role.
    await cycle(...f.inDo).when({ ...measurement, kpiId: 'k9' }, qm).thenError(400);
    await cycle(...f.inDo).when(measurement, auditor).thenError(403);
    await cycle(...f.inDo).when({ ...measurement, measuredAt: '1999-12-31' }, qm).thenError(400);
    await cycle(...f.inDo).when({ ...measurement, measuredAt: '2026-03-01' }, qm).then([['MeasurementRecorded', { measuredAt: '2026-03-01' }]]);
    const review = await cycle(...f.inCheck).when({ type: 'HoldReview', reviewId: 'r1', body: 'mt', date: '2026-04-01' }, qm).thenError(400);
    expect((review.extensions.errors as { path: string }[]).map((e) => e.path)).toEqual(['date']);
  });

  it('StartCheck needs every activity completed or waived', async () => {
    await cycle(...f.inDo).when({ type: 'StartCheck' }, qm).thenError(422);
    await cycle(...f.inDo, f.completed).when({ type: 'StartCheck' }, qm).then(['CheckStarted']);
  });

  it('findings belong to check, not do', async () => {
    await cycle(...f.inDo).when({ type: 'RecordFinding', findingId: 'f1', title: 't', assessment: 'voldoet', evidenceIds: [] }, qm).thenError(422);
  });
});

describe('check', () => {
  it('records findings on known evidence only', async () => {
    await cycle(...f.inCheck).when({ type: 'RecordFinding', findingId: 'f1', title: 't', assessment: 'voldoet', evidenceIds: ['e1'] }, qm).then(['FindingRecorded']);
    await cycle(...f.inCheck).when({ type: 'RecordFinding', findingId: 'f1', title: 't', assessment: 'voldoet', evidenceIds: ['e404'] }, qm).thenError(422, { detail: /e404/ });
  });

  it('holds a review, with minutes only from this cycle', async () => {
    await cycle(...f.inCheck).when({ type: 'HoldReview', reviewId: 'r1', body: 'curriculumcommissie', date: '2026-02-20', minutesEvidenceId: 'e1' }, qm).then(['ReviewHeld']);
    await cycle(...f.inCheck).when({ type: 'HoldReview', reviewId: 'r1', body: 'mt', date: '2026-02-20', minutesEvidenceId: 'zz' }, qm).thenError(422);
  });

  it('CompleteCheck needs a finding, a review and every KPI measured or explained', async () => {
    const noMeasure = [f.started, f.goal, f.kpi, f.activity, f.approved, f.completed, f.evidence, f.checkStarted, f.findingPartly, f.review];
    await cycle(...noMeasure).when({ type: 'CompleteCheck' }, qm).thenError(422);
    await cycle(...noMeasure, ['KpiExplained', { kpiId: 'k1', reason: 'enquête uitgesteld' }]).when({ type: 'CompleteCheck' }, qm).then(['CheckCompleted']);
    await cycle(...f.inCheck, f.findingPartly).when({ type: 'CompleteCheck' }, qm).thenError(422);
    await cycle(...f.inCheck, f.findingPartly, f.review).when({ type: 'CompleteCheck' }, qm).then(['CheckCompleted']);
  });

  it('only an unmeasured KPI can be explained', async () => {
    await cycle(...f.inCheck).when({ type: 'ExplainKpi', kpiId: 'k1', reason: 'x' }, qm).thenError(422);
  });
});

describe('act', () => {
  it('DecideAction needs mt and a known finding', async () => {
    const cmd = { type: 'DecideAction', actionId: 'x1', findingId: 'f1', title: 'Training', owner: 'B. Jansen', due: '2027-01-01' };
    await cycle(...f.inAct).when(cmd, qm).thenError(403);
    await cycle(...f.inAct).when(cmd, mt).then(['ActionDecided']);
    await cycle(...f.inAct).when({ ...cmd, findingId: 'f9' }, mt).thenError(422);
  });

  it('AcceptFinding only for a finding that does not fully meet the standard', async () => {
    await cycle(...f.inAct).when({ type: 'AcceptFinding', findingId: 'f1', rationale: 'acceptabel risico' }, mt).then(['FindingAccepted']);
  });

  it('CloseCycle needs every non-voldoet finding handled and a communication', async () => {
    await cycle(...f.inAct, f.communicated).when({ type: 'CloseCycle' }, mt).thenError(422);
    await cycle(...f.inAct, f.action).when({ type: 'CloseCycle' }, mt).thenError(422);
    await cycle(...f.inAct, f.action, f.communicated).when({ type: 'CloseCycle' }, qm).thenError(403);
    const closed = await cycle(...f.inAct, f.action, f.communicated).when({ type: 'CloseCycle' }, mt).then(['CycleClosed']);
    expect(closed.view.phase).toBe('closed');
    expect(closed.view.allowed).toEqual([]);
  });

  it('completes an action', async () => {
    await cycle(...f.inAct, f.action).when({ type: 'CompleteAction', actionId: 'x1', result: 'gedaan' }, qm).then(['ActionCompleted']);
    await cycle(...f.inAct, f.action, ['ActionCompleted', { actionId: 'x1', result: 'r' }]).when({ type: 'CompleteAction', actionId: 'x1', result: 'again' }, qm).thenError(422);
  });
});

describe('cancel', () => {
  it('mt cancels in any phase before closed', async () => {
    for (const history of [f.inPlan, f.inDo, f.inCheck, f.inAct]) {
      await cycle(...history).when({ type: 'CancelCycle', reason: 'herijking' }, mt).then(['CycleCancelled']);
    }
    await cycle(...f.inPlan).when({ type: 'CancelCycle', reason: 'x' }, qm).thenError(403);
  });

  it('nothing is allowed after cancelling', async () => {
    await cycle(...f.inPlan, ['CycleCancelled', { reason: 'x' }]).when({ type: 'SetGoal', goalId: 'g9', title: 't' }, mt).thenError(422, { allowed: [] });
  });
});

describe('allowed', () => {
  it('comes from the machine and the caller roles', async () => {
    const result = await cycle(...f.inDo).when({ type: 'AddEvidence', evidenceId: 'e5', title: 't', kind: 'other' }, qm).then(['EvidenceAdded']);
    expect(result.view.allowed).toEqual(['CompleteActivity', 'AddEvidence', 'RecordMeasurement']);
    const asMt = await cycle(...f.inDo).when({ type: 'AddEvidence', evidenceId: 'e5', title: 't', kind: 'other' }, mt).then(['EvidenceAdded']);
    expect(asMt.view.allowed).toEqual(['CompleteActivity', 'WaiveActivity', 'AddEvidence', 'RecordMeasurement', 'CancelCycle']);
  });

  it('the organisatie holds management reviews during do as well', async () => {
    const r = await cycle(f.orgStarted, f.goal, f.activity, f.approved)
      .when({ type: 'HoldReview', reviewId: 'mr1', body: 'management-review', date: '2026-02-15' }, qm)
      .then(['ReviewHeld']);
    expect(r.view.managementReview).toEqual({ nextDue: '2026-08-15', overdue: [] });
    await cycle(...f.inDo).when({ type: 'HoldReview', reviewId: 'r1', body: 'mt', date: '2026-02-15' }, qm).thenError(422);
  });
});

describe('through the store', () => {
  // The specs above run on the decider alone; these run the same way through sealing, the append and the answer.
  const stored = (...events: Parameters<typeof given>[1][]) => givenInStore(cycleDefinition, ...events);

  it('decides as the decider does, and a refusal appends nothing', async () => {
    const approved = await stored(...f.inPlan).when({ type: 'ApprovePlan' }, mt).then(['PlanApproved']);
    expect(approved.view).toMatchObject({ phase: 'do', revision: 4 });
    await stored(f.started, f.goal).when({ type: 'SetGoal', goalId: 'g1', title: 'again' }, qm).thenError(422, { detail: /already exists/ });
    await stored(...f.inPlan).when({ type: 'ApprovePlan' }, qm).thenError(403);
    await stored(...f.inDo).when({ type: 'MarkActivityOverdue', activityId: 'a1', due: '2026-06-30' }, as('system'), { internal: true }).then(['ActivityOverdue']);
  });

  it('answers with an owner in the clear, and reads it back decrypted from the store', async () => {
    const r = await stored(...f.inDo).when({ type: 'CompleteActivity', activityId: 'a1' }, qm).then(['ActivityCompleted']);
    expect(r.view.activities[0]).toMatchObject({ owner: 'A. de Vries', status: 'completed' });
    await stored(f.started, f.goal).when({ type: 'PlanActivity', activityId: 'a2', title: 't', owner: 'B. Jansen', due: '2026-05-01' }, qm).then([['ActivityPlanned', { owner: 'B. Jansen' }]]);
  });
});
