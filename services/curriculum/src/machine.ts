/**
 * An onderwijsprogramma: active while it is taught, with feedback rounds, reviews in the
 * curriculumcommissie and revisions; retired at the end. A revision follows a review — the
 * curriculum cycle of the seeds: feedback → discussed in the commissie → worked into the programme.
 */
import { assign, setup } from 'xstate';
import type { EventOrigin } from '@gearbox/kernel';

export interface FeedbackRound {
  roundId: string;
  group: 'aios' | 'docenten' | 'opleiders';
  date: string;
  n: number;
  scores: Record<string, number>;
  summary?: string;
  source: { eventId: string; revision: number };
}
export interface CommissieReview { reviewId: string; date: string; conclusions: string; roundIds: string[] }
export interface Revision { revisionId: string; summary: string; effectiveFrom: string }

export interface ProgrammaContext {
  id: string;
  title: string;
  description?: string;
  year?: 1 | 2 | 3;
  coordinator?: string;
  registeredAt: string;
  rounds: FeedbackRound[];
  reviews: CommissieReview[];
  revisions: Revision[];
  retired?: { reason: string; at: string };
}

type Payload = { type: string; origin: EventOrigin } & Record<string, any>;

export const programmaMachine = setup({
  types: { context: {} as ProgrammaContext, events: {} as Payload, input: {} as Payload },
  guards: {
    hasRound: ({ context }) => context.rounds.length > 0,
    hasUnrevisedReview: ({ context }) => context.reviews.length > context.revisions.length,
  },
  actions: {
    recordRound: assign({
      rounds: ({ context, event }) => [
        ...context.rounds,
        {
          roundId: event.roundId, group: event.group, date: event.date, n: event.n, scores: event.scores,
          ...(event.summary ? { summary: event.summary } : {}),
          source: { eventId: event.origin.eventId, revision: event.origin.revision },
        },
      ],
    }),
    review: assign({
      reviews: ({ context, event }) => [...context.reviews, { reviewId: event.reviewId, date: event.date, conclusions: event.conclusions, roundIds: event.roundIds }],
    }),
    revise: assign({
      revisions: ({ context, event }) => [...context.revisions, { revisionId: event.revisionId, summary: event.summary, effectiveFrom: event.effectiveFrom }],
    }),
    retire: assign({ retired: ({ event }) => ({ reason: event.reason, at: event.origin.time }) }),
  },
}).createMachine({
  id: 'onderwijsprogramma',
  // xstate's pure transition() builds a throwaway actor without input; it needs no context.
  context: ({ input }) =>
    input === undefined
      ? ({} as never)
      : ({
        id: input.id,
        title: input.title,
        ...(input.description ? { description: input.description } : {}),
        ...(input.year ? { year: input.year } : {}),
        ...(input.coordinator ? { coordinator: input.coordinator } : {}),
        registeredAt: input.origin.time,
        rounds: [],
        reviews: [],
        revisions: [],
      }),
  initial: 'actief',
  states: {
    actief: {
      on: {
        RecordFeedbackRound: { actions: 'recordRound' },
        ReviewInCommissie: { guard: 'hasRound', actions: 'review' },
        ReviseProgramma: { guard: 'hasUnrevisedReview', actions: 'revise' },
        RetireProgramma: { target: 'beeindigd', actions: 'retire' },
      },
    },
    beeindigd: { type: 'final' },
  },
});
