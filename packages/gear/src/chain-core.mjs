// The hash chain's core, in plain JavaScript so that the chain worker (chain-worker.mjs) runs it
// in any runtime without a TypeScript loader; chain.ts gives it types (chain-core.d.mts).
import { createHash } from 'node:crypto';

export const GENESIS = '0'.repeat(64);

const UNSORTABLE = Symbol('a key a sorted copy cannot hold');

function sortKeys(keys) {
  // Insertion sort: the objects in events have a handful of keys.
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i];
    let j = i - 1;
    while (j >= 0 && keys[j] > key) {
      keys[j + 1] = keys[j];
      j--;
    }
    keys[j + 1] = key;
  }
  return keys;
}

function isIntegerLike(key) {
  const c = key.charCodeAt(0);
  return c >= 48 && c <= 57 && /^(?:0|[1-9]\d*)$/.test(key);
}

// Primitives are copied in place, without a call: most values in an event are strings and numbers.
function sortedCopy(value) {
  if (Array.isArray(value)) {
    let out;
    for (let i = 0; i < value.length; i++) {
      const item = value[i];
      if (item === null || typeof item !== 'object') continue;
      const copy = sortedCopy(item);
      if (copy === UNSORTABLE) return UNSORTABLE;
      if (copy !== item) (out ??= value.slice())[i] = copy;
    }
    return out ?? value;
  }
  const out = {};
  for (const key of sortKeys(Object.keys(value))) {
    // An own "__proto__" key would set the copy's prototype instead of copying the value.
    if (isIntegerLike(key) || key === '__proto__') return UNSORTABLE;
    const item = value[key];
    if (item === null || typeof item !== 'object') {
      out[key] = item;
      continue;
    }
    const copy = sortedCopy(item);
    if (copy === UNSORTABLE) return UNSORTABLE;
    out[key] = copy;
  }
  return out;
}

function written(value) {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((item) => (item === undefined || typeof item === 'function' ? 'null' : written(item))).join(',')}]`;
  const members = [];
  for (const key of sortKeys(Object.keys(value))) {
    const item = value[key];
    if (item !== undefined && typeof item !== 'function') members.push(`${JSON.stringify(key)}:${written(item)}`);
  }
  return `{${members.join(',')}}`;
}

/**
 * Canonical JSON: object keys sorted by UTF-16 code unit at every depth, no whitespace,
 * `undefined` members left out (as JSON.stringify does). This is the definition the chain is
 * built on; exports write the same text as bytes (canonical-bytes.ts), and a test holds the two
 * together. It takes the fast way where it can: a copy with the keys inserted in sorted order,
 * serialised by the native JSON.stringify. JavaScript enumerates integer-like keys ("10", "9") first
 * in numeric order whatever the insertion order, and an own "__proto__" key cannot be copied by
 * assignment, so a value holding either is written by hand instead.
 */
export function canonicalJson(value) {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  const copy = sortedCopy(value);
  return copy === UNSORTABLE ? written(value) : JSON.stringify(copy);
}

/** What is hashed of a stored event, keys in sorted order. `created` (the store's own clock) is not part of the envelope. */
export function chainEnvelope(event) {
  return {
    data: event.data,
    id: event.id,
    metadata: event.metadata ?? null,
    position: event.position.toString(),
    revision: Number(event.revision),
    streamId: event.streamId,
    type: event.type,
  };
}

/** The canonical JSON of an event's stored envelope: what the chain hashes for it. */
export function chainText(event) {
  return canonicalJson(chainEnvelope(event));
}

/** One link: sha256 of the previous hash, a newline and the event's chain text, as hex. */
export function hashStep(previous, text) {
  return createHash('sha256').update(`${previous}\n${text}`).digest('hex');
}

export function nextHash(previous, event) {
  return hashStep(previous, chainText(event));
}
