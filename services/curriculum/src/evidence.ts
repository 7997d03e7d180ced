/**
 * A feedback round as evidence for a curriculum cycle (GEAR CUR-2: "aios, docenten en opleiders geven
 * feedback op elk onderwijsprogramma"). Pure: the route runs it through the one evidence workflow
 * (@gearbox/cycles `addEvidence`), so the cycle's roles, phase rules and audit trail apply.
 */
import type { EvidenceSource } from '@gearbox/cycles';
import { datum, getal } from '@gearbox/kernel';
import { TOO_FEW, type Programma, type RoundView } from './definition.ts';

const GROUP_NAMES: Record<RoundView['group'], string> = { aios: 'aios', docenten: 'docenten', opleiders: 'opleiders' };

/** `n = 24; gemiddeld 7 (inhoud 7,5, werkvorm 6,5)`, or only n when the group is too small to show. */
export function roundFigures(round: RoundView): string {
  if (round.scores === null) return `n = ${round.n}: ${TOO_FEW}`;
  const items = Object.entries(round.scores).map(([item, score]) => `${item} ${getal(score)}`).join(', ');
  return `n = ${round.n}; gemiddeld ${round.mean === null ? '–' : getal(round.mean)} (${items})`;
}

/**
 * The round's event in the programme's stream is the source, and the round as shown (a small group
 * without its scores) is what is hashed. `baseUrl` is where this gearbox is reached (the request's
 * origin); the uri points at the round's event in the programme's audit trail, so an auditor can
 * follow the evidence to its source.
 */
export function feedbackSource(programma: Pick<Programma, 'id' | 'title'>, round: RoundView, baseUrl: string): EvidenceSource {
  const uri = new URL(`/api/v1/programmas/${encodeURIComponent(programma.id)}/events`, baseUrl);
  uri.hash = round.source.eventId;
  return {
    source: { stream: `programma-${programma.id}`, event: round.source.eventId },
    cycleKind: 'curriculum',
    content: round,
    evidence: {
      evidenceId: `programma-${programma.id}-${round.roundId}`.slice(0, 100),
      title: `Feedback ${GROUP_NAMES[round.group]} op ${programma.title} (${datum(round.date)})`.slice(0, 300),
      kind: 'survey',
      effectiveAt: round.date,
      uri: uri.href,
      criteria: ['CUR-2'],
      summary: `${roundFigures(round)}${round.summary ? ` — ${round.summary}` : ''}`.slice(0, 4000),
    },
  };
}
