import { describe, expect, it } from 'vitest';
import { as, detailsOf, given, type GivenEvent } from '@gearbox/kernel/testing';
import { docentDefinition } from '../src/definition.ts';

const qm = as('kwaliteitsmedewerker');
const registered: GivenEvent = ['DocentRegistered', { name: 'M. Visser', role: 'huisartsdocent', subjectId: 'docent-s1' }];
const roundStarted: GivenEvent = ['FeedbackRoundStarted', { roundId: 'r2026', year: 2026, sources: ['aios'], due: '2026-10-01' }];
const answered: GivenEvent = ['Feedback360Recorded', { roundId: 'r2026', source: 'aios', n: 8, scale: { min: 1, max: 10 }, scores: { didactiek: 8 } }];
const closed: GivenEvent = ['FeedbackRoundClosed', { roundId: 'r2026' }];

describe('a docent says in words why a step cannot be taken now', () => {
  it('360-degree feedback and closing a round need an open round', async () => {
    for (const events of [[registered], [registered, roundStarted, answered, closed]]) {
      const error = await given(docentDefinition, ...events).when({ type: 'CloseFeedbackRound', roundId: 'r2026' }, qm).thenError(422);
      expect(detailsOf(error)).toEqual({
        nl: 'Er loopt geen 360-gradenfeedbackronde; start er eerst een met StartFeedbackRound.',
        en: 'No 360-degree feedback round is open; start one first with StartFeedbackRound.',
      });
    }
  });

  it('the jaargesprek waits for the closed 360-degree round of its year', async () => {
    const jaargesprek = { type: 'RecordJaargesprek', year: 2026, date: '2026-02-25', agreements: ['scholing didactiek'] };
    const error = await given(docentDefinition, registered, roundStarted).when(jaargesprek, qm).thenError(422);
    expect(detailsOf(error).nl).toBe('Nog niet afgerond: de 360-gradenfeedbackronde van 2026, die aan het jaargesprek voorafgaat; sluit die eerst');
  });
});
