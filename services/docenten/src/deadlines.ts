/**
 * The 360-degree feedback round of a docent has a due date (StartFeedbackRound `due`). While the
 * round is open the deadline sits in the durable deadline table (rebuilt from the events); the day
 * after `due` the scheduler sends the internal `MarkFeedbackRoundOverdue` once, which shows in the
 * docent's round and in `GET /api/v1/deadlines`. Closing the round, or the docent leaving, ends it.
 */
import type { DeadlineRule } from '@gearbox/kernel';

const WHAT = 'feedback-round';

export const docentDeadlines: DeadlineRule = (event, table) => {
  if (!event.streamId.includes('/docent-')) return;
  const d = event.data as Record<string, any>;
  switch (event.type) {
    case 'FeedbackRoundStarted':
      table.set(event, {
        what: WHAT,
        key: d.roundId,
        label: `360-gradenfeedback ${d.year}`,
        due: d.due,
        command: { type: 'MarkFeedbackRoundOverdue', roundId: d.roundId, due: d.due },
      });
      return;
    case 'FeedbackRoundClosed':
      table.remove(event, WHAT, d.roundId);
      return;
    case 'FeedbackRoundOverdue':
      table.markOverdue(event, WHAT, d.roundId);
      return;
    case 'DocentDeregistered':
      table.removeWhere(event, () => true);
      return;
  }
};
