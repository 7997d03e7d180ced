/**
 * Days on which something happened (a visit, a measurement, an evaluation filled in, a review
 * held). Such a day lies not after today and not before 2000: a stream type names these payload
 * fields per command and wraps its decider with `happenedOn`. A day outside that range is a 400 in
 * the caller's language with the field in `errors[]`, and nothing is stored. The dossier counts
 * the event on that day (packages/gear/src/projection.ts, `effectiveDay`).
 */
import { dateOf, datum, refused, text, ValidationError, type Decider, type FieldError } from '@gearbox/kernel';

/** Before this nothing an institute records can have happened: a typo such as `1026-05-01`. */
export const EARLIEST_DAY = '2000-01-01';

export const DAY_OUT_OF_RANGE = text(
  'Een datum waarop iets gebeurd is, ligt niet na vandaag en niet vóór 2000; er is niets vastgelegd.',
  'A date on which something happened lies neither after today nor before 2000; nothing was recorded.',
);

/** A command spec's `record` for a `date` that may be left out: the day it is recorded. */
export const dateOrToday = <P extends { date?: string }>(p: P, at: { today: string }) => ({ ...p, date: p.date ?? at.today });

/** Errors for the named day fields of a payload; `prefix` places them in a batch (`evaluations.3.`). */
export function dayErrors(data: Record<string, unknown>, fields: readonly string[], today: string, prefix = ''): FieldError[] {
  const errors: FieldError[] = [];
  for (const field of fields) {
    const day = data[field];
    if (typeof day !== 'string') continue;
    if (day > today) errors.push({ path: prefix + field, message: text(`ligt na vandaag (${datum(today)})`, `is after today (${today})`) });
    else if (day < EARLIEST_DAY) errors.push({ path: prefix + field, message: text(`ligt vóór ${datum(EARLIEST_DAY)}`, `is before ${EARLIEST_DAY}`) });
  }
  return errors;
}

/**
 * A stream type's `decider` hook: command type → its day fields, checked against the injected
 * clock's today. A refusal other than 422 (403, or a 400 found first) stands; a day out of range is
 * bad input whatever the phase, so it comes before a 422. `inner` is the stream type's own rules.
 */
export function happenedOn(fields: Record<string, readonly string[]>, inner: (built: Decider) => Decider = (built) => built): (built: Decider) => Decider {
  return (built) => {
    const decider = inner(built);
    return {
      ...decider,
      decide(state, command, context) {
        const decision = decider.decide(state, command, context);
        if ('refusal' in decision && decision.refusal.status !== 422) return decision;
        const errors = Object.hasOwn(fields, command.type) ? dayErrors(command.data, fields[command.type]!, dateOf(context.now)) : [];
        return errors.length ? refused(new ValidationError(errors, DAY_OUT_OF_RANGE)) : decision;
      },
    };
  };
}
