/**
 * From the projection's aggregates to the dossier: the framework's domains and criteria, with the
 * mapping in force at the dossier's position applied, for one period. The rules (status per
 * criterion, what is open, what a gap is) are documented in docs/gear.md; change them there too.
 *
 * Everything is sorted by keys that do not depend on the global order of streams (dates, stream
 * ids, revisions), so any interleaving of independent streams gives the same dossier content.
 */
import type { InstituteSetting } from '@gearbox/kernel';
import { indexCriteria, type Framework } from './framework.ts';
import type { Mapping } from './mapping-rules.ts';
import type { MappingInForce } from './mapping.ts';
import { compareSources, type Assessment, type CycleState, type GearState, type Source } from './projection.ts';
import { afwijkingOf, type CriterionReflection, type DomainReflection } from './zelfevaluatie.ts';

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
  title: string;
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
  name: string;
  unit: string;
  baseline: { value: number; source: string; year: number };
  target: { value: number; by: string };
  measurements: { value: number; source: string; measuredAt: string; event: Source }[];
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
  findings: DossierFinding[];
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
  kpis: DossierKpi[];
  openFindings: number;
  openActions: number;
  findings: DossierFinding[];
  actions: DossierAction[];
  cycles: { total: number; closed: number };
  cycleList: DossierCycle[];
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
  summary: Record<Status, number> & { criteria: number; gaps: number; openFindings: number; openActions: number };
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
  const allFindings: DossierFinding[] = [];
  for (const c of cycles) {
    const fallback = kindRule(c.kind)?.criteria ?? [];
    const criteriaOf = (codes: string[]) => (codes.length ? codes : fallback);
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
        source: e.source,
      };
      for (const code of new Set(criteriaOf(e.criteria))) {
        if (criterion.has(code)) add(evidenceOf, code, item);
        else add(unknown, code, id);
      }
    }
    const cancelled = c.phase === 'cancelled';
    for (const f of c.findings.values()) {
      // A finding is about the criteria of the evidence it cites; citing none, about its kind's default criteria.
      const cited = f.evidenceIds.flatMap((eid) => c.evidence.get(eid)?.criteria ?? []);
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
      allFindings.push(finding);
      if (!overlaps(c, period)) continue;
      for (const code of codes) if (criterion.has(code)) add(findingsOf, code, finding);
    }
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
        source: latest!,
      });
    }
    for (const line of lines) for (const code of rule.criteria) if (criterion.has(code)) add(evidenceOf, code, line);
  }

  const actionsAll: (DossierAction & { kind: string; overlapping: boolean; cancelled: boolean })[] = [];
  for (const a of [...state.actions.values()].sort(bySource)) {
    const origin = state.cycles.get(a.originCycleId);
    if (!origin) continue;
    const completed = state.completedActions.get(a.key);
    actionsAll.push({
      id: a.key,
      actionId: a.actionId,
      findingId: a.findingId,
      title: a.title,
      due: a.due,
      status: completed ? 'afgerond' : 'open',
      overdue: !completed && state.overdueActions.has(a.key),
      cycle: cycleRef(origin),
      source: a.source,
      ...(completed ? { completed } : {}),
      kind: origin.kind,
      overlapping: overlaps(origin, period),
      cancelled: origin.phase === 'cancelled',
    });
  }

  const summary = { criteria: 0, gaps: 0, openFindings: 0, openActions: 0, ...Object.fromEntries(STATUSES.map((s) => [s, 0])) } as Dossier['summary'];
  const gaps: Dossier['gaps'] = [];
  const themeCriteria: Dossier['theme']['criteria'] = [];
  const domains: DossierDomain[] = framework.domains.map((domain) => {
    const feeds = (kind: string) => kindRule(kind)?.domains.includes(domain.id) ?? false;
    const criteria = domain.criteria.map((c): DossierCriterion => {
      const evidence = (evidenceOf.get(c.code) ?? []).sort(byDayThenSource);
      const findings = (findingsOf.get(c.code) ?? []).sort(bySource);
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
        findings,
        zelfevaluatie,
        afwijking: reden !== undefined,
        ...(reden !== undefined ? { afwijkingReden: reden } : {}),
      };
    });
    const domainCycles = cycles.filter((c) => feeds(c.kind) && overlaps(c, period));
    const openFindings = allFindings.filter((f) => f.open && feeds(f.cycle.kind));
    const actions = actionsAll.filter((a) => feeds(a.kind) && (a.overlapping || (a.status === 'open' && !a.cancelled)));
    const openActions = actions.filter((a) => a.status === 'open' && !a.cancelled);
    summary.openFindings += openFindings.length;
    summary.openActions += openActions.length;
    return {
      id: domain.id,
      code: domain.code,
      title: domain.title,
      sheet: domain.sheet,
      core: domain.core,
      zelfevaluatie: state.zelfevaluaties.domains.get(domain.id) ?? null,
      criteria,
      kpis: domainCycles.flatMap((c) =>
        [...c.kpis.values()].sort(bySource).map((k) => ({
          id: `${c.id}/${k.kpiId}`,
          kpiId: k.kpiId,
          name: k.name,
          unit: k.unit,
          baseline: k.baseline,
          target: k.target,
          measurements: k.measurements,
          ...(k.explanation !== undefined ? { explanation: k.explanation } : {}),
          cycle: cycleRef(c),
          source: k.source,
        })),
      ),
      openFindings: openFindings.length,
      openActions: openActions.length,
      findings: openFindings,
      actions: actions.map(({ kind: _k, overlapping: _o, cancelled: _c, ...a }) => a),
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
