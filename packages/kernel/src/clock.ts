/** Time and ids come from here so that tests are deterministic (ARCHITECTURE.md "The command path"). */
import { createHash, randomUUID } from 'node:crypto';

export type Clock = () => Date;
export type IdGenerator = () => string;

export const systemClock: Clock = () => new Date();
export const randomIds: IdGenerator = () => randomUUID();

/** A clock that stands still until moved; for tests and the demo seeder. */
export function manualClock(start: Date | string): Clock & { set(to: Date | string): void; advance(ms: number): void } {
  let now = new Date(start);
  const clock = (() => new Date(now)) as Clock & { set(to: Date | string): void; advance(ms: number): void };
  clock.set = (to) => {
    now = new Date(to);
  };
  clock.advance = (ms) => {
    now = new Date(now.getTime() + ms);
  };
  return clock;
}

/** UUIDs 00000000-0000-4000-8000-000000000001, ...2, ...: readable in test failures. */
export function sequentialIds(prefix = 0): IdGenerator {
  let n = 0;
  return () => {
    n += 1;
    const hex = (prefix * 1_000_000 + n).toString(16).padStart(12, '0');
    return `00000000-0000-4000-8000-${hex}`;
  };
}

/**
 * A name-based UUID (version 5 layout, SHA-1): the same name always gives the same id. Reactors,
 * the scheduler and Idempotency-Key retries use it so that the store's idempotent append turns a
 * repeated attempt into a no-op.
 */
export function deterministicId(name: string): string {
  const hash = createHash('sha1').update('gearbox:').update(name).digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** `YYYY-MM-DD` of an instant, in UTC. */
export function dateOf(instant: Date): string {
  return instant.toISOString().slice(0, 10);
}

/** A date as people read it (dd-mm-jjjj): `2026-04-14`, or an instant starting with it, → `14-04-2026`. */
export function datum(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return m ? `${m[3]}-${m[2]}-${m[1]}` : iso;
}

/** Dutch notation: at most two decimals, a decimal comma, a point between thousands (7,4; 1.234; -0,5). */
export function getal(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const [whole, fraction] = (Math.round(Math.abs(n) * 100) / 100).toString().split('.') as [string, string?];
  const grouped = whole.length > 4 ? whole.replace(/\B(?=(\d{3})+(?!\d))/g, '.') : whole;
  return `${n < 0 && (whole !== '0' || fraction) ? '-' : ''}${grouped}${fraction ? `,${fraction}` : ''}`;
}
