/**
 * The opleiders PDCA cycle (kind `opleiders`) takes the LEOH group analysis and the startvisitaties
 * as evidence (issue 5). Both go through the cycle's own command path (AddEvidence, and
 * RecordMeasurement for a KPI), so roles, phase rules and the audit trail are the cycle's.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { CommandNotAllowedError, isoDate, type CommandContext, orderedPeriod, type StreamHandler } from '@gearbox/kernel';
import { criterionCode, type Cycle } from '@gearbox/cycles';
import { canonicalJson } from '@gearbox/http';
import type { OpleiderIndex } from './read-models.ts';
import type { LeohSummary } from './read-models.ts';
import type { OpleiderContext } from './machine.ts';
import { id, period } from './schemas.ts';

export const LeohEvidenceRequest = z
  .object({ cycleId: z.string().min(1).max(100), period: period.optional(), evidenceId: id.optional(), criteria: z.array(criterionCode).max(50).optional() })
  .strict();

export const StartvisitatieEvidenceRequest = orderedPeriod(z
  .object({
    cycleId: z.string().min(1).max(100),
    from: isoDate,
    to: isoDate,
    evidenceId: id.optional(),
    criteria: z.array(criterionCode).max(50).optional(),
    /** A KPI of the cycle that takes the share of new opleiders with a completed startvisitatie (%). */
    kpiId: id.optional(),
  })
  .strict());

export function sha256Of(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

/** Checks that the cycle is an opleiders cycle the caller can read (404 otherwise, 422 for another kind). */
export async function opleidersCycle(cycles: StreamHandler<Cycle>, ctx: CommandContext, cycleId: string, kind = 'opleiders'): Promise<Cycle> {
  const cycle = (await cycles.get(ctx, cycleId)) as Cycle & { allowed: string[] };
  if (cycle.kind !== kind) {
    throw new CommandNotAllowedError('AddEvidence', cycle.allowed, `cycle ${cycleId} is a ${cycle.kind} cycle; this evidence belongs to a ${kind} cycle.`);
  }
  return cycle;
}

export function leohSummaryText(summary: LeohSummary): string {
  const figures = summary.items
    .map((i) => ('mean' in i ? `${i.item}: gemiddeld ${i.mean} (n=${i.n})` : `${i.item}: ${i.result}`))
    .join('; ');
  const respondents = typeof summary.respondents === 'number' ? `${summary.respondents} respondenten` : summary.respondents;
  return `LEOH-groepsanalyse ${summary.period ?? 'alle perioden'}: ${respondents}; ${figures}. Opleiders met signaal: ${summary.opleidersWithSignals.length}.`;
}

export async function addLeohEvidence(cycles: StreamHandler<Cycle>, ctx: CommandContext, request: z.output<typeof LeohEvidenceRequest>, summary: LeohSummary) {
  await opleidersCycle(cycles, ctx, request.cycleId);
  const evidence = {
    evidenceId: request.evidenceId ?? `leoh-groepsanalyse-${summary.period ?? 'alle'}`,
    title: `LEOH-groepsanalyse ${summary.period ?? 'alle perioden'}`,
    kind: 'dataset',
    sha256: sha256Of(summary),
    summary: leohSummaryText(summary).slice(0, 4000),
    ...(request.criteria ? { criteria: request.criteria } : {}),
    ...(summary.period ? { effectiveAt: periodEnd(summary.period) } : {}),
  };
  const result = await cycles.execute(ctx, request.cycleId, { type: 'AddEvidence', ...evidence });
  return { cycle: { ...result.view, newEvents: result.newEvents }, evidence: { ...evidence, content: summary } };
}

/** The last day of a period, which is when its evaluation applies (`effectiveAt`). */
export function periodEnd(p: string): string {
  const [year, part] = p.split('-') as [string, string | undefined];
  const y = Number(year);
  const lastOfMonth = (m: number) => new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
  if (!part) return `${year}-12-31`;
  if (part === 'H1') return `${year}-06-30`;
  if (part === 'H2') return `${year}-12-31`;
  if (part.startsWith('Q')) return lastOfMonth(Number(part.slice(1)) * 3);
  return lastOfMonth(Number(part));
}

export interface StartvisitatieFigures {
  from: string;
  to: string;
  /** Opleiders registered in the period. */
  nieuweOpleiders: number;
  /** Of those, with the visit (second stage) done. */
  bezocht: number;
  outcomes: Record<'positief' | 'voorwaarden' | 'negatief', number>;
  /** Share of new opleiders with a completed startvisitatie, in %; null without new opleiders. */
  share: number | null;
  reports: string[];
}

export function startvisitatieFigures(index: OpleiderIndex, institute: string, from: string, to: string): StartvisitatieFigures {
  const within = (instant: string) => instant.slice(0, 10) >= from && instant.slice(0, 10) <= to;
  const nieuw = index.entries(institute).filter((e) => within((e.snapshot.context as OpleiderContext).registeredAt));
  const outcomes = { positief: 0, voorwaarden: 0, negatief: 0 };
  const reports: string[] = [];
  let bezocht = 0;
  for (const e of nieuw) {
    const c = e.snapshot.context as OpleiderContext;
    const visit = c.startvisitatie.stages.find((s) => s.stage === 'bezoek');
    const last = c.startvisitatie.stages.at(-1);
    if (last) outcomes[last.outcome] += 1;
    if (visit) bezocht += 1;
    for (const s of c.startvisitatie.stages) if (s.reportEvidenceId) reports.push(s.reportEvidenceId);
  }
  return {
    from,
    to,
    nieuweOpleiders: nieuw.length,
    bezocht,
    outcomes,
    share: nieuw.length ? Math.round((bezocht / nieuw.length) * 1000) / 10 : null,
    reports,
  };
}

export async function addStartvisitatieEvidence(
  cycles: StreamHandler<Cycle>,
  ctx: CommandContext,
  request: z.output<typeof StartvisitatieEvidenceRequest>,
  figures: StartvisitatieFigures,
) {
  const cycle = await opleidersCycle(cycles, ctx, request.cycleId);
  // Refuse before anything is stored, so evidence is never added without its measurement.
  if (request.kpiId && !cycle.kpis.some((k) => k.kpiId === request.kpiId)) {
    throw new CommandNotAllowedError('RecordMeasurement', [], `KPI ${request.kpiId} is not defined in cycle ${request.cycleId}.`);
  }
  const evidence = {
    evidenceId: request.evidenceId ?? `startvisitaties-${request.from}-${request.to}`,
    title: `Startvisitaties ${request.from} t/m ${request.to}`,
    kind: 'visit-report',
    effectiveAt: request.to,
    sha256: sha256Of(figures),
    summary: `${figures.nieuweOpleiders} nieuwe opleiders, ${figures.bezocht} met startvisitatie afgerond (telefonisch en bezoek); uitkomsten: positief ${figures.outcomes.positief}, voorwaarden ${figures.outcomes.voorwaarden}, negatief ${figures.outcomes.negatief}.`,
    ...(request.criteria ? { criteria: request.criteria } : {}),
  };
  const added = await cycles.execute(ctx, request.cycleId, { type: 'AddEvidence', ...evidence });
  let last = added;
  if (request.kpiId && figures.share !== null) {
    last = await cycles.execute(ctx, request.cycleId, {
      type: 'RecordMeasurement',
      kpiId: request.kpiId,
      value: figures.share,
      source: 'gearbox: startvisitaties',
      measuredAt: request.to,
    });
  }
  return { cycle: { ...last.view, newEvents: [...added.newEvents, ...(last === added ? [] : last.newEvents)] }, evidence: { ...evidence, content: figures } };
}
