/**
 * The one canonical JSON of gearbox (ADR 0012): RFC 8785, the JSON Canonicalization Scheme (JCS). Request
 * hashes (Idempotency-Key), evidence hashes and the GEAR hash chain all use it, so the same content
 * always gives the same text and the same sha256.
 *
 * JCS writes numbers and strings as ECMAScript's JSON.stringify does and sorts object keys by UTF-16
 * code unit at every depth, so this takes the fast way: a copy with the keys inserted in sorted order,
 * serialised by the native JSON.stringify (the chain hashes every event with it). JavaScript enumerates
 * integer-like keys ("10", "9") first whatever the insertion order, and an own "__proto__" key cannot
 * be copied by assignment, so a value holding either is written member by member instead.
 *
 * Where the input is not I-JSON (RFC 7493), which JCS leaves undefined:
 * - NaN and ±Infinity are refused with a TypeError (JCS §3.2.2.3), as JSON.stringify refuses a bigint;
 * - a string with a lone surrogate is written escaped (`"\ud800"`), as JSON.stringify writes it,
 *   instead of refused: the store already holds whatever JSON a request carried, and the chain must
 *   hash every stored event (the RFC 8785 reference implementation, `canonicalize`, throws here; the
 *   tests hold this function equal to it on all other JSON);
 * - `undefined` members are left out and `undefined` in arrays is null, as in JSON.stringify;
 * - a value nested deeper than MAX_CANONICAL_DEPTH levels is refused with a TypeError, before the
 *   call stack runs out (HTTP bodies are refused far earlier, at 64 levels, by readJson).
 */
import { createHash } from 'node:crypto';

const UNSORTABLE = Symbol('a key a sorted copy cannot hold');

function sortKeys(keys: string[]): string[] {
  // Insertion sort: the objects in events have a handful of keys.
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i]!;
    let j = i - 1;
    while (j >= 0 && keys[j]! > key) {
      keys[j + 1] = keys[j]!;
      j--;
    }
    keys[j + 1] = key;
  }
  return keys;
}

function isIntegerLike(key: string): boolean {
  const c = key.charCodeAt(0);
  return c >= 48 && c <= 57 && /^(?:0|[1-9]\d*)$/.test(key);
}

function assertFinite(value: number): void {
  if (!Number.isFinite(value)) throw new TypeError(`${value} is not a JSON number (RFC 8785 §3.2.2.3)`);
}

/** Far deeper than any event or request nests, and far below what the call stack holds. */
export const MAX_CANONICAL_DEPTH = 1000;

function assertDepth(depth: number): void {
  if (depth > MAX_CANONICAL_DEPTH) throw new TypeError(`JSON nested deeper than ${MAX_CANONICAL_DEPTH} levels has no canonical form here`);
}

// Primitives are copied in place, without a call: most values in an event are strings and numbers.
function sortedCopy(value: object, depth: number): unknown {
  assertDepth(depth);
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (typeof item === 'number') assertFinite(item);
      if (item === null || typeof item !== 'object') continue;
      const copy = sortedCopy(item, depth + 1);
      if (copy === UNSORTABLE) return UNSORTABLE;
      if (copy !== item) (out ??= value.slice())[i] = copy;
    }
    return out ?? value;
  }
  const out: Record<string, unknown> = {};
  for (const key of sortKeys(Object.keys(value))) {
    // An own "__proto__" key would set the copy's prototype instead of copying the value.
    if (isIntegerLike(key) || key === '__proto__') return UNSORTABLE;
    const item: unknown = (value as Record<string, unknown>)[key];
    if (item === null || typeof item !== 'object') {
      if (typeof item === 'number') assertFinite(item);
      out[key] = item;
      continue;
    }
    const copy = sortedCopy(item, depth + 1);
    if (copy === UNSORTABLE) return UNSORTABLE;
    out[key] = copy;
  }
  return out;
}

function primitive(value: unknown): string {
  if (typeof value === 'number') assertFinite(value);
  return JSON.stringify(value) ?? 'null';
}

function written(value: unknown, depth: number): string {
  if (value === null || typeof value !== 'object') return primitive(value);
  assertDepth(depth);
  if (Array.isArray(value)) return `[${value.map((item) => (item === undefined || typeof item === 'function' ? 'null' : written(item, depth + 1))).join(',')}]`;
  const members: string[] = [];
  for (const key of sortKeys(Object.keys(value))) {
    const item: unknown = (value as Record<string, unknown>)[key];
    if (item !== undefined && typeof item !== 'function') members.push(`${JSON.stringify(key)}:${written(item, depth + 1)}`);
  }
  return `{${members.join(',')}}`;
}

/** The RFC 8785 canonical JSON of `value` (JSON data: what JSON.parse gives or a schema produced). */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return primitive(value);
  const copy = sortedCopy(value, 1);
  return copy === UNSORTABLE ? written(value, 1) : JSON.stringify(copy);
}

/** sha256 of the canonical JSON, as hex: the hash of a piece of content wherever gearbox gives one. */
export function sha256Of(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}
