/**
 * The leeromgeving PDCA cycle takes the safe-climate figures (survey evidence and a KPI
 * measurement) and the visits and VGBs (visit-report evidence), through the cycle's command path.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { CommandNotAllowedError, isoDate, orderedPeriod, type CommandContext, type StreamHandler } from '@gearbox/kernel';
import { criterionCode, type Cycle } from '@gearbox/cycles';
import type { BezoekFigures, KlimaatFigures } from './read-models.ts';
import { id, text } from './schemas.ts';

const range = { cycleId: z.string().min(1).max(100), from: isoDate, to: isoDate, evidenceId: id.optional(), criteria: z.array(criterionCode).max(50).optional() };

export const KlimaatEvidenceRequest = orderedPeriod(z
  .object({ ...range, source: text(200).optional(), kpiId: id.optional() })
  .strict());
export const BezoekEvidenceRequest = orderedPeriod(z.object(range).strict());
export const FiguresQuery = orderedPeriod(z.object({ from: isoDate, to: isoDate, source: text(200).optional() }).strict());

const sha256 = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex');

async function leeromgevingCycle(cycles: StreamHandler<Cycle>, ctx: CommandContext, cycleId: string) {
  const cycle = (await cycles.get(ctx, cycleId)) as Cycle & { allowed: string[] };
  if (cycle.kind !== 'leeromgeving') {
    throw new CommandNotAllowedError('AddEvidence', cycle.allowed, `cycle ${cycleId} is a ${cycle.kind} cycle; this evidence belongs to a leeromgeving cycle.`);
  }
  return cycle;
}

export async function addKlimaatEvidence(cycles: StreamHandler<Cycle>, ctx: CommandContext, request: z.output<typeof KlimaatEvidenceRequest>, figures: KlimaatFigures) {
  const cycle = await leeromgevingCycle(cycles, ctx, request.cycleId);
  // Refuse before anything is stored, so evidence never lands without its measurement.
  if (request.kpiId && !cycle.kpis.some((k) => k.kpiId === request.kpiId)) {
    throw new CommandNotAllowedError('RecordMeasurement', cycle.allowed, `KPI ${request.kpiId} is not defined in cycle ${request.cycleId}.`);
  }
  if (request.kpiId && typeof figures.shareSafe !== 'number') {
    throw new CommandNotAllowedError('RecordMeasurement', cycle.allowed, `fewer than 5 respondents between ${request.from} and ${request.to}: te weinig respons for a measurement.`);
  }
  const evidence = {
    evidenceId: request.evidenceId ?? `veilig-klimaat-${request.from}-${request.to}`,
    title: `Veilig opleidingsklimaat ${request.from} t/m ${request.to}${request.source ? ` (${request.source})` : ''}`,
    kind: 'survey',
    effectiveAt: request.to,
    sha256: sha256(figures),
    summary: `${figures.measurements} metingen op ${figures.leerplekken} leerplekken; ${typeof figures.shareSafe === 'number' ? `${figures.shareSafe}% van ${figures.respondents} aios vindt het klimaat veilig` : figures.shareSafe}.`,
    ...(request.criteria ? { criteria: request.criteria } : {}),
  };
  const added = await cycles.execute(ctx, request.cycleId, { type: 'AddEvidence', ...evidence });
  if (!request.kpiId || typeof figures.shareSafe !== 'number') return { cycle: { ...added.view, newEvents: added.newEvents }, evidence: { ...evidence, content: figures } };
  const measured = await cycles.execute(ctx, request.cycleId, {
    type: 'RecordMeasurement', kpiId: request.kpiId, value: figures.shareSafe, source: request.source ?? 'gearbox: leerplekken', measuredAt: request.to,
  });
  return { cycle: { ...measured.view, newEvents: [...added.newEvents, ...measured.newEvents] }, evidence: { ...evidence, content: figures } };
}

export async function addBezoekEvidence(cycles: StreamHandler<Cycle>, ctx: CommandContext, request: z.output<typeof BezoekEvidenceRequest>, figures: BezoekFigures) {
  await leeromgevingCycle(cycles, ctx, request.cycleId);
  const visits = Object.entries(figures.visits).map(([kind, n]) => `${kind} ${n}`).join(', ') || 'geen bezoeken';
  const evidence = {
    evidenceId: request.evidenceId ?? `bezoeken-${request.from}-${request.to}`,
    title: `Bezoeken en VGB in de driehoek ${request.from} t/m ${request.to}`,
    kind: 'visit-report',
    effectiveAt: request.to,
    sha256: sha256(figures),
    summary: `${figures.leerplekken} leerplekken; ${visits}; ${figures.vgb.held} VGB's in de driehoek (${figures.vgb.praktijkenMetVgb} praktijken); ${figures.suspended} geschorst.`,
    ...(request.criteria ? { criteria: request.criteria } : {}),
  };
  const added = await cycles.execute(ctx, request.cycleId, { type: 'AddEvidence', ...evidence });
  return { cycle: { ...added.view, newEvents: added.newEvents }, evidence: { ...evidence, content: figures } };
}
