/**
 * From the projection's aggregates to the dossier: the framework's domains and criteria, with the
 * mapping in force at the dossier's position applied, for one period. The rules (status per
 * criterion, what is open, what a gap is) are documented in docs/gear.md; change them there too.
 *
 * Everything is sorted by keys that do not depend on the global order of streams (dates, stream
 * ids, revisions), so any interleaving of independent streams gives the same dossier content.
 */
import type { InstituteSetting } from '@gearbox/kernel';
import { PROGRESS, targetValueOf, withProgress, type KpiMeasurement, type KpiTarget, type Progress } from '@gearbox/cycles';
import { indexCriteria, type Framework } from './framework.ts';
import type { Mapping } from './mapping-rules.ts';
import type { MappingInForce } from './mapping.ts';
import { compareSources, type Assessment, type CycleKpi, type CycleState, type GearState, type Source } from './projection.ts';
import { afwijkingOf, type CriterionReflection, type DomainReflection } from './zelfevaluatie.ts';
import { countedOrigin, cycleEvidenceOrigin } from './present.ts';

export const STATUSES = ['geen-bewijs', 'in-uitvoering', 'voldoet', 'voldoet-deels', 'voldoet-niet'] as const;
export type Status = (typeof STATUSES)[number];

export const STATUS_LABELS: Record<Status, string> = {
  'geen-bewijs': 'geen bewijs',
  'in-uitvoering': 'in uitvoering',
  voldoet: 'voldoet',
  'voldoet-deels': 'voldoet deels',
  'voldoet-niet': 'voldoet niet',
};

export const ASSESSMENT_LABELS: Record<Assessment, string> = { voldoet: 'voldoet', deels: 'voldoet deels', 'voldoet-niet': 'voldoet niet' };

const STATUS_OF: Record<Assessment, Status> = { voldoet: 'voldoet', deels: 'voldoet-deels', 'voldoet-niet': 'voldoet-niet' };
const SEVERITY: Record<Assessment, number> = { voldoet: 0, deels: 1, 'voldoet-niet': 2 };

export interface Period {
  from: string | null;
  to: string | null;
}

export interface DossierEvidence {
  id: string;
  title: string;
  kind: string;
  /** The day it applies; for a counted event type, the last such day in the period. */
  effectiveAt: string;
  /** Only for a counted event type: how many events in the period, from which day. */
  count?: number;
  effectiveFrom?: string;
  uri?: string;
  sha256?: string;
  summary?: string;
  cycle?: { id: string; title: string; kind: string };
  /** Where it came from, in words with dd-mm-jjjj dates: "Cyclus Curriculum 2026, enquête van 30-06-2026". */
  herkomst: string;
  source: Source;
}

export interface DossierFinding {
  id: string;
  findingId: string;
  title: string;
  assessment: Assessment;
  cycle: { id: string; title: string; kind: string };
  criteria: string[];
  accepted: boolean;
  acceptance?: string;
  open: boolean;
  source: Source;
}

export interface DossierAction {
  id: string;
  actionId: string;
  findingId: string;
  /** The finding's id in the dossier (`<cycle id>/<finding id>`). */
  finding: string;
  title: string;
  /** Only when not sealed as personal data. */
  owner?: string;
  due: string;
  status: 'open' | 'afgerond';
  overdue: boolean;
  cycle: { id: string; title: string; kind: string };
  source: Source;
  completed?: Source;
}

export interface DossierKpi {
  id: string;
  kpiId: string;
  goalId: string | null;
  name: string;
  unit: string;
  baseline: { value: number; source: string; year: number };
  /** As set: absolute `{value, by}` or relative `{changePercent, by}`. */
  target: KpiTarget;
  /** The target as a number (a relative one computed on the baseline), as services/cycles computes it. */
  targetValue: number;
  measurements: { value: number; source: string; measuredAt: string; event: Source }[];
  latest: KpiMeasurement | null;
  progress: Progress;
  explanation?: string;
  cycle: { id: string; title: string; kind: string };
  source: Source;
}

export interface DossierCycle {
  id: string;
  kind: string;
  title: string;
  period: { from: string; to: string };
  scope: string | null;
  phase: string;
  evidence: number;
  findings: number;
  reviews: { reviewId: string; body: string; date: string }[];
  source: Source;
}

export interface DossierCriterion {
  code: string;
  title: string;
  theme?: string;
  status: Status;
  evidence: DossierEvidence[];
  /** The KPIs of the cycles whose evidence or findings are about this criterion. */
  kpis: DossierKpi[];
  findings: DossierFinding[];
  /** The improvement actions decided on its findings. */
  actions: DossierAction[];
  /** The institute's own reflection in force at the dossier's position, null when none. */
  zelfevaluatie: CriterionReflection | null;
  /** True when its oordeel and `status` disagree (afwijkingOf), with the reason in Dutch. */
  afwijking: boolean;
  afwijkingReden?: string;
}

export interface DossierDomain {
  id: string;
  code: string;
  title: string;
  /** Its worksheet's name in dossier.xlsx. */
  sheet: string;
  core: boolean;
  zelfevaluatie: DomainReflection | null;
  criteria: DossierCriterion[];
  /** Every KPI, finding and action of its criteria, once however many criteria it touches. */
  summary: DomainSummary;
  kpis: DossierKpi[];
  openFindings: number;
  openActions: number;
  /** Its criteria's open findings, each once. */
  findings: DossierFinding[];
  actions: DossierAction[];
  cycles: { total: number; closed: number };
  cycleList: DossierCycle[];
}

export interface DomainSummary {
  statuses: Record<Status, number>;
  openFindings: number;
  openActions: number;
  overdueActions: number;
  kpis: Record<Progress, number>;
}

export interface Dossier {
  dossier: 'GEAR';
  institute: string;
  /** The institute setting's display name at the dossier's position (the tenant id when none was set). */
  instituteName: string;
  instituteContact?: NonNullable<InstituteSetting['contact']>;
  framework: string;
  version: string;
  frameworkTitle: string;
  frameworkStatus: string;
  frameworkNote: string;
  period: Period;
  asOf: string;
  position: string;
  eventCount: number;
  chainHead: string | null;
  mapping: { source: MappingInForce['source']; revision: number; eventId: string | null; changedAt: string | null; rules: Mapping };
  theme: { id: string; title: string; description: string; criteria: { code: string; domain: string; status: Status }[] };
  /** Findings and actions counted once, however many domains they touch. */
  summary: Record<Status, number> & { criteria: number; gaps: number; openFindings: number; openActions: number; overdueActions: number };
  domains: DossierDomain[];
  gaps: { code: string; title: string; domain: string }[];
  /** Criterion codes named by evidence that the framework does not have: shown, not dropped. */
  unknownCriteria: { code: string; evidence: string[] }[];
}

export interface DossierInput {
  institute: string;
  /** The institute setting in force at `position`; without one the tenant id is the name. */
  setting?: InstituteSetting;
  framework: Framework;
  mapping: MappingInForce;
  period: Period;
  asOf: string;
  position: string;
  eventCount: number;
  chainHead: string | null;
}

const inPeriod = (day: string, p: Period) => (p.from === null || day >= p.from) && (p.to === null || day <= p.to);
const overlaps = (c: CycleState, p: Period) => (p.to === null || c.period.from <= p.to) && (p.from === null || c.period.to >= p.from);
const cycleRef = (c: CycleState) => ({ id: c.id, title: c.title, kind: c.kind });
const bySource = <T extends { source: Source }>(a: T, b: T) => compareSources(a.source, b.source);

function byDayThenSource(a: DossierEvidence, b: DossierEvidence): number {
  if (a.effectiveAt !== b.effectiveAt) return a.effectiveAt < b.effectiveAt ? -1 : 1;
  return compareSources(a.source, b.source) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

export function buildDossier(state: GearState, input: DossierInput): Dossier {
  const { framework, period } = input;
  const rules = input.mapping.mapping;
  const { criterion } = indexCriteria(framework);
  const kindRule = (kind: string) => (Object.hasOwn(rules.cycleKinds, kind) ? rules.cycleKinds[kind] : undefined);

  const evidenceOf = new Map<string, DossierEvidence[]>();
  const findingsOf = new Map<string, DossierFinding[]>();
  const unknown = new Map<string, string[]>();
  const add = <T>(map: Map<string, T[]>, code: string, item: T) => {
    const list = map.get(code);
    if (list) list.push(item);
    else map.set(code, [item]);
  };

  const cycles = [...state.cycles.values()].sort(bySource);
  const allFindings = new Map<string, DossierFinding>();
  /** Per cycle the criteria its evidence and findings in the period are about: where its KPIs show. */
  const cycleCriteria = new Map<string, Set<string>>();
  for (const c of cycles) {
    const fallback = kindRule(c.kind)?.criteria ?? [];
    const criteriaOf = (codes: string[]) => (codes.length ? codes : fallback);
    // Tagged evidence also counts for the criteria its kind's rule gives the tag (mapping-rules.ts).
    const tagged = kindRule(c.kind)?.tags ?? {};
    const named = (e: { criteria: string[]; tags?: string[] } | undefined) =>
      e ? [...e.criteria, ...(e.tags ?? []).flatMap((t) => (Object.hasOwn(tagged, t) ? tagged[t]! : []))] : [];
    const about = new Set<string>();
    cycleCriteria.set(c.id, about);
    for (const e of c.evidence.values()) {
      const id = `${c.id}/${e.evidenceId}`;
      if (!inPeriod(e.effectiveAt, period)) continue;
      const item: DossierEvidence = {
        id,
        title: e.title,
        kind: e.kind,
        effectiveAt: e.effectiveAt,
        ...(e.uri ? { uri: e.uri } : {}),
        ...(e.sha256 ? { sha256: e.sha256 } : {}),
        ...(e.summary ? { summary: e.summary } : {}),
        cycle: cycleRef(c),
        herkomst: cycleEvidenceOrigin(c.title, e.kind, e.effectiveAt),
        source: e.source,
      };
      for (const code of new Set(criteriaOf(named(e)))) {
        about.add(code);
        if (criterion.has(code)) add(evidenceOf, code, item);
        else add(unknown, code, id);
      }
    }
    const cancelled = c.phase === 'cancelled';
    for (const f of c.findings.values()) {
      // A finding is about the criteria of the evidence it cites; citing none, about its kind's default criteria.
      const cited = f.evidenceIds.flatMap((eid) => named(c.evidence.get(eid)));
      const codes = [...new Set(criteriaOf(cited))].sort();
      const actions = [...state.actions.values()].filter((a) => a.originCycleId === c.id && a.findingId === f.findingId);
      const resolved = actions.length > 0 && actions.every((a) => state.completedActions.has(a.key));
      const finding: DossierFinding = {
        id: `${c.id}/${f.findingId}`,
        findingId: f.findingId,
        title: f.title,
        assessment: f.assessment,
        cycle: cycleRef(c),
        criteria: codes,
        accepted: f.acceptance !== undefined,
        ...(f.acceptance ? { acceptance: f.acceptance.rationale } : {}),
        open: !cancelled && f.assessment !== 'voldoet' && !f.acceptance && !resolved,
        source: f.source,
      };
      allFindings.set(finding.id, finding);
      if (!overlaps(c, period)) continue;
      for (const code of codes) {
        about.add(code);
        if (criterion.has(code)) add(findingsOf, code, finding);
      }
    }
    if (about.size === 0) for (const code of fallback) about.add(code);
  }

  // Event types counted per effective day; a rule turns the days in the period into one evidence line.
  for (const rule of rules.eventTypes) {
    const lines: DossierEvidence[] = [];
    for (const [key, days] of state.typeDays) {
      const [category, type] = key.split('\u0000') as [string, string];
      if (type !== rule.eventType || (rule.category !== undefined && rule.category !== category)) continue;
      let count = 0;
      let first: string | undefined;
      let last: string | undefined;
      let latest: Source | undefined;
      for (const [day, d] of days) {
        if (!inPeriod(day, period)) continue;
        count += d.count;
        if (first === undefined || day < first) first = day;
        if (last === undefined || day > last || (day === last && compareSources(d.latest, latest!) > 0)) {
          last = day;
          latest = d.latest;
        }
      }
      if (count === 0) continue;
      lines.push({
        id: `${category}:${type}`,
        title: rule.title,
        kind: rule.kind,
        effectiveAt: last!,
        count,
        effectiveFrom: first!,
        herkomst: countedOrigin(category, count, first!, last!),
        source: latest!,
      });
    }
    for (const line of lines) for (const code of rule.criteria) if (criterion.has(code)) add(evidenceOf, code, line);
  }

  const actionsOf = new Map<string, DossierAction[]>();
  for (const a of [...state.actions.values()].sort(bySource)) {
    const origin = state.cycles.get(a.originCycleId);
    if (!origin) continue;
    const completed = state.completedActions.get(a.key);
    const open = !completed && origin.phase !== 'cancelled';
    // An action from a cycle outside the period shows only while it is still open.
    if (!overlaps(origin, period) && !open) continue;
    const finding = `${a.originCycleId}/${a.findingId}`;
    const action: DossierAction = {
      id: a.key,
      actionId: a.actionId,
      findingId: a.findingId,
      finding,
      title: a.title,
      ...(a.owner !== undefined ? { owner: a.owner } : {}),
      due: a.due,
      status: completed ? 'afgerond' : 'open',
      overdue: !completed && state.overdueActions.has(a.key),
      cycle: cycleRef(origin),
      source: a.source,
      ...(completed ? { completed } : {}),
    };
    const codes = allFindings.get(finding)?.criteria ?? kindRule(origin.kind)?.criteria ?? [];
    for (const code of codes) if (criterion.has(code)) add(actionsOf, code, action);
  }

  const kpisOf = new Map<string, DossierKpi[]>();
  for (const c of cycles) {
    if (!overlaps(c, period)) continue;
    for (const k of [...c.kpis.values()].sort(bySource)) {
      const kpi = dossierKpi(c, k, period);
      for (const code of [...cycleCriteria.get(c.id)!].sort()) if (criterion.has(code)) add(kpisOf, code, kpi);
    }
  }

  const summary = { criteria: 0, gaps: 0, openFindings: 0, openActions: 0, overdueActions: 0, ...Object.fromEntries(STATUSES.map((s) => [s, 0])) } as Dossier['summary'];
  const openActionsAll = new Map<string, DossierAction>();
  const openFindingsAll = new Set<string>();
  const gaps: Dossier['gaps'] = [];
  const themeCriteria: Dossier['theme']['criteria'] = [];
  const domains: DossierDomain[] = framework.domains.map((domain) => {
    const feeds = (kind: string) => kindRule(kind)?.domains.includes(domain.id) ?? false;
    const criteria = domain.criteria.map((c): DossierCriterion => {
      const evidence = (evidenceOf.get(c.code) ?? []).sort(byDayThenSource);
      const findings = (findingsOf.get(c.code) ?? []).sort(bySource);
      const kpis = kpisOf.get(c.code) ?? [];
      const actions = actionsOf.get(c.code) ?? [];
      const status = statusOf(evidence.length, findings);
      summary.criteria += 1;
      summary[status] += 1;
      if (evidence.length === 0) {
        summary.gaps += 1;
        gaps.push({ code: c.code, title: c.title, domain: domain.id });
      }
      if (c.theme === framework.theme.id) themeCriteria.push({ code: c.code, domain: domain.id, status });
      const zelfevaluatie = state.zelfevaluaties.criteria.get(c.code) ?? null;
      const reden = zelfevaluatie ? afwijkingOf(zelfevaluatie.oordeel, status) : undefined;
      return {
        code: c.code,
        title: c.title,
        ...(c.theme ? { theme: c.theme } : {}),
        status,
        evidence,
        kpis,
        findings,
        actions,
        zelfevaluatie,
        afwijking: reden !== undefined,
        ...(reden !== undefined ? { afwijkingReden: reden } : {}),
      };
    });
    const domainCycles = cycles.filter((c) => feeds(c.kind) && overlaps(c, period));
    const kpis = once(criteria.flatMap((c) => c.kpis));
    const openFindings = once(criteria.flatMap((c) => c.findings)).filter((f) => f.open);
    const actions = once(criteria.flatMap((c) => c.actions));
    const openActions = actions.filter((a) => a.status === 'open' && state.cycles.get(a.cycle.id)?.phase !== 'cancelled');
    for (const f of openFindings) openFindingsAll.add(f.id);
    for (const a of openActions) openActionsAll.set(a.id, a);
    const statuses = Object.fromEntries(STATUSES.map((st) => [st, criteria.filter((c) => c.status === st).length])) as Record<Status, number>;
    const byProgress = Object.fromEntries(PROGRESS.map((p) => [p, kpis.filter((k) => k.progress === p).length])) as Record<Progress, number>;
    return {
      id: domain.id,
      code: domain.code,
      title: domain.title,
      sheet: domain.sheet,
      core: domain.core,
      zelfevaluatie: state.zelfevaluaties.domains.get(domain.id) ?? null,
      criteria,
      summary: {
        statuses,
        openFindings: openFindings.length,
        openActions: openActions.length,
        overdueActions: openActions.filter((a) => a.overdue).length,
        kpis: byProgress,
      },
      kpis,
      openFindings: openFindings.length,
      openActions: openActions.length,
      findings: openFindings,
      actions,
      cycles: { total: domainCycles.length, closed: domainCycles.filter((c) => c.phase === 'closed').length },
      cycleList: domainCycles.map((c) => ({
        id: c.id,
        kind: c.kind,
        title: c.title,
        period: c.period,
        scope: c.scope,
        phase: c.phase,
        evidence: c.evidence.size,
        findings: c.findings.size,
        reviews: c.reviews.map(({ reviewId, body, date }) => ({ reviewId, body, date })),
        source: c.source,
      })),
    };
  });

  summary.openFindings = openFindingsAll.size;
  summary.openActions = openActionsAll.size;
  summary.overdueActions = [...openActionsAll.values()].filter((a) => a.overdue).length;

  return {
    dossier: 'GEAR',
    institute: input.institute,
    instituteName: input.setting?.name ?? input.institute,
    ...(input.setting?.contact ? { instituteContact: input.setting.contact } : {}),
    framework: framework.framework,
    version: framework.version,
    frameworkTitle: framework.title,
    frameworkStatus: framework.status,
    frameworkNote: framework.note,
    period,
    asOf: input.asOf,
    position: input.position,
    eventCount: input.eventCount,
    chainHead: input.chainHead,
    mapping: {
      source: input.mapping.source,
      revision: input.mapping.revision,
      eventId: input.mapping.eventId,
      changedAt: input.mapping.changedAt,
      rules: rules,
    },
    theme: { ...framework.theme, criteria: themeCriteria },
    summary,
    domains,
    gaps,
    unknownCriteria: [...unknown].sort(([a], [b]) => (a < b ? -1 : 1)).map(([code, evidence]) => ({ code, evidence: [...new Set(evidence)].sort() })),
  };
}

/** Each item once (by id), in the order first met. */
function once<T extends { id: string }>(items: T[]): T[] {
  return [...new Map(items.map((i) => [i.id, i] as const)).values()];
}

/** A KPI with the measurements taken in the period (by `measuredAt`): its latest and progress are those of the period. */
function dossierKpi(c: CycleState, k: CycleKpi, period: Period): DossierKpi {
  const targetValue = targetValueOf(k.baseline, k.target);
  const measurements = k.measurements.filter((m) => inPeriod(m.measuredAt, period));
  const { latest, progress } = withProgress({ baseline: k.baseline, target: k.target, targetValue, measurements });
  return {
    id: `${c.id}/${k.kpiId}`,
    kpiId: k.kpiId,
    goalId: k.goalId,
    name: k.name,
    unit: k.unit,
    baseline: k.baseline,
    target: k.target,
    targetValue,
    measurements,
    latest,
    progress,
    ...(k.explanation !== undefined ? { explanation: k.explanation } : {}),
    cycle: cycleRef(c),
    source: k.source,
  };
}

/**
 * The status rule (docs/gear.md): the worst assessment among the criterion's findings in the
 * period; without findings, "in uitvoering" when there is evidence, else "geen bewijs". Worst
 * wins because it is the conservative reading and does not depend on which cycle came first.
 */
export function statusOf(evidenceCount: number, findings: { assessment: Assessment }[]): Status {
  if (findings.length > 0) {
    const worst = findings.reduce((w, f) => (SEVERITY[f.assessment] > SEVERITY[w] ? f.assessment : w), 'voldoet' as Assessment);
    return STATUS_OF[worst];
  }
  return evidenceCount > 0 ? 'in-uitvoering' : 'geen-bewijs';
}
