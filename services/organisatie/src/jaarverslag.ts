/**
 * The year report (jaarverslag) built from the cycles' events, in the INK structure the AMC report
 * uses (seeds: "Jaarverslag 2020 - juni 2021"): per goal, on the left what the organisation puts in —
 * strategie en beleid, medewerkers, middelen, processen — and on the right the results for staf,
 * opleiders, aios, maatschappij and financiers. The rules that put a cycle's parts under each
 * heading are in services/organisatie/README.md; they are plain functions so they can be tested.
 */
import type { Action, Activity, CycleContext, Evidence, Finding, Kpi } from '@gearbox/kernel';

export const RESULT_GROUPS = ['staf', 'opleiders', 'aios', 'maatschappij', 'financiers'] as const;
export type ResultGroup = (typeof RESULT_GROUPS)[number];

export interface CycleInYear {
  id: string;
  phase: string;
  context: CycleContext;
}

export interface KpiResult {
  kpiId: string;
  name: string;
  unit: string;
  baseline: Kpi['baseline'];
  target: Kpi['target'];
  /** The latest measurement in the year, if any. */
  measured: { value: number; measuredAt: string; source: string } | null;
  explanation: string | null;
  /** Reached the target (higher is better unless the target lies below the baseline). */
  reached: boolean | null;
}

export interface DoelVerslag {
  cycle: { id: string; kind: string; title: string; period: { from: string; to: string }; phase: string };
  goal: { goalId: string; title: string; description: string | null };
  organisatie: { strategieEnBeleid: string[]; medewerkers: string[]; middelen: string[]; processen: string[] };
  resultaten: Record<ResultGroup, KpiResult[]>;
}

export interface Jaarverslag {
  institute: string;
  year: number;
  structure: 'INK';
  doelen: DoelVerslag[];
  managementReviews: { held: { date: string; cycle: string }[]; overdue: { due: string; cycle: string }[] };
  findings: { cycle: string; title: string; assessment: Finding['assessment']; accepted: boolean }[];
  actions: { cycle: string; title: string; due: string; status: Action['status']; overdue: boolean }[];
  cycles: { total: number; closed: number };
}

const KEYWORDS: [RegExp, ResultGroup][] = [
  [/financ|budget|kosten|subsidie/i, 'financiers'],
  [/maatschappij|patiënt|patient|regio|zorg in de wijk/i, 'maatschappij'],
  [/\baios\b|derdejaars|tweedejaars|eerstejaars|opleidingsklimaat/i, 'aios'],
  [/opleider/i, 'opleiders'],
  [/docent|staf|medewerker|verzuim|formatie/i, 'staf'],
];
const BY_KIND: Record<string, ResultGroup> = { opleiders: 'opleiders', docenten: 'staf', leeromgeving: 'aios', curriculum: 'aios', organisatie: 'staf' };

/** Which stakeholder a KPI speaks for: by words in its name, else by the kind of its cycle. */
export function resultGroupOf(kpi: Pick<Kpi, 'name'>, kind: string): ResultGroup {
  return KEYWORDS.find(([pattern]) => pattern.test(kpi.name))?.[1] ?? BY_KIND[kind] ?? 'staf';
}

const inYear = (date: string, year: number) => date.startsWith(`${year}-`);
const overlaps = (period: { from: string; to: string }, year: number) => period.from <= `${year}-12-31` && period.to >= `${year}-01-01`;

function kpiResult(kpi: Kpi, year: number): KpiResult {
  const measured = kpi.measurements.filter((m) => inYear(m.measuredAt, year)).sort((a, b) => a.measuredAt.localeCompare(b.measuredAt)).at(-1);
  const higherIsBetter = kpi.target.value >= kpi.baseline.value;
  return {
    kpiId: kpi.kpiId,
    name: kpi.name,
    unit: kpi.unit,
    baseline: kpi.baseline,
    target: kpi.target,
    measured: measured ? { value: measured.value, measuredAt: measured.measuredAt, source: measured.source } : null,
    explanation: kpi.explanation ?? null,
    reached: measured ? (higherIsBetter ? measured.value >= kpi.target.value : measured.value <= kpi.target.value) : null,
  };
}

const activityLine = (a: Activity) => `${a.title} — ${a.status === 'open' ? `open, gepland ${a.due}${a.overdue ? ', te laat' : ''}` : a.status === 'completed' ? 'afgerond' : 'vervallen'}`;
const evidenceLine = (e: Evidence) => `${e.title} (${e.kind}, ${e.effectiveAt})`;

export function buildJaarverslag(institute: string, year: number, cycles: CycleInYear[]): Jaarverslag {
  const running = cycles.filter((c) => c.phase !== 'cancelled' && overlaps(c.context.period, year));
  const doelen: DoelVerslag[] = [];
  for (const { id, phase, context: c } of running) {
    const resultaten = Object.fromEntries(RESULT_GROUPS.map((g) => [g, [] as KpiResult[]])) as Record<ResultGroup, KpiResult[]>;
    for (const kpi of c.kpis) resultaten[resultGroupOf(kpi, c.kind)].push(kpiResult(kpi, year));
    const organisatie = {
      strategieEnBeleid: [`${c.title} (${c.period.from} t/m ${c.period.to}), fase ${phase}`],
      medewerkers: c.activities.map(activityLine),
      middelen: c.evidence.filter((e) => inYear(e.effectiveAt, year)).map(evidenceLine),
      processen: [
        ...c.reviews.filter((r) => inYear(r.date, year)).map((r) => `Besproken in ${r.body} op ${r.date}`),
        ...c.findings.map((f) => `Bevinding: ${f.title} (${f.assessment})`),
        ...c.actions.map((a) => `Verbeteractie: ${a.title} (${a.status === 'open' ? `open, gepland ${a.due}` : 'afgerond'})`),
      ],
    };
    for (const goal of c.goals) {
      doelen.push({
        cycle: { id, kind: c.kind, title: c.title, period: c.period, phase },
        goal: { goalId: goal.goalId, title: goal.title, description: goal.description ?? null },
        organisatie,
        resultaten,
      });
    }
  }
  const organisatieCycles = running.filter((c) => c.context.kind === 'organisatie');
  return {
    institute,
    year,
    structure: 'INK',
    doelen,
    managementReviews: {
      held: organisatieCycles.flatMap((c) =>
        c.context.reviews.filter((r) => r.body === 'management-review' && inYear(r.date, year)).map((r) => ({ date: r.date, cycle: c.context.title })),
      ),
      overdue: organisatieCycles.flatMap((c) => (c.context.managementReview?.overdue ?? []).filter((d) => inYear(d, year)).map((due) => ({ due, cycle: c.context.title }))),
    },
    findings: running.flatMap((c) => c.context.findings.map((f) => ({ cycle: c.context.title, title: f.title, assessment: f.assessment, accepted: Boolean(f.acceptance) }))),
    actions: running.flatMap((c) =>
      [...c.context.actions, ...c.context.carriedOver].map((a) => ({ cycle: c.context.title, title: a.title, due: a.due, status: a.status, overdue: a.overdue })),
    ),
    cycles: { total: running.length, closed: running.filter((c) => c.phase === 'closed').length },
  };
}
