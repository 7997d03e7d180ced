/**
 * A signal as a statechart: received (ontvangen), triaged into handling (in behandeling: severity
 * and owner known, follow-ups recorded) and closed with its outcome (gesloten). Closing needs a
 * follow-up, so a closed signal always says what was done with it (GEAR OMM-5: "geregistreerd en
 * afgehandeld").
 */
import { assign, setup } from 'xstate';
import type { EventOrigin } from '@gearbox/kernel';
import type { SEVERITIES, SIGNAAL_KINDS } from './schemas.ts';

export interface FollowUp { text: string; actionRef?: string; at: string }

export interface SignaalContext {
  id: string;
  /** Whose data the texts are: sealed under this pseudonymous id, made at registration. */
  subjectId: string;
  kind: (typeof SIGNAAL_KINDS)[number];
  title: string;
  receivedOn: string;
  summary: string;
  registeredAt: string;
  severity?: (typeof SEVERITIES)[number];
  owner?: string;
  triagedAt?: string;
  followUps: FollowUp[];
  closed?: { outcome: string; at: string };
}

type Payload = { type: string; origin: EventOrigin } & Record<string, any>;

export const signaalMachine = setup({
  types: { context: {} as SignaalContext, events: {} as Payload, input: {} as Payload },
  guards: {
    hasFollowUp: ({ context }) => context.followUps.length > 0,
  },
  actions: {
    triage: assign({ severity: ({ event }) => event.severity, owner: ({ event }) => event.owner, triagedAt: ({ event }) => event.origin.time }),
    followUp: assign({
      followUps: ({ context, event }) => [
        ...context.followUps,
        { text: event.text, ...(event.actionRef ? { actionRef: event.actionRef } : {}), at: event.origin.time },
      ],
    }),
    close: assign({ closed: ({ event }) => ({ outcome: event.outcome, at: event.origin.time }) }),
  },
}).createMachine({
  id: 'signaal',
  // xstate's pure transition() builds a throwaway actor without input; it needs no context.
  context: ({ input }) =>
    input === undefined
      ? ({} as never)
      : {
        id: input.id,
        subjectId: input.subjectId,
        kind: input.kind,
        title: input.title,
        receivedOn: input.receivedOn,
        summary: input.summary,
        registeredAt: input.origin.time,
        followUps: [],
      },
  initial: 'ontvangen',
  states: {
    ontvangen: {
      on: { Triage: { target: 'in-behandeling', actions: 'triage' } },
    },
    'in-behandeling': {
      on: {
        // A second triage re-assesses severity or hands the signal to another owner.
        Triage: { actions: 'triage' },
        RecordFollowUp: { actions: 'followUp' },
        CloseSignaal: { guard: 'hasFollowUp', target: 'gesloten', actions: 'close' },
      },
    },
    gesloten: { type: 'final' },
  },
});
