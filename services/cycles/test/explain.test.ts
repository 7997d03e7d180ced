import { describe, expect, it } from 'vitest';
import { as, detailsOf, given, type GivenEvent } from '@gearbox/kernel/testing';
import { cycleDefinition } from '../src/definition.ts';
import * as f from './fixtures.ts';

const qm = as('kwaliteitsmedewerker');
const mt = as('mt');

/** The 422's detail in Dutch (the default) and in English. */
async function refused(events: GivenEvent[], command: Record<string, unknown>, actor = mt) {
  return detailsOf(await given(cycleDefinition, ...events).when(command, actor).thenError(422));
}

const activity2: GivenEvent = ['ActivityPlanned', { activityId: 'a2', title: 'Evaluatie', owner: 'B. Jansen', due: '2026-07-31' }];
const kpi2: GivenEvent = ['KpiDefined', { ...(f.kpi[1] as object), kpiId: 'k2' }];

describe('a 422 names what is still missing', () => {
  it('ApprovePlan: no goal, no activity', async () => {
    expect(await refused([f.started], { type: 'ApprovePlan' })).toEqual({
      nl: 'Het plan mist nog een doel en een activiteit.',
      en: 'The plan still lacks a goal and an activity.',
    });
    expect((await refused([f.started, f.goal], { type: 'ApprovePlan' })).nl).toBe('Het plan mist nog een activiteit.');
    expect((await refused([f.started, f.activity], { type: 'ApprovePlan' })).en).toBe('The plan still lacks a goal.');
  });

  it('StartCheck: the activities not yet completed or waived, by id', async () => {
    expect(await refused([...f.inPlan, activity2, f.approved], { type: 'StartCheck' }, qm)).toEqual({
      nl: 'Nog niet afgerond: activiteiten a1 en a2',
      en: 'Not finished yet: activities a1 and a2',
    });
    const waived: GivenEvent = ['ActivityWaived', { activityId: 'a1', reason: 'niet nodig' }];
    expect((await refused([...f.inPlan, activity2, f.approved, waived], { type: 'StartCheck' }, qm)).nl).toBe('Nog niet afgerond: activiteit a2');
  });

  it('CompleteCheck: no finding, no review, KPIs neither measured nor explained', async () => {
    const unmeasured = [...f.inPlan, kpi2, f.approved, f.completed, f.checkStarted];
    expect(await refused(unmeasured, { type: 'CompleteCheck' }, qm)).toEqual({
      nl: "Nog niet afgerond: er is nog geen bevinding, er is nog geen review gehouden en KPI's k1 en k2 niet gemeten of toegelicht",
      en: 'Not finished yet: there is no finding yet, no review has been held yet and KPIs k1 and k2 neither measured nor explained',
    });
    const explained: GivenEvent = ['KpiExplained', { kpiId: 'k2', reason: 'enquête uitgesteld' }];
    expect((await refused([...unmeasured, f.evidence, f.findingPartly, explained], { type: 'CompleteCheck' }, qm)).nl).toBe(
      'Nog niet afgerond: er is nog geen review gehouden en KPI k1 niet gemeten of toegelicht',
    );
  });

  it('CloseCycle: findings without an action or acceptance, and no communication', async () => {
    expect(await refused(f.inAct, { type: 'CloseCycle' })).toEqual({
      nl: 'Nog niet afgerond: bevinding f1 zonder actie of acceptatie en de uitkomst is nog niet gecommuniceerd',
      en: 'Not finished yet: finding f1 without an action or acceptance and the outcome has not been communicated',
    });
    expect((await refused([...f.inAct, f.action], { type: 'CloseCycle' })).nl).toBe('Nog niet afgerond: de uitkomst is nog niet gecommuniceerd');
    const accepted: GivenEvent = ['FindingAccepted', { findingId: 'f1', rationale: 'past binnen het budget niet' }];
    expect((await refused([...f.inAct, accepted], { type: 'CloseCycle' })).en).toBe('Not finished yet: the outcome has not been communicated');
  });

  it('the other guarded steps say why in words', async () => {
    expect((await refused([...f.inDo, f.completed], { type: 'CompleteActivity', activityId: 'a1' }, qm)).nl).toBe('Er is geen open activiteit meer.');
    const noKpi = [f.started, f.goal, f.activity, f.approved];
    expect((await refused(noKpi, { type: 'RecordMeasurement', kpiId: 'k1', value: 1, source: 's', measuredAt: '2026-02-01' }, qm)).nl).toBe(
      'Deze cyclus heeft geen KPI om te meten.',
    );
    expect((await refused(f.inDo, { type: 'HoldReview', reviewId: 'r1', body: 'mt', date: '2026-02-15' }, qm)).en).toMatch(/^A review belongs to the check phase/);
    expect((await refused(f.inCheck, { type: 'ExplainKpi', kpiId: 'k1', reason: 'x' }, qm)).nl).toBe('Elke KPI is gemeten of toegelicht; er valt niets toe te lichten.');
    const voldoet: GivenEvent = ['FindingRecorded', { findingId: 'f1', title: 't', assessment: 'voldoet', evidenceIds: ['e1'] }];
    const actVoldoet = [...f.inCheck, voldoet, f.review, f.checkCompleted];
    expect((await refused(actVoldoet, { type: 'AcceptFinding', findingId: 'f1', rationale: 'r' })).nl).toMatch(/^Geen bevinding wacht op acceptatie/);
    expect((await refused(f.inAct, { type: 'CompleteAction', actionId: 'x1', result: 'r' }, qm)).en).toBe('No action is open.');
  });

  it('a step sent in the wrong phase keeps the phase answer, not a list of what is missing', async () => {
    const { nl, en } = await refused(f.inPlan, { type: 'StartCheck' }, qm);
    expect(nl).toMatch(/StartCheck .*fase plan/);
    expect(en).toMatch(/StartCheck .*phase plan/);
  });
});
