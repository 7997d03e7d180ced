import { describe, expect, it } from 'vitest';
import { as, given, type GivenEvent } from '@gearbox/kernel/testing';
import { programmaDefinition } from '../src/definition.ts';

const registered: GivenEvent = ['ProgrammaRegistered', { title: 'Terugkomdag communicatie', year: 1 }];
const round: GivenEvent = ['FeedbackRoundRecorded', { roundId: 'r1', group: 'aios', date: '2026-03-10', n: 24, scores: { inhoud: 7.5, werkvorm: 6.9 } }];
const small: GivenEvent = ['FeedbackRoundRecorded', { roundId: 'r2', group: 'opleiders', date: '2026-03-12', n: 3, scores: { inhoud: 4 } }];
const reviewed: GivenEvent = ['ReviewedInCommissie', { reviewId: 'cc1', date: '2026-04-01', conclusions: 'Meer oefenen met simulatiepatiënten', roundIds: ['r1'] }];
const programma = (...events: GivenEvent[]) => given(programmaDefinition, ...events);
const qm = as('kwaliteitsmedewerker');

describe('onderwijsprogramma', () => {
  it('records feedback rounds from aios, docenten and opleiders; integratie may too', async () => {
    const r = await programma(registered)
      .when({ type: 'RecordFeedbackRound', roundId: 'r1', group: 'aios', date: '2026-03-10', n: 24, scores: { inhoud: 7.5, werkvorm: 6.5 } }, as('integratie'))
      .then([['FeedbackRoundRecorded', { n: 24 }]]);
    expect(r.view.rounds[0]).toMatchObject({ roundId: 'r1', mean: 7, scores: { inhoud: 7.5 } });
  });

  it('never shows figures of a group under 5 respondents', async () => {
    const r = await programma(registered, round).when({ type: 'RecordFeedbackRound', roundId: 'r2', group: 'opleiders', date: '2026-03-12', n: 4, scores: { inhoud: 4 } }, qm).then(['FeedbackRoundRecorded']);
    expect(r.view.rounds[1]).toMatchObject({ roundId: 'r2', n: 4, scores: null, mean: null, note: 'te weinig respons' });
  });

  it('refuses a score outside 1–10, an empty score list and a duplicate round', async () => {
    await programma(registered).when({ type: 'RecordFeedbackRound', roundId: 'r1', group: 'aios', date: '2026-03-10', n: 24, scores: { inhoud: 11 } }, qm).thenError(400);
    await programma(registered).when({ type: 'RecordFeedbackRound', roundId: 'r1', group: 'aios', date: '2026-03-10', n: 24, scores: {} }, qm).thenError(400);
    await programma(registered, round).when({ type: 'RecordFeedbackRound', roundId: 'r1', group: 'aios', date: '2026-03-10', n: 24, scores: { a: 5 } }, qm).thenError(422);
    await programma(registered).when({ type: 'RecordFeedbackRound', roundId: 'r1', group: 'aios', date: '2026-03-10', n: 24, scores: { a: 5 } }, as('auditor')).thenError(403);
  });

  it('the curriculumcommissie reviews known rounds only, and only once there is feedback', async () => {
    await programma(registered).when({ type: 'ReviewInCommissie', reviewId: 'cc1', date: '2026-04-01', conclusions: 'x', roundIds: ['r1'] }, qm).thenError(422, { allowed: ['RecordFeedbackRound'] });
    await programma(registered, round).when({ type: 'ReviewInCommissie', reviewId: 'cc1', date: '2026-04-01', conclusions: 'x', roundIds: ['r9'] }, qm).thenError(422, { detail: /r9/ });
    await programma(registered, round, small).when({ type: 'ReviewInCommissie', reviewId: 'cc1', date: '2026-04-01', conclusions: 'x', roundIds: ['r1', 'r2'] }, qm).then(['ReviewedInCommissie']);
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
});
