import { describe, expect, it } from 'vitest';
import { isSealed } from '@gearbox/kernel';
import { ownerSubject } from '@gearbox/cycles';
import { as, given, givenInStore, harness, type GivenEvent } from '@gearbox/kernel/testing';
import { programmaDefinition, roundView } from '../src/definition.ts';

const registered: GivenEvent = ['ProgrammaRegistered', { title: 'Terugkomdag communicatie', year: 1 }];
const round: GivenEvent = ['FeedbackRoundRecorded', { roundId: 'r1', group: 'aios', date: '2026-02-10', n: 24, scores: { inhoud: 7.5, werkvorm: 6.9 } }];
const small: GivenEvent = ['FeedbackRoundRecorded', { roundId: 'r2', group: 'opleiders', date: '2026-02-12', n: 3, scores: { inhoud: 4 } }];
const reviewed: GivenEvent = ['ReviewedInCommissie', { reviewId: 'cc1', date: '2026-02-20', conclusions: 'Meer oefenen met simulatiepatiënten', roundIds: ['r1'] }];
const programma = (...events: GivenEvent[]) => given(programmaDefinition, ...events);
const qm = as('kwaliteitsmedewerker');

describe('onderwijsprogramma', () => {
  it('records feedback rounds from aios, docenten and opleiders; integratie may too', async () => {
    const r = await programma(registered)
      .when({ type: 'RecordFeedbackRound', roundId: 'r1', group: 'aios', date: '2026-02-10', n: 24, scores: { inhoud: 7.5, werkvorm: 6.5 } }, as('integratie'))
      .then([['FeedbackRoundRecorded', { n: 24 }]]);
    expect(r.view.rounds[0]).toMatchObject({ roundId: 'r1', mean: 7, scores: { inhoud: 7.5 } });
  });

  it('a feedback round or a commissie meeting on a day still to come is a 400 naming the date, and nothing is stored', async () => {
    const round = { type: 'RecordFeedbackRound', roundId: 'r1', group: 'aios', date: '2026-03-02', n: 24, scores: { inhoud: 7.5 } };
    const error = await givenInStore(programmaDefinition, registered).when(round, as('integratie')).thenError(400);
    expect(error.extensions.errors).toEqual([{ path: 'date', message: { nl: 'ligt na vandaag (01-03-2026)', en: 'is after today (2026-03-01)' } }]);
    await programma(registered, ['FeedbackRoundRecorded', { ...round, type: undefined, date: '2026-02-10' }])
      .when({ type: 'ReviewInCommissie', reviewId: 'c1', date: '2026-04-01', conclusions: 'x', roundIds: ['r1'] }, as('kwaliteitsmedewerker'))
      .thenError(400);
  });

  it('never shows figures of a group under 5 respondents', async () => {
    const r = await programma(registered, round).when({ type: 'RecordFeedbackRound', roundId: 'r2', group: 'opleiders', date: '2026-02-12', n: 4, scores: { inhoud: 4 } }, qm).then(['FeedbackRoundRecorded']);
    expect(r.view.rounds[1]).toMatchObject({ roundId: 'r2', n: 4, scores: null, mean: null, note: 'te weinig respons' });
  });

  it('refuses a score outside 1–10, an empty score list and a duplicate round', async () => {
    await programma(registered).when({ type: 'RecordFeedbackRound', roundId: 'r1', group: 'aios', date: '2026-02-10', n: 24, scores: { inhoud: 11 } }, qm).thenError(400);
    await programma(registered).when({ type: 'RecordFeedbackRound', roundId: 'r1', group: 'aios', date: '2026-02-10', n: 24, scores: {} }, qm).thenError(400);
    await programma(registered, round).when({ type: 'RecordFeedbackRound', roundId: 'r1', group: 'aios', date: '2026-02-10', n: 24, scores: { a: 5 } }, qm).thenError(422);
    await programma(registered).when({ type: 'RecordFeedbackRound', roundId: 'r1', group: 'aios', date: '2026-02-10', n: 24, scores: { a: 5 } }, as('auditor')).thenError(403);
  });

  it('the curriculumcommissie reviews known rounds only, and only once there is feedback', async () => {
    await programma(registered).when({ type: 'ReviewInCommissie', reviewId: 'cc1', date: '2026-02-20', conclusions: 'x', roundIds: ['r1'] }, qm).thenError(422, { allowed: ['RecordFeedbackRound'] });
    await programma(registered, round).when({ type: 'ReviewInCommissie', reviewId: 'cc1', date: '2026-02-20', conclusions: 'x', roundIds: ['r9'] }, qm).thenError(422, { detail: /r9/ });
    await programma(registered, round, small).when({ type: 'ReviewInCommissie', reviewId: 'cc1', date: '2026-02-20', conclusions: 'x', roundIds: ['r1', 'r2'] }, qm).then(['ReviewedInCommissie']);
  });

  it('a revision follows a review', async () => {
    await programma(registered, round).when({ type: 'ReviseProgramma', revisionId: 'v2', summary: 'Extra oefendag', effectiveFrom: '2026-09-01' }, qm).thenError(422);
    await programma(registered, round, reviewed).when({ type: 'ReviseProgramma', revisionId: 'v2', summary: 'Extra oefendag', effectiveFrom: '2026-09-01' }, qm).then(['ProgrammaRevised']);
    await programma(registered, round, reviewed, ['ProgrammaRevised', { revisionId: 'v2', summary: 's', effectiveFrom: '2026-09-01' }])
      .when({ type: 'ReviseProgramma', revisionId: 'v3', summary: 'nog een', effectiveFrom: '2026-10-01' }, qm)
      .thenError(422);
  });

  it('mt retires a programme; nothing is allowed after', async () => {
    await programma(registered).when({ type: 'RetireProgramma', reason: 'opgenomen in nieuw curriculum' }, qm).thenError(403);
    const r = await programma(registered).when({ type: 'RetireProgramma', reason: 'opgenomen in nieuw curriculum' }, as('mt')).then(['ProgrammaRetired']);
    expect(r.view).toMatchObject({ status: 'beeindigd', allowed: [] });
  });

  it('registers a programme for a quality officer; the coordinator is sealed in the store', async () => {
    const h = harness(programmaDefinition);
    try {
      const { view, newEvents } = await h.handler.start(h.ctx(qm), { title: 'Terugkomdag communicatie', year: 1, coordinator: 'A. de Vries' });
      expect(view).toMatchObject({ title: 'Terugkomdag communicatie', year: 1, coordinator: 'A. de Vries', status: 'actief', rounds: [], revision: 0 });
      // allowed is this caller's: only mt may retire.
      expect(view.allowed).toEqual(['RecordFeedbackRound']);
      expect((await h.handler.get(h.ctx(as('mt')), view.id)).allowed).toEqual(['RecordFeedbackRound', 'RetireProgramma']);
      expect(newEvents.map((e) => e.type)).toEqual(['ProgrammaRegistered']);
      const stored = [];
      for await (const e of h.store.readAll()) stored.push(e);
      const coordinator = (stored[0]!.data as Record<string, unknown>).coordinator;
      expect(isSealed(coordinator)).toBe(true);
      expect(JSON.stringify(stored[0]!.data)).not.toContain('de Vries');
      expect((coordinator as { s: string }).s).toBe(ownerSubject('A. de Vries'));
      h.keys.erase('utrecht', ownerSubject('A. de Vries'), 'admin', '2026-03-02T00:00:00Z');
      expect((await h.handler.get(h.ctx(qm), view.id)).coordinator).toBe('[vergeten]');
    } finally {
      await h.close();
    }
  });

  it('refuses a registration without a title, with an unknown field or year 4, and from an auditor', async () => {
    const h = harness(programmaDefinition);
    try {
      for (const body of [{}, { title: '' }, { title: 'x', year: 4 }, { title: 'x', owner: 'y' }]) {
        await expect(h.handler.start(h.ctx(qm), body)).rejects.toMatchObject({ status: 400 });
      }
      await expect(h.handler.start(h.ctx(as('auditor')), { title: 'x' })).rejects.toMatchObject({ status: 403 });
      expect(await h.store.headPosition()).toBe(0n);
    } finally {
      await h.close();
    }
  });

  it('refuses a review id used before, and an auditor in the commissie', async () => {
    await programma(registered, round, reviewed).when({ type: 'ReviewInCommissie', reviewId: 'cc1', date: '2026-02-21', conclusions: 'y', roundIds: ['r1'] }, qm).thenError(422, { detail: /cc1 already exists/ });
    await programma(registered, round).when({ type: 'ReviewInCommissie', reviewId: 'cc1', date: '2026-02-20', conclusions: 'x', roundIds: ['r1'] }, as('auditor')).thenError(403);
    await programma(registered, round).when({ type: 'ReviewInCommissie', reviewId: 'cc1', date: '2026-02-20', conclusions: 'x', roundIds: [] }, qm).thenError(400);
  });

  it('refuses a revision id used before, even after a second review', async () => {
    const revised: GivenEvent = ['ProgrammaRevised', { revisionId: 'v2', summary: 's', effectiveFrom: '2026-09-01' }];
    const again: GivenEvent = ['ReviewedInCommissie', { reviewId: 'cc2', date: '2026-02-25', conclusions: 'Opnieuw', roundIds: ['r1'] }];
    await programma(registered, round, reviewed, revised, again)
      .when({ type: 'ReviseProgramma', revisionId: 'v2', summary: 'nog een', effectiveFrom: '2027-01-01' }, qm)
      .thenError(422, { detail: /v2 already exists/ });
    const r = await programma(registered, round, reviewed, revised, again)
      .when({ type: 'ReviseProgramma', revisionId: 'v3', summary: 'nog een', effectiveFrom: '2027-01-01' }, qm)
      .then([['ProgrammaRevised', { revisionId: 'v3', effectiveFrom: '2027-01-01' }]]);
    expect(r.view.revisions.map((v) => v.revisionId)).toEqual(['v2', 'v3']);
    await programma(registered, round, reviewed).when({ type: 'ReviseProgramma', revisionId: 'v2', summary: 's', effectiveFrom: '2026-09-01' }, as('auditor')).thenError(403);
  });

  it('a retired programme takes no feedback, review or revision, and retiring needs a reason', async () => {
    const retired: GivenEvent = ['ProgrammaRetired', { reason: 'opgenomen in nieuw curriculum' }];
    await programma(registered, round, retired).when({ type: 'RecordFeedbackRound', roundId: 'r9', group: 'aios', date: '2026-02-24', n: 20, scores: { a: 7 } }, qm).thenError(422, { allowed: [] });
    await programma(registered, round, retired).when({ type: 'ReviewInCommissie', reviewId: 'cc9', date: '2026-02-24', conclusions: 'x', roundIds: ['r1'] }, qm).thenError(422);
    await programma(registered, round, reviewed, retired).when({ type: 'ReviseProgramma', revisionId: 'v9', summary: 'x', effectiveFrom: '2026-09-10' }, qm).thenError(422);
    await programma(registered, retired).when({ type: 'RetireProgramma', reason: 'nog eens' }, as('mt')).thenError(422);
    await programma(registered).when({ type: 'RetireProgramma' }, as('mt')).thenError(400);
  });

  it('refuses an unknown command and a feedback group outside aios, docenten and opleiders', async () => {
    await programma(registered).when({ type: 'DeleteProgramma' }, qm).thenError(400);
    await programma(registered).when({ type: 'RecordFeedbackRound', roundId: 'r1', group: 'patienten', date: '2026-02-10', n: 24, scores: { a: 5 } }, qm).thenError(400);
    await programma(registered).when({ type: 'RecordFeedbackRound', roundId: 'r1', group: 'aios', date: '10-03-2026', n: 24, scores: { a: 5 } }, qm).thenError(400);
    await programma(registered).when({ type: 'RecordFeedbackRound', roundId: 'r1', group: 'aios', date: '2026-02-10', n: 2.5, scores: { a: 5 } }, qm).thenError(400);
  });
});

describe('a round in the view', () => {
  const source = { eventId: 'e1', revision: 1 };
  it('shows figures from 5 respondents up, and none below', () => {
    expect(roundView({ roundId: 'r', group: 'docenten', date: '2026-01-01', n: 5, scores: { a: 6, b: 7, c: 8.5 }, source })).toMatchObject({ scores: { a: 6 }, mean: 7.17 });
    const four = roundView({ roundId: 'r', group: 'docenten', date: '2026-01-01', n: 4, scores: { a: 6 }, source });
    expect(four).toMatchObject({ n: 4, scores: null, mean: null, note: 'te weinig respons' });
    expect(JSON.stringify(four)).not.toContain('"a"');
  });
});
