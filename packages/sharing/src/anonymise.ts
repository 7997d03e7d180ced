/**
 * The anonymiser: what a shared event's data may carry when it leaves the institute. Only the fields
 * its policy names pass (an allow-list: a field added to an event later stays home until someone
 * shares it); an aggregate over fewer than MIN_RESPONDENTS respondents, or over an unknown number,
 * keeps that it exists and loses its values. The envelope (actor, names, correlation) never passes.
 */
import { MISFIT } from './allow-list.ts';
import { MIN_RESPONDENTS, type SharedType } from './policy.ts';

/** The shared data, or undefined when the stored data does not fit the policy (then nothing is published). */
export function anonymise(shared: SharedType, data: unknown): Record<string, unknown> | undefined {
  const picked = shared.pick(data);
  if (picked === MISFIT) return undefined;
  const out = picked as Record<string, unknown>;
  const aggregate = shared.policy.aggregate;
  const n = aggregate && out[aggregate.respondents];
  if (!aggregate || (typeof n === 'number' && n >= MIN_RESPONDENTS)) return out;
  // Copied rather than deleted from: an object that loses a key becomes a slow dictionary in V8.
  const withheld: Record<string, unknown> = {};
  for (const key in out) if (!aggregate.values.includes(key)) withheld[key] = out[key];
  withheld.suppressed = true;
  return withheld;
}
