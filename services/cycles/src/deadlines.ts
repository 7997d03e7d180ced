/**
 * Deadlines of a cycle: every activity's and action's `due`, and for the organisatie the
 * management review every six months (BRIEF.md: "management review twice a year").
 */
import type { DeadlineRule } from '@gearbox/kernel';
import { sixMonthsAfter } from './machine.ts';

const REVIEW = 'management-review';

export const cycleDeadlines: DeadlineRule = (event, table) => {
  if (!event.streamId.includes('/cycle-')) return;
  const d = event.data as Record<string, any>;
  switch (event.type) {
    case 'CycleStarted':
      if (d.kind === 'organisatie') {
        const due = sixMonthsAfter(d.period.from);
        const facts = { periodFrom: d.period.from, title: d.title };
        table.set(event, { what: REVIEW, key: due, label: `Managementreview: ${d.title}`, due, command: { type: 'MarkManagementReviewOverdue', due }, facts });
      }
      return;
    case 'ReviewHeld': {
      // As the machine does: only the organisatie keeps the rhythm, and only reviews in its period count.
      const current = table.find(event, REVIEW)[0];
      if (d.body !== REVIEW || !current?.facts || d.date < current.facts.periodFrom!) return;
      table.removeWhere(event, (x) => x.what === REVIEW);
      const due = sixMonthsAfter(d.date);
      table.set(event, { what: REVIEW, key: due, label: `Managementreview: ${current.facts.title}`, due, command: { type: 'MarkManagementReviewOverdue', due }, facts: current.facts });
      return;
    }
    case 'ManagementReviewOverdue':
      table.markOverdue(event, REVIEW, d.due);
      return;
    case 'ActivityPlanned':
      table.set(event, {
        what: 'activity', key: d.activityId, label: d.title, due: d.due,
        command: { type: 'MarkActivityOverdue', activityId: d.activityId, due: d.due },
      });
      return;
    case 'ActivityCompleted':
    case 'ActivityWaived':
      table.remove(event, 'activity', d.activityId);
      return;
    case 'ActivityOverdue':
      table.markOverdue(event, 'activity', d.activityId);
      return;
    case 'ActionDecided':
      table.set(event, {
        what: 'action', key: d.actionId, label: d.title, due: d.due,
        command: { type: 'MarkActionOverdue', actionId: d.actionId, due: d.due },
      });
      return;
    case 'ActionsCarriedOver':
      for (const a of d.actions as Record<string, any>[]) {
        table.set(event, {
          what: 'action', key: a.actionId, label: a.title, due: a.due,
          command: { type: 'MarkActionOverdue', actionId: a.actionId, due: a.due },
        });
      }
      return;
    case 'ActionCompleted':
      table.remove(event, 'action', d.actionId);
      return;
    case 'ActionOverdue':
      table.markOverdue(event, 'action', d.actionId);
      return;
    case 'CycleClosed':
      // Open actions move to the next cycle with their deadlines; the rest ends with the cycle.
      table.removeWhere(event, () => true);
      return;
    case 'CycleCancelled':
      table.removeWhere(event, () => true);
      return;
  }
};
