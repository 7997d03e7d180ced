/**
 * The PDCA cycle as a stream type: which role may send which command, the event each records,
 * and the payload rules. Roles as in API.md: `mt` may do all a kwaliteitsmedewerker may.
 */
import { createHash } from 'node:crypto';
import type { SnapshotFrom } from 'xstate';
import { commandSpec, merged, named, text, type CommandSpec, type Message, type StreamDefinition, type TypedCommandSpec } from '@gearbox/kernel';
import { linkedDocument, withDocuments } from './evidence.ts';
import { explainCycle } from './explain.ts';
import { cycleSharing } from './sharing.ts';
import { happenedOn } from './happened-on.ts';
import { withProgress, type KpiMeasurement, type Progress } from './kpi.ts';
import { cycleMachine, phaseOf, type CycleContext, type Kpi } from './machine.ts';
import * as s from './schemas.ts';

export const QUALITY = ['kwaliteitsmedewerker', 'mt'] as const;
export const MT = ['mt'] as const;
export const SYSTEM = ['system'] as const;
export const CYCLE_READERS = ['kwaliteitsmedewerker', 'mt', 'auditor'] as const;

export type Phase = 'plan' | 'do' | 'check' | 'act' | 'closed' | 'cancelled';

/** A KPI in an answer: its latest measurement and progress worked out (kpi.ts). */
export interface KpiView extends Kpi {
  latest: KpiMeasurement | null;
  progress: Progress;
}

export interface Cycle extends Omit<CycleContext, 'startedAt' | 'closedAt' | 'kpis'> {
  kpis: KpiView[];
  phase: Phase;
  definitionVersion: number;
  startedAt: string;
  closedAt?: string;
}

const has = <T, K extends keyof T>(list: T[], key: K, value: unknown) => list.some((item) => item[key] === value);
const unique = ([nl, en]: [string, string], list: object[], key: string, value: unknown) =>
  list.some((item) => (item as Record<string, unknown>)[key] === value)
    ? text(`${nl} ${String(value)} bestaat al in deze cyclus.`, `${en} ${String(value)} already exists in this cycle.`)
    : undefined;
const notInCycle = ([nl, en]: [string, string], id: string) => text(`${nl} ${id} hoort niet bij deze cyclus.`, `${en} ${id} is not in this cycle.`);
const kpiUndefined = (id: string) => text(`KPI ${id} is niet gedefinieerd in deze cyclus.`, `KPI ${id} is not defined in this cycle.`);

const command = <P>(spec: TypedCommandSpec<CycleContext, P>) => commandSpec(spec);

type P<T extends keyof typeof s> = (typeof s)[T] extends { _zod: { output: infer O } } ? O : never;

export const cycleCommands: Record<string, CommandSpec> = {
  SetGoal: command<P<'SetGoal'>>({
    schema: s.SetGoal, roles: QUALITY, event: 'GoalSet',
    check: (c, p) => unique(['Doel', 'goal'], c.goals, 'goalId', p.goalId),
  }),
  DefineKpi: command<P<'DefineKpi'>>({
    schema: s.DefineKpi, roles: QUALITY, event: 'KpiDefined',
    check: (c, p) =>
      unique(['KPI', 'KPI'], c.kpis, 'kpiId', p.kpiId) ??
      (has(c.goals, 'goalId', p.goalId) ? undefined : notInCycle(['Doel', 'goal'], p.goalId)),
  }),
  PlanActivity: command<P<'PlanActivity'>>({
    schema: s.PlanActivity, roles: QUALITY, event: 'ActivityPlanned',
    check: (c, p) => unique(['Activiteit', 'activity'], c.activities, 'activityId', p.activityId),
  }),
  ApprovePlan: command({ schema: s.Empty, roles: MT, event: 'PlanApproved' }),
  CompleteActivity: command<P<'CompleteActivity'>>({
    schema: s.CompleteActivity, roles: QUALITY, event: 'ActivityCompleted',
    check: (c, p) => openActivity(c, p.activityId),
  }),
  WaiveActivity: command<P<'WaiveActivity'>>({
    schema: s.WaiveActivity, roles: MT, event: 'ActivityWaived',
    check: (c, p) => openActivity(c, p.activityId),
  }),
  AddEvidence: command<P<'AddEvidence'>>({
    schema: s.AddEvidence, roles: QUALITY, event: 'EvidenceAdded',
    check: (c, p) => unique(['Bewijsstuk', 'evidence'], c.evidence, 'evidenceId', p.evidenceId),
    // A survey closed on 30 June and recorded on 8 July belongs to June: effectiveAt, default today.
    record: (p, at) => merged(p, { effectiveAt: p.effectiveAt ?? at.today, criteria: p.criteria ?? [] }),
  }),
  RecordMeasurement: command<P<'RecordMeasurement'>>({
    schema: s.RecordMeasurement, roles: [...QUALITY, 'integratie'], event: 'MeasurementRecorded',
    check: (c, p) => (has(c.kpis, 'kpiId', p.kpiId) ? undefined : kpiUndefined(p.kpiId)),
  }),
  StartCheck: command({ schema: s.Empty, roles: QUALITY, event: 'CheckStarted' }),
  RecordFinding: command<P<'RecordFinding'>>({
    schema: s.RecordFinding, roles: QUALITY, event: 'FindingRecorded',
    check: (c, p) =>
      unique(['Bevinding', 'finding'], c.findings, 'findingId', p.findingId) ??
      missingEvidence(p.evidenceIds.filter((e) => !has(c.evidence, 'evidenceId', e))),
  }),
  HoldReview: command<P<'HoldReview'>>({
    schema: s.HoldReview, roles: QUALITY, event: 'ReviewHeld',
    check: (c, p) =>
      unique(['Review', 'review'], c.reviews, 'reviewId', p.reviewId) ??
      (p.minutesEvidenceId && !has(c.evidence, 'evidenceId', p.minutesEvidenceId)
        ? text(`Bewijsstuk ${p.minutesEvidenceId} (de notulen) hoort niet bij deze cyclus.`, `evidence ${p.minutesEvidenceId} (the minutes) is not in this cycle.`)
        : undefined),
  }),
  ExplainKpi: command<P<'ExplainKpi'>>({
    schema: s.ExplainKpi, roles: QUALITY, event: 'KpiExplained',
    check: (c, p) => {
      const kpi = c.kpis.find((k) => k.kpiId === p.kpiId);
      if (!kpi) return kpiUndefined(p.kpiId);
      if (kpi.measurements.length > 0) {
        return text(`KPI ${p.kpiId} is gemeten; alleen een niet gemeten KPI vraagt een toelichting.`, `KPI ${p.kpiId} was measured; only an unmeasured KPI needs an explanation.`);
      }
      return kpi.explanation ? text(`KPI ${p.kpiId} is al toegelicht.`, `KPI ${p.kpiId} is already explained.`) : undefined;
    },
  }),
  CompleteCheck: command({ schema: s.Empty, roles: QUALITY, event: 'CheckCompleted' }),
  DecideAction: command<P<'DecideAction'>>({
    schema: s.DecideAction, roles: MT, event: 'ActionDecided',
    check: (c, p) =>
      unique(['Actie', 'action'], [...c.actions, ...c.carriedOver], 'actionId', p.actionId) ??
      (has(c.findings, 'findingId', p.findingId) ? undefined : notInCycle(['Bevinding', 'finding'], p.findingId)),
  }),
  AcceptFinding: command<P<'AcceptFinding'>>({
    schema: s.AcceptFinding, roles: MT, event: 'FindingAccepted',
    check: (c, p) => {
      const f = c.findings.find((x) => x.findingId === p.findingId);
      if (!f) return notInCycle(['Bevinding', 'finding'], p.findingId);
      if (f.assessment === 'voldoet') {
        return text(`Bevinding ${p.findingId} voldoet; er valt niets te accepteren.`, `finding ${p.findingId} meets the standard (voldoet); there is nothing to accept.`);
      }
      return f.acceptance ? text(`Bevinding ${p.findingId} is al geaccepteerd.`, `finding ${p.findingId} is already accepted.`) : undefined;
    },
  }),
  CompleteAction: command<P<'CompleteAction'>>({
    schema: s.CompleteAction, roles: QUALITY, event: 'ActionCompleted',
    check: (c, p) => {
      const a = [...c.actions, ...c.carriedOver].find((x) => x.actionId === p.actionId);
      if (!a) return notInCycle(['Actie', 'action'], p.actionId);
      return a.status === 'open' ? undefined : text(`Actie ${p.actionId} is al afgerond.`, `action ${p.actionId} is already completed.`);
    },
  }),
  CommunicateOutcome: command({ schema: s.CommunicateOutcome, roles: QUALITY, event: 'OutcomeCommunicated' }),
  CloseCycle: command({ schema: s.Empty, roles: MT, event: 'CycleClosed' }),
  CancelCycle: command({ schema: s.CancelCycle, roles: MT, event: 'CycleCancelled' }),

  MarkActivityOverdue: command<P<'MarkActivityOverdue'>>({
    schema: s.MarkActivityOverdue, roles: SYSTEM, event: 'ActivityOverdue', internal: true,
    check: (c, p) => openActivity(c, p.activityId) ?? (c.activities.find((a) => a.activityId === p.activityId)?.overdue ? 'already overdue' : undefined),
  }),
  MarkActionOverdue: command<P<'MarkActionOverdue'>>({
    schema: s.MarkActionOverdue, roles: SYSTEM, event: 'ActionOverdue', internal: true,
    check: (c, p) => {
      const a = [...c.actions, ...c.carriedOver].find((x) => x.actionId === p.actionId);
      return !a || a.status !== 'open' || a.overdue ? 'no open action to mark overdue' : undefined;
    },
  }),
  MarkManagementReviewOverdue: command<P<'MarkManagementReviewOverdue'>>({
    schema: s.MarkManagementReviewOverdue, roles: SYSTEM, event: 'ManagementReviewOverdue', internal: true,
    check: (c, p) => (!c.managementReview || c.managementReview.overdue.includes(p.due) ? 'no management review to mark overdue' : undefined),
  }),
  CarryOverActions: command({ schema: s.CarryOverActions, roles: SYSTEM, event: 'ActionsCarriedOver', internal: true }),
};

const STATUS = { completed: 'afgerond', waived: 'kwijtgescholden' } as const;

function openActivity(c: CycleContext, activityId: string): Message | undefined {
  const a = c.activities.find((x) => x.activityId === activityId);
  if (!a) return notInCycle(['Activiteit', 'activity'], activityId);
  return a.status === 'open' ? undefined : text(`Activiteit ${activityId} is al ${STATUS[a.status]}.`, `activity ${activityId} is already ${a.status}.`);
}

function missingEvidence(ids: string[]): Message | undefined {
  if (!ids.length) return undefined;
  const { nl, en } = named(ids, ['Bewijsstuk', 'Bewijsstukken'], ['evidence', 'evidence']);
  return text(`${nl} ${ids.length === 1 ? 'hoort' : 'horen'} niet bij deze cyclus.`, `${en} not in this cycle.`);
}

export const CYCLE_MACHINE_VERSION = 1;

export const cycleDefinition: StreamDefinition<Cycle> = {
  category: 'cycle',
  label: 'cyclus',
  labelEn: 'cycle',
  machines: { [CYCLE_MACHINE_VERSION]: cycleMachine },
  start: { command: 'StartCycle', event: 'CycleStarted', schema: s.StartCycle, roles: QUALITY },
  commands: cycleCommands,
  readRoles: CYCLE_READERS,
  phase: (snapshot) => phaseOf(snapshot.value),
  explain: explainCycle,
  // A measurement and a review carry the day they happened: not in the future (happened-on.ts).
  decider: happenedOn({ RecordMeasurement: ['measuredAt'], HoldReview: ['date'] }, withDocuments),
  // AddEvidence {documentId}: the document as the registry knows it (evidence.ts).
  contextFor: linkedDocument,
  shared: cycleSharing,
  personal: {
    // Owners are people; their names are sealed under a subject derived from the name.
    ActivityPlanned: { fields: ['owner'], subject: (d) => ownerSubject(d.owner) },
    ActionDecided: { fields: ['owner'], subject: (d) => ownerSubject(d.owner) },
    ActionsCarriedOver: { fields: ['actions[].owner'], subject: (_d, item) => ownerSubject(item?.owner) },
  },
  // Evidence is only ever added (machine.ts addEvidence), so every answer reuses each item's JSON.
  fixedItems: ['evidence'],
  view: (snapshot: SnapshotFrom<typeof cycleMachine>, id, version) => {
    const context = snapshot.context as CycleContext;
    // One copy of the context's members, startedAt and closedAt moved to the end (a rest pattern and
    // a spread made two copies: each about 1 us for a cycle's twenty-odd members, on every answer).
    const view: Record<string, unknown> = {};
    for (const key of Object.keys(context)) if (key !== 'startedAt' && key !== 'closedAt') view[key] = context[key as keyof CycleContext];
    view.kpis = context.kpis.map(withProgress);
    view.id = id;
    view.phase = phaseOf(snapshot.value) as Phase;
    view.definitionVersion = version;
    view.startedAt = context.startedAt;
    if (context.closedAt) view.closedAt = context.closedAt;
    return view as unknown as Cycle;
  },
};

/**
 * An activity or action owner is free text naming a person or a body ("A. de Vries",
 * "curriculumcommissie"). A person's name is personal data, so it is sealed under a subject derived
 * from the name by a hash (the key store never holds the name itself). `DELETE /api/v1/subjects/owner:<name>`
 * finds the same subject.
 */
export function ownerSubject(owner: unknown): string {
  const normal = String(owner).trim().toLowerCase().replace(/\s+/g, ' ');
  return `owner:${createHash('sha256').update(normal).digest('hex').slice(0, 24)}`;
}
