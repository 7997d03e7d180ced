/**
 * The docenten PDCA cycle takes the docenten aggregate as evidence, and one of its figures as a
 * KPI measurement (BRIEF.md: "Satisfaction of third-year aios with the teaching has risen by 15%").
 * Both go through the cycle's own command path.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { CommandNotAllowedError, isoDate, orderedPeriod, type CommandContext, type StreamHandler } from '@gearbox/kernel';
import { criterionCode, type Cycle } from '@gearbox/cycles';
import type { DocentenAggregate } from './read-models.ts';
import { id } from './schemas.ts';

export const MEASURES = ['tevredenheid', 'jaargesprekken', 'scholingsuren'] as const;

export const DocentenEvidenceRequest = orderedPeriod(z
  .object({
    cycleId: z.string().min(1).max(100),
    from: isoDate,
    to: isoDate,
    evidenceId: id.optional(),
    criteria: z.array(criterionCode).max(50).optional(),
    kpiId: id.optional(),
    /** Which figure the KPI takes: satisfaction (0–100), share of docenten with a jaargesprek (%), hours of scholing. */
    measure: z.enum(MEASURES).default('tevredenheid'),
  })
  .strict());

export const AggregateQuery = orderedPeriod(z
  .object({ from: isoDate, to: isoDate })
  .strict());

function measured(aggregate: DocentenAggregate, measure: (typeof MEASURES)[number]): number | null {
  if (measure === 'tevredenheid') return aggregate.feedback.overall;
  if (measure === 'jaargesprekken') return aggregate.jaargesprekken.share;
  return aggregate.scholing.hours;
}

export async function addDocentenEvidence(
  cycles: StreamHandler<Cycle>,
  ctx: CommandContext,
  request: z.output<typeof DocentenEvidenceRequest>,
  aggregate: DocentenAggregate,
) {
  const cycle = (await cycles.get(ctx, request.cycleId)) as Cycle & { allowed: string[] };
  if (cycle.kind !== 'docenten') {
    throw new CommandNotAllowedError('AddEvidence', cycle.allowed, `cycle ${request.cycleId} is a ${cycle.kind} cycle; this evidence belongs to a docenten cycle.`);
  }
  const value = request.kpiId ? measured(aggregate, request.measure) : null;
  // Refuse before anything is stored, so evidence never lands without its measurement.
  if (request.kpiId && !cycle.kpis.some((k) => k.kpiId === request.kpiId)) {
    throw new CommandNotAllowedError('RecordMeasurement', cycle.allowed, `KPI ${request.kpiId} is not defined in cycle ${request.cycleId}.`);
  }
  if (request.kpiId && value === null) {
    throw new CommandNotAllowedError('RecordMeasurement', cycle.allowed, `there is no ${request.measure} figure for ${request.from} to ${request.to} (no data, or te weinig respons).`);
  }
  const f = aggregate.feedback;
  const evidence = {
    evidenceId: request.evidenceId ?? `docenten-${request.from}-${request.to}`,
    title: `Docenten: feedback, 360-graden, jaargesprekken en scholing ${request.from} t/m ${request.to}`,
    kind: 'dataset',
    effectiveAt: request.to,
    sha256: createHash('sha256').update(JSON.stringify(aggregate)).digest('hex'),
    summary:
      `${aggregate.docenten} docenten; ${f.sessions} feedbackmomenten (${f.respondents} aios${f.overall !== null ? `, tevredenheid ${f.overall}/100` : ''}); ` +
      `360-graden: ${aggregate.rounds360.closed} van ${aggregate.rounds360.started} rondes afgerond; jaargesprekken: ${aggregate.jaargesprekken.held}; ` +
      `scholing: ${aggregate.scholing.hours} uur; intervisie: ${aggregate.intervisie}.`,
    ...(request.criteria ? { criteria: request.criteria } : {}),
  };
  const added = await cycles.execute(ctx, request.cycleId, { type: 'AddEvidence', ...evidence });
  if (!request.kpiId || value === null) return { cycle: { ...added.view, newEvents: added.newEvents }, evidence: { ...evidence, content: aggregate } };
  const measuredResult = await cycles.execute(ctx, request.cycleId, {
    type: 'RecordMeasurement', kpiId: request.kpiId, value, source: `gearbox: docenten (${request.measure})`, measuredAt: request.to,
  });
  return { cycle: { ...measuredResult.view, newEvents: [...added.newEvents, ...measuredResult.newEvents] }, evidence: { ...evidence, content: aggregate } };
}
