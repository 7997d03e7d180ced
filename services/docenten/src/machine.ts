/**
 * A docent's year as a statechart (Utrecht plan: feedback of aios on each teaching day, 360-degree
 * feedback before the jaargesprek, intervisie, scholing). One phase while employed; the work of
 * the cycle lives in the context, and guards on the context keep `allowed` exact.
 */
import { assign, setup } from 'xstate';
import type { EventOrigin } from '@gearbox/kernel';

export interface Scale { min: number; max: number }
export interface AiosFeedback { feedbackId: string; date: string; programme: string; n: number; scale: Scale; scores: Record<string, number>; recordedAt: string }
export interface Response360 { source: string; n: number; scale: Scale; scores: Record<string, number>; /** The day the feedback was given; older events give the day they were recorded. */ date: string; recordedAt: string }
export interface Round360 { roundId: string; year: number; sources: string[]; due: string; status: 'open' | 'gesloten'; responses: Response360[]; closedAt?: string; overdue?: true }
export interface Jaargesprek { year: number; date: string; agreements: string[]; summary?: string; at: string }
export interface Scholing { scholingId: string; title: string; hours: number; date: string; provider?: string }
export interface Intervisie { intervisieId: string; date: string; peers: string[]; theme?: string }

export interface DocentContext {
  id: string;
  subjectId: string;
  name: string;
  role: string;
  email?: string;
  registeredAt: string;
  feedback: AiosFeedback[];
  rounds: Round360[];
  jaargesprekken: Jaargesprek[];
  scholing: Scholing[];
  intervisie: Intervisie[];
  left?: { at: string; reason: string };
}

type Payload = { type: string; origin: EventOrigin } & Record<string, any>;

export const docentMachine = setup({
  types: { context: {} as DocentContext, events: {} as Payload, input: {} as Payload },
  guards: {
    hasOpenRound: ({ context }) => context.rounds.some((r) => r.status === 'open'),
  },
  actions: {
    recordFeedback: assign({
      feedback: ({ context, event }) => [
        ...context.feedback,
        { feedbackId: event.feedbackId, date: event.date, programme: event.programme, n: event.n, scale: event.scale, scores: event.scores, recordedAt: event.origin.time },
      ],
    }),
    startRound: assign({
      rounds: ({ context, event }) => [
        ...context.rounds,
        { roundId: event.roundId, year: event.year, sources: event.sources, due: event.due, status: 'open' as const, responses: [] },
      ],
    }),
    record360: assign({
      rounds: ({ context, event }) =>
        context.rounds.map((r) =>
          r.roundId === event.roundId
            ? { ...r, responses: [...r.responses, { source: event.source, n: event.n, scale: event.scale, scores: event.scores, date: event.date ?? event.origin.time.slice(0, 10), recordedAt: event.origin.time }] }
            : r,
        ),
    }),
    closeRound: assign({
      rounds: ({ context, event }) =>
        context.rounds.map((r) => (r.roundId === event.roundId ? { ...r, status: 'gesloten' as const, closedAt: event.origin.time } : r)),
    }),
    markRoundOverdue: assign({
      rounds: ({ context, event }) => context.rounds.map((r) => (r.roundId === event.roundId ? { ...r, overdue: true as const } : r)),
    }),
    recordJaargesprek: assign({
      jaargesprekken: ({ context, event }) => [
        ...context.jaargesprekken,
        { year: event.year, date: event.date, agreements: event.agreements, ...(event.summary ? { summary: event.summary } : {}), at: event.origin.time },
      ],
    }),
    recordScholing: assign({
      scholing: ({ context, event }) => [
        ...context.scholing,
        { scholingId: event.scholingId, title: event.title, hours: event.hours, date: event.date, ...(event.provider ? { provider: event.provider } : {}) },
      ],
    }),
    recordIntervisie: assign({
      intervisie: ({ context, event }) => [
        ...context.intervisie,
        { intervisieId: event.intervisieId, date: event.date, peers: event.peers, ...(event.theme ? { theme: event.theme } : {}) },
      ],
    }),
    leave: assign({ left: ({ event }) => ({ at: event.origin.time, reason: event.reason }) }),
  },
}).createMachine({
  id: 'docent',
  // xstate's pure transition() builds a throwaway actor without input; it needs no context.
  context: ({ input }) =>
    input === undefined
      ? ({} as never)
      : ({
        id: input.id,
        subjectId: input.subjectId,
        name: input.name,
        role: input.role,
        ...(input.email ? { email: input.email } : {}),
        registeredAt: input.origin.time,
        feedback: [],
        rounds: [],
        jaargesprekken: [],
        scholing: [],
        intervisie: [],
      }),
  initial: 'actief',
  states: {
    actief: {
      on: {
        RecordAiosFeedback: { actions: 'recordFeedback' },
        StartFeedbackRound: { actions: 'startRound' },
        Record360Feedback: { guard: 'hasOpenRound', actions: 'record360' },
        CloseFeedbackRound: { guard: 'hasOpenRound', actions: 'closeRound' },
        MarkFeedbackRoundOverdue: { guard: 'hasOpenRound', actions: 'markRoundOverdue' },
        RecordJaargesprek: { actions: 'recordJaargesprek' },
        RecordScholing: { actions: 'recordScholing' },
        RecordIntervisie: { actions: 'recordIntervisie' },
        DeregisterDocent: { target: 'vertrokken', actions: 'leave' },
      },
    },
    vertrokken: { type: 'final' },
  },
});
