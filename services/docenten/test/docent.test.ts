import { afterEach, describe, expect, it } from 'vitest';
import { FORGOTTEN, isSealed, rebuild } from '@gearbox/kernel';
import { as, contextOf, given, givenInStore, memoryDeps, TEST_NOW, type GivenEvent } from '@gearbox/kernel/testing';
import { docentDefinition } from '../src/definition.ts';
import { StreamHandler } from '@gearbox/kernel';
import { docentenAggregate, docentIndex, listDocenten, TOO_FEW } from '../src/read-models.ts';

const docent = (...events: GivenEvent[]) => given(docentDefinition, ...events);
const qm = as('kwaliteitsmedewerker');
const mt = as('mt');
const integratie = as('integratie');
const auditor = as('auditor');
const SUBJECT = 'docent-s1';

const registered: GivenEvent = ['DocentRegistered', { name: 'M. Visser', role: 'huisartsdocent', subjectId: SUBJECT }];
const roundStarted: GivenEvent = ['FeedbackRoundStarted', { roundId: 'r2026', year: 2026, sources: ['aios', 'collega'], due: '2026-10-01' }];
const aiosAnswered: GivenEvent = ['Feedback360Recorded', { roundId: 'r2026', source: 'aios', n: 8, scale: { min: 1, max: 10 }, scores: { didactiek: 8 } }];
const roundClosed: GivenEvent = ['FeedbackRoundClosed', { roundId: 'r2026' }];
const feedback = { type: 'RecordAiosFeedback', feedbackId: 'f1', date: '2026-02-12', programme: 'terugkomdag-jaar1', n: 12, scores: { didactiek: 7.5, relevantie: 8 } };

describe('aios feedback', () => {
  it('integratie records it per teaching day or programme, with n and scores on the scale', async () => {
    await docent(registered).when(feedback, integratie).then([['AiosFeedbackRecorded', { n: 12, scale: { min: 1, max: 10 } }]]);
    await docent(registered).when({ ...feedback, scale: { min: 1, max: 5 }, scores: { didactiek: 4 } }, qm).then(['AiosFeedbackRecorded']);
    const off = await docent(registered).when({ ...feedback, scores: { didactiek: 11 } }, integratie).thenError(400);
    expect((off.extensions.errors as { path: string }[])[0]!.path).toBe('scores.didactiek');
    await docent(registered).when({ ...feedback, n: 0 }, integratie).thenError(400);
    await docent(registered).when(feedback, auditor).thenError(403);
    await docent(registered, ['AiosFeedbackRecorded', { ...feedback, type: undefined }]).when(feedback, integratie).thenError(422, { detail: /already exists/ });
  });
});

describe('360-degree feedback and the jaargesprek', () => {
  it('the scheduler marks an open round overdue once; a closed round or a client cannot', async () => {
    const overdue = { type: 'MarkFeedbackRoundOverdue', roundId: 'r2026', due: '2026-10-01' };
    const system = as('system');
    await docent(registered, roundStarted).when(overdue, system, { internal: true }).then([['FeedbackRoundOverdue', { roundId: 'r2026', due: '2026-10-01' }]]);
    await docent(registered, roundStarted, ['FeedbackRoundOverdue', { roundId: 'r2026', due: '2026-10-01' }]).when(overdue, system, { internal: true }).thenError(422, { detail: /already marked/ });
    await docent(registered, roundStarted, ['Feedback360Recorded', { roundId: 'r2026', source: 'aios', n: 5, scale: { min: 1, max: 10 }, scores: { didactiek: 8 } }], roundClosed)
      .when(overdue, system, { internal: true })
      .thenError(422);
    await docent(registered, roundStarted).when(overdue, qm).thenError(400);
  });

  it('each answer keeps the day it was given (default the day it is recorded); a day still to come is a 400, nothing stored', async () => {
    const answer = { type: 'Record360Feedback', roundId: 'r2026', source: 'collega', n: 4, scores: { samenwerking: 8 } };
    const given2 = await docent(registered, roundStarted).when({ ...answer, date: '2026-02-14' }, integratie).then([['Feedback360Recorded', { date: '2026-02-14' }]]);
    expect(given2.view.rounds[0]!.responses).toMatchObject([{ source: 'collega', date: '2026-02-14' }]);
    await docent(registered, roundStarted).when(answer, integratie).then([['Feedback360Recorded', { date: TEST_NOW.slice(0, 10) }]]);
    const future = await givenInStore(docentDefinition, registered, roundStarted).when({ ...answer, date: '2026-03-02' }, integratie).thenError(400);
    expect(future.extensions.errors).toEqual([{ path: 'date', message: { nl: 'ligt na vandaag (01-03-2026)', en: 'is after today (2026-03-01)' } }]);
    await givenInStore(docentDefinition, registered).when({ ...feedback, date: '2027-01-01' }, integratie).thenError(400);
  });

  it('an answer stored before it had a date reads as given on the day it was recorded', async () => {
    const old: GivenEvent = ['Feedback360Recorded', { roundId: 'r2026', source: 'aios', n: 4, scale: { min: 1, max: 10 }, scores: { x: 8 } }];
    const r = await docent(registered, roundStarted, old).when({ type: 'CloseFeedbackRound', roundId: 'r2026' }, qm).then(['FeedbackRoundClosed']);
    expect(r.view.rounds[0]!.responses).toMatchObject([{ source: 'aios', date: TEST_NOW.slice(0, 10) }]);
  });

  it('a round is started, answered per source and closed', async () => {
    await docent(registered).when({ type: 'StartFeedbackRound', roundId: 'r2026', year: 2026, sources: ['aios', 'collega'], due: '2026-10-01' }, qm).then(['FeedbackRoundStarted']);
    await docent(registered, roundStarted).when({ type: 'StartFeedbackRound', roundId: 'r2', year: 2026, sources: ['aios'], due: '2026-10-01' }, qm).thenError(422, { detail: /already open/ });
    await docent(registered, roundStarted).when({ type: 'Record360Feedback', roundId: 'r2026', source: 'collega', n: 4, scores: { samenwerking: 8 } }, integratie).then(['Feedback360Recorded']);
    await docent(registered, roundStarted).when({ type: 'Record360Feedback', roundId: 'r2026', source: 'opleider', n: 4, scores: { x: 8 } }, integratie).thenError(422, { detail: /does not ask opleider/ });
    await docent(registered, roundStarted, aiosAnswered).when({ type: 'Record360Feedback', roundId: 'r2026', source: 'aios', n: 4, scores: { x: 8 } }, integratie).thenError(422, { detail: /already has/ });
    await docent(registered, roundStarted).when({ type: 'CloseFeedbackRound', roundId: 'r2026' }, qm).thenError(422, { detail: /no feedback/ });
    const closed = await docent(registered, roundStarted, aiosAnswered).when({ type: 'CloseFeedbackRound', roundId: 'r2026' }, qm).then(['FeedbackRoundClosed']);
    expect(closed.view.rounds[0]!.status).toBe('gesloten');
    expect(closed.view.allowed).not.toContain('Record360Feedback');
  });

  it('without an open round there is nothing to answer or close', async () => {
    await docent(registered).when({ type: 'Record360Feedback', roundId: 'r2026', source: 'aios', n: 4, scores: { x: 8 } }, integratie).thenError(422);
    await docent(registered, roundStarted, aiosAnswered, roundClosed).when({ type: 'CloseFeedbackRound', roundId: 'r2026' }, qm).thenError(422);
  });

  it('the jaargesprek follows the closed 360-degree round of its year, once a year', async () => {
    const talk = { type: 'RecordJaargesprek', year: 2026, date: '2026-02-25', agreements: ['Scholing didactiek'], summary: 'Goed jaar', subjectId: SUBJECT };
    await docent(registered, roundStarted, aiosAnswered).when(talk, mt).thenError(422, { detail: /comes before the jaargesprek/ });
    const r = await docent(registered, roundStarted, aiosAnswered, roundClosed).when(talk, mt).then([['JaargesprekRecorded', { year: 2026 }]]);
    expect(r.view.jaargesprekken).toMatchObject([{ year: 2026, agreements: ['Scholing didactiek'] }]);
    await docent(registered, roundStarted, aiosAnswered, roundClosed, ['JaargesprekRecorded', { ...talk, type: undefined }]).when(talk, mt).thenError(422, { detail: /already recorded/ });
    await docent(registered, roundStarted, aiosAnswered, roundClosed).when(talk, auditor).thenError(403);
  });
});

describe('scholing, intervisie and leaving', () => {
  it('records scholing hours and peer visits', async () => {
    const r = await docent(registered).when({ type: 'RecordScholing', scholingId: 's1', title: 'Didactiek', hours: 16, date: '2026-02-05' }, qm).then(['ScholingRecorded']);
    expect(r.view.counts.scholingHours).toBe(16);
    await docent(registered).when({ type: 'RecordScholing', scholingId: 's1', title: 'x', hours: -1, date: '2026-02-05' }, qm).thenError(400);
    await docent(registered).when({ type: 'RecordIntervisie', intervisieId: 'i1', date: '2026-02-06', peers: ['d-2', 'd-3'], theme: 'feedback geven' }, qm).then(['IntervisieRecorded']);
    await docent(registered).when({ type: 'RecordIntervisie', intervisieId: 'i1', date: '2026-02-06', peers: ['c-1'] }, qm).thenError(422, { detail: /own peer/ });
  });

  it('mt deregisters a docent; then nothing more is recorded', async () => {
    await docent(registered).when({ type: 'DeregisterDocent', reason: 'pensioen', subjectId: SUBJECT }, qm).thenError(403);
    const r = await docent(registered).when({ type: 'DeregisterDocent', reason: 'pensioen', subjectId: SUBJECT }, mt).then(['DocentDeregistered']);
    expect(r.view.status).toBe('vertrokken');
    await docent(registered, ['DocentDeregistered', { reason: 'x', subjectId: SUBJECT }]).when(feedback, integratie).thenError(422, { allowed: [] });
  });
});

describe('handler: subject, visibility, aggregate', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0)) await c();
  });
  function setup() {
    const deps = memoryDeps();
    cleanups.push(deps.close);
    return { store: deps.store, keys: deps.keys, handler: new StreamHandler(docentDefinition, deps), ctx: (actor: ReturnType<typeof as>) => contextOf(actor) };
  }

  async function yearOf(w: ReturnType<typeof setup>, name: string, n: number) {
    const { view } = await w.handler.start(w.ctx(qm), { name, role: 'huisartsdocent', email: 'd@example.nl' });
    const run = (actor: ReturnType<typeof as>, cmd: Record<string, unknown>) => w.handler.execute(w.ctx(actor), view.id, cmd);
    await run(integratie, { ...feedback, n });
    await run(qm, { type: 'StartFeedbackRound', roundId: 'r', year: 2026, sources: ['aios'], due: '2026-10-01' });
    await run(integratie, { type: 'Record360Feedback', roundId: 'r', source: 'aios', n: 5, scores: { didactiek: 8 } });
    await run(qm, { type: 'CloseFeedbackRound', roundId: 'r' });
    await run(mt, { type: 'RecordJaargesprek', year: 2026, date: '2026-02-25', agreements: ['Vertrouwelijke afspraak'], summary: 'Persoonlijk' });
    await run(qm, { type: 'RecordScholing', scholingId: 's', title: 'Didactiek', hours: 8, date: '2026-02-05' });
    return view.id;
  }

  it('seals name and jaargesprek under the docent’s subject and forgets them together', async () => {
    const w = setup();
    const id = await yearOf(w, 'M. Visser', 12);
    const subjectId = (await w.handler.get(w.ctx(mt), id)).subjectId;
    const stored: Record<string, unknown>[] = [];
    for await (const e of w.store.readStream(w.handler.streamId('utrecht', id))) stored.push(e.data as Record<string, unknown>);
    expect(isSealed(stored[0]!.name) && stored[0]!.name.s).toBe(subjectId);
    const talk = stored.find((d) => d.year === 2026 && 'agreements' in d)!;
    expect(isSealed(talk.agreements) && talk.agreements.s).toBe(subjectId);
    w.keys.erase('utrecht', subjectId, 'admin', TEST_NOW);
    const view = await w.handler.get(w.ctx(mt), id);
    expect([view.name, view.jaargesprekken[0]!.agreements]).toEqual([FORGOTTEN, FORGOTTEN]);
  });

  it('text about the docent is sealed under the docent’s subject, whatever subjectId a client sends', async () => {
    const w = setup();
    const { view } = await w.handler.start(w.ctx(qm), { name: 'P. Bakker', role: 'huisartsdocent' });
    await w.handler.execute(w.ctx(mt), view.id, { type: 'DeregisterDocent', reason: 'Verhuisd naar Groningen', subjectId: 'iemand-anders' });
    const stored: Record<string, unknown>[] = [];
    for await (const e of w.store.readStream(w.handler.streamId('utrecht', view.id))) stored.push(e.data as Record<string, unknown>);
    const left = stored[stored.length - 1]!;
    expect(left.subjectId).toBe(view.subjectId);
    expect(isSealed(left.reason) && left.reason.s).toBe(view.subjectId);
  });

  it('the jaargesprek is for the MT; a kwaliteitsmedewerker sees the date, an auditor counts', async () => {
    const w = setup();
    const id = await yearOf(w, 'M. Visser', 12);
    expect((await w.handler.get(w.ctx(mt), id)).jaargesprekken[0]).toMatchObject({ summary: 'Persoonlijk' });
    const staff = await w.handler.get(w.ctx(qm), id);
    expect(staff.name).toBe('M. Visser');
    expect(staff.jaargesprekken).toEqual([{ year: 2026, date: '2026-02-25', at: expect.any(String) }]);
    expect(JSON.stringify(await w.handler.events(w.ctx(qm), id))).not.toMatch(/Vertrouwelijke|Persoonlijk/);
    const audit = await w.handler.get(w.ctx(auditor), id);
    expect(audit).toEqual({ id, role: 'huisartsdocent', status: 'actief', registeredAt: expect.any(String), counts: { feedback: 1, rounds: 1, jaargesprekken: 1, scholingHours: 8, intervisie: 0 }, definitionVersion: 1, revision: 6, allowed: [] });
    expect(JSON.stringify(await w.handler.events(w.ctx(auditor), id))).not.toMatch(/Visser|didactiek"?:\s*8|Vertrouwelijke/);
  });

  it('aggregates the year for the cycle, with small groups suppressed', async () => {
    const w = setup();
    const a = await yearOf(w, 'A', 3);
    await yearOf(w, 'B', 1);
    const index = docentIndex();
    await rebuild(w.store, [index]);
    const small = docentenAggregate(index, 'utrecht', '2026-01-01', '2026-12-31');
    expect(small.feedback).toMatchObject({ sessions: 2, respondents: TOO_FEW, items: TOO_FEW, overall: null });
    expect(small.feedback.programmes).toEqual([{ programme: 'terugkomdag-jaar1', sessions: 2, respondents: TOO_FEW }]);
    await w.handler.execute(w.ctx(integratie), a, { ...feedback, feedbackId: 'f2', n: 6, scores: { didactiek: 10, relevantie: 10 } });
    await rebuild(w.store, [index]);
    const year = docentenAggregate(index, 'utrecht', '2026-01-01', '2026-12-31');
    // didactiek: (7.5 at n=4 → 72.2) and (10 at n=6 → 100), weighted: (72.2·4 + 100·6) / 10 = 88.9
    expect(year.feedback).toMatchObject({ sessions: 3, respondents: 10, items: { didactiek: 88.9, relevantie: 91.1 }, overall: 90 });
    expect(year).toMatchObject({ docenten: 2, rounds360: { started: 2, closed: 2 }, jaargesprekken: { held: 2, share: 100 }, scholing: { courses: 2, hours: 16 } });
    expect(listDocenten(index, w.keys, 'utrecht', qm.roles).map((d) => (d as { name?: string }).name)).toEqual(['A', 'B']);
    expect(listDocenten(index, w.keys, 'utrecht', auditor.roles)[0]).not.toHaveProperty('name');
  });
});
