/**
 * The leeromgeving PDCA cycle takes the safe-climate figures (survey evidence and a KPI
 * measurement) and the visits and VGBs (visit-report evidence). This declares how each reads as
 * evidence; the one evidence workflow (@gearbox/cycles `addEvidence`) sends it through the cycle's
 * command path.
 */
import { z } from 'zod';
import { datum, isoDate, orderedPeriod, text as message } from '@gearbox/kernel';
import { criterionCode, type EvidenceSource } from '@gearbox/cycles';
import type { BezoekFigures, KlimaatFigures } from './read-models.ts';
import { id, text } from './schemas.ts';

const range = { cycleId: z.string().min(1).max(100), from: isoDate, to: isoDate, evidenceId: id.optional(), criteria: z.array(criterionCode).max(50).optional() };

export const KlimaatEvidenceRequest = orderedPeriod(z
  .object({ ...range, source: text(200).optional(), kpiId: id.optional() })
  .strict());
export const BezoekEvidenceRequest = orderedPeriod(z.object(range).strict());
export const FiguresQuery = orderedPeriod(z.object({ from: isoDate, to: isoDate, source: text(200).optional() }).strict());

/** The climate figures of the period (and measurement source, when named) are the source; all of them are hashed. */
export function klimaatSource(request: z.output<typeof KlimaatEvidenceRequest>, figures: KlimaatFigures): EvidenceSource {
  const safe = figures.shareSafe;
  const missing = message(
    `minder dan 5 respondenten tussen ${datum(request.from)} en ${datum(request.to)}: te weinig respons voor een meting.`,
    `fewer than 5 respondents between ${request.from} and ${request.to}: te weinig respons for a measurement.`,
  );
  return {
    source: { stream: 'leerplekken-klimaat', event: `${request.from}/${request.to}/${request.source ?? ''}` },
    cycleKind: 'leeromgeving',
    content: figures,
    evidence: {
      evidenceId: `veilig-klimaat-${request.from}-${request.to}`,
      title: `Veilig opleidingsklimaat ${datum(request.from)} t/m ${datum(request.to)}${request.source ? ` (${request.source})` : ''}`,
      kind: 'survey',
      effectiveAt: request.to,
      summary: `${figures.measurements} metingen op ${figures.leerplekken} leerplekken; ${typeof safe === 'number' ? `${safe}% van ${figures.respondents} aios vindt het klimaat veilig` : safe}.`,
    },
    figure: { value: typeof safe === 'number' ? safe : null, missing, source: request.source ?? 'gearbox: leerplekken' },
  };
}

/** The visit and VGB figures of the period are the source; all of them are hashed. */
export function bezoekSource(request: z.output<typeof BezoekEvidenceRequest>, figures: BezoekFigures): EvidenceSource {
  const visits = Object.entries(figures.visits).map(([kind, n]) => `${kind} ${n}`).join(', ') || 'geen bezoeken';
  return {
    source: { stream: 'leerplekken-bezoeken', event: `${request.from}/${request.to}` },
    cycleKind: 'leeromgeving',
    content: figures,
    evidence: {
      evidenceId: `bezoeken-${request.from}-${request.to}`,
      title: `Bezoeken en VGB in de driehoek ${datum(request.from)} t/m ${datum(request.to)}`,
      kind: 'visit-report',
      effectiveAt: request.to,
      summary: `${figures.leerplekken} leerplekken; ${visits}; ${figures.vgb.held} VGB's in de driehoek (${figures.vgb.praktijkenMetVgb} praktijken); ${figures.suspended} geschorst.`,
    },
  };
}
