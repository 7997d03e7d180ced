import { describe, expect, it } from 'vitest';
import { as, given, TEST_NOW, type GivenEvent } from '@gearbox/kernel/testing';
import { ownerSubject } from '@gearbox/cycles';
import { opleiderDefinition, type Opleider } from '../src/definition.ts';
import * as f from './fixtures.ts';
import { DEFAULT_LEOH_ITEMS } from '../src/leoh-settings.ts';

const opleider = (...events: GivenEvent[]) => given(opleiderDefinition, ...events);
const lapsed: GivenEvent = ['ErkenningLapsed', { until: '2031-03-01' }];
const qm = as('kwaliteitsmedewerker');
const mt = as('mt');
const cmo = as('cmo');
const integratie = as('integratie');
const auditor = as('auditor');
const subject = { subjectId: f.SUBJECT };

describe('startvisitatie', () => {
  it('is scheduled from aangemeld by a kwaliteitsmedewerker', async () => {
    const r = await opleider(f.registered).when({ type: 'ScheduleStartvisitatie', date: '2026-03-10' }, qm).then([['StartvisitatieScheduled', { date: '2026-03-10' }]]);
    expect(r.view.status).toBe('startvisitatie');
    expect(r.view.startvisitatie).toEqual({ status: 'gepland', date: '2026-03-10', stages: [] });
    await opleider(f.registered).when({ type: 'ScheduleStartvisitatie', date: '2026-03-10' }, auditor).thenError(403);
    await opleider(f.registered).when({ type: 'ScheduleStartvisitatie', date: '10 maart' }, qm).thenError(400);
  });

  it('runs telefonisch, then bezoek', async () => {
    const phone = await opleider(...f.inStartvisitatie).when({ type: 'RecordStartvisitatie', stage: 'telefonisch', outcome: 'positief' }, qm).then(['StartvisitatieRecorded']);
    expect(phone.view.startvisitatie.status).toBe('telefonisch');
    await opleider(...f.inStartvisitatie).when({ type: 'RecordStartvisitatie', stage: 'bezoek', outcome: 'positief' }, qm).thenError(422, { detail: /telephone intake/ });
    await opleider(...f.inStartvisitatie, f.telefonisch).when({ type: 'RecordStartvisitatie', stage: 'telefonisch', outcome: 'positief' }, qm).thenError(422, { detail: /already recorded/ });
    const visit = await opleider(...f.inStartvisitatie, f.telefonisch)
      .when({ type: 'RecordStartvisitatie', stage: 'bezoek', outcome: 'positief', reportEvidenceId: 'sv-9' }, qm)
      .then([['StartvisitatieRecorded', { stage: 'bezoek', reportEvidenceId: 'sv-9' }]]);
    expect(visit.view.startvisitatie.status).toBe('bezocht');
    expect(visit.view.allowed).toEqual(['Recognise', 'ReferToCmo']);
  });

  it('keeps the day it happened (default the day it is recorded) and who visited, sealed as a person of their own', async () => {
    const phone = await opleider(...f.inStartvisitatie)
      .when({ type: 'RecordStartvisitatie', stage: 'telefonisch', outcome: 'positief' }, qm)
      .then([['StartvisitatieRecorded', { date: '2026-03-01' }]]);
    expect(phone.view.startvisitatie.stages).toEqual([{ stage: 'telefonisch', outcome: 'positief', date: '2026-03-01', at: TEST_NOW }]);
    const visit = await opleider(...f.inStartvisitatie, f.telefonisch)
      .when({ type: 'RecordStartvisitatie', stage: 'bezoek', outcome: 'positief', date: '2026-02-20', visitor: 'J. de Wit' }, qm)
      .then([['StartvisitatieRecorded', { date: '2026-02-20', visitor: 'J. de Wit' }]]);
    expect(visit.view.startvisitatie.stages[1]).toMatchObject({ stage: 'bezoek', date: '2026-02-20', visitor: 'J. de Wit' });
    expect(opleiderDefinition.personal!.StartvisitatieRecorded!.subject({ visitor: 'J.  de Wit' })).toBe(ownerSubject('j. de wit'));
    // The auditor sees the day, not the name.
    const seen = await opleider(...f.inStartvisitatie, f.telefonisch, ['StartvisitatieRecorded', { stage: 'bezoek', outcome: 'positief', date: '2026-02-20', visitor: 'J. de Wit' }])
      .when({ type: 'Recognise', until: '2031-03-01' }, qm)
      .then(['OpleiderRecognised']);
    const forAuditor = opleiderDefinition.visibility!.view(seen.view as never, ['auditor']) as unknown as Opleider;
    expect(forAuditor.startvisitatie.stages[1]).toEqual({ stage: 'bezoek', outcome: 'positief', date: '2026-02-20', at: TEST_NOW });
  });

  it('refuses a day still to come with a 400, whatever the phase', async () => {
    await opleider(...f.inStartvisitatie).when({ type: 'RecordStartvisitatie', stage: 'telefonisch', outcome: 'positief', date: '2026-03-02' }, qm).thenError(400, { detail: /neither after today nor before 2000/ });
    await opleider(...f.visited).when({ type: 'RecordStartvisitatie', stage: 'bezoek', outcome: 'positief', date: '2026-03-02' }, qm).thenError(400);
    await opleider(...f.inStartvisitatie).when({ type: 'RecordStartvisitatie', stage: 'telefonisch', outcome: 'positief', date: '2026-03-02' }, auditor).thenError(403);
    await opleider(...f.inStartvisitatie).when({ type: 'RecordStartvisitatie', stage: 'telefonisch', outcome: 'positief', visitor: '' }, qm).thenError(400);
  });

  it('events recorded before the date existed replay with the day they were recorded', async () => {
    const r = await opleider(...f.visited).when({ type: 'Recognise', until: '2031-03-01' }, qm).then(['OpleiderRecognised']);
    expect(r.view.startvisitatie.stages.map((x) => [x.stage, x.date, x.visitor])).toEqual([['telefonisch', '2026-03-01', undefined], ['bezoek', '2026-03-01', undefined]]);
  });

  it('cannot record a stage before it is scheduled, nor after the visit', async () => {
    await opleider(f.registered).when({ type: 'RecordStartvisitatie', stage: 'telefonisch', outcome: 'positief' }, qm).thenError(422);
    await opleider(...f.visited).when({ type: 'RecordStartvisitatie', stage: 'bezoek', outcome: 'positief' }, qm).thenError(422);
  });

  it('a negative outcome stops it; a new attempt can be scheduled', async () => {
    const negatief: GivenEvent = ['StartvisitatieRecorded', { stage: 'telefonisch', outcome: 'negatief' }];
    const r = await opleider(...f.inStartvisitatie, negatief).when({ type: 'ScheduleStartvisitatie', date: '2026-09-01' }, qm).then(['StartvisitatieScheduled']);
    expect(r.view.startvisitatie).toEqual({ status: 'gepland', date: '2026-09-01', stages: [] });
    await opleider(...f.inStartvisitatie, negatief).when({ type: 'Recognise', until: '2031-01-01' }, qm).thenError(422);
    await opleider(...f.inStartvisitatie, negatief).when({ type: 'RecordStartvisitatie', stage: 'bezoek', outcome: 'positief' }, qm).thenError(422);
  });

  it('can be rescheduled before the phone intake, not between intake and visit', async () => {
    await opleider(...f.inStartvisitatie).when({ type: 'ScheduleStartvisitatie', date: '2026-04-01' }, qm).then(['StartvisitatieScheduled']);
    await opleider(...f.inStartvisitatie, f.telefonisch).when({ type: 'ScheduleStartvisitatie', date: '2026-04-01' }, qm).thenError(422);
  });
});

describe('erkenning', () => {
  it('Recognise needs a favourable visit', async () => {
    await opleider(...f.inStartvisitatie, f.telefonisch).when({ type: 'Recognise', until: '2031-03-01' }, qm).thenError(422);
    const r = await opleider(...f.visited).when({ type: 'Recognise', until: '2031-03-01' }, qm).then([['OpleiderRecognised', { until: '2031-03-01' }]]);
    expect(r.view.status).toBe('erkend');
    expect(r.view.recognisedUntil).toBe('2031-03-01');
  });

  it('a renewal must run past the current recognition', async () => {
    await opleider(...f.erkend).when({ type: 'Recognise', until: '2030-01-01' }, qm).thenError(422, { detail: /renewal/ });
    const r = await opleider(...f.erkend).when({ type: 'Recognise', until: '2036-03-01' }, mt).then(['OpleiderRecognised']);
    expect(r.view.recognitions.map((x) => x.until)).toEqual(['2031-03-01', '2036-03-01']);
  });

  it('the reminder is internal and given once per recognition', async () => {
    await opleider(...f.erkend).when({ type: 'RemindErkenning', until: '2031-03-01' }, mt).thenError(400);
    const system = as('system');
    await opleider(...f.erkend).when({ type: 'RemindErkenning', until: '2031-03-01' }, system, { internal: true }).then(['ErkenningReminderDue']);
    await opleider(...f.erkend, ['ErkenningReminderDue', { until: '2031-03-01' }]).when({ type: 'RemindErkenning', until: '2031-03-01' }, system, { internal: true }).thenError(422);
    await opleider(...f.erkend).when({ type: 'RemindErkenning', until: '2029-01-01' }, system, { internal: true }).thenError(422);
  });

  it('lapses on the scheduler\'s internal command: verlopen, and Recognise makes it erkend again', async () => {
    const system = as('system');
    await opleider(...f.erkend).when({ type: 'LapseErkenning', until: '2031-03-01' }, mt).thenError(400);
    await opleider(...f.erkend).when({ type: 'LapseErkenning', until: '2029-01-01' }, system, { internal: true }).thenError(422, { detail: /no longer ends/ });
    const r = await opleider(...f.erkend).when({ type: 'LapseErkenning', until: '2031-03-01' }, system, { internal: true }).then([['ErkenningLapsed', { until: '2031-03-01' }]]);
    expect(r.view.status).toBe('verlopen');
    expect(r.view.lapses).toEqual([{ until: '2031-03-01', at: TEST_NOW }]);
    const verlopen = [...f.erkend, lapsed];
    const seen = await opleider(...verlopen).when({ type: 'Recognise', until: '2036-03-01' }, qm).then(['OpleiderRecognised']);
    expect(seen.view.status).toBe('erkend');
    expect(seen.view.recognisedUntil).toBe('2036-03-01');
    await opleider(...verlopen).when({ type: 'Recognise', until: '2031-03-01' }, qm).thenError(422, { detail: /renewal/ });
    await opleider(...verlopen).when({ type: 'LapseErkenning', until: '2031-03-01' }, system, { internal: true }).thenError(422);
    await opleider(...verlopen).when({ type: 'RecordFunctioneringsgesprek', date: '2026-02-01', summary: 's', agreements: [] }, qm).thenError(422, { detail: /lapsed; recognise again/ });
    const ended = await opleider(...verlopen).when({ type: 'EndTraining', reason: 'gestopt' }, mt).then(['TrainingEnded']);
    expect(ended.view.status).toBe('beeindigd');
  });

  it('a verlopen opleider may be recognised again or ended, nothing else of the opleiding track', async () => {
    const r = await opleider(...f.erkend, lapsed).when({ type: 'ReferToCmo', reason: 'zorgen' }, qm).then(['CmoReferred']);
    expect(r.view.allowed).toEqual(expect.arrayContaining(['Recognise']));
    expect(r.view.allowed).not.toContain('RecordFunctioneringsgesprek');
    expect(r.view.allowed).not.toContain('ScheduleStartvisitatie');
  });
});

describe('LEOH', () => {
  /** The LEOH setting in force, as the decider gets it from `leohContext`. */
  const scored = (...events: GivenEvent[]) => opleider(...events).knowing({ leoh: { scale: { min: 1, max: 5 }, items: DEFAULT_LEOH_ITEMS, crucialItems: ['veiligheid'], threshold: 3 } });
  const evaluation = { type: 'RecordLeoh', evaluationId: 'e1', period: '2026-H1', respondent: 'aios-p1', scores: { veiligheid: 4 } };

  it('integratie and kwaliteitsmedewerker record it for a recognised opleider', async () => {
    await scored(...f.erkend).when(evaluation, integratie).then([['LeohRecorded', { evaluationId: 'e1', scores: { veiligheid: 4 } }]]);
    await scored(...f.erkend).when(evaluation, qm).then(['LeohRecorded']);
    await scored(...f.erkend).when(evaluation, cmo).thenError(403);
    await scored(...f.visited).when(evaluation, integratie).thenError(422);
  });

  it('the respondent is a pseudonym, never a name', async () => {
    const error = await scored(...f.erkend).when({ ...evaluation, respondent: 'Jan de Vries' }, integratie).thenError(400);
    expect((error.extensions.errors as { path: string }[])[0]!.path).toBe('respondent');
    await scored(...f.erkend).when({ ...evaluation, period: 'voorjaar' }, integratie).thenError(400);
    await scored(...f.erkend).when({ ...evaluation, scores: {} }, integratie).thenError(400);
  });

  it('answers the same evaluation again without recording it, and refuses its id with other content', async () => {
    await scored(...f.erkend, f.leoh('e1', { veiligheid: 4 })).when(evaluation, integratie).then([]);
    await scored(...f.erkend, f.leoh('e1', { veiligheid: 3 })).when(evaluation, integratie).thenError(422, { detail: /already recorded/ });
  });

  it('checks the scores against the institute’s LEOH setting, after the role and before the phase', async () => {
    const offScale = await scored(...f.visited).when({ ...evaluation, scores: { veiligheid: 6 } }, integratie).thenError(400);
    expect((offScale.extensions.errors as { path: string }[]).map((e) => e.path)).toEqual(['scores.veiligheid']);
    await scored(...f.erkend).when({ ...evaluation, scores: { smaak: 3 } }, cmo).thenError(403);
    await opleider(...f.erkend).when(evaluation, integratie).thenError(422, { detail: /no LEOH setting/ });
  });

  it('keeps the day it was filled in and shows it; without one, the day it is recorded', async () => {
    const filled = await scored(...f.erkend).when({ ...evaluation, date: '2026-02-27' }, integratie).then([['LeohRecorded', { period: '2026-H1', date: '2026-02-27' }]]);
    expect(filled.view.leoh[0]).toMatchObject({ evaluationId: 'e1', period: '2026-H1', date: '2026-02-27' });
    await scored(...f.erkend).when(evaluation, integratie).then([['LeohRecorded', { date: TEST_NOW.slice(0, 10) }]]);
    await scored(...f.erkend).when({ type: 'RecordZelfevaluatie', evaluationId: 'z1', period: '2026-H1', scores: { veiligheid: 4 }, date: '2026-02-01' }, qm).then([['ZelfevaluatieRecorded', { date: '2026-02-01' }]]);
  });

  it('an evaluation stored before it had a date reads as filled in on the day it was recorded', async () => {
    const r = await scored(...f.erkend, f.leoh('e1', { veiligheid: 4 })).when({ ...evaluation, evaluationId: 'e2' }, integratie).then(['LeohRecorded']);
    expect(r.view.leoh.map((e) => [e.evaluationId, e.date])).toEqual([['e1', TEST_NOW.slice(0, 10)], ['e2', TEST_NOW.slice(0, 10)]]);
  });

  it('refuses a day filled in that is still to come, before 2000 or before its period began, with a 400 in Dutch naming it', async () => {
    const future = await scored(...f.erkend).when({ ...evaluation, date: '2026-03-02' }, integratie).thenError(400);
    expect(future.extensions.errors).toEqual([{ path: 'date', message: { nl: 'ligt na vandaag (01-03-2026)', en: 'is after today (2026-03-01)' } }]);
    expect((future.detailText as { nl: string }).nl).toBe('Een datum waarop iets gebeurd is, ligt niet na vandaag en niet vóór 2000; er is niets vastgelegd.');
    await scored(...f.visited).when({ ...evaluation, date: '2026-03-02' }, integratie).thenError(400);
    const old = await scored(...f.erkend).when({ ...evaluation, period: '1999', date: '1999-06-01' }, integratie).thenError(400);
    expect((old.extensions.errors as { path: string }[]).map((e) => e.path)).toEqual(['date']);
    const early = await scored(...f.erkend).when({ ...evaluation, period: '2026-Q1', date: '2025-12-31' }, integratie).thenError(400);
    expect(early.extensions.errors).toEqual([{ path: 'date', message: { nl: 'ligt vóór het begin van de periode', en: 'is before the period begins' } }]);
  });

  it('the opleider’s own list sits beside the aios’ list of the same period', async () => {
    const r = await scored(...f.erkend, f.leoh('e1', { veiligheid: 2, feedback: 3 }))
      .when({ type: 'RecordZelfevaluatie', evaluationId: 'z1', period: '2026-H1', respondent: 'aios-p1', scores: { veiligheid: 4, feedback: 4 } }, qm)
      .then(['ZelfevaluatieRecorded']);
    expect(r.view.leoh[0]).toMatchObject({ evaluationId: 'e1', scores: { veiligheid: 2, feedback: 3 }, zelf: { evaluationId: 'z1', scores: { veiligheid: 4, feedback: 4 } } });
    await scored(...f.erkend, f.leoh('e1', { veiligheid: 2 })).when({ type: 'RecordZelfevaluatie', evaluationId: 'e1', period: '2026-H1', scores: { veiligheid: 4 } }, qm).thenError(422);
  });
});

describe('CMO', () => {
  it('a signal opens a screening, and further signals join it', async () => {
    const system = as('system');
    const raise = { type: 'RaiseLeohSignal', evaluationId: 'e2', period: '2026-H1', items: [{ item: 'veiligheid', score: 1 }], threshold: 3 };
    const first = await opleider(...f.erkend, f.leoh('e2', { veiligheid: 1 })).when(raise, system, { internal: true }).then(['LeohSignalRaised']);
    expect(first.view.cmo).toMatchObject({ screeningId: 'cmo-1', status: 'screening', openedBy: 'signaal', signals: ['e2'] });
    const joined = await opleider(...f.inScreening, f.leoh('e2', { veiligheid: 1 })).when(raise, system, { internal: true }).then(['LeohSignalRaised']);
    expect(joined.view.cmo).toMatchObject({ screeningId: 'cmo-1', signals: ['e1', 'e2'] });
    expect(joined.view.signals.map((x) => x.screeningId)).toEqual(['cmo-1', 'cmo-1']);
  });

  it('one evaluation raises at most one signal, and only a recorded one', async () => {
    const raise = { type: 'RaiseLeohSignal', evaluationId: 'e1', period: '2026-H1', items: [{ item: 'veiligheid', score: 2 }], threshold: 3 };
    await opleider(...f.inScreening).when(raise, as('system'), { internal: true }).thenError(422, { detail: /already raised/ });
    await opleider(...f.erkend).when(raise, as('system'), { internal: true }).thenError(422, { detail: /not recorded/ });
    await opleider(...f.erkend, f.leoh('e1', { veiligheid: 2 })).when(raise, cmo).thenError(400);
  });

  it('a kwaliteitsmedewerker may refer an opleider to the CMO', async () => {
    const r = await opleider(...f.erkend).when({ type: 'ReferToCmo', reason: 'zorgen van de studiebegeleider', ...subject }, qm).then(['CmoReferred']);
    expect(r.view.cmo).toMatchObject({ status: 'screening', openedBy: 'verwijzing', referral: { reason: 'zorgen van de studiebegeleider' } });
    await opleider(...f.inScreening).when({ type: 'ReferToCmo', reason: 'x', ...subject }, qm).thenError(422);
    await opleider(...f.erkend).when({ type: 'ReferToCmo', reason: 'x', ...subject }, cmo).thenError(403);
  });

  it('DecideCmo routes the screening (cmo only)', async () => {
    const decide = (decision: string) => ({ type: 'DecideCmo', decision, rationale: 'besproken', ...subject });
    await opleider(...f.inScreening).when(decide('monitoring'), mt).thenError(403);
    const none = await opleider(...f.inScreening).when(decide('geen-actie'), cmo).then([['CmoDecided', { decision: 'geen-actie' }]]);
    expect(none.view.cmo).toMatchObject({ status: 'afgesloten', closed: { outcome: 'geen-actie' } });
    expect((await opleider(...f.inScreening).when(decide('monitoring'), cmo).then(['CmoDecided'])).view.cmo!.status).toBe('monitoring');
    expect((await opleider(...f.inScreening).when(decide('ondersteuningstraject'), cmo).then(['CmoDecided'])).view.cmo!.status).toBe('ondersteuningstraject');
    // From monitoring the CMO may escalate or stop, not decide monitoring again.
    expect((await opleider(...f.inMonitoring).when(decide('ondersteuningstraject'), cmo).then(['CmoDecided'])).view.cmo!.status).toBe('ondersteuningstraject');
    await opleider(...f.inMonitoring).when(decide('monitoring'), cmo).thenError(422, { detail: /already in monitoring/ });
    await opleider(...f.inTraject).when(decide('geen-actie'), cmo).thenError(422);
    await opleider(...f.erkend).when(decide('monitoring'), cmo).thenError(422);
  });

  it('CloseCmoTraject verbeterd keeps the training; afscheid ends it', async () => {
    const close = (outcome: string) => ({ type: 'CloseCmoTraject', outcome, rationale: 'evaluatie traject', ...subject });
    const better = await opleider(...f.inTraject).when(close('verbeterd'), cmo).then(['CmoTrajectClosed']);
    expect(better.view.status).toBe('erkend');
    expect(better.view.cmo).toMatchObject({ status: 'afgesloten', closed: { outcome: 'verbeterd' } });
    const bye = await opleider(...f.inTraject).when(close('afscheid'), cmo).then(['CmoTrajectClosed']);
    expect(bye.view.status).toBe('beeindigd');
    expect(bye.view.ended).toMatchObject({ by: 'cmo', reason: 'evaluatie traject' });
    expect(bye.view.allowed).toEqual([]);
    await opleider(...f.inMonitoring).when(close('afscheid'), cmo).then(['CmoTrajectClosed']);
    await opleider(...f.inScreening).when(close('verbeterd'), cmo).thenError(422);
    await opleider(...f.erkend).when(close('afscheid'), cmo).thenError(422);
    await opleider(...f.inTraject).when(close('afscheid'), mt).thenError(403);
  });

  it('a new signal after a closed file opens the next file', async () => {
    const raise = { type: 'RaiseLeohSignal', evaluationId: 'e3', period: '2026-H2', items: [{ item: 'veiligheid', score: 1 }], threshold: 3 };
    const r = await opleider(...f.inScreening, f.decided('geen-actie'), f.leoh('e3', { veiligheid: 1 }, '2026-H2'))
      .when(raise, as('system'), { internal: true })
      .then(['LeohSignalRaised']);
    expect(r.view.cmo).toMatchObject({ screeningId: 'cmo-2', status: 'screening', signals: ['e3'] });
    expect(r.view.cmoHistory.map((x) => x.screeningId)).toEqual(['cmo-1']);
    expect(r.view.counts.cmoFiles).toBe(2);
  });

  it('the rationale is sealed under the opleider’s own subject, whatever subjectId the client sends', async () => {
    const r = await opleider(...f.inScreening)
      .when({ type: 'DecideCmo', decision: 'monitoring', rationale: 'x', subjectId: 'someone-else' }, cmo)
      .then([['CmoDecided', { subjectId: f.SUBJECT, rationale: 'x' }]]);
    expect(r.view.cmo).toMatchObject({ status: 'monitoring' });
  });
});

describe('functioneringsgesprek and the end of training', () => {
  it('records a talk for a recognised opleider', async () => {
    const talk = { type: 'RecordFunctioneringsgesprek', date: '2026-02-20', summary: 'Goed gesprek', agreements: ['Om-en-om spreekuur'], ...subject };
    const r = await opleider(...f.erkend).when(talk, qm).then([['FunctioneringsgesprekRecorded', { date: '2026-02-20' }]]);
    expect(r.view.gesprekken).toMatchObject([{ date: '2026-02-20', summary: 'Goed gesprek', agreements: ['Om-en-om spreekuur'] }]);
    await opleider(...f.erkend).when(talk, cmo).then(['FunctioneringsgesprekRecorded']);
    await opleider(...f.visited).when(talk, qm).thenError(422);
    await opleider(...f.erkend).when(talk, auditor).thenError(403);
  });

  it('EndTraining is for mt, from any step before the end, and closes an open CMO file', async () => {
    const end = { type: 'EndTraining', reason: 'praktijk gestopt', ...subject };
    await opleider(...f.erkend).when(end, qm).thenError(403);
    for (const history of [[f.registered], f.inStartvisitatie, f.erkend]) {
      const r = await opleider(...history).when(end, mt).then(['TrainingEnded']);
      expect(r.view.status).toBe('beeindigd');
    }
    const r = await opleider(...f.inScreening).when(end, mt).then(['TrainingEnded']);
    expect(r.view.cmo).toMatchObject({ status: 'afgesloten', closed: { outcome: 'beeindigd' } });
    await opleider(...f.erkend, ['TrainingEnded', { reason: 'x', ...subject }]).when(end, mt).thenError(422, { allowed: [] });
  });

  it('nothing is recorded for an opleider whose training ended', async () => {
    const ended: GivenEvent = ['TrainingEnded', { reason: 'x', ...subject }];
    await opleider(...f.erkend, ended).when({ type: 'RecordLeoh', evaluationId: 'e9', period: '2026', respondent: 'aios-p1', scores: { veiligheid: 1 } }, integratie).thenError(422);
    await opleider(...f.erkend, ended, f.leoh('e9', { veiligheid: 1 }))
      .when({ type: 'RaiseLeohSignal', evaluationId: 'e9', period: '2026', items: [{ item: 'veiligheid', score: 1 }], threshold: 3 }, as('system'), { internal: true })
      .thenError(422);
  });
});

describe('allowed', () => {
  it('comes from the machine and the caller’s roles', async () => {
    const asQm = await opleider(f.registered).when({ type: 'ScheduleStartvisitatie', date: '2026-03-10' }, qm).then(['StartvisitatieScheduled']);
    expect(asQm.view.allowed).toEqual(['ScheduleStartvisitatie', 'RecordStartvisitatie', 'ReferToCmo']);
    const asMt = await opleider(...f.visited).when({ type: 'Recognise', until: '2031-01-01' }, mt).then(['OpleiderRecognised']);
    expect(asMt.view.allowed).toEqual(['Recognise', 'RecordFunctioneringsgesprek', 'ReferToCmo', 'EndTraining']);
    const asCmo = await opleider(...f.inScreening).when({ type: 'DecideCmo', decision: 'ondersteuningstraject', rationale: 'x', ...subject }, cmo).then(['CmoDecided']);
    expect(asCmo.view.allowed).toEqual(['RecordFunctioneringsgesprek', 'CloseCmoTraject']);
  });
});
