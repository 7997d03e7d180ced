/**
 * The anonymiser: what a shared event's data may carry when it leaves the institute. Only the fields
 * its policy names pass (an allow-list: a field added to an event later stays home until someone
 * shares it); an aggregate over fewer than MIN_RESPONDENTS respondents, or over an unknown number,
 * keeps that it exists and loses its values. The envelope (actor, names, correlation) never passes.
 */
import { MIN_RESPONDENTS, type SharedType } from './policy.ts';

/** The shared data, or undefined when the stored data does not fit the policy (then nothing is published). */
export function anonymise(shared: SharedType, data: unknown): Record<string, unknown> | undefined {
  const parsed = shared.policy.data.safeParse(data);
  if (!parsed.success) return undefined;
  const out: Record<string, unknown> = { ...parsed.data };
  const aggregate = shared.policy.aggregate;
  if (aggregate) {
    const n = out[aggregate.respondents];
    if (typeof n !== 'number' || n < MIN_RESPONDENTS) {
      for (const field of aggregate.values) delete out[field];
      out.suppressed = true;
    }
  }
  return out;
}
