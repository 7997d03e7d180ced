/**
 * A feedback round as evidence for a curriculum cycle (GEAR CUR-2: "aios, docenten en opleiders geven
 * feedback op elk onderwijsprogramma"). Pure: the route sends the result as `AddEvidence` through the
 * cycle's own command path, so the cycle's roles, phase rules and audit trail apply.
 */
import { TOO_FEW, type Programma, type RoundView } from './definition.ts';

const GROUP_NAMES: Record<RoundView['group'], string> = { aios: 'aios', docenten: 'docenten', opleiders: 'opleiders' };

/** `n = 24; gemiddeld 7 (inhoud 7.5, werkvorm 6.5)`, or only n when the group is too small to show. */
export function roundFigures(round: RoundView): string {
  if (round.scores === null) return `n = ${round.n}: ${TOO_FEW}`;
  const items = Object.entries(round.scores).map(([item, score]) => `${item} ${score}`).join(', ');
  return `n = ${round.n}; gemiddeld ${round.mean} (${items})`;
}

export interface FeedbackEvidence {
  evidenceId: string;
  title: string;
  kind: 'survey';
  effectiveAt: string;
  uri: string;
  criteria: string[];
  summary: string;
}

/**
 * `baseUrl` is where this gearbox is reached (the request's origin); the uri points at the round's
 * event in the programme's audit trail, so an auditor can follow the evidence to its source.
 */
export function feedbackEvidence(programma: Pick<Programma, 'id' | 'title'>, round: RoundView, baseUrl: string, criteria: string[] = ['CUR-2']): FeedbackEvidence {
  const uri = new URL(`/api/v1/programmas/${encodeURIComponent(programma.id)}/events`, baseUrl);
  uri.hash = round.source.eventId;
  return {
    evidenceId: `programma-${programma.id}-${round.roundId}`.slice(0, 100),
    title: `Feedback ${GROUP_NAMES[round.group]} op ${programma.title} (${round.date})`.slice(0, 300),
    kind: 'survey',
    effectiveAt: round.date,
    uri: uri.href,
    criteria,
    summary: `${roundFigures(round)}${round.summary ? ` — ${round.summary}` : ''}`.slice(0, 4000),
  };
}
