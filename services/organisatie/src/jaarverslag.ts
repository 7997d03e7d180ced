/**
 * The year report (jaarverslag) built from the cycles' events, in the INK structure the AMC report
 * uses (seeds: "Jaarverslag 2020 - juni 2021"): per goal, on the left what the organisation puts in —
 * strategie en beleid, medewerkers, middelen, processen — and on the right the results for staf,
 * opleiders, aios, maatschappij and financiers. The rules that put a cycle's parts under a goal and a
 * heading are in services/organisatie/README.md; they are the plain functions below.
 */
import { PHASE_LABELS, progressOf, type Action, type Activity, type CycleContext, type Evidence, type Finding, type Kpi, type Progress } from '@gearbox/cycles';
import { datum, type InstituteSetting } from '@gearbox/kernel';

export const RESULT_GROUPS = ['staf', 'opleiders', 'aios', 'maatschappij', 'financiers'] as const;
export type ResultGroup = (typeof RESULT_GROUPS)[number];
export type InkHeading = 'medewerkers' | 'middelen' | 'processen';

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
  targetValue: number;
  /** Measurements taken in the year, oldest first. */
  measurements: { value: number; measuredAt: string; source: string }[];
  /** The latest of them, if any. */
  measured: { value: number; measuredAt: string; source: string } | null;
  explanation: string | null;
  /** Reached the target (higher is better unless the target lies below the baseline); null: not measured. */
  reached: boolean | null;
  /** Of the year's latest measurement, by the rule of services/cycles/README.md. */
  progress: Progress;
}

export interface EvidenceItem {
  evidenceId: string;
  title: string;
  kind: string;
  effectiveAt: string;
  criteria: string[];
  summary: string | null;
  uri: string | null;
}

export interface DoelVerslag {
  cycle: { id: string; kind: string; title: string; period: { from: string; to: string }; scope: string | null; phase: string };
  /** null: what names none of the cycle's goals: KPIs without goalId, and with several goals the items goalOf places nowhere. */
  goal: { goalId: string; title: string; description: string | null } | null;
  organisatie: { strategieEnBeleid: string[]; medewerkers: string[]; middelen: string[]; processen: string[] };
  resultaten: Record<ResultGroup, KpiResult[]>;
  /** The evidence behind the results, selected on effectiveAt in the year. */
  onderbouwing: EvidenceItem[];
  /**
   * "Behaalde resultaten", in words from the cycle's check and act records: each finding with its
   * judgement (and the MT's acceptance), each improvement action completed with its result, and the
   * outcome as it was shared (in the year).
   */
  behaaldeResultaten: string[];
}

export interface Jaarverslag {
  institute: string;
  /** The institute setting's display name (the tenant id when none is set). */
  instituteName: string;
  contact?: NonNullable<InstituteSetting['contact']>;
  year: number;
  structure: 'INK';
  doelen: DoelVerslag[];
  managementReviews: {
    held: { date: string; cycle: string }[];
    overdue: { due: string; cycle: string }[];
    /** The next review of a running year plan, when it falls in the year and is not overdue yet. */
    planned: { due: string; cycle: string }[];
  };
  findings: { cycle: string; title: string; assessment: Finding['assessment']; accepted: boolean }[];
  actions: { cycle: string; title: string; due: string; status: Action['status']; overdue: boolean }[];
  cycles: { total: number; closed: number };
  /** The national benchmark's KPIs measured in the year (docs/sharing.md), when the server shares. */
  landelijkeVergelijking?: VergelijkingKpi[];
}

/** One KPI of the national benchmark: each institute's latest value; below 5 respondents without it. */
export interface VergelijkingKpi {
  nationalCode?: string;
  name: string;
  unit?: string;
  institutes: { institute: string; own: boolean; measuredAt: string; n?: number; value?: number; suppressed?: true }[];
}

const KPI_WORDS: [RegExp, ResultGroup][] = [
  [/financ|budget|begroting|kosten|subsidie|bestuur/i, 'financiers'],
  [/maatschappij|patiënt|patient|regio|zorg in de wijk|huisartsenzorg/i, 'maatschappij'],
  [/\baios\b|derdejaars|tweedejaars|eerstejaars|opleidingsklimaat/i, 'aios'],
  [/opleider/i, 'opleiders'],
  [/docent|staf|medewerker|verzuim|formatie/i, 'staf'],
];
const KPI_BY_KIND: Record<string, ResultGroup> = { opleiders: 'opleiders', docenten: 'staf', leeromgeving: 'aios', curriculum: 'aios', organisatie: 'staf' };

/** Which stakeholder a KPI speaks for: by words in its name, else by the kind of its cycle. */
export function resultGroupOf(kpi: Pick<Kpi, 'name'>, kind: string): ResultGroup {
  return KPI_WORDS.find(([pattern]) => pattern.test(kpi.name))?.[1] ?? KPI_BY_KIND[kind] ?? 'staf';
}

// The AMC report counts staf and opleiders as "medewerkers"; budgets, systems and rooms as "middelen".
const PEOPLE = /scholing|training|trainen|coach|docent|opleider|\bstaf\b|medewerker|personeel|werving|aanstelling|formatie|intervisie|jaargesprek|functionering|paralleldag|teamdag|werkdruk|ontwikkelaars?\b/i;
const MEANS = /budget|begroting|financ|kosten|subsidie|\bict\b|systeem|software|applicatie|tool|portfolio|website|ruimte|huisvesting|licentie|middelen|apparatuur/i;

/** Where an activity goes on the left side: people first, then means, else a process. */
export function inkHeadingOf(activity: Pick<Activity, 'title'>): InkHeading {
  if (PEOPLE.test(activity.title)) return 'medewerkers';
  if (MEANS.test(activity.title)) return 'middelen';
  return 'processen';
}

/**
 * The goal an activity or evidence id names: the longest goal id that equals it or starts it,
 * followed by `.`, `:`, `-` or `_` (goal `klimaat`, activity `klimaat-enquete`). The kernel does not
 * link them otherwise; a KPI names its goal itself (`goalId`).
 */
export function goalOf(itemId: string, goalIds: readonly string[]): string | undefined {
  let best: string | undefined;
  for (const g of goalIds) {
    const names = itemId === g || (itemId.startsWith(g) && '.:-_'.includes(itemId.charAt(g.length)));
    if (names && (!best || g.length > best.length)) best = g;
  }
  return best;
}

const inYear = (date: string | undefined, year: number) => Boolean(date?.startsWith(`${year}-`));
const overlaps = (period: { from: string; to: string }, year: number) => period.from <= `${year}-12-31` && period.to >= `${year}-01-01`;

const JUDGEMENTS: Record<Finding['assessment'], string> = { voldoet: 'voldoet', deels: 'voldoet deels', 'voldoet-niet': 'voldoet niet' };

export function findingLine(f: Finding): string {
  return `${f.title}: ${JUDGEMENTS[f.assessment]}${f.acceptance ? `; door het MT geaccepteerd: ${f.acceptance.rationale}` : ''}`;
}

export function completedActionLine(a: Action): string {
  return `Verbeteractie afgerond: ${a.title}${a.result ? ` — ${a.result}` : ''}`;
}

const KINDS: Record<string, string> = { opleiders: 'Opleiders', docenten: 'Docenten', leeromgeving: 'Leeromgeving', curriculum: 'Curriculum', organisatie: 'Organisatie' };

export function kpiResult(kpi: Kpi, year: number): KpiResult {
  const measurements = kpi.measurements
    .filter((m) => inYear(m.measuredAt, year))
    .sort((a, b) => a.measuredAt.localeCompare(b.measuredAt))
    .map((m) => ({ value: m.value, measuredAt: m.measuredAt, source: m.source }));
  const measured = measurements.at(-1) ?? null;
  const progress = progressOf(kpi, measured);
  return {
    kpiId: kpi.kpiId,
    name: kpi.name,
    unit: kpi.unit,
    baseline: kpi.baseline,
    target: kpi.target,
    targetValue: kpi.targetValue,
    measurements,
    measured,
    explanation: kpi.explanation ?? null,
    reached: measured ? progress === 'gehaald' : null,
    progress,
  };
}

/** An activity counts in the year it was due or done; one still open from an earlier year too. */
function activityInYear(a: Activity, year: number): boolean {
  return inYear(a.due, year) || inYear(a.completedAt, year) || (a.status === 'open' && a.due < `${year}-01-01`);
}

export function activityLine(a: Activity): string {
  if (a.status === 'completed') return `${a.title} — afgerond`;
  if (a.status === 'waived') return `${a.title} — vervallen`;
  return `${a.title} — open, gepland ${datum(a.due)}${a.overdue ? ', te laat' : ''}`;
}

const evidenceItem = (e: Evidence): EvidenceItem => ({ evidenceId: e.evidenceId, title: e.title, kind: e.kind, effectiveAt: e.effectiveAt, criteria: e.criteria, summary: e.summary ?? null, uri: e.uri ?? null });

/** The sections of one cycle: one per goal, and one for what names no goal (left out when empty). */
export function doelenOf({ id, phase, context: c }: CycleInYear, year: number): DoelVerslag[] {
  const goalIds = c.goals.map((g) => g.goalId);
  // With one goal (or none) everything of the cycle belongs to it; with several, only what names it.
  const sectionOf = (itemId: string): string | null => (goalIds.length === 1 ? goalIds[0]! : (goalOf(itemId, goalIds) ?? null));
  // A KPI names its goal; one defined before KPIs did (goalId null) goes with the other KPIs.
  const kpiSectionOf = (k: Kpi): string | null => (k.goalId !== null && goalIds.includes(k.goalId) ? k.goalId : null);
  const cycle = { id, kind: c.kind, title: c.title, period: c.period, scope: c.scope, phase };
  const cycleLine = `${KINDS[c.kind] ?? c.kind}cyclus ${c.title} (${datum(c.period.from)} t/m ${datum(c.period.to)}${c.scope ? `, ${c.scope}` : ''}), fase ${PHASE_LABELS[phase] ?? phase}`;
  const shared = goalIds.length === 1 ? goalIds[0]! : null;

  const section = (goalId: string | null): DoelVerslag => {
    const goal = c.goals.find((g) => g.goalId === goalId);
    const mine = <T>(items: T[], idOf: (item: T) => string) => items.filter((item) => sectionOf(idOf(item)) === goalId);
    const activities = mine(c.activities, (a) => a.activityId).filter((a) => activityInYear(a, year));
    const left = (h: InkHeading) => activities.filter((a) => inkHeadingOf(a) === h).map(activityLine);
    const resultaten = Object.fromEntries(RESULT_GROUPS.map((g) => [g, [] as KpiResult[]])) as Record<ResultGroup, KpiResult[]>;
    for (const kpi of c.kpis.filter((k) => kpiSectionOf(k) === goalId)) resultaten[resultGroupOf(kpi, c.kind)].push(kpiResult(kpi, year));
    // Reviews and communications belong to the whole cycle.
    const cycleWide = goalId === shared;
    return {
      cycle,
      goal: goal ? { goalId: goal.goalId, title: goal.title, description: goal.description ?? null } : null,
      organisatie: {
        strategieEnBeleid: [...(goal?.description ? [goal.description] : []), goal ? cycleLine : `Gemeenschappelijk voor de doelen van de ${cycleLine}`],
        medewerkers: left('medewerkers'),
        middelen: left('middelen'),
        processen: [
          ...left('processen'),
          ...(cycleWide ? c.reviews.filter((r) => inYear(r.date, year)).map((r) => `Besproken in ${r.body} op ${datum(r.date)}`) : []),
          ...(cycleWide
            ? c.communications.filter((m) => inYear(m.at, year)).map((m) => `Uitkomst gedeeld met ${m.audience.join(', ')} via ${m.channel}`)
            : []),
        ],
      },
      resultaten,
      onderbouwing: mine(c.evidence, (e) => e.evidenceId).filter((e) => inYear(e.effectiveAt, year)).map(evidenceItem),
      behaaldeResultaten: [
        ...mine(c.findings, (f) => f.findingId).map(findingLine),
        ...mine([...c.carriedOver, ...c.actions], (a) => a.actionId).filter((a) => a.status === 'completed').map(completedActionLine),
        ...(cycleWide
          ? c.communications.filter((m) => inYear(m.at, year)).map((m) => `${m.summary} (gedeeld met ${m.audience.join(', ')} via ${m.channel}, ${datum(m.at)})`)
          : []),
      ],
    };
  };

  const sections = c.goals.map((g) => section(g.goalId));
  const rest = section(null);
  const empty = [rest.organisatie.medewerkers, rest.organisatie.middelen, rest.organisatie.processen, rest.onderbouwing, rest.behaaldeResultaten, ...Object.values(rest.resultaten)].every((l) => l.length === 0);
  if (!empty) sections.push(rest);
  return sections;
}

/** `setting`: the institute setting in force (its name and contact head the report). */
export function buildJaarverslag(institute: string, year: number, cycles: CycleInYear[], setting?: InstituteSetting, benchmark?: VergelijkingKpi[]): Jaarverslag {
  const running = cycles.filter((c) => c.phase !== 'cancelled' && overlaps(c.context.period, year));
  // A year plan's review dates can fall after its period (a review missed in January of the next year).
  const yearPlans = cycles.filter((c) => c.phase !== 'cancelled' && c.context.kind === 'organisatie');
  return {
    institute,
    instituteName: setting?.name ?? institute,
    ...(setting?.contact ? { contact: setting.contact } : {}),
    year,
    structure: 'INK',
    doelen: running.flatMap((c) => doelenOf(c, year)),
    managementReviews: {
      held: yearPlans.flatMap(({ context: c }) =>
        c.reviews.filter((r) => r.body === 'management-review' && inYear(r.date, year)).map((r) => ({ date: r.date, cycle: c.title })),
      ),
      overdue: yearPlans.flatMap(({ context: c }) => (c.managementReview?.overdue ?? []).filter((d) => inYear(d, year)).map((due) => ({ due, cycle: c.title }))),
      planned: yearPlans
        .filter((p) => p.phase !== 'closed' && p.context.managementReview && inYear(p.context.managementReview.nextDue, year))
        .filter((p) => !p.context.managementReview!.overdue.includes(p.context.managementReview!.nextDue))
        .map(({ context: c }) => ({ due: c.managementReview!.nextDue, cycle: c.title })),
    },
    findings: running.flatMap(({ context: c }) => c.findings.map((f) => ({ cycle: c.title, title: f.title, assessment: f.assessment, accepted: Boolean(f.acceptance) }))),
    actions: running.flatMap(({ context: c }) =>
      [...c.carriedOver, ...c.actions].map((a) => ({ cycle: c.title, title: a.title, due: a.due, status: a.status, overdue: a.overdue })),
    ),
    cycles: { total: running.length, closed: running.filter((c) => c.phase === 'closed').length },
    ...(benchmark
      ? {
          landelijkeVergelijking: benchmark
            .map((k) => ({ ...k, institutes: k.institutes.filter((i) => inYear(i.measuredAt, year)) }))
            .filter((k) => k.institutes.length > 0),
        }
      : {}),
  };
}
