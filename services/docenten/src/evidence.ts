/**
 * The docenten PDCA cycle takes the docenten aggregate as evidence, and one of its figures as a
 * KPI measurement (BRIEF.md: "Satisfaction of third-year aios with the teaching has risen by 15%").
 * This declares how the aggregate reads as evidence; the one evidence workflow (@gearbox/cycles
 * `addEvidence`) sends it through the cycle's command path.
 */
import { z } from 'zod';
import { datum, isoDate, orderedPeriod, text } from '@gearbox/kernel';
import { criterionCode, type EvidenceSource } from '@gearbox/cycles';
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

/** The aggregate over the period is the source; all of it is hashed. */
export function docentenSource(request: z.output<typeof DocentenEvidenceRequest>, aggregate: DocentenAggregate): EvidenceSource {
  const f = aggregate.feedback;
  const missing = text(
    `er is geen cijfer voor ${request.measure} van ${datum(request.from)} t/m ${datum(request.to)} (geen gegevens, of te weinig respons).`,
    `there is no ${request.measure} figure for ${request.from} to ${request.to} (no data, or te weinig respons).`,
  );
  return {
    source: { stream: 'docenten-aggregate', event: `${request.from}/${request.to}` },
    cycleKind: 'docenten',
    content: aggregate,
    evidence: {
      evidenceId: `docenten-${request.from}-${request.to}`,
      title: `Docenten: feedback, 360-graden, jaargesprekken en scholing ${datum(request.from)} t/m ${datum(request.to)}`,
      kind: 'dataset',
      effectiveAt: request.to,
      summary:
        `${aggregate.docenten} docenten; ${f.sessions} feedbackmomenten (${f.respondents} aios${f.overall !== null ? `, tevredenheid ${f.overall}/100` : ''}); ` +
        `360-graden: ${aggregate.rounds360.closed} van ${aggregate.rounds360.started} rondes afgerond; jaargesprekken: ${aggregate.jaargesprekken.held}; ` +
        `scholing: ${aggregate.scholing.hours} uur; intervisie: ${aggregate.intervisie}.`,
    },
    figure: { value: measured(aggregate, request.measure), missing, source: `gearbox: docenten (${request.measure})` },
  };
}
