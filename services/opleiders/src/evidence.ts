/**
 * The opleiders PDCA cycle (kind `opleiders`) takes the LEOH group analysis and the startvisitaties
 * as evidence (issue 5), the startvisitaties also as a KPI measurement. This declares how each reads
 * as evidence; the one evidence workflow (@gearbox/cycles `addEvidence`) sends it through the cycle's
 * command path, so roles, phase rules and the audit trail are the cycle's.
 */
import { z } from 'zod';
import { datum, isoDate, orderedPeriod, text } from '@gearbox/kernel';
import { criterionCode, daysOfPeriod, type EvidenceSource } from '@gearbox/cycles';
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

export function leohSummaryText(summary: LeohSummary): string {
  const figures = summary.items
    .map((i) => ('mean' in i ? `${i.item}: gemiddeld ${i.mean} (n=${i.n})` : `${i.item}: ${i.result}`))
    .join('; ');
  const respondents = typeof summary.respondents === 'number' ? `${summary.respondents} respondenten` : summary.respondents;
  return `LEOH-groepsanalyse ${summary.period ?? 'alle perioden'}: ${respondents}; ${figures}. Opleiders met signaal: ${summary.opleidersWithSignals.length}.`;
}

/** The group analysis of the period, as the caller may see it, is the source; all of it is hashed. */
export function leohSource(summary: LeohSummary): EvidenceSource {
  return {
    source: { stream: 'opleiders-leoh', event: summary.period ?? 'alle' },
    cycleKind: 'opleiders',
    content: summary,
    evidence: {
      evidenceId: `leoh-groepsanalyse-${summary.period ?? 'alle'}`,
      title: `LEOH-groepsanalyse ${summary.period ?? 'alle perioden'}`,
      kind: 'dataset',
      summary: leohSummaryText(summary).slice(0, 4000),
      // The last day of the period, which is when its evaluation applies.
      ...(summary.period ? { effectiveAt: daysOfPeriod(summary.period)!.to } : {}),
    },
  };
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

/** The startvisitatie figures of the period are the source; all of them are hashed. */
export function startvisitatieSource(request: z.output<typeof StartvisitatieEvidenceRequest>, figures: StartvisitatieFigures): EvidenceSource {
  const missing = text(
    `er zijn geen nieuwe opleiders tussen ${datum(request.from)} en ${datum(request.to)}, dus geen aandeel met een afgeronde startvisitatie.`,
    `there are no new opleiders between ${request.from} and ${request.to}, so no share with a completed startvisitatie.`,
  );
  return {
    source: { stream: 'opleiders-startvisitaties', event: `${request.from}/${request.to}` },
    cycleKind: 'opleiders',
    content: figures,
    evidence: {
      evidenceId: `startvisitaties-${request.from}-${request.to}`,
      title: `Startvisitaties ${datum(request.from)} t/m ${datum(request.to)}`,
      kind: 'visit-report',
      effectiveAt: request.to,
      summary: `${figures.nieuweOpleiders} nieuwe opleiders, ${figures.bezocht} met startvisitatie afgerond (telefonisch en bezoek); uitkomsten: positief ${figures.outcomes.positief}, voorwaarden ${figures.outcomes.voorwaarden}, negatief ${figures.outcomes.negatief}.`,
    },
    figure: { value: figures.share, missing, source: 'gearbox: startvisitaties' },
  };
}
