/**
 * Why an onderwijsprogramma refuses a step, in words (API.md: a 422 names what is missing). Each
 * reason mirrors one guard of machine.ts: the commissie reviews feedback, and a revision follows a review.
 */
import { text, type Text } from '@gearbox/kernel';
import type { ProgrammaContext } from './machine.ts';

const reasons: Record<string, (c: ProgrammaContext) => Text | undefined> = {
  ReviewInCommissie: (c) =>
    c.rounds.length
      ? undefined
      : text('Er is nog geen feedbackronde om in de commissie te bespreken.', 'There is no feedback round yet for the commissie to review.'),
  ReviseProgramma: (c) =>
    c.reviews.length > c.revisions.length
      ? undefined
      : text(
        'Een herziening volgt op een bespreking in de commissie, en elke bespreking heeft er al een.',
        'A revision follows a review in the commissie, and every review already has one.',
      ),
};

/** The hook of the programma's StreamDefinition (`explain`). */
export function explainProgramma(context: ProgrammaContext, command: string, state: string): Text | undefined {
  return state === 'actief' && Object.hasOwn(reasons, command) ? reasons[command]!(context) : undefined;
}
