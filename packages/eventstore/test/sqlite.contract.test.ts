import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteEventStore, type EventData, type EventStore, type RecordedEvent } from '../src/index.ts';
import { startAppender } from './appender-process.ts';
import { eventStoreContract } from './contract.ts';

const dir = mkdtempSync(join(tmpdir(), 'gearbox-eventstore-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let files = 0;
const freshFile = () => join(dir, `store-${++files}.db`);

eventStoreContract('sqlite file', () => openSqliteEventStore({ path: freshFile() }));
eventStoreContract('sqlite :memory:', () => openSqliteEventStore({ path: ':memory:' }));

describe('sqlite store on a file', () => {
  it('keeps its events across close and reopen, and continues after them', async () => {
    const path = freshFile();
    const first = openSqliteEventStore({ path });
    const stored = [event('Aangemaakt', { naam: 'Zoë' }), event('Gewijzigd', { naam: 'Zoë de Wit' })];
    await first.appendToStream('opleider-1', stored, { expectedRevision: 'no_stream' });
    await first.close();

    const second = openSqliteEventStore({ path });
    try {
      const read = await collect(second.readStream('opleider-1'));
      expect(read.map((e) => [e.id, e.revision, e.data])).toEqual([
        [stored[0]!.id, 0n, { naam: 'Zoë' }],
        [stored[1]!.id, 1n, { naam: 'Zoë de Wit' }],
      ]);
      const next = await second.appendToStream('opleider-1', [event()], { expectedRevision: 1n });
      expect(next.position).toBeGreaterThan(read[1]!.position);
      // A retry after the restart is still recognised.
      expect(await second.appendToStream('opleider-1', stored, { expectedRevision: 'no_stream' })).toEqual({
        nextExpectedRevision: 1n,
        position: read[1]!.position,
      });
    } finally {
      await second.close();
    }
  });

  it('commits appends accepted before close(), and answers them, instead of dropping them', async () => {
    const path = freshFile();
    const store = openSqliteEventStore({ path });
    const events = [event('Laatste'), event('Laatste')];
    const pending = store.appendToStream('cursus-9', events, { expectedRevision: 'no_stream' });
    await store.close();
    expect((await pending).nextExpectedRevision).toBe(1n);

    const reopened = openSqliteEventStore({ path });
    try {
      expect((await collect(reopened.readStream('cursus-9'))).map((e) => e.id)).toEqual(events.map((e) => e.id));
    } finally {
      await reopened.close();
    }
  });

  it('a retry issued at the same moment as its original is answered like it and stored once', async () => {
    const store = openSqliteEventStore({ path: freshFile() });
    try {
      const events = [event(), event()];
      const [first, retry] = await Promise.all([
        store.appendToStream('leerplek-7', events, { expectedRevision: 'no_stream' }),
        store.appendToStream('leerplek-7', events, { expectedRevision: 'no_stream' }),
      ]);
      expect(retry).toEqual(first);
      expect((await collect(store.readStream('leerplek-7'))).map((e) => e.id)).toEqual(events.map((e) => e.id));
    } finally {
      await store.close();
    }
  });

  it('shares one file between two open store instances', async () => {
    const path = freshFile();
    const [a, b] = [openSqliteEventStore({ path }), openSqliteEventStore({ path })];
    try {
      await a.appendToStream('leerplek-1', [event()]);
      const lost = await b.appendToStream('leerplek-1', [event()], { expectedRevision: 'no_stream' }).catch((e: unknown) => e);
      expect(lost).toMatchObject({ code: 'wrong-expected-version', actual: 0n });
      await b.appendToStream('leerplek-1', [event()], { expectedRevision: 0n });
      expect((await collect(a.readStream('leerplek-1'))).map((e) => e.revision)).toEqual([0n, 1n]);
      expect(await a.headPosition()).toBe(await b.headPosition());
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('applies pipelined appends to one stream in call order, and refuses those built on a refused one', async () => {
    const path = freshFile();
    const [a, b] = [openSqliteEventStore({ path }), openSqliteEventStore({ path })];
    try {
      const first = event();
      await a.appendToStream('cursus-5', [first], { expectedRevision: 'no_stream' });
      // Sent together, not waiting for each other: each names the event it builds on.
      const chain = [event(), event(), event()];
      const results = await Promise.all(
        chain.map((e, i) => a.appendToStream('cursus-5', [e], { expectedRevision: BigInt(i), expectedEventId: (chain[i - 1] ?? first).id })),
      );
      expect(results.map((r) => r.nextExpectedRevision)).toEqual([1n, 2n, 3n]);

      // Another writer took revision 4: the pipeline's first append is refused, and so is the one
      // built on it, although the revision it expects (4) exists.
      const foreign = event();
      await b.appendToStream('cursus-5', [foreign], { expectedRevision: 3n });
      const [mine, next] = [event(), event()];
      const refused = [
        a.appendToStream('cursus-5', [mine], { expectedRevision: 3n, expectedEventId: chain[2]!.id }).catch((e: unknown) => e),
        a.appendToStream('cursus-5', [next], { expectedRevision: 4n, expectedEventId: mine.id }).catch((e: unknown) => e),
      ];
      expect(await Promise.all(refused)).toMatchObject([
        { code: 'wrong-expected-version', actual: 4n },
        { code: 'wrong-expected-version', actual: 4n },
      ]);
      expect((await collect(a.readStream('cursus-5'))).map((e) => e.id)).toEqual([first, ...chain, foreign].map((e) => e.id));
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('wakes a subscription for appends through another store instance on the same file', async () => {
    const path = freshFile();
    const [reader, writer] = [openSqliteEventStore({ path }), openSqliteEventStore({ path })];
    try {
      const subscription = reader.subscribeToAll();
      const ids = [event(), event(), event()];
      const received = take(subscription, 3);
      await writer.appendToStream('cursus-1', ids.slice(0, 2));
      await writer.appendToStream('cursus-2', ids.slice(2));
      expect((await received).map((e) => e.id)).toEqual(ids.map((e) => e.id));
    } finally {
      await Promise.all([reader.close(), writer.close()]);
    }
  });

  it('a subscription on a writing instance sees what another instance wrote in between, in order, filtered', async () => {
    const path = freshFile();
    const [a, b] = [openSqliteEventStore({ path }), openSqliteEventStore({ path })];
    try {
      const rounds = Array.from({ length: 30 }, (_, round) => ({
        writer: round % 3 === 1 ? b : a,
        stream: round % 2 === 0 ? `opleider-${round % 5}` : `leerplek-${round % 4}`,
        batch: [event(round % 4 === 0 ? 'Erkend' : 'Bezocht'), event('Erkend')],
      }));
      const wanted = rounds.flatMap((r) => r.batch.filter((e) => r.stream.startsWith('opleider-') && e.type === 'Erkend'));
      // Both subscriptions follow live while the writing goes on.
      const all = take(a.subscribeToAll(), rounds.length * 2);
      const opleiders = take(a.subscribeToAll({ filter: { streamPrefixes: ['opleider-'], eventTypes: ['Erkend'] } }), wanted.length);
      for (const { writer, stream, batch } of rounds) {
        // Two appends at once from one instance share a commit; the other instance's land between commits.
        await Promise.all([writer.appendToStream(stream, batch.slice(0, 1)), writer.appendToStream(stream, batch.slice(1))]);
        await new Promise((resolve) => setImmediate(resolve));
      }
      const stored = await collect(a.readAll());
      expect(stored).toHaveLength(rounds.length * 2);
      expect((await all).map((e) => [e.id, e.position])).toEqual(stored.map((e) => [e.id, e.position]));
      const expected = stored.filter((e) => e.streamId.startsWith('opleider-') && e.type === 'Erkend');
      expect(expected.map((e) => e.id).sort()).toEqual(wanted.map((e) => e.id).sort());
      expect((await opleiders).map((e) => [e.id, e.position, e.data])).toEqual(expected.map((e) => [e.id, e.position, e.data]));
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  /** A store in this process, subscribed from the start, and another process appending to its file. */
  async function besideAnotherProcess(run: (store: EventStore, subscription: AsyncIterable<RecordedEvent>, appender: ReturnType<typeof startAppender>) => Promise<void>) {
    const path = freshFile();
    const store = openSqliteEventStore({ path });
    const appender = startAppender(path);
    try {
      const subscription = store.subscribeToAll();
      await appender.opened;
      await run(store, subscription, appender);
    } finally {
      await appender.kill();
      await store.close();
    }
  }

  it('picks up appends made by another process on the same file', { timeout: 60_000 }, () =>
    besideAnotherProcess(async (store, subscription, appender) => {
      const received = await take(subscription, 50);
      await appender.kill();
      expect(received.map((e) => e.id)).toEqual((await collect(store.readAll({ maxCount: 50 }))).map((e) => e.id));
      expect(appender.acknowledged.slice(0, 10)).toEqual(received.slice(0, 10).map((e) => e.id));
    }));

  it('sees every row when this process and another append to the same file at once', { timeout: 60_000 }, () =>
    // A local append wakes the subscription with its own head; the other process's rows below that
    // head are read from the table, those above it at the next poll. Nothing is skipped or repeated.
    besideAnotherProcess(async (store, subscription, appender) => {
      const received = take(subscription, 120);
      for (let i = 0; i < 40; i++) {
        await store.appendToStream(`lokaal-${i % 3}`, [event('Lokaal')]);
        await new Promise((r) => setTimeout(r, 5));
      }
      const got = await received;
      await appender.kill();
      const all = await collect(store.readAll({ maxCount: 120 }));
      expect(got.map((e) => e.position)).toEqual(all.map((e) => e.position));
      expect(got.filter((e) => e.type === 'Lokaal')).toHaveLength(all.filter((e) => e.type === 'Lokaal').length);
      expect(new Set(got.map((e) => e.streamId.startsWith('lokaal-'))).size).toBe(2);
    }));

  it('ends its subscriptions when the store closes', async () => {
    const store = openSqliteEventStore({ path: freshFile() });
    const subscription = store.subscribeToAll();
    const pending = subscription[Symbol.asyncIterator]().next();
    await store.close();
    expect((await pending).done).toBe(true);
  });
});

function event(type = 'Gebeurd', data: unknown = {}): EventData {
  return { id: randomUUID(), type, data };
}

async function collect(iterable: AsyncIterable<RecordedEvent>): Promise<RecordedEvent[]> {
  const items: RecordedEvent[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

async function take(iterable: AsyncIterable<RecordedEvent>, count: number): Promise<RecordedEvent[]> {
  const items: RecordedEvent[] = [];
  for await (const item of iterable) {
    items.push(item);
    if (items.length === count) break;
  }
  return items;
}

