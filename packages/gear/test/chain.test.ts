import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { randomUUID } from 'node:crypto';
import { InvalidAppendError, validateAppend, type RecordedEvent, type RecordedEventWithText } from '@gearbox/eventstore';
import { canonicalJson } from '@gearbox/kernel';
import { ChainWorker, GENESIS, HashChain, chainEnvelope, chainText, nextHash, readInstitute } from '../src/index.ts';
import { BufferFull, CanonicalWriter } from '../src/canonical-bytes.ts';
import { INSTITUTE, KWALITEIT, appendOther, runCycle, world } from './history.ts';

const event = (over: Partial<RecordedEvent> = {}): RecordedEvent => ({
  id: 'e-1',
  type: 'EvidenceAdded',
  streamId: 'utrecht/cycle-1',
  revision: 3n,
  position: 17n,
  created: new Date('2026-01-01T00:00:00Z'),
  data: { title: 'Toetsplan', criteria: ['TB-1'] },
  metadata: { time: '2026-01-01T00:00:00.000Z', actor: { sub: 'u', name: { $pd: 1, s: 'u', k: 'k', d: 'xyz' }, roles: ['mt'] } },
  ...over,
});

/** Strings with what JSON must escape or encode: quotes, controls, lone and paired surrogates, non-ASCII. */
const tricky = fc
  .array(
    fc.oneof(
      fc.constantFrom('"', '\\', '\n', '\u0000', '\u001f', '\u007f', '\ud800', '\udfff', 'é', '€', '😀', '\u2028', 'a'),
      fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
      fc.string({ unit: 'binary', maxLength: 1 }),
    ),
    { maxLength: 12 },
  )
  .map((chars) => chars.join(''));
const key = fc.oneof(tricky, fc.constantFrom('__proto__', '10', '9', '0', '01', '-1', 'a', 'B', '$pd', 'toJSON'));
const { value } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constantFrom(null, true, false, undefined, -0),
    fc.double(),
    fc.integer(),
    tricky,
    fc.array(tie('value'), { maxLength: 4 }),
    // Object.fromEntries defines own properties, "__proto__" too, as JSON.parse does.
    fc.array(fc.tuple(key, tie('value')), { maxLength: 5 }).map((entries) => Object.fromEntries(entries)),
  ),
}));
const anyEvent = fc.record({
  id: tricky,
  type: tricky,
  streamId: tricky,
  revision: fc.bigInt({ min: 0n, max: 2n ** 40n }),
  position: fc.bigInt({ min: 1n, max: 2n ** 62n }),
  data: value,
  metadata: fc.option(value, { nil: undefined }),
}).map((e) => ({ ...e, created: new Date(0) }) as RecordedEvent);

const bytesOf = (writer: CanonicalWriter, event: RecordedEvent) => Buffer.from(writer.bytes.subarray(writer.at, writer.writeEvent(event)));

describe('the chain text as bytes (what exports hash)', () => {
  test('is exactly the UTF-8 of the canonical JSON, for any data, keys and strings', () => {
    const writer = new CanonicalWriter(new Uint8Array(1 << 20));
    fc.assert(
      fc.property(anyEvent, (event) => {
        writer.at = 0;
        let text: string;
        try {
          text = chainText(event);
        } catch (error) {
          // NaN and ±Infinity have no canonical JSON: the bytes are refused the same way.
          expect(() => writer.writeEvent(event)).toThrow((error as Error).constructor as typeof Error);
          return;
        }
        expect(bytesOf(writer, event).toString('hex')).toBe(Buffer.from(text, 'utf8').toString('hex'));
      }),
      { numRuns: 2000 },
    );
  });

  test('copies the text the store keeps canonical (ADR 0014) and gets the same bytes, for any data an append takes', () => {
    const writer = new CanonicalWriter(new Uint8Array(1 << 20));
    let copied = 0;
    fc.assert(
      fc.property(anyEvent, (e) => {
        const { data, metadata } = e;
        let stored;
        try {
          [stored] = validateAppend('s', [{ id: randomUUID(), type: 'T', data, ...(metadata === undefined ? {} : { metadata }) }]);
        } catch (error) {
          if (error instanceof InvalidAppendError) return; // NaN, undefined: the store refuses them
          throw error;
        }
        // What the sqlite store reads back: the parsed values, and the text where it is marked canonical.
        const read: RecordedEventWithText = {
          ...e,
          data: JSON.parse(stored!.data),
          metadata: stored!.metadata === undefined ? undefined : JSON.parse(stored!.metadata),
          dataText: stored!.canonical ? stored!.data : undefined,
          metadataText: stored!.canonical ? (stored!.metadata ?? 'null') : undefined,
        };
        if (read.dataText !== undefined) copied += 1;
        writer.at = 0;
        expect(bytesOf(writer, read).toString('hex')).toBe(Buffer.from(chainText(read), 'utf8').toString('hex'));
      }),
      { numRuns: 2000 },
    );
    expect(copied).toBeGreaterThan(500);
  });

  test('leaves what JSON data never holds (a function, a symbol, a bigint) to chainText itself', () => {
    const writer = new CanonicalWriter(new Uint8Array(4096));
    for (const data of [{ b: 1, f: () => 1 }, { s: Symbol('x'), a: [1] }, [1, () => 2]]) {
      writer.at = 0;
      const event = { id: 'e', type: 'T', streamId: 'u/s-1', revision: 0n, position: 1n, created: new Date(0), data, metadata: undefined } as RecordedEvent;
      expect(bytesOf(writer, event).toString('utf8')).toBe(chainText(event));
    }
    const big = { id: 'e', type: 'T', streamId: 'u/s-1', revision: 0n, position: 1n, created: new Date(0), data: { n: 1n } } as RecordedEvent;
    writer.at = 0;
    expect(() => writer.writeEvent(big)).toThrow(TypeError);
    expect(() => chainText(big)).toThrow(TypeError);
  });

  test('refuses an event that does not fit, leaving the bytes written before it as they were', () => {
    const writer = new CanonicalWriter(new Uint8Array(500));
    const end = writer.writeEvent(event());
    const before = Buffer.from(writer.bytes.subarray(0, end)).toString('hex');
    expect(() => writer.writeEvent(event({ data: { title: 'x'.repeat(300) } }))).toThrow(BufferFull);
    expect(writer.at).toBe(end);
    expect(Buffer.from(writer.bytes.subarray(0, end)).toString('hex')).toBe(before);
  });
});

describe('the hash chain', () => {
  test('is sha256 of the previous hash, a newline and the canonical envelope', () => {
    const e = event();
    const expected = createHash('sha256').update(`${GENESIS}\n${canonicalJson(chainEnvelope(e))}`).digest('hex');
    expect(nextHash(GENESIS, e)).toBe(expected);
  });

  test('hashes the envelope as stored: id, type, stream, revision, position, data and metadata, not the store clock', () => {
    const base = nextHash(GENESIS, event());
    expect(nextHash(GENESIS, event({ created: new Date('2030-01-01T00:00:00Z') }))).toBe(base);
    for (const changed of [
      event({ id: 'e-2' }),
      event({ type: 'Other' }),
      event({ streamId: 'utrecht/cycle-2' }),
      event({ revision: 4n }),
      event({ position: 18n }),
      event({ data: { title: 'Toetsplan!', criteria: ['TB-1'] } }),
      event({ metadata: { time: '2026-01-01T00:00:01.000Z' } }),
    ]) {
      expect(nextHash(GENESIS, changed)).not.toBe(base);
    }
  });

  test('depends on the order of events', () => {
    const a = new HashChain();
    const b = new HashChain();
    const e1 = event();
    const e2 = event({ id: 'e-2', position: 18n, revision: 4n });
    a.apply(e1);
    a.apply(e2);
    b.apply(e2);
    b.apply(e1);
    expect(a.head).not.toBe(b.head);
    expect(a.count).toBe(2);
  });

  test('in a worker thread gives the head the calling thread gives, also when the worker makes the reader wait', async () => {
    const events = Array.from({ length: 1234 }, (_, i) => event({ id: `e-${i}`, position: BigInt(i + 1), revision: BigInt(i), data: { i, title: `Bewijs ${i}` } }));
    const here = new HashChain();
    for (const e of events) here.apply(e);
    const worker = new ChainWorker(7, 1);
    let waited = 0;
    try {
      for (const e of events) {
        const wait = worker.apply(e);
        if (wait) {
          waited += 1;
          await wait;
        }
      }
      expect(await worker.finish()).toEqual({ head: here.head, count: 1234 });
    } finally {
      await worker.close();
    }
    expect(waited).toBeGreaterThan(0);
  });

  test('in a worker thread with small buffers (batches cut mid-way, events larger than a buffer) gives the calling thread\'s head', async () => {
    const events = Array.from({ length: 300 }, (_, i) => event({ id: `e-${i}`, position: BigInt(i + 1), data: { i, title: 'ë'.repeat(i % 7 === 0 ? 900 : i) } }));
    const here = new HashChain();
    for (const e of events) here.apply(e);
    const worker = new ChainWorker(1000, 2, 512);
    try {
      for (const e of events) await worker.apply(e);
      expect(await worker.finish()).toEqual({ head: here.head, count: 300 });
    } finally {
      await worker.close();
    }
  });

  test('gives the same head for events stored before ADR 0014 (keys in any order, no text) as for the same events stored canonical', async () => {
    const events = Array.from({ length: 500 }, (_, i) => ({
      id: randomUUID(),
      type: 'EvidenceAdded',
      data: { title: `Bewijs ${i} — ë`, criteria: ['TB-1'], kind: i % 3 ? 'document' : 'notulen', at: { to: '2025-12-31', from: '2025-01-01' } },
      metadata: { time: new Date(Date.UTC(2025, 0, 1) + i * 60_000).toISOString(), institute: 'utrecht', actor: { sub: 'u', roles: ['mt'] } },
    }));
    const recorded = (e: (typeof events)[number], i: number) => ({ id: e.id, type: e.type, streamId: 'utrecht/cycle-1', revision: BigInt(i), position: BigInt(i + 1), created: new Date(0) });
    // Before: the rows held JSON.stringify's text in the order the keys were built; the reader parses it and gets no text.
    const before = events.map((e, i): RecordedEvent => ({ ...recorded(e, i), data: JSON.parse(JSON.stringify(e.data)), metadata: JSON.parse(JSON.stringify(e.metadata)) }));
    const now = events.map((e, i): RecordedEventWithText => {
      const [stored] = validateAppend('utrecht/cycle-1', [e]);
      expect(stored!.canonical).toBe(true);
      return { ...recorded(e, i), data: JSON.parse(stored!.data), metadata: JSON.parse(stored!.metadata!), dataText: stored!.data, metadataText: stored!.metadata };
    });
    expect(JSON.stringify(events[0]!.data)).not.toBe(now[0]!.dataText);
    const reference = new HashChain();
    for (const e of before) reference.apply(e);
    const heads: string[] = [];
    for (const read of [before, now, [...before.slice(0, 250), ...now.slice(250)]]) {
      const worker = new ChainWorker(64, 2, 4096);
      try {
        for (const e of read) await worker.apply(e);
        heads.push((await worker.finish()).head);
      } finally {
        await worker.close();
      }
    }
    expect(heads).toEqual([reference.head, reference.head, reference.head]);
  });

  test('of an export, read with the stored text, is the head of the plain read', async () => {
    const w = world();
    await runCycle(w, { kind: 'curriculum', title: 'Curriculum', period: { from: '2025-01-01', to: '2025-12-31' }, until: 'do' });
    const withText: boolean[] = [];
    for await (const e of w.store.readAll({ withText: true }) as AsyncIterable<RecordedEventWithText>) withText.push(e.dataText !== undefined);
    expect(withText.length).toBeGreaterThan(3);
    expect(withText.every(Boolean)).toBe(true);
    const reference = new HashChain();
    for await (const e of w.store.readAll({ filter: { streamPrefixes: [`${INSTITUTE}/`] } })) reference.apply(e);
    expect((await readInstitute(w.store, { institute: INSTITUTE, chain: true })).chain).toEqual({ head: reference.head, count: reference.count });
    await w.close();
  });

  test('is not broken when a person is forgotten: sealed values are hashed as stored', async () => {
    const w = world();
    await runCycle(w, { kind: 'curriculum', title: 'Curriculum', period: { from: '2025-01-01', to: '2025-12-31' }, until: 'do' });
    const before = (await readInstitute(w.store, { institute: INSTITUTE, chain: true })).chain!.head;
    expect(w.keys.erase(INSTITUTE, KWALITEIT.sub, 'admin-1', '2026-01-01T00:00:00Z')).toBeGreaterThan(0);
    const after = (await readInstitute(w.store, { institute: INSTITUTE, chain: true })).chain!.head;
    expect(after).toBe(before);
    await w.close();
  });

  test('covers only the institute\'s own events', async () => {
    const w = world();
    await runCycle(w, { kind: 'curriculum', title: 'Curriculum', period: { from: '2025-01-01', to: '2025-12-31' }, until: 'do' });
    const before = await readInstitute(w.store, { institute: INSTITUTE, chain: true });
    await appendOther(w, 'amc/cycle-x', [{ type: 'CycleStarted', data: { kind: 'curriculum', title: 'AMC', period: { from: '2025-01-01', to: '2025-12-31' }, scope: null } }], KWALITEIT, 'amc');
    const after = await readInstitute(w.store, { institute: INSTITUTE, chain: true });
    expect(after.chain!.head).toBe(before.chain!.head);
    expect(after.eventCount).toBe(before.eventCount);
    await w.close();
  });
});
