/**
 * An opleider as a statechart with two tracks that run side by side (AMC jaarverslag, "Doel IV"):
 *
 * - opleiding: aangemeld → startvisitatie (telefonisch, then bezoek; by the HAO-team) → erkend
 *   until a date (renewable) → verlopen when that date passes without renewal (the scheduler's
 *   `LapseErkenning`; a `Recognise` makes it erkend again) → beeindigd.
 * - cmo: geen → screening (opened by a LEOH signal or a referral) → geen-actie, monitoring or an
 *   ondersteuningstraject → verbeterd, or afscheid, which ends the training relation.
 *
 * Guards look at the context only, so `snapshot.can({type})` gives an exact `allowed`. Where a
 * payload value picks the target (a CMO decision, the traject outcome), the last branch has no
 * guard, so the command is allowed whatever the value; the value only chooses where it leads.
 */
import { and, assign, setup } from 'xstate';
import type { EventOrigin } from '@gearbox/kernel';

export type StartvisitatieStatus = 'niet-gepland' | 'gepland' | 'telefonisch' | 'bezocht' | 'negatief';
export interface StartvisitatieStage {
  stage: 'telefonisch' | 'bezoek';
  outcome: 'positief' | 'voorwaarden' | 'negatief';
  reportEvidenceId?: string;
  /** The day it happened; events from before it was recorded give the day they were recorded. */
  date: string;
  /** Who visited or called (a person's name, sealed under its own subject). */
  visitor?: string;
  at: string;
}
export interface Startvisitatie {
  status: StartvisitatieStatus;
  date?: string;
  stages: StartvisitatieStage[];
}
export interface LeohEvaluation {
  evaluationId: string;
  period: string;
  respondent: string;
  scores: Record<string, number>;
  /** The day it was filled in; events from before it was recorded give the day they were recorded. */
  date: string;
  recordedAt: string;
}
export interface Zelfevaluatie {
  evaluationId: string;
  period: string;
  respondent?: string;
  scores: Record<string, number>;
  date: string;
  recordedAt: string;
}
export interface LeohSignal {
  evaluationId: string;
  period: string;
  items: { item: string; score: number }[];
  threshold: number;
  raisedAt: string;
  screeningId: string;
}
export type CmoStatus = 'screening' | 'monitoring' | 'ondersteuningstraject' | 'afgesloten';
export interface CmoDecision {
  decision: 'geen-actie' | 'monitoring' | 'ondersteuningstraject';
  rationale: string;
  at: string;
  by: string;
}
export interface CmoFile {
  screeningId: string;
  status: CmoStatus;
  openedAt: string;
  openedBy: 'signaal' | 'verwijzing';
  signals: string[];
  referral?: { reason: string; at: string };
  decisions: CmoDecision[];
  closed?: { outcome: 'geen-actie' | 'verbeterd' | 'afscheid' | 'beeindigd'; rationale?: string; at: string };
}
export interface Functioneringsgesprek {
  date: string;
  summary: string;
  agreements: string[];
  at: string;
}

export interface OpleiderContext {
  id: string;
  subjectId: string;
  name: string;
  practice: string;
  email?: string;
  registeredAt: string;
  startvisitatie: Startvisitatie;
  recognisedUntil?: string;
  recognitions: { until: string; at: string }[];
  reminders: { until: string; at: string }[];
  /** Recognitions that ran out without renewal. */
  lapses?: { until: string; at: string }[];
  leoh: LeohEvaluation[];
  zelfevaluaties: Zelfevaluatie[];
  signals: LeohSignal[];
  cmo: CmoFile | null;
  cmoHistory: CmoFile[];
  gesprekken: Functioneringsgesprek[];
  ended?: { at: string; reason: string; by: 'mt' | 'cmo' };
}

type Payload = { type: string; origin: EventOrigin } & Record<string, any>;

const openFile = (context: OpleiderContext, origin: EventOrigin, openedBy: CmoFile['openedBy']): CmoFile => ({
  screeningId: `cmo-${context.cmoHistory.length + (context.cmo ? 1 : 0) + 1}`,
  status: 'screening',
  openedAt: origin.time,
  openedBy,
  signals: [],
  decisions: [],
});

/** Closes the open file; `cmo` keeps showing it until the next file opens and moves it to the history. */
const closeFile = (context: OpleiderContext, closed: NonNullable<CmoFile['closed']>) =>
  context.cmo && context.cmo.status !== 'afgesloten' ? { cmo: { ...context.cmo, status: 'afgesloten' as const, closed } } : {};

const cmoOpen = (c: OpleiderContext) => c.cmo !== null && c.cmo.status !== 'afgesloten';

export const opleiderMachine = setup({
  types: { context: {} as OpleiderContext, events: {} as Payload, input: {} as Payload },
  guards: {
    visitatieLoopt: ({ context }) => ['gepland', 'telefonisch'].includes(context.startvisitatie.status),
    herplanbaar: ({ context }) => context.startvisitatie.status !== 'bezocht' && context.startvisitatie.status !== 'telefonisch',
    bezoekGunstig: ({ context }) => context.startvisitatie.status === 'bezocht',
    nietBeeindigd: ({ context }) => context.ended === undefined,
    cmoGeen: ({ context }) => !cmoOpen(context),
    cmoScreening: ({ context }) => context.cmo?.status === 'screening',
    cmoMonitoring: ({ context }) => context.cmo?.status === 'monitoring',
    cmoLopend: ({ context }) => context.cmo?.status === 'monitoring' || context.cmo?.status === 'ondersteuningstraject',
    // Payload routing only (see the header comment).
    afscheid: ({ event }) => event.outcome === 'afscheid',
    naarMonitoring: ({ event }) => event.decision === 'monitoring',
    naarTraject: ({ event }) => event.decision === 'ondersteuningstraject',
  },
  actions: {
    scheduleStartvisitatie: assign({
      startvisitatie: ({ context, event }) => ({
        status: 'gepland' as const,
        date: event.date,
        // A new attempt after a negative outcome starts a fresh list of stages.
        stages: context.startvisitatie.status === 'negatief' ? [] : context.startvisitatie.stages,
      }),
    }),
    recordStartvisitatie: assign({
      startvisitatie: ({ context, event }) => {
        const stage: StartvisitatieStage = {
          stage: event.stage,
          outcome: event.outcome,
          ...(event.reportEvidenceId ? { reportEvidenceId: event.reportEvidenceId } : {}),
          date: event.date ?? event.origin.time.slice(0, 10),
          ...(event.visitor !== undefined ? { visitor: event.visitor } : {}),
          at: event.origin.time,
        };
        const status: StartvisitatieStatus =
          event.outcome === 'negatief' ? 'negatief' : event.stage === 'telefonisch' ? 'telefonisch' : 'bezocht';
        return { ...context.startvisitatie, status, stages: [...context.startvisitatie.stages, stage] };
      },
    }),
    recognise: assign({
      recognisedUntil: ({ event }) => event.until,
      recognitions: ({ context, event }) => [...context.recognitions, { until: event.until, at: event.origin.time }],
    }),
    remind: assign({
      reminders: ({ context, event }) => [...context.reminders, { until: event.until, at: event.origin.time }],
    }),
    lapse: assign({
      lapses: ({ context, event }) => [...(context.lapses ?? []), { until: event.until, at: event.origin.time }],
    }),
    recordLeoh: assign({
      leoh: ({ context, event }) => [
        ...context.leoh,
        { evaluationId: event.evaluationId, period: event.period, respondent: event.respondent, scores: event.scores, date: event.date ?? event.origin.time.slice(0, 10), recordedAt: event.origin.time },
      ],
    }),
    recordZelfevaluatie: assign({
      zelfevaluaties: ({ context, event }) => [
        ...context.zelfevaluaties,
        {
          evaluationId: event.evaluationId,
          period: event.period,
          ...(event.respondent ? { respondent: event.respondent } : {}),
          scores: event.scores,
          date: event.date ?? event.origin.time.slice(0, 10),
          recordedAt: event.origin.time,
        },
      ],
    }),
    recordGesprek: assign({
      gesprekken: ({ context, event }) => [
        ...context.gesprekken,
        { date: event.date, summary: event.summary, agreements: event.agreements, at: event.origin.time },
      ],
    }),
    end: assign({ ended: ({ event }) => ({ at: event.origin.time, reason: event.reason, by: 'mt' as const }) }),
    endByCmo: assign({ ended: ({ event }) => ({ at: event.origin.time, reason: event.rationale, by: 'cmo' as const }) }),
    // A signal opens a screening when none is open, and joins the open file otherwise.
    raiseSignal: assign(({ context, event }) => {
      const file = cmoOpen(context) ? context.cmo! : openFile(context, event.origin, 'signaal');
      const history = cmoOpen(context) || !context.cmo ? context.cmoHistory : [...context.cmoHistory, context.cmo];
      const signal: LeohSignal = {
        evaluationId: event.evaluationId,
        period: event.period,
        items: event.items,
        threshold: event.threshold,
        raisedAt: event.origin.time,
        screeningId: file.screeningId,
      };
      return {
        signals: [...context.signals, signal],
        cmo: { ...file, signals: [...file.signals, event.evaluationId] },
        cmoHistory: history,
      };
    }),
    refer: assign(({ context, event }) => {
      const file = openFile(context, event.origin, 'verwijzing');
      return {
        cmo: { ...file, referral: { reason: event.reason, at: event.origin.time } },
        cmoHistory: context.cmo ? [...context.cmoHistory, context.cmo] : context.cmoHistory,
      };
    }),
    decide: assign({
      cmo: ({ context, event }) => {
        const decision: CmoDecision = { decision: event.decision, rationale: event.rationale, at: event.origin.time, by: event.origin.actor.name };
        const file = context.cmo!;
        const decisions = [...file.decisions, decision];
        if (event.decision === 'geen-actie') {
          return { ...file, decisions, status: 'afgesloten' as const, closed: { outcome: 'geen-actie' as const, at: event.origin.time } };
        }
        return { ...file, decisions, status: event.decision as CmoStatus };
      },
    }),
    closeTraject: assign(({ context, event }) =>
      closeFile(context, { outcome: event.outcome, rationale: event.rationale, at: event.origin.time }),
    ),
    closeOnEnd: assign(({ context, event }) => closeFile(context, { outcome: 'beeindigd', at: event.origin.time })),
  },
}).createMachine({
  id: 'opleider',
  // xstate's pure transition() builds a throwaway actor without input; it needs no context.
  context: ({ input }) =>
    input === undefined
      ? ({} as never)
      : ({
        id: input.id,
        subjectId: input.subjectId,
        name: input.name,
        practice: input.practice,
        ...(input.email ? { email: input.email } : {}),
        registeredAt: input.origin.time,
        startvisitatie: { status: 'niet-gepland', stages: [] },
        recognitions: [],
        reminders: [],
        leoh: [],
        zelfevaluaties: [],
        signals: [],
        cmo: null,
        cmoHistory: [],
        gesprekken: [],
      }),
  type: 'parallel',
  states: {
    opleiding: {
      initial: 'aangemeld',
      // Afscheid after a CMO traject ends the training relation, whatever step the opleider is in.
      on: { CloseCmoTraject: { guard: and(['afscheid', 'cmoLopend']), target: '.beeindigd', actions: 'endByCmo' } },
      states: {
        aangemeld: {
          on: {
            ScheduleStartvisitatie: { target: 'startvisitatie', actions: 'scheduleStartvisitatie' },
            EndTraining: { target: 'beeindigd', actions: 'end' },
          },
        },
        startvisitatie: {
          on: {
            ScheduleStartvisitatie: { guard: 'herplanbaar', actions: 'scheduleStartvisitatie' },
            RecordStartvisitatie: { guard: 'visitatieLoopt', actions: 'recordStartvisitatie' },
            Recognise: { guard: 'bezoekGunstig', target: 'erkend', actions: 'recognise' },
            EndTraining: { target: 'beeindigd', actions: 'end' },
          },
        },
        erkend: {
          on: {
            Recognise: { actions: 'recognise' },
            RemindErkenning: { actions: 'remind' },
            LapseErkenning: { target: 'verlopen', actions: 'lapse' },
            RecordLeoh: { actions: 'recordLeoh' },
            RecordZelfevaluatie: { actions: 'recordZelfevaluatie' },
            RecordFunctioneringsgesprek: { actions: 'recordGesprek' },
            EndTraining: { target: 'beeindigd', actions: 'end' },
          },
        },
        verlopen: {
          on: {
            Recognise: { target: 'erkend', actions: 'recognise' },
            EndTraining: { target: 'beeindigd', actions: 'end' },
          },
        },
        beeindigd: { type: 'final' },
      },
    },
    cmo: {
      initial: 'geen',
      states: {
        geen: {
          on: {
            RaiseLeohSignal: { guard: 'nietBeeindigd', target: 'screening', actions: 'raiseSignal' },
            ReferToCmo: { guard: 'nietBeeindigd', target: 'screening', actions: 'refer' },
          },
        },
        screening: {
          on: {
            RaiseLeohSignal: { actions: 'raiseSignal' },
            DecideCmo: [
              { guard: 'naarMonitoring', target: 'monitoring', actions: 'decide' },
              { guard: 'naarTraject', target: 'ondersteuningstraject', actions: 'decide' },
              { target: 'geen', actions: 'decide' },
            ],
            EndTraining: { target: 'geen', actions: 'closeOnEnd' },
          },
        },
        monitoring: {
          on: {
            RaiseLeohSignal: { actions: 'raiseSignal' },
            DecideCmo: [
              { guard: 'naarTraject', target: 'ondersteuningstraject', actions: 'decide' },
              { target: 'geen', actions: 'decide' },
            ],
            CloseCmoTraject: { target: 'geen', actions: 'closeTraject' },
            EndTraining: { target: 'geen', actions: 'closeOnEnd' },
          },
        },
        ondersteuningstraject: {
          on: {
            RaiseLeohSignal: { actions: 'raiseSignal' },
            CloseCmoTraject: { target: 'geen', actions: 'closeTraject' },
            EndTraining: { target: 'geen', actions: 'closeOnEnd' },
          },
        },
      },
    },
  },
});

export const OPLEIDING_STATUSES = ['aangemeld', 'startvisitatie', 'erkend', 'verlopen', 'beeindigd'] as const;
export type OpleidingStatus = (typeof OPLEIDING_STATUSES)[number];

export function statusOf(value: unknown): OpleidingStatus {
  return (value as { opleiding: OpleidingStatus }).opleiding;
}
