/**
 * The sqlite store keeps data and metadata as canonical JSON and hands that text to a reader that
 * asks for it (ADR 0014); rows written before, in any key order, stay as they were and are marked so.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteEventStore, type EventStore, type RecordedEventWithText } from '../src/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'gearbox-canonical-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const freshFile = () => join(dir, `store-${++files}.db`);

/** RFC 8785 for JSON.parse output, written plainly as the oracle: keys sorted by UTF-16 code unit at every depth. */
const canonical = (v: unknown): string =>
  v === null || typeof v !== 'object'
    ? JSON.stringify(v)
    : Array.isArray(v)
      ? `[${v.map(canonical).join(',')}]`
      : `{${Object.keys(v)
          .sort()
          .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
          .join(',')}}`;

async function withText(store: EventStore, stream?: string): Promise<RecordedEventWithText[]> {
  const out: RecordedEventWithText[] = [];
  const read = store.readAll({ withText: true, ...(stream ? { filter: { streamPrefixes: [stream] } } : {}) }) as AsyncIterable<RecordedEventWithText>;
  for await (const e of read) out.push(e);
  return out;
}

const key = fc.oneof(fc.string({ unit: 'binary', maxLength: 6 }), fc.constantFrom('b', 'a', 'B', 'é', '😀', '$pd', 'toJSON'));
const { json } = fc.letrec<{ json: unknown }>((tie) => ({
  json: fc.oneof(
    { depthSize: 'small' },
    fc.constantFrom(null, true, false, -0, 1e21, 5e-324),
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.string({ unit: 'binary', maxLength: 8 }),
    fc.array(tie('json'), { maxLength: 4 }),
    fc.array(fc.tuple(key, tie('json')), { maxLength: 5 }).map((entries) => Object.fromEntries(entries)),
  ),
}));

describe('sqlite store: data and metadata kept as canonical JSON (ADR 0014)', () => {
  it('hands each event its stored text, which is the canonical JSON of the data and metadata read back', async () => {
    const store = openSqliteEventStore({ path: ':memory:' });
    try {
      await fc.assert(
        fc.asyncProperty(json, fc.option(json, { nil: undefined }), async (data, metadata) => {
          const stream = `s-${randomUUID()}`;
          await store.appendToStream(stream, [{ id: randomUUID(), type: 'T', data, ...(metadata === undefined ? {} : { metadata }) }]);
          const [read] = await withText(store, stream);
          expect(read!.dataText).toBe(canonical(read!.data));
          expect(read!.metadataText).toBe(canonical(read!.metadata ?? null));
          // The parsed values are what readAll gives, whatever order the keys were appended in.
          const [plain] = await collect(store.readAll({ filter: { streamPrefixes: [stream] } }));
          expect(read!.data).toEqual(plain!.data);
        }),
        { numRuns: 300 },
      );
    } finally {
      await store.close();
    }
  });

  it('marks an event whose keys JavaScript cannot hold sorted ("10" before "9", "__proto__") as not canonical, and keeps it as JSON', async () => {
    const store = openSqliteEventStore({ path: ':memory:' });
    try {
      const data = JSON.parse('{"b":1,"10":2,"9":3,"__proto__":{"x":1}}') as unknown;
      await store.appendToStream('s-1', [{ id: randomUUID(), type: 'T', data: { z: [data], a: 1 }, metadata: { time: 't' } }]);
      await store.appendToStream('s-2', [{ id: randomUUID(), type: 'T', data: { z: 1, a: 2 }, metadata: { '10': 1, '9': 2 } }]);
      await store.appendToStream('s-4', [{ id: randomUUID(), type: 'T', data: { '10': 1, '11': 2 } }]);
      await store.appendToStream('s-3', [{ id: randomUUID(), type: 'T', data: { z: 1, a: { d: 1, c: [{ f: 1, e: 2 }] } } }]);
      const [one, two, four, three] = await withText(store);
      expect([one!.dataText, one!.metadataText, two!.dataText, two!.metadataText]).toEqual([undefined, undefined, undefined, undefined]);
      expect(one!.data).toEqual({ z: [data], a: 1 });
      expect(Object.getOwnPropertyNames((one!.data as { z: object[] }).z[0])).toContain('__proto__');
      expect(two!.metadata).toEqual({ '9': 2, '10': 1 });
      expect([three!.dataText, three!.metadataText]).toEqual(['{"a":{"c":[{"e":2,"f":1}],"d":1},"z":1}', 'null']);
      // Integer-like keys that JavaScript happens to enumerate in sorted order are canonical as they are.
      expect(four!.dataText).toBe('{"10":1,"11":2}');
      // A key "__proto__" already in sorted place, around a value that gets sorted: still a key, and canonical.
      await store.appendToStream('s-5', [{ id: randomUUID(), type: 'T', data: JSON.parse('{"__proto__":{"z":1,"a":2},"b":[{"y":1,"x":2}]}') as unknown }]);
      const [five] = await withText(store, 's-5');
      expect(five!.dataText).toBe('{"__proto__":{"a":2,"z":1},"b":[{"x":2,"y":1}]}');
      expect(Object.getOwnPropertyNames(five!.data)).toEqual(['__proto__', 'b']);
    } finally {
      await store.close();
    }
  });

  it('opens a file written before ADR 0014 with its rows unchanged and marked not canonical, and writes new rows canonical', async () => {
    const path = freshFile();
    const old = new Database(path);
    // The schema as it was before the canonical column, with a row in the key order it was appended in.
    old.exec(`CREATE TABLE events (position INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, stream_id TEXT NOT NULL, revision INTEGER NOT NULL,
      type TEXT NOT NULL, data TEXT NOT NULL, metadata TEXT, created INTEGER NOT NULL);
      CREATE UNIQUE INDEX events_stream_revision ON events (stream_id, revision);`);
    const oldId = randomUUID();
    old.prepare('INSERT INTO events (id, stream_id, revision, type, data, metadata, created) VALUES (?, ?, ?, ?, ?, ?, ?)').run(oldId, 'opleider-1', 0, 'Aangemeld', '{"naam":"Zoë","a":1}', '{"time":"2026-01-01T00:00:00.000Z","actor":"x"}', 1);
    old.close();

    const store = openSqliteEventStore({ path });
    try {
      await store.appendToStream('opleider-1', [{ id: randomUUID(), type: 'Gewijzigd', data: { naam: 'Zoë de Wit', a: 2 } }], { expectedRevision: 0n });
      const [before, after] = await withText(store);
      expect([before!.id, before!.data, before!.metadata, before!.dataText, before!.metadataText]).toEqual([
        oldId,
        { naam: 'Zoë', a: 1 },
        { time: '2026-01-01T00:00:00.000Z', actor: 'x' },
        undefined,
        undefined,
      ]);
      expect([after!.dataText, after!.metadataText]).toEqual(['{"a":2,"naam":"Zoë de Wit"}', 'null']);
    } finally {
      await store.close();
    }
    const file = new Database(path, { readonly: true });
    try {
      expect(file.prepare('SELECT data, canonical FROM events ORDER BY position').raw().all()).toEqual([
        ['{"naam":"Zoë","a":1}', 0],
        ['{"a":2,"naam":"Zoë de Wit"}', 1],
      ]);
    } finally {
      file.close();
    }
  });

  it('filters on one stream prefix by characters, also past a character outside the BMP', async () => {
    const store = openSqliteEventStore({ path: ':memory:' });
    try {
      for (const stream of ['😀a/1', '😀ab/1', '😀b/1', 'x😀a/1']) await store.appendToStream(stream, [{ id: randomUUID(), type: stream, data: {} }]);
      const types = async (streamPrefixes: string[]) => (await collect(store.readAll({ filter: { streamPrefixes } }))).map((e) => e.type);
      expect(await types(['😀a'])).toEqual(['😀a/1', '😀ab/1']);
      expect(await types(['😀a/'])).toEqual(['😀a/1']);
      expect(await types(['😀b', 'x'])).toEqual(['😀b/1', 'x😀a/1']);
      const followed: string[] = [];
      const subscription = store.subscribeToAll({ filter: { streamPrefixes: ['😀a'] } });
      for await (const e of subscription) if (followed.push(e.type) === 2) break;
      expect(followed).toEqual(['😀a/1', '😀ab/1']);
    } finally {
      await store.close();
    }
  });
});

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}
