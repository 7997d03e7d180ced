/**
 * Why a docent's command is refused, in words (API.md: a 422 names what is missing). Mirrors the
 * one guard of machine.ts: 360-degree feedback needs an open round.
 */
import { text, type Text } from '@gearbox/kernel';
import type { DocentContext } from './machine.ts';

const NEEDS_OPEN_ROUND = new Set(['Record360Feedback', 'CloseFeedbackRound']);

/** The hook of the docent's StreamDefinition (`explain`). */
export function explainDocent(c: DocentContext, command: string, phase: string): Text | undefined {
  if (phase !== 'actief' || !NEEDS_OPEN_ROUND.has(command) || c.rounds.some((r) => r.status === 'open')) return undefined;
  return text(
    'Er loopt geen 360-gradenfeedbackronde; start er eerst een met StartFeedbackRound.',
    'No 360-degree feedback round is open; start one first with StartFeedbackRound.',
  );
}
