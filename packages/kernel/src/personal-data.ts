/**
 * Personal data is encrypted per data subject with AES-256-GCM before it is appended
 * (ARCHITECTURE.md "Events"). Forgetting a subject deletes its key: the immutable store keeps
 * only ciphertext nobody can read any more (crypto-shredding). See docs/adr/0005-crypto-shredding.md.
 */
import { createCipheriv, createDecipheriv, randomBytes, randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';

export const FORGOTTEN = '[vergeten]';

/** An encrypted value as it sits in an event: subject, key id, base64(iv | ciphertext | tag). */
export interface Sealed {
  $pd: 1;
  s: string;
  k: string;
  d: string;
}

export function isSealed(value: unknown): value is Sealed {
  return typeof value === 'object' && value !== null && (value as { $pd?: unknown }).$pd === 1;
}

export interface SubjectKey {
  id: string;
  key: Buffer;
}

export interface ErasureRecord {
  subject: string;
  erasedAt: string;
  erasedBy: string;
}

/** Keys per (institute, subject). Keys never live in the event store. */
export interface KeyStore {
  /** The subject's current key; a new one when there is none (also after an erasure). */
  keyFor(institute: string, subject: string): SubjectKey;
  /** A key by id, or undefined once erased. */
  find(institute: string, keyId: string): SubjectKey | undefined;
  /** Deletes every key of the subject; returns how many were deleted. */
  erase(institute: string, subject: string, by: string, at: string): number;
  erasures(institute: string): ErasureRecord[];
  /** Whether this institute ever sealed data under the subject (it has a key, or had one and erased it). */
  knows(institute: string, subject: string): boolean;
  /** Goes up with every erasure, so caches of decrypted state know they must be dropped. */
  generation(): number;
  close(): void;
}

/**
 * Keys in SQLite with secure_delete, so an erased key's bytes are overwritten on disk, and a
 * WAL checkpoint after each erasure, so no copy of the key lingers in the log.
 */
export function openSqliteKeyStore(path: string): KeyStore {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('secure_delete = ON');
  db.exec(`
    CREATE TABLE IF NOT EXISTS subject_keys (
      key_id TEXT PRIMARY KEY,
      institute TEXT NOT NULL,
      subject TEXT NOT NULL,
      key BLOB NOT NULL,
      created_at TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS subject_keys_subject ON subject_keys (institute, subject);
    CREATE TABLE IF NOT EXISTS erasures (
      institute TEXT NOT NULL,
      subject TEXT NOT NULL,
      erased_at TEXT NOT NULL,
      erased_by TEXT NOT NULL
    );
  `);
  const byId = db.prepare<[string, string], { key_id: string; key: Buffer }>(
    'SELECT key_id, key FROM subject_keys WHERE institute = ? AND key_id = ?',
  );
  const bySubject = db.prepare<[string, string], { key_id: string; key: Buffer }>(
    'SELECT key_id, key FROM subject_keys WHERE institute = ? AND subject = ? ORDER BY created_at DESC LIMIT 1',
  );
  const insert = db.prepare('INSERT INTO subject_keys (key_id, institute, subject, key, created_at) VALUES (?, ?, ?, ?, ?)');
  const remove = db.prepare('DELETE FROM subject_keys WHERE institute = ? AND subject = ?');
  const logErasure = db.prepare('INSERT INTO erasures (institute, subject, erased_at, erased_by) VALUES (?, ?, ?, ?)');
  const known = db.prepare<[string, string, string, string], { one: number }>(
    'SELECT 1 AS one FROM subject_keys WHERE institute = ? AND subject = ? UNION ALL SELECT 1 FROM erasures WHERE institute = ? AND subject = ? LIMIT 1',
  );
  const listErasures = db.prepare<[string], { subject: string; erased_at: string; erased_by: string }>(
    'SELECT subject, erased_at, erased_by FROM erasures WHERE institute = ? ORDER BY rowid',
  );
  // Keys are read on every decrypt; the cache is dropped for a subject when it is erased.
  const cache = new Map<string, SubjectKey | undefined>();
  const current = new Map<string, SubjectKey>();
  let generation = 0;

  return {
    generation: () => generation,
    keyFor(institute, subject) {
      const cacheKey = `${institute}\u0000${subject}`;
      const cached = current.get(cacheKey);
      if (cached) return cached;
      const row = bySubject.get(institute, subject);
      let found: SubjectKey;
      if (row) {
        found = { id: row.key_id, key: row.key };
      } else {
        found = { id: randomUUID(), key: randomBytes(32) };
        insert.run(found.id, institute, subject, found.key, new Date().toISOString());
      }
      current.set(cacheKey, found);
      cache.set(`${institute}\u0000#${found.id}`, found);
      return found;
    },
    find(institute, keyId) {
      const cacheKey = `${institute}\u0000#${keyId}`;
      if (cache.has(cacheKey)) return cache.get(cacheKey);
      const row = byId.get(institute, keyId);
      const found = row ? { id: row.key_id, key: row.key } : undefined;
      cache.set(cacheKey, found);
      return found;
    },
    erase(institute, subject, by, at) {
      const tx = db.transaction(() => {
        const n = remove.run(institute, subject).changes;
        logErasure.run(institute, subject, at, by);
        return n;
      });
      const n = tx();
      db.pragma('wal_checkpoint(TRUNCATE)');
      generation += 1;
      cache.clear();
      current.delete(`${institute}\u0000${subject}`);
      return n;
    },
    knows(institute, subject) {
      return known.get(institute, subject, institute, subject) !== undefined;
    },
    erasures(institute) {
      return listErasures.all(institute).map((r) => ({ subject: r.subject, erasedAt: r.erased_at, erasedBy: r.erased_by }));
    },
    close() {
      db.close();
    },
  };
}

export function seal(keys: KeyStore, institute: string, subject: string, value: unknown): Sealed {
  const { id, key } = keys.keyFor(institute, subject);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  // The subject and key id are bound to the ciphertext, so a sealed value cannot be moved to another subject.
  cipher.setAAD(Buffer.from(`${subject}\u0000${id}`));
  const ct = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
  return { $pd: 1, s: subject, k: id, d: Buffer.concat([iv, ct, cipher.getAuthTag()]).toString('base64') };
}

/**
 * What this process has sealed and unsealed, per key store: an actor's name goes into every event
 * they cause and comes out of every event that is read, and AES-GCM plus a key lookup per value
 * was 6–7% of the server's CPU in the command benchmark (docs/performance.md). Both maps are dropped whenever the key store's generation moves
 * (an erasure), so a forgotten subject's plaintext never outlives its key here either.
 */
interface SealCache {
  generation: number;
  /** `institute \0 subject \0 JSON(value)` → the one sealed form this process reuses for it. */
  sealed: Map<string, Sealed>;
  /** `institute \0 key id \0 ciphertext` → plaintext, for plaintexts that are not objects. */
  plain: Map<string, unknown>;
}

const SEAL_CACHE_LIMIT = 20_000;
const sealCaches = new WeakMap<KeyStore, SealCache>();

function sealCacheOf(keys: KeyStore): SealCache {
  let cache = sealCaches.get(keys);
  if (!cache || cache.generation !== keys.generation()) {
    cache = { generation: keys.generation(), sealed: new Map(), plain: new Map() };
    sealCaches.set(keys, cache);
  }
  return cache;
}

function remember<V>(map: Map<string, V>, key: string, value: V): void {
  if (map.size >= SEAL_CACHE_LIMIT) map.clear();
  map.set(key, value);
}

/**
 * Like `seal`, but the same subject, value and key give the same sealed form every time in this
 * process. For values repeated in event after event (the actor's name in the envelope). The
 * ciphertext then shows that two events carry the same value for the same subject, which the
 * subject id stored beside it already says; a fresh IV per value is kept for everything else.
 */
export function sealReused(keys: KeyStore, institute: string, subject: string, value: string | number | boolean): Sealed {
  const cache = sealCacheOf(keys);
  const key = `${institute}\u0000${subject}\u0000${JSON.stringify(value)}`;
  const hit = cache.sealed.get(key);
  if (hit) return hit;
  const sealed = Object.freeze(seal(keys, institute, subject, value)) as Sealed;
  remember(cache.sealed, key, sealed);
  remember(cache.plain, `${institute}\u0000${sealed.k}\u0000${sealed.d}`, value);
  return sealed;
}

/** The plaintext, or FORGOTTEN when the subject's key was erased. */
export function unseal(keys: KeyStore, institute: string, sealed: Sealed): unknown {
  const cache = sealCacheOf(keys);
  const cacheKey = `${institute}\u0000${sealed.k}\u0000${sealed.d}`;
  const hit = cache.plain.get(cacheKey);
  if (hit !== undefined) return hit;
  const plain = decrypt(keys, institute, sealed);
  // Objects are handed out for the caller to keep or change, so only primitives are shared.
  if (typeof plain !== 'object' || plain === null) remember(cache.plain, cacheKey, plain);
  return plain;
}

function decrypt(keys: KeyStore, institute: string, sealed: Sealed): unknown {
  const found = keys.find(institute, sealed.k);
  if (!found) return FORGOTTEN;
  const raw = Buffer.from(sealed.d, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', found.key, raw.subarray(0, 12));
  decipher.setAAD(Buffer.from(`${sealed.s}\u0000${sealed.k}`));
  decipher.setAuthTag(raw.subarray(raw.length - 16));
  const plain = Buffer.concat([decipher.update(raw.subarray(12, raw.length - 16)), decipher.final()]);
  return JSON.parse(plain.toString('utf8'));
}

/** Replaces every sealed value (at any depth) by its plaintext or FORGOTTEN. */
export function unsealDeep<T>(keys: KeyStore, institute: string, value: T): T {
  if (isSealed(value)) return unseal(keys, institute, value) as T;
  if (Array.isArray(value)) return value.map((v) => unsealDeep(keys, institute, v)) as T;
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = unsealDeep(keys, institute, v);
    return out as T;
  }
  return value;
}

/** Says which fields of an event's data are personal, and whose. */
export interface PersonalFields<Data = Record<string, unknown>> {
  /** Top-level field names, or `list[].field` for a field in each element of an array. */
  fields: string[];
  /** Whose data it is; for `list[].field`, `item` is the element. */
  subject: (data: Data, item?: Record<string, unknown>) => string;
}

export function sealFields(
  keys: KeyStore,
  institute: string,
  data: Record<string, unknown>,
  spec: PersonalFields,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...data };
  for (const field of spec.fields) {
    const [list, inner] = field.split('[].');
    if (inner !== undefined && Array.isArray(out[list!])) {
      out[list!] = (out[list!] as Record<string, unknown>[]).map((item) =>
        item[inner] === undefined ? item : { ...item, [inner]: seal(keys, institute, spec.subject(data, item), item[inner]) },
      );
    } else if (out[field] !== undefined) {
      out[field] = seal(keys, institute, spec.subject(data), out[field]);
    }
  }
  return out;
}
