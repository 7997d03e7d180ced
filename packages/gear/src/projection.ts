/**
 * The GEAR projection of one institute: a pure fold over its stored events in position order.
 * It keeps aggregates only — the cycles (their evidence, findings, KPIs, actions), per event
 * type a count per effective day, and the mapping changes — never the events themselves, so a
 * history of millions of events folds in bounded memory.
 *
 * The state does not depend on the mapping: the mapping in force at the dossier's position is
 * applied when the view is built (dossier.ts). So a corrected mapping also maps the past, and the
 * same position always gives the same dossier. Nothing here depends on the order of events of
 * different streams (actions carried between cycles are keyed by their origin), which is what
 * makes any interleaving of independent streams give the same view.
 */
import type { KpiTarget } from '@gearbox/cycles';
import { daysOfPeriod } from '@gearbox/cycles';
import { isSealed, type StoredEvent } from '@gearbox/kernel';
import { GEAR_MAPPING_CHANGED, MAPPING_CATEGORY, mappingOfEvent, type MappingInForce } from './mapping.ts';
import { ZELFEVALUATIE_CATEGORY, Zelfevaluaties } from './zelfevaluatie.ts';

export interface Source {
  streamId: string;
  revision: number;
  eventId: string;
  position: string;
}

export type Assessment = 'voldoet' | 'deels' | 'voldoet-niet';
export type CyclePhase = 'plan' | 'do' | 'check' | 'act' | 'closed' | 'cancelled';

export interface CycleEvidence {
  evidenceId: string;
  title: string;
  kind: string;
  effectiveAt: string;
  uri?: string;
  sha256?: string;
  /** The uploaded document it links (AddEvidence {documentId}): for the view's download link, not in the dossier. */
  documentId?: string;
  summary?: string;
  criteria: string[];
  /** Tags the mapping turns into criteria (mapping-rules.ts `CycleKindRule.tags`). */
  tags?: string[];
  source: Source;
}

export interface CycleFinding {
  findingId: string;
  title: string;
  assessment: Assessment;
  evidenceIds: string[];
  source: Source;
  acceptance?: { rationale: string; source: Source };
}

export interface CycleKpi {
  kpiId: string;
  /** Null for a KPI defined before KPIs belonged to a goal. */
  goalId: string | null;
  name: string;
  unit: string;
  baseline: { value: number; source: string; year: number };
  /** As set: absolute or relative (`changePercent`); dossier.ts computes the value. */
  target: KpiTarget;
  measurements: { value: number; source: string; measuredAt: string; event: Source }[];
  explanation?: string;
  source: Source;
}

export interface CycleState {
  id: string;
  streamId: string;
  kind: string;
  title: string;
  period: { from: string; to: string };
  scope: string | null;
  phase: CyclePhase;
  source: Source;
  goals: { goalId: string; title: string }[];
  evidence: Map<string, CycleEvidence>;
  findings: Map<string, CycleFinding>;
  kpis: Map<string, CycleKpi>;
  reviews: { reviewId: string; body: string; date: string; source: Source }[];
  communications: number;
  /** Action id in this cycle → the cycle it was decided in (itself, or the one it was carried from). */
  actionOrigin: Map<string, string>;
}

export interface ActionState {
  /** `<origin cycle id>/<action id>`: the same action, wherever it was carried. */
  key: string;
  originCycleId: string;
  actionId: string;
  findingId: string;
  title: string;
  /** Only when stored as plain text: an owner sealed as personal data stays out of the dossier. */
  owner?: string;
  due: string;
  source: Source;
  /** True when `source` is the ActionDecided itself, false when only a carry has been seen. */
  decided: boolean;
}

export interface DayCount {
  count: number;
  /** The event with the highest (stream id, revision) of the day: order-independent provenance. */
  latest: Source;
}

/** Stream categories whose events carry a `kind` (every event of a signal does): counted per kind too. */
const KIND_COUNTED = new Set(['signaal']);

export class GearState {
  eventCount = 0;
  position = 0n;
  readonly cycles = new Map<string, CycleState>();
  readonly actions = new Map<string, ActionState>();
  readonly completedActions = new Map<string, Source>();
  readonly overdueActions = new Set<string>();
  /** `category \0 eventType` → effective day → count. */
  readonly typeDays = new Map<string, Map<string, DayCount>>();
  /** The same day maps by category, then type: no key string to build for every event. */
  private readonly daysByCategory = new Map<string, Map<string, Map<string, DayCount>>>();
  readonly mappingChanges: MappingInForce[] = [];
  /** The institute's reflection in force per criterion and per domain. */
  readonly zelfevaluaties = new Zelfevaluaties();

  apply(event: StoredEvent): void {
    this.eventCount += 1;
    this.position = event.position;
    // `<institute>/<category>-<id>`, parsed by hand: this runs for every event of the history.
    const streamId = event.streamId;
    const slash = streamId.indexOf('/');
    const dash = streamId.indexOf('-', slash + 1);
    const category = slash >= 0 && dash > slash ? streamId.slice(slash + 1, dash) : '';
    this.countType(category, event.type, event);
    // Signals count per kind as well, so a rule maps complaints apart from weekstart signals (`SignaalReceived.klacht`).
    if (KIND_COUNTED.has(category)) {
      const kind = (event.data as { kind?: unknown } | null)?.kind;
      if (typeof kind === 'string') this.countType(category, `${event.type}.${kind}`, event);
    }
    if (category === 'cycle') this.applyCycle(streamId.slice(dash + 1), event, sourceOf(event));
    else if (category === MAPPING_CATEGORY && event.type === GEAR_MAPPING_CHANGED) this.mappingChanges.push(mappingOfEvent(event));
    else if (category === ZELFEVALUATIE_CATEGORY) this.zelfevaluaties.apply(event);
  }

  private countType(category: string, type: string, event: StoredEvent): void {
    let byType = this.daysByCategory.get(category);
    if (!byType) this.daysByCategory.set(category, (byType = new Map()));
    let days = byType.get(type);
    if (!days) {
      byType.set(type, (days = new Map()));
      this.typeDays.set(`${category}\u0000${type}`, days);
    }
    const day = effectiveDay(event);
    const found = days.get(day);
    if (!found) days.set(day, { count: 1, latest: sourceOf(event) });
    else {
      found.count += 1;
      const latest = found.latest;
      const revision = Number(event.revision);
      if (event.streamId > latest.streamId || (event.streamId === latest.streamId && revision > latest.revision)) found.latest = sourceOf(event);
    }
  }

  private applyCycle(id: string, event: StoredEvent, source: Source): void {
    const d = event.data as Record<string, any>;
    if (event.type === 'CycleStarted') {
      this.cycles.set(id, {
        id,
        streamId: event.streamId,
        kind: String(d.kind),
        title: text(d.title) ?? '',
        period: { from: String(d.period?.from), to: String(d.period?.to) },
        scope: text(d.scope) ?? null,
        phase: 'plan',
        source,
        goals: [],
        evidence: new Map(),
        findings: new Map(),
        kpis: new Map(),
        reviews: [],
        communications: 0,
        actionOrigin: new Map(),
      });
      return;
    }
    const c = this.cycles.get(id);
    if (!c) return;
    switch (event.type) {
      case 'GoalSet':
        c.goals.push({ goalId: String(d.goalId), title: text(d.title) ?? '' });
        break;
      case 'KpiDefined':
        c.kpis.set(String(d.kpiId), {
          kpiId: String(d.kpiId),
          goalId: typeof d.goalId === 'string' ? d.goalId : null,
          name: text(d.name) ?? '',
          unit: text(d.unit) ?? '',
          baseline: { value: Number(d.baseline?.value), source: text(d.baseline?.source) ?? '', year: Number(d.baseline?.year) },
          target:
            typeof d.target?.changePercent === 'number'
              ? { changePercent: d.target.changePercent, by: String(d.target.by) }
              : { value: Number(d.target?.value), by: String(d.target?.by) },
          measurements: [],
          source,
        });
        break;
      case 'MeasurementRecorded':
        c.kpis.get(String(d.kpiId))?.measurements.push({ value: Number(d.value), source: text(d.source) ?? '', measuredAt: String(d.measuredAt), event: source });
        break;
      case 'KpiExplained': {
        const kpi = c.kpis.get(String(d.kpiId));
        if (kpi) kpi.explanation = text(d.reason) ?? '';
        break;
      }
      case 'PlanApproved':
        c.phase = 'do';
        break;
      case 'CheckStarted':
        c.phase = 'check';
        break;
      case 'CheckCompleted':
        c.phase = 'act';
        break;
      case 'CycleClosed':
        c.phase = 'closed';
        break;
      case 'CycleCancelled':
        c.phase = 'cancelled';
        break;
      case 'EvidenceAdded': {
        // Member by member: members after a spread take V8's slow path, on every evidence event.
        const item: CycleEvidence = {
          evidenceId: String(d.evidenceId),
          title: text(d.title) ?? '',
          kind: String(d.kind),
          effectiveAt: String(d.effectiveAt ?? event.metadata?.time.slice(0, 10)),
        } as CycleEvidence;
        for (const key of ['uri', 'sha256', 'documentId', 'summary'] as const) {
          const value = text(d[key]);
          if (value !== undefined) item[key] = value;
        }
        item.criteria = Array.isArray(d.criteria) ? d.criteria.map(String) : [];
        if (Array.isArray(d.tags)) item.tags = d.tags.map(String);
        item.source = source;
        c.evidence.set(item.evidenceId, item);
        break;
      }
      case 'FindingRecorded':
        c.findings.set(String(d.findingId), {
          findingId: String(d.findingId),
          title: text(d.title) ?? '',
          assessment: d.assessment as Assessment,
          evidenceIds: Array.isArray(d.evidenceIds) ? d.evidenceIds.map(String) : [],
          source,
        });
        break;
      case 'FindingAccepted': {
        const f = c.findings.get(String(d.findingId));
        if (f) f.acceptance = { rationale: text(d.rationale) ?? '', source };
        break;
      }
      case 'ReviewHeld':
        c.reviews.push({ reviewId: String(d.reviewId), body: text(d.body) ?? '', date: String(d.date), source });
        break;
      case 'OutcomeCommunicated':
        c.communications += 1;
        break;
      case 'ActionDecided':
        c.actionOrigin.set(String(d.actionId), id);
        this.recordAction(id, d, source, true);
        break;
      case 'ActionsCarriedOver':
        for (const a of Array.isArray(d.actions) ? (d.actions as Record<string, any>[]) : []) {
          c.actionOrigin.set(String(a.actionId), String(a.fromCycleId));
          this.recordAction(String(a.fromCycleId), a, source, false);
        }
        break;
      case 'ActionCompleted': {
        const key = actionKey(c.actionOrigin.get(String(d.actionId)) ?? id, String(d.actionId));
        if (!this.completedActions.has(key)) this.completedActions.set(key, source);
        break;
      }
      case 'ActionOverdue':
        this.overdueActions.add(actionKey(c.actionOrigin.get(String(d.actionId)) ?? id, String(d.actionId)));
        break;
    }
  }

  /** The decision and a carry describe the same action; the decision's provenance wins whatever comes first. */
  private recordAction(originCycleId: string, d: Record<string, any>, source: Source, decided: boolean): void {
    const key = actionKey(originCycleId, String(d.actionId));
    const existing = this.actions.get(key);
    if (existing && ((existing.decided && !decided) || (existing.decided === decided && compareSources(existing.source, source) <= 0))) return;
    this.actions.set(key, {
      key,
      originCycleId,
      actionId: String(d.actionId),
      findingId: String(d.findingId),
      title: text(d.title) ?? '',
      ...optional('owner', text(d.owner)),
      due: String(d.due),
      source,
      decided,
    });
  }
}

export function sourceOf(event: StoredEvent): Source {
  return { streamId: event.streamId, revision: Number(event.revision), eventId: event.id, position: event.position.toString() };
}

export function actionKey(originCycleId: string, actionId: string): string {
  return `${originCycleId}/${actionId}`;
}

/** Positive when a sorts after b by (stream id, revision). */
export function compareSources(a: Source, b: Source): number {
  if (a.streamId !== b.streamId) return a.streamId < b.streamId ? -1 : 1;
  return a.revision - b.revision;
}

const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
const DIGITS_AT = [0, 1, 2, 3, 5, 6, 8, 9];
/** `YYYY-MM-DD`, by hand: it is asked of every event, and a regular expression costs more. */
function isDate(v: unknown): v is string {
  if (typeof v !== 'string' || v.length !== 10 || v.charCodeAt(4) !== 0x2d || v.charCodeAt(7) !== 0x2d) return false;
  for (const i of DIGITS_AT) if (!isDigit(v.charCodeAt(i))) return false;
  return true;
}

/**
 * When an event applies, as a date: its data's `effectiveAt`, `receivedOn` (a signal), `date` or `measuredAt` when that is
 * a date (a visit on 3 May recorded on 9 May belongs to May), else the day it was recorded.
 */
export function effectiveDay(event: StoredEvent): string {
  const d = event.data as Record<string, unknown> | null;
  if (d) {
    if (isDate(d.effectiveAt)) return d.effectiveAt;
    if (isDate(d.receivedOn)) return d.receivedOn;
    if (typeof d.period === 'string') return noLaterThanPeriod(d.period, isDate(d.date) ? d.date : recordedDay(event));
    if (isDate(d.date)) return d.date;
    if (isDate(d.measuredAt)) return d.measuredAt;
  }
  return recordedDay(event);
}

const recordedDay = (event: StoredEvent) => (event.metadata?.time ?? event.created.toISOString()).slice(0, 10);

/**
 * An event about a named period (a LEOH evaluation of `2026-H1`) applies on the day it was filled
 * in, but no later than the period's last day: filled in or typed in on 3 July, it belongs to June.
 */
function noLaterThanPeriod(period: string, day: string): string {
  const end = periodEnd(period);
  return end !== undefined && end < day ? end : day;
}

/** A period's last day, remembered: a history names few periods, and a LEOH evaluation asks for one each. */
const periodEnds = new Map<string, string | undefined>();
function periodEnd(period: string): string | undefined {
  if (periodEnds.has(period)) return periodEnds.get(period);
  const end = daysOfPeriod(period)?.to;
  if (periodEnds.size < 4096) periodEnds.set(period, end);
  return end;
}

/** Free text as stored; a sealed (personal) value is never copied into a dossier. */
function text(value: unknown): string | undefined {
  if (value === undefined || value === null || isSealed(value)) return undefined;
  return typeof value === 'string' ? value : undefined;
}

function optional<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: string };
}
