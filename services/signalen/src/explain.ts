/**
 * Why a signal refuses a step, in words (API.md: a 422 names what is missing). Mirrors machine.ts:
 * handling starts with a triage, and closing needs a recorded follow-up.
 */
import { text, type Text } from '@gearbox/kernel';
import type { SignaalContext } from './machine.ts';

const NOT_TRIAGED = text(
  'Het signaal is nog niet beoordeeld: stuur eerst Triage met de ernst en wie het afhandelt.',
  'The signal has not been triaged yet: send Triage first, with its severity and who handles it.',
);
const NO_FOLLOW_UP = text(
  'Nog geen opvolging vastgelegd: leg eerst met RecordFollowUp vast wat er met het signaal is gedaan.',
  'No follow-up recorded yet: record first with RecordFollowUp what was done about the signal.',
);

/** The hook of the signaal's StreamDefinition (`explain`). */
export function explainSignaal(c: SignaalContext, command: string, phase: string): Text | undefined {
  if (phase === 'ontvangen' && (command === 'RecordFollowUp' || command === 'CloseSignaal')) return NOT_TRIAGED;
  if (phase === 'in-behandeling' && command === 'CloseSignaal' && c.followUps.length === 0) return NO_FOLLOW_UP;
  return undefined;
}
