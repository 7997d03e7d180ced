/**
 * The recognition of an opleider lapses on a date; three months before, a reminder is due
 * (issue 5), durably: the deadline table is rebuilt from the events, and the scheduler sends the
 * internal `RemindErkenning` with an event id derived from the deadline, so it is given once.
 * On the day after `until` the recognition lapses the same way (`LapseErkenning`, issue 12): the
 * opleider becomes `verlopen` and both deadlines leave the list. A renewal before replaces them.
 */
import { datum, type DeadlineRule } from '@gearbox/kernel';

const WHAT = 'erkenning';

/** `date` minus `months`, clamped to the end of a shorter month. */
export function monthsBefore(date: string, months: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() - months);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d.toISOString().slice(0, 10);
}

function dayBefore(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}

/** The day the reminder is given: three months before the recognition lapses. */
export function reminderDay(until: string): string {
  return monthsBefore(until, 3);
}

export const opleiderDeadlines: DeadlineRule = (event, table) => {
  if (!event.streamId.includes('/opleider-')) return;
  const d = event.data as Record<string, any>;
  switch (event.type) {
    case 'OpleiderRecognised':
      table.removeWhere(event, (x) => x.what === WHAT);
      // The scheduler fires the day after `due`, so due is the day before the reminder day.
      table.set(event, {
        what: WHAT,
        key: d.until,
        label: `Erkenning verloopt op ${datum(d.until)}`,
        due: dayBefore(reminderDay(d.until)),
        command: { type: 'RemindErkenning', until: d.until },
      });
      table.set(event, {
        what: WHAT,
        key: `${d.until}:einde`,
        label: `Erkenning eindigt na ${datum(d.until)}`,
        due: d.until,
        command: { type: 'LapseErkenning', until: d.until },
      });
      return;
    case 'ErkenningReminderDue':
      table.markOverdue(event, WHAT, d.until);
      return;
    case 'ErkenningLapsed':
    case 'TrainingEnded':
      table.removeWhere(event, () => true);
      return;
    case 'CmoTrajectClosed':
      if (d.outcome === 'afscheid') table.removeWhere(event, () => true);
      return;
  }
};
