import { describe, expect, it } from 'vitest';
import { as, detailsOf, given, type GivenEvent } from '@gearbox/kernel/testing';
import { programmaDefinition } from '../src/definition.ts';

const qm = as('kwaliteitsmedewerker');
const registered: GivenEvent = ['ProgrammaRegistered', { title: 'Terugkomdag communicatie', year: 1 }];
const round: GivenEvent = ['FeedbackRoundRecorded', { roundId: 'r1', group: 'aios', date: '2026-02-10', n: 24, scores: { inhoud: 7.5 } }];
const reviewed: GivenEvent = ['ReviewedInCommissie', { reviewId: 'cc1', date: '2026-02-20', conclusions: 'Meer oefenen', roundIds: ['r1'] }];
const revised: GivenEvent = ['ProgrammaRevised', { revisionId: 'v1', summary: 'Extra oefenmiddag', effectiveFrom: '2026-09-01' }];
const refused = async (events: GivenEvent[], command: Record<string, unknown>) =>
  detailsOf(await given(programmaDefinition, ...events).when(command, qm).thenError(422));

describe('an onderwijsprogramma says in words why a step cannot be taken now', () => {
  it('the commissie reviews feedback, so a review needs a feedback round', async () => {
    expect(await refused([registered], { type: 'ReviewInCommissie', reviewId: 'cc1', date: '2026-02-20', conclusions: 'x', roundIds: ['r1'] })).toEqual({
      nl: 'Er is nog geen feedbackronde om in de commissie te bespreken.',
      en: 'There is no feedback round yet for the commissie to review.',
    });
  });

  it('a revision follows a review that has none yet', async () => {
    const revise = { type: 'ReviseProgramma', revisionId: 'v2', summary: 'Nog een', effectiveFrom: '2027-01-01' };
    for (const events of [[registered, round], [registered, round, reviewed, revised]]) {
      expect((await refused(events, revise)).nl).toBe('Een herziening volgt op een bespreking in de commissie, en elke bespreking heeft er al een.');
    }
  });
});
