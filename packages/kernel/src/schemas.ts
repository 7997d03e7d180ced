/** Schema pieces every stream type uses: dates, instants and periods. No domain words here. */
import { z } from 'zod';
import { says } from './validation.ts';

/** An id a client chooses (goal, activity, round…): what fits in a URL and a log line. */
export const identifier = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9._:-]+$/, { error: says('alleen letters, cijfers en . _ : -', 'letters, digits and . _ : - only') });

/** A pseudonymous reference to a person (an aios, a respondent), never a name: no spaces, 3 to 64 characters. */
export const pseudonym = z
  .string()
  .min(3)
  .max(64)
  .regex(/^[A-Za-z0-9._:-]+$/, { error: says('een pseudoniem (letters, cijfers en . _ : -), nooit een naam', 'a pseudonymous reference (letters, digits and . _ : -), never a name') });

export const isoDate = z.iso.date({ error: says('een datum als JJJJ-MM-DD', 'a date as YYYY-MM-DD') });

/** How a refinement refuses a `to` before `from`: the error names `to`. */
export const toNotBeforeFrom = { error: says('to mag niet vóór from liggen', 'from must not be after to'), path: ['to'] };

/** A schema with `from` and `to` dates, refusing a `to` before `from`. */
export function orderedPeriod<T extends z.ZodType<{ from: string; to: string }>>(schema: T): T {
  return schema.refine((r) => r.from <= r.to, toNotBeforeFrom) as T;
}
export const isoInstant = z.iso.datetime({ offset: true, error: says('een tijdstip zoals 2026-03-01T09:00:00Z', 'an instant such as 2026-03-01T09:00:00Z') });

export const Period = orderedPeriod(z.object({ from: isoDate, to: isoDate }).strict());

/** A command without payload. */
export const Empty = z.object({}).strict();
