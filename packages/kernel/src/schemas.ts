/** Schema pieces every stream type uses: dates, instants and periods. No domain words here. */
import { z } from 'zod';

export const isoDate = z.iso.date({ message: 'a date as YYYY-MM-DD' });

/** A schema with `from` and `to` dates, refusing a `to` before `from` (the error names `to`). */
export function orderedPeriod<T extends z.ZodType<{ from: string; to: string }>>(schema: T): T {
  return schema.refine((r) => r.from <= r.to, { message: 'from must not be after to', path: ['to'] }) as T;
}
export const isoInstant = z.iso.datetime({ offset: true, message: 'an instant such as 2026-03-01T09:00:00Z' });

export const Period = orderedPeriod(z.object({ from: isoDate, to: isoDate }).strict());

/** A command without payload. */
export const Empty = z.object({}).strict();
