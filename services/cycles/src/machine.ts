/**
 * The PDCA cycle as a statechart: it reads like the process on paper. Guards carry the rules that
 * block a step (API.md "Commands"); they look only at the cycle, never at a payload, so that
 * `snapshot.can({type})` tells the client exactly which commands make sense now (`allowed`).
 * Payload rules (unknown ids, duplicates) live in commands.ts.
 *
 * The machine's events are the commands, carrying the recorded data plus `origin` (event id,
 * revision, time, actor), so replaying the stream re-runs the same assignments. It is pure: no
 * timers (deadlines are durable, see deadlines.ts), no side effects.
 */
import { assign, setup } from 'xstate';
import type { EventOrigin } from '@gearbox/kernel';
import { targetValueOf, type KpiTarget } from './kpi.ts';
import type { CycleKind } from './schemas.ts';

export interface Goal { goalId: string; title: string; description?: string }
export interface Measurement { value: number; source: string; measuredAt: string; recordedAt: string }
export interface Kpi {
  kpiId: string;
  /** null: defined before a KPI named its goal. */
  goalId: string | null;
  name: string;
  unit: string;
  nationalCode?: string;
  baseline: { value: number; source: string; year: number };
  target: KpiTarget;
  /** The target as a number: absolute as sent, relative worked out against the baseline (kpi.ts). */
  targetValue: number;
  measurements: Measurement[];
  explanation?: string;
}
export interface Activity {
  activityId: string;
  title: string;
  owner: string;
  due: string;
  status: 'open' | 'completed' | 'waived';
  overdue: boolean;
  note?: string;
  reason?: string;
  completedAt?: string;
}
export interface Evidence {
  evidenceId: string;
  title: string;
  kind: string;
  effectiveAt: string;
  uri?: string;
  sha256?: string;
  documentId?: string;
  criteria: string[];
  tags?: string[];
  summary?: string;
  source: { eventId: string; revision: number };
}
export interface Finding {
  findingId: string;
  title: string;
  assessment: 'voldoet' | 'deels' | 'voldoet-niet';
  evidenceIds: string[];
  acceptance?: { rationale: string; by: string; at: string };
}
export interface Review { reviewId: string; body: string; date: string; minutesEvidenceId?: string }
export interface Action {
  actionId: string;
  findingId: string;
  title: string;
  owner: string;
  due: string;
  status: 'open' | 'completed';
  overdue: boolean;
  result?: string;
  fromCycleId?: string;
}
export interface Communication { audience: string[]; channel: string; summary: string; at: string }

export interface CycleContext {
  id: string;
  kind: CycleKind;
  title: string;
  period: { from: string; to: string };
  scope: string | null;
  startedAt: string;
  goals: Goal[];
  kpis: Kpi[];
  activities: Activity[];
  evidence: Evidence[];
  findings: Finding[];
  reviews: Review[];
  actions: Action[];
  communications: Communication[];
  carriedOver: Action[];
  /** The organisatie's management review, due every six months. */
  managementReview: { nextDue: string; overdue: string[] } | null;
  closedAt?: string;
  cancelled?: { reason: string; at: string };
}

type Payload = { type: string; origin: EventOrigin } & Record<string, any>;

/** `date` plus six months, as YYYY-MM-DD (the management review rhythm of the organisatie cycle). */
export function sixMonthsAfter(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + 6);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d.toISOString().slice(0, 10);
}

const isOpenAction = (a: Action) => a.status === 'open';

export const cycleMachine = setup({
  types: {
    context: {} as CycleContext,
    events: {} as Payload,
    input: {} as Payload,
  },
  guards: {
    hasGoalAndActivity: ({ context }) => context.goals.length > 0 && context.activities.length > 0,
    hasOpenActivity: ({ context }) => context.activities.some((a) => a.status === 'open'),
    everyActivityDone: ({ context }) => context.activities.every((a) => a.status !== 'open'),
    hasKpi: ({ context }) => context.kpis.length > 0,
    hasUnmeasuredKpi: ({ context }) => context.kpis.some((k) => k.measurements.length === 0 && !k.explanation),
    checkComplete: ({ context }) =>
      context.findings.length > 0 &&
      context.reviews.length > 0 &&
      context.kpis.every((k) => k.measurements.length > 0 || k.explanation !== undefined),
    hasFinding: ({ context }) => context.findings.length > 0,
    hasFindingToAccept: ({ context }) => context.findings.some((f) => f.assessment !== 'voldoet' && !f.acceptance),
    hasOpenAction: ({ context }) => [...context.actions, ...context.carriedOver].some(isOpenAction),
    isOrganisatie: ({ context }) => context.kind === 'organisatie',
    readyToClose: ({ context }) =>
      context.communications.length > 0 &&
      context.findings
        .filter((f) => f.assessment !== 'voldoet')
        .every((f) => f.acceptance || context.actions.some((a) => a.findingId === f.findingId)),
  },
  actions: {
    setGoal: assign({
      goals: ({ context, event }) => [
        ...context.goals,
        { goalId: event.goalId, title: event.title, ...(event.description ? { description: event.description } : {}) },
      ],
    }),
    // Events are immutable: a KpiDefined from before goalId and relative targets reads as goal null, absolute target.
    defineKpi: assign({
      kpis: ({ context, event }) => [
        ...context.kpis,
        {
          kpiId: event.kpiId,
          goalId: event.goalId ?? null,
          name: event.name,
          unit: event.unit,
          ...(event.nationalCode ? { nationalCode: event.nationalCode } : {}),
          baseline: event.baseline,
          target: event.target,
          targetValue: targetValueOf(event.baseline, event.target),
          measurements: [],
        },
      ],
    }),
    planActivity: assign({
      activities: ({ context, event }) => [
        ...context.activities,
        { activityId: event.activityId, title: event.title, owner: event.owner, due: event.due, status: 'open', overdue: false },
      ],
    }),
    completeActivity: assign({
      activities: ({ context, event }) =>
        context.activities.map((a) =>
          a.activityId === event.activityId
            ? { ...a, status: 'completed' as const, completedAt: event.origin.time, ...(event.note ? { note: event.note } : {}) }
            : a,
        ),
    }),
    waiveActivity: assign({
      activities: ({ context, event }) =>
        context.activities.map((a) => (a.activityId === event.activityId ? { ...a, status: 'waived' as const, reason: event.reason } : a)),
    }),
    markActivityOverdue: assign({
      activities: ({ context, event }) =>
        context.activities.map((a) => (a.activityId === event.activityId ? { ...a, overdue: true } : a)),
    }),
    addEvidence: assign({
      evidence: ({ context, event }) => {
        // Built member by member: members after a spread take V8's slow path, and this runs in every fold.
        const item: Record<string, unknown> = { evidenceId: event.evidenceId, title: event.title, kind: event.kind, effectiveAt: event.effectiveAt };
        if (event.uri) item.uri = event.uri;
        if (event.sha256) item.sha256 = event.sha256;
        if (event.documentId) item.documentId = event.documentId;
        item.criteria = event.criteria ?? [];
        if (event.tags) item.tags = event.tags;
        if (event.summary) item.summary = event.summary;
        item.source = { eventId: event.origin.eventId, revision: event.origin.revision };
        return [...context.evidence, item as unknown as Evidence];
      },
    }),
    recordMeasurement: assign({
      kpis: ({ context, event }) =>
        context.kpis.map((k) =>
          k.kpiId === event.kpiId
            ? {
                ...k,
                measurements: [
                  ...k.measurements,
                  { value: event.value, source: event.source, measuredAt: event.measuredAt, recordedAt: event.origin.time },
                ],
              }
            : k,
        ),
    }),
    recordFinding: assign({
      findings: ({ context, event }) => [
        ...context.findings,
        { findingId: event.findingId, title: event.title, assessment: event.assessment, evidenceIds: event.evidenceIds },
      ],
    }),
    holdReview: assign({
      reviews: ({ context, event }) => [
        ...context.reviews,
        {
          reviewId: event.reviewId,
          body: event.body,
          date: event.date,
          ...(event.minutesEvidenceId ? { minutesEvidenceId: event.minutesEvidenceId } : {}),
        },
      ],
      managementReview: ({ context, event }) =>
        context.managementReview && event.body === 'management-review' && event.date >= context.period.from
          ? { ...context.managementReview, nextDue: sixMonthsAfter(event.date) }
          : context.managementReview,
    }),
    markManagementReviewOverdue: assign({
      managementReview: ({ context, event }) =>
        context.managementReview
          ? { ...context.managementReview, overdue: [...context.managementReview.overdue, event.due] }
          : context.managementReview,
    }),
    explainKpi: assign({
      kpis: ({ context, event }) => context.kpis.map((k) => (k.kpiId === event.kpiId ? { ...k, explanation: event.reason } : k)),
    }),
    decideAction: assign({
      actions: ({ context, event }) => [
        ...context.actions,
        {
          actionId: event.actionId,
          findingId: event.findingId,
          title: event.title,
          owner: event.owner,
          due: event.due,
          status: 'open' as const,
          overdue: false,
        },
      ],
    }),
    acceptFinding: assign({
      findings: ({ context, event }) =>
        context.findings.map((f) =>
          f.findingId === event.findingId
            ? { ...f, acceptance: { rationale: event.rationale, by: event.origin.actor.name, at: event.origin.time } }
            : f,
        ),
    }),
    completeAction: assign(({ context, event }) => {
      const done = (a: Action): Action => (a.actionId === event.actionId ? { ...a, status: 'completed', result: event.result } : a);
      return { actions: context.actions.map(done), carriedOver: context.carriedOver.map(done) };
    }),
    markActionOverdue: assign(({ context, event }) => {
      const late = (a: Action): Action => (a.actionId === event.actionId ? { ...a, overdue: true } : a);
      return { actions: context.actions.map(late), carriedOver: context.carriedOver.map(late) };
    }),
    communicateOutcome: assign({
      communications: ({ context, event }) => [
        ...context.communications,
        { audience: event.audience, channel: event.channel, summary: event.summary, at: event.origin.time },
      ],
    }),
    carryOver: assign({
      carriedOver: ({ context, event }) => [
        ...context.carriedOver,
        ...(event.actions as Action[]).map((a) => ({ ...a, status: 'open' as const, overdue: false })),
      ],
    }),
    close: assign({ closedAt: ({ event }) => event.origin.time }),
    cancel: assign({ cancelled: ({ event }) => ({ reason: event.reason, at: event.origin.time }) }),
  },
}).createMachine({
  id: 'pdca-cycle',
  // xstate's pure transition() builds a throwaway actor without input; it needs no context.
  context: ({ input }) =>
    input === undefined
      ? ({} as never)
      : ({
        id: input.id,
        kind: input.kind,
        title: input.title,
        period: input.period,
        scope: input.scope ?? null,
        startedAt: input.origin.time,
        goals: [],
        kpis: [],
        activities: [],
        evidence: [],
        findings: [],
        reviews: [],
        actions: [],
        communications: [],
        carriedOver: [],
        managementReview: input.kind === 'organisatie' ? { nextDue: sixMonthsAfter(input.period.from), overdue: [] } : null,
      }),
  initial: 'active',
  states: {
    active: {
      initial: 'plan',
      // In every phase before the end: cancel, take over actions from the previous cycle, note overdue work.
      on: {
        CancelCycle: { target: 'cancelled', actions: 'cancel' },
        CarryOverActions: { actions: 'carryOver' },
        MarkActivityOverdue: { actions: 'markActivityOverdue' },
        MarkActionOverdue: { actions: 'markActionOverdue' },
        MarkManagementReviewOverdue: { guard: 'isOrganisatie', actions: 'markManagementReviewOverdue' },
        CompleteAction: { guard: 'hasOpenAction', actions: 'completeAction' },
      },
      states: {
        plan: {
          on: {
            SetGoal: { actions: 'setGoal' },
            DefineKpi: { actions: 'defineKpi' },
            PlanActivity: { actions: 'planActivity' },
            ApprovePlan: { guard: 'hasGoalAndActivity', target: 'do' },
          },
        },
        do: {
          on: {
            CompleteActivity: { guard: 'hasOpenActivity', actions: 'completeActivity' },
            WaiveActivity: { guard: 'hasOpenActivity', actions: 'waiveActivity' },
            AddEvidence: { actions: 'addEvidence' },
            RecordMeasurement: { guard: 'hasKpi', actions: 'recordMeasurement' },
            // The organisatie holds its management review twice a year, also while the year plan runs.
            HoldReview: { guard: 'isOrganisatie', actions: 'holdReview' },
            StartCheck: { guard: 'everyActivityDone', target: 'check' },
          },
        },
        check: {
          on: {
            AddEvidence: { actions: 'addEvidence' },
            RecordMeasurement: { guard: 'hasKpi', actions: 'recordMeasurement' },
            RecordFinding: { actions: 'recordFinding' },
            HoldReview: { actions: 'holdReview' },
            ExplainKpi: { guard: 'hasUnmeasuredKpi', actions: 'explainKpi' },
            CompleteCheck: { guard: 'checkComplete', target: 'act' },
          },
        },
        act: {
          on: {
            DecideAction: { guard: 'hasFinding', actions: 'decideAction' },
            AcceptFinding: { guard: 'hasFindingToAccept', actions: 'acceptFinding' },
            CommunicateOutcome: { actions: 'communicateOutcome' },
            CloseCycle: { guard: 'readyToClose', target: '#pdca-cycle.closed', actions: 'close' },
          },
        },
      },
    },
    closed: { type: 'final' },
    cancelled: { type: 'final' },
  },
});

/** plan | do | check | act while the cycle runs, then closed | cancelled. */
export function phaseOf(value: unknown): string {
  return typeof value === 'string' ? value : String((value as { active: string }).active);
}
