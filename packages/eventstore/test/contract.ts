/**
 * The behaviour every EventStore adapter promises, run against each of them. The store may be
 * shared between tests and hold other events (EventStoreDB does), so every test works in its own
 * streams (random names) and reads $all from the head it saw first, filtered to its own streams.
 * Positions are only compared for order: EventStoreDB's commit positions are not 1, 2, 3.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  InvalidAppendError,
  StoreClosedError,
  StreamNotFoundError,
  WrongExpectedVersionError,
  type AppendResult,
  type EventData,
  type EventStore,
  type ExpectedRevision,
  type RecordedEvent,
} from '../src/index.ts';

const MIB = 1_048_576;

export function eventStoreContract(
  name: string,
  open: () => Promise<EventStore> | EventStore,
  teardown: (store: EventStore) => Promise<void> | void = (store) => store.close(),
): void {
  describe(`EventStore contract: ${name}`, () => {
    let store: EventStore;
    beforeEach(async () => {
      store = await open();
    });
    afterEach(async () => {
      await teardown(store);
    });

    describe('append and read', () => {
      it('reads back what was appended, with revisions from 0 and increasing positions', async () => {
        const stream = streamName('leerplek');
        const events = [
          event('LeerplekAangemeld', { opleider: 'Dr. de Vries', plaatsen: 2 }, { correlationId: 'c-1' }),
          event('LeerplekGoedgekeurd', { door: 'commissie' }),
        ];
        const result = await store.appendToStream(stream, events, { expectedRevision: 'no_stream' });
        const read = await collect(store.readStream(stream));

        expect(read.map(({ id, type, streamId, revision, data, metadata }) => ({ id, type, streamId, revision, data, metadata }))).toEqual([
          { id: events[0]!.id, type: 'LeerplekAangemeld', streamId: stream, revision: 0n, data: { opleider: 'Dr. de Vries', plaatsen: 2 }, metadata: { correlationId: 'c-1' } },
          { id: events[1]!.id, type: 'LeerplekGoedgekeurd', streamId: stream, revision: 1n, data: { door: 'commissie' }, metadata: undefined },
        ]);
        expect(read[0]!.position < read[1]!.position).toBe(true);
        expect(read.every((e) => e.created instanceof Date && !Number.isNaN(e.created.getTime()))).toBe(true);
        expect(result).toEqual({ nextExpectedRevision: 1n, position: read[1]!.position });
        expect(await store.headPosition()).toBeGreaterThanOrEqual(read[1]!.position);
      });

      it('stores any JSON value as data and reads back what JSON makes of it', async () => {
        const stream = streamName('json');
        const values: unknown[] = [null, 0, -1.5, 'tekst', true, [1, 'twee', null], { genest: { diep: [{}] } }];
        await store.appendToStream(stream, values.map((data) => event('Waarde', data)));
        await store.appendToStream(stream, [event('Datum', { op: new Date(0), weggelaten: undefined })]);

        const read = await collect(store.readStream(stream));
        expect(read.map((e) => e.data)).toEqual([...values, { op: '1970-01-01T00:00:00.000Z' }]);
      });

      it('treats event ids as UUIDs of any version, case-insensitively', async () => {
        const stream = streamName('uuid');
        const v1 = 'c232ab00-9414-11ec-b3c8-9f6bdeced846';
        const upper = randomUUID().toUpperCase();
        await store.appendToStream(stream, [{ id: v1, type: 'V1', data: {} }, { id: upper, type: 'Upper', data: {} }]);

        const read = await collect(store.readStream(stream));
        expect(read.map((e) => e.id)).toEqual([v1, upper.toLowerCase()]);
      });

      it('throws StreamNotFoundError for an unknown stream when iteration starts, not before', async () => {
        const reading = store.readStream(streamName('onbekend'));
        const error = await failure(collect(reading));
        expect(error).toBeInstanceOf(StreamNotFoundError);
        expect(await failure(collect(store.readStream(streamName('onbekend'), { direction: 'backwards' })))).toBeInstanceOf(
          StreamNotFoundError,
        );
      });
    });

    describe('expected revision', () => {
      it("'no_stream' succeeds only on a new stream", async () => {
        const stream = streamName('nostream');
        await store.appendToStream(stream, [event(), event()], { expectedRevision: 'no_stream' });
        const error = await failure(store.appendToStream(stream, [event()], { expectedRevision: 'no_stream' }));
        expect(error).toBeInstanceOf(WrongExpectedVersionError);
        expect(error).toMatchObject({ code: 'wrong-expected-version', streamId: stream, expected: 'no_stream', actual: 1n });
        expect(await revisions(store, stream)).toEqual([0n, 1n]);
      });

      it("'stream_exists' fails on a new stream and succeeds on an existing one", async () => {
        const stream = streamName('exists');
        const error = await failure(store.appendToStream(stream, [event()], { expectedRevision: 'stream_exists' }));
        expect(error).toBeInstanceOf(WrongExpectedVersionError);
        expect(error).toMatchObject({ expected: 'stream_exists', actual: 'no_stream' });
        expect(await failure(collect(store.readStream(stream)))).toBeInstanceOf(StreamNotFoundError);

        await store.appendToStream(stream, [event()]);
        const result = await store.appendToStream(stream, [event()], { expectedRevision: 'stream_exists' });
        expect(result.nextExpectedRevision).toBe(1n);
      });

      it('an exact revision must be the revision of the last event', async () => {
        const stream = streamName('exact');
        const missing = await failure(store.appendToStream(stream, [event()], { expectedRevision: 0n }));
        expect(missing).toBeInstanceOf(WrongExpectedVersionError);
        expect(missing).toMatchObject({ expected: 0n, actual: 'no_stream' });

        await store.appendToStream(stream, [event(), event(), event()], { expectedRevision: 'no_stream' });
        const stale = await failure(store.appendToStream(stream, [event()], { expectedRevision: 1n }));
        expect(stale).toBeInstanceOf(WrongExpectedVersionError);
        expect(stale).toMatchObject({ expected: 1n, actual: 2n });
        const ahead = await failure(store.appendToStream(stream, [event()], { expectedRevision: 5n }));
        expect(ahead).toMatchObject({ expected: 5n, actual: 2n });

        const result = await store.appendToStream(stream, [event(), event()], { expectedRevision: 2n });
        expect(result.nextExpectedRevision).toBe(4n);
        expect(await revisions(store, stream)).toEqual([0n, 1n, 2n, 3n, 4n]);
      });

      it("'any' (the default) always appends at the end", async () => {
        const stream = streamName('any');
        expect((await store.appendToStream(stream, [event()])).nextExpectedRevision).toBe(0n);
        expect((await store.appendToStream(stream, [event()], { expectedRevision: 'any' })).nextExpectedRevision).toBe(1n);
      });

      it('of two appends with the same expectation issued at once, exactly one wins', async () => {
        const stream = streamName('race');
        await store.appendToStream(stream, [event()]);
        const first = [event('Eerste'), event('Eerste')];
        const second = [event('Tweede')];
        const results = await Promise.allSettled([
          store.appendToStream(stream, first, { expectedRevision: 0n }),
          store.appendToStream(stream, second, { expectedRevision: 0n }),
        ]);

        const won = results.filter((r) => r.status === 'fulfilled');
        const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
        expect(won).toHaveLength(1);
        expect(lost).toHaveLength(1);
        expect(lost[0]!.reason).toBeInstanceOf(WrongExpectedVersionError);
        const winner = results[0]!.status === 'fulfilled' ? first : second;
        const read = await collect(store.readStream(stream));
        expect(read.slice(1).map((e) => e.id)).toEqual(winner.map((e) => e.id));
      });

      it('a refused append among appends issued at once refuses only itself', async () => {
        const [a, b, c] = [streamName('together-a'), streamName('together-b'), streamName('together-c')];
        await store.appendToStream(b, [event()]);
        const batches = [[event('A'), event('A')], [event('B')], [event('C')]];
        const results = await Promise.allSettled([
          store.appendToStream(a, batches[0]!, { expectedRevision: 'no_stream' }),
          store.appendToStream(b, batches[1]!, { expectedRevision: 5n }),
          store.appendToStream(c, batches[2]!, { expectedRevision: 'no_stream' }),
        ]);

        expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
        expect((results[1] as PromiseRejectedResult).reason).toMatchObject({ code: 'wrong-expected-version', actual: 0n });
        expect(await revisions(store, a)).toEqual([0n, 1n]);
        expect(await revisions(store, b)).toEqual([0n]);
        expect(await revisions(store, c)).toEqual([0n]);
        const stored = new Set<string>();
        for await (const e of store.readAll()) stored.add(e.id);
        expect(batches[1]!.some((e) => stored.has(e.id))).toBe(false);
      });

      it('of many racing creators of one stream, exactly one wins', async () => {
        const stream = streamName('creators');
        const results = await Promise.allSettled(
          Array.from({ length: 8 }, () => store.appendToStream(stream, [event()], { expectedRevision: 'no_stream' })),
        );
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(WrongExpectedVersionError);
        expect(await revisions(store, stream)).toEqual([0n]);
      });
    });

    describe('idempotency on event id', () => {
      it('a retried append returns the first result and stores nothing', async () => {
        const stream = streamName('retry');
        const batch = [event(), event()];
        const first = await store.appendToStream(stream, batch, { expectedRevision: 'no_stream' });
        const head = await store.headPosition();

        expect(await store.appendToStream(stream, batch, { expectedRevision: 'no_stream' })).toEqual(first);
        expect(await store.appendToStream(stream, batch)).toEqual(first);
        expect(await store.headPosition()).toBe(head);
        expect(await revisions(store, stream)).toEqual([0n, 1n]);
      });

      it('a retry with an exact revision is recognised after the stream moved on', async () => {
        const stream = streamName('retry-exact');
        await store.appendToStream(stream, [event()]);
        const batch = [event(), event()];
        const first = await store.appendToStream(stream, batch, { expectedRevision: 0n });
        await store.appendToStream(stream, [event()], { expectedRevision: 2n });

        expect(await store.appendToStream(stream, batch, { expectedRevision: 0n })).toEqual(first);
        expect(await revisions(store, stream)).toEqual([0n, 1n, 2n, 3n]);
      });

      it('a retry whose expectation points elsewhere than where the batch is stored is rejected', async () => {
        const stream = streamName('retry-elders');
        await store.appendToStream(stream, [event()]);
        const batch = [event(), event()];
        await store.appendToStream(stream, batch, { expectedRevision: 0n });

        for (const expectedRevision of ['no_stream', 1n, 2n] as const) {
          const error = await failure(store.appendToStream(stream, batch, { expectedRevision }));
          expect(error).toMatchObject({ code: 'duplicate-event-id' });
        }
        expect(await revisions(store, stream)).toEqual([0n, 1n, 2n]);
      });

      it('an id already used in another stream is rejected and nothing is stored', async () => {
        const used = event();
        await store.appendToStream(streamName('eerste'), [used]);
        const other = streamName('tweede');
        const head = await store.headPosition();

        const error = await failure(store.appendToStream(other, [event(), used]));
        expect(error).toBeInstanceOf(InvalidAppendError);
        expect(error).toMatchObject({ code: 'duplicate-event-id' });
        expect(await store.headPosition()).toBe(head);
        expect(await failure(collect(store.readStream(other)))).toBeInstanceOf(StreamNotFoundError);
      });

      it('a batch that only partly repeats stored events is rejected', async () => {
        const stream = streamName('partial');
        const stored = [event(), event()];
        await store.appendToStream(stream, stored);

        const error = await failure(store.appendToStream(stream, [stored[0]!, event()]));
        expect(error).toMatchObject({ code: 'duplicate-event-id' });
        const reordered = await failure(store.appendToStream(stream, [stored[1]!, stored[0]!]));
        expect(reordered).toMatchObject({ code: 'duplicate-event-id' });
        expect(await revisions(store, stream)).toEqual([0n, 1n]);
      });

      it('the same id twice in one batch is rejected', async () => {
        const stream = streamName('twice');
        const once = event();
        const error = await failure(store.appendToStream(stream, [once, event(), { ...once, type: 'Anders' }]));
        expect(error).toBeInstanceOf(InvalidAppendError);
        expect(error).toMatchObject({ code: 'duplicate-event-id', eventIndex: 2 });
        expect(await failure(collect(store.readStream(stream)))).toBeInstanceOf(StreamNotFoundError);
      });
    });

    describe('ordering and read options', () => {
      it('reads $all in append order, forwards and backwards', async () => {
        const prefix = streamName('orde');
        const before = await store.headPosition();
        const appended: string[] = [];
        for (const [stream, size] of [['a', 2], ['b', 1], ['a', 1], ['c', 3], ['b', 2]] as const) {
          const batch = Array.from({ length: size }, () => event());
          await store.appendToStream(`${prefix}-${stream}`, batch);
          appended.push(...batch.map((e) => e.id));
        }

        const forwards = await collect(store.readAll({ fromPosition: before, filter: { streamPrefixes: [prefix] } }));
        expect(forwards.map((e) => e.id)).toEqual(appended);
        expect(isStrictlyIncreasing(forwards.map((e) => e.position))).toBe(true);
        const backwards = await collect(store.readAll({ direction: 'backwards', filter: { streamPrefixes: [prefix] }, maxCount: appended.length }));
        expect(backwards.map((e) => e.id)).toEqual([...appended].reverse());
      });

      it('reads a stream from a revision (inclusive), in either direction, up to maxCount', async () => {
        const stream = streamName('opties');
        await store.appendToStream(stream, Array.from({ length: 6 }, () => event()));
        const revs = async (options: Parameters<EventStore['readStream']>[1]) =>
          (await collect(store.readStream(stream, options))).map((e) => e.revision);

        expect(await revs({ fromRevision: 2n })).toEqual([2n, 3n, 4n, 5n]);
        expect(await revs({ fromRevision: 2n, maxCount: 2 })).toEqual([2n, 3n]);
        expect(await revs({ direction: 'backwards' })).toEqual([5n, 4n, 3n, 2n, 1n, 0n]);
        expect(await revs({ direction: 'backwards', fromRevision: 2n })).toEqual([2n, 1n, 0n]);
        expect(await revs({ direction: 'backwards', fromRevision: 'end', maxCount: 1 })).toEqual([5n]);
        expect(await revs({ fromRevision: 'start', maxCount: 1 })).toEqual([0n]);
        expect(await revs({ fromRevision: 6n })).toEqual([]);
        expect(await revs({ maxCount: 0 })).toEqual([]);
      });

      it('reads $all from a position (inclusive), in either direction, up to maxCount', async () => {
        const prefix = streamName('positie');
        const before = await store.headPosition();
        for (let i = 0; i < 5; i++) await store.appendToStream(`${prefix}-${i % 2}`, [event()]);
        const mine = { streamPrefixes: [prefix] };
        const all = await collect(store.readAll({ fromPosition: before, filter: mine }));
        expect(all).toHaveLength(5);
        const positions = all.map((e) => e.position);
        const read = async (options: Parameters<EventStore['readAll']>[0]) =>
          (await collect(store.readAll({ ...options, filter: mine }))).map((e) => e.position);

        expect(await read({ fromPosition: positions[2]! })).toEqual(positions.slice(2));
        expect(await read({ fromPosition: positions[1]!, maxCount: 2 })).toEqual(positions.slice(1, 3));
        expect(await read({ direction: 'backwards', fromPosition: positions[3]! })).toEqual(positions.slice(0, 4).reverse());
        expect(await read({ direction: 'backwards', maxCount: 2 })).toEqual(positions.slice(3).reverse());
        expect(await read({ fromPosition: 'end' })).toEqual([]);
      });

      it('pages through long streams without gaps or repeats', { timeout: 60_000 }, async () => {
        const stream = streamName('lang');
        const before = await store.headPosition();
        const ids: string[] = [];
        for (let i = 0; i < 5; i++) {
          const batch = Array.from({ length: 500 }, (_, j) => event('Stap', { n: i * 500 + j }));
          await store.appendToStream(stream, batch);
          ids.push(...batch.map((e) => e.id));
        }

        expect((await collect(store.readStream(stream))).map((e) => e.id)).toEqual(ids);
        expect((await collect(store.readStream(stream, { direction: 'backwards' }))).map((e) => e.id)).toEqual([...ids].reverse());
        expect((await collect(store.readStream(stream, { fromRevision: 700n, maxCount: 1500 }))).map((e) => e.id)).toEqual(ids.slice(700, 2200));
        const backwards = await collect(store.readAll({ filter: { streamPrefixes: [stream] }, direction: 'backwards', maxCount: 2500 }));
        expect(backwards.map((e) => e.id)).toEqual([...ids].reverse());
        const forwards = await collect(store.readAll({ fromPosition: before, filter: { streamPrefixes: [stream] } }));
        expect(forwards.map((e) => e.id)).toEqual(ids);
      });
    });

    describe('filters', () => {
      it('keeps events of the given stream prefixes', async () => {
        const prefix = streamName('filter');
        const before = await store.headPosition();
        await store.appendToStream(`${prefix}-opleider-1`, [event('A')]);
        await store.appendToStream(`${prefix}-leerplek-1`, [event('B')]);
        await store.appendToStream(`${prefix}-opleider-2`, [event('C')]);
        await store.appendToStream(`${prefix}-cursus-1`, [event('D')]);
        const types = async (streamPrefixes: string[], direction: 'forwards' | 'backwards' = 'forwards') =>
          (await collect(store.readAll({ fromPosition: direction === 'forwards' ? before : 'end', direction, filter: { streamPrefixes }, maxCount: 10 }))).map((e) => e.type);

        expect(await types([`${prefix}-opleider`])).toEqual(['A', 'C']);
        expect(await types([`${prefix}-opleider`, `${prefix}-cursus`])).toEqual(['A', 'C', 'D']);
        expect(await types([`${prefix}-leerplek`, `${prefix}-cursus`], 'backwards')).toEqual(['D', 'B']);
        expect(await types([`${prefix}-niets`])).toEqual([]);
      });

      it('keeps events of the given types, and combines both filters', async () => {
        const prefix = streamName('typen');
        const [bevinding, besluit, ander] = [`Bevinding${tag()}`, `Besluit${tag()}`, `Ander${tag()}`];
        const before = await store.headPosition();
        await store.appendToStream(`${prefix}-1`, [event(bevinding), event(ander), event(besluit)]);
        await store.appendToStream(`${streamName('elders')}`, [event(bevinding)]);
        await store.appendToStream(`${prefix}-2`, [event(besluit)]);

        const byType = await collect(store.readAll({ fromPosition: before, filter: { eventTypes: [bevinding, besluit] } }));
        expect(byType.map((e) => e.type)).toEqual([bevinding, besluit, bevinding, besluit]);
        const both = await collect(store.readAll({ fromPosition: before, filter: { eventTypes: [bevinding, besluit], streamPrefixes: [prefix] } }));
        expect(both.map((e) => `${e.streamId}:${e.type}`)).toEqual([`${prefix}-1:${bevinding}`, `${prefix}-1:${besluit}`, `${prefix}-2:${besluit}`]);
      });
    });

    describe('subscribeToAll', () => {
      it('catches up, then goes live, without gap or duplicate, also when events arrive during catch-up', { timeout: 60_000 }, async () => {
        const prefix = streamName('abonnement');
        const before = await store.headPosition();
        const expected: string[] = [];
        const append = async (stream: string, size: number) => {
          const batch = Array.from({ length: size }, () => event());
          expected.push(...batch.map((e) => e.id));
          await store.appendToStream(`${prefix}-${stream}`, batch);
        };
        // More than one page of history, spread over streams.
        for (let i = 0; i < 6; i++) await append(String(i % 3), 250);
        await store.appendToStream(streamName('ander'), [event()]);

        const subscription = store.subscribeToAll({ fromPosition: before, filter: { streamPrefixes: [prefix] } });
        const received: RecordedEvent[] = [];
        for await (const e of subscription) {
          received.push(e);
          expect(subscription.checkpoint).toBe(e.position);
          if (received.length === 1) {
            await append('0', 3);
            await append('tijdens', 2);
          }
          if (received.length === 1505) await append('live', 4);
          if (received.length === 1509) break;
        }
        await subscription.close();

        expect(received.map((e) => e.id)).toEqual(expected);
        expect(isStrictlyIncreasing(received.map((e) => e.position))).toBe(true);
      });

      it('delivers only events after fromPosition (exclusive), or only new ones from the end', async () => {
        const prefix = streamName('vanaf');
        const before = await store.headPosition();
        await store.appendToStream(`${prefix}-1`, [event('Een'), event('Twee'), event('Drie')]);
        const [, second] = await collect(store.readAll({ fromPosition: before, filter: { streamPrefixes: [prefix] } }));

        const fromSecond = store.subscribeToAll({ fromPosition: second!.position, filter: { streamPrefixes: [prefix] } });
        expect((await take(fromSecond, 1)).map((e) => e.type)).toEqual(['Drie']);
        await fromSecond.close();

        const fromEnd = store.subscribeToAll({ fromPosition: 'end', filter: { streamPrefixes: [prefix] } });
        await store.appendToStream(`${prefix}-2`, [event('Vier')]);
        expect((await take(fromEnd, 1)).map((e) => e.type)).toEqual(['Vier']);
        expect(fromEnd.checkpoint).toBeGreaterThan(second!.position);
        await fromEnd.close();
      });

      it('applies the event type filter to live events', async () => {
        const prefix = streamName('live-filter');
        const wanted = `Gewenst${tag()}`;
        const subscription = store.subscribeToAll({ fromPosition: 'end', filter: { eventTypes: [wanted] } });
        await store.appendToStream(`${prefix}-1`, [event('Ongewenst'), event(wanted, { n: 1 })]);
        await store.appendToStream(`${prefix}-2`, [event(wanted, { n: 2 })]);
        expect((await take(subscription, 2)).map((e) => e.data)).toEqual([{ n: 1 }, { n: 2 }]);
        await subscription.close();
      });

      it('close() ends the iteration and resolves a pending next() as done', async () => {
        const subscription = store.subscribeToAll({ fromPosition: 'end', filter: { streamPrefixes: [streamName('stil')] } });
        const iterator = subscription[Symbol.asyncIterator]();
        const pending = iterator.next();
        await subscription.close();
        expect((await pending).done).toBe(true);
        expect((await iterator.next()).done).toBe(true);
      });

      it('close() ends a for-await loop that waits for events', async () => {
        const subscription = store.subscribeToAll({ fromPosition: 'end', filter: { streamPrefixes: [streamName('wacht')] } });
        let count = 0;
        const loop = (async () => {
          for await (const _ of subscription) count += 1;
        })();
        await new Promise((resolve) => setTimeout(resolve, 20));
        await subscription.close();
        await loop;
        expect(count).toBe(0);
      });
    });

    describe('unicode and size', () => {
      it('keeps emoji, Dutch diacritics, right-to-left text and NUL inside strings intact', async () => {
        const prefix = `${streamName('bevinding')}-Zoë-Ĳsselmeer-👩‍⚕️`;
        const stream = `${prefix}-שלום-مرحبا`;
        const data = {
          naam: 'Ëlla van Dĳk-Özgür',
          omschrijving: 'Café “De Ĳzeren Ēend” — naïef, coördinatie, reünie',
          emoji: '👩‍⚕️🩺🇳🇱',
          rtl: 'مرحبا بالعالم ‏שלום עולם',
          nul: 'voor\u0000na',
          regels: 'een\ntwee\tdrie',
        };
        const before = await store.headPosition();
        await store.appendToStream(stream, [event('BevindingGeüpdatet', data, { door: 'Jürgen 😀' })]);

        const [read] = await collect(store.readStream(stream));
        expect(read).toMatchObject({ streamId: stream, type: 'BevindingGeüpdatet', data, metadata: { door: 'Jürgen 😀' } });
        const [viaAll] = await collect(store.readAll({ fromPosition: before, filter: { streamPrefixes: [prefix] } }));
        expect(viaAll?.data).toEqual(data);
      });

      it('accepts data and metadata up to 1 MiB of UTF-8 together, and rejects a byte more', { timeout: 30_000 }, async () => {
        const stream = streamName('groot');
        // JSON.stringify of a string adds two quotes; 'é' is two bytes in UTF-8.
        const fits = [
          event('Ascii', 'x'.repeat(MIB - 2)),
          event('Tweebytes', 'é'.repeat((MIB - 2) / 2)),
          event('Samen', 'x'.repeat(MIB / 2 - 2), 'y'.repeat(MIB / 2 - 2)),
        ];
        for (const e of fits) await store.appendToStream(stream, [e]);
        const read = await collect(store.readStream(stream));
        expect(read.map((e) => [e.data, e.metadata])).toEqual(fits.map((e) => [e.data, e.metadata]));

        const head = await store.headPosition();
        for (const tooBig of [
          [event('Ascii', 'x'.repeat(MIB - 1))],
          [event('Tweebytes', 'é'.repeat(MIB / 2))],
          [event(), event('Samen', 'x'.repeat(MIB / 2 - 2), 'y'.repeat(MIB / 2 - 1))],
        ]) {
          const error = await failure(store.appendToStream(stream, tooBig));
          expect(error).toBeInstanceOf(InvalidAppendError);
          expect(error).toMatchObject({ code: 'event-too-large', eventIndex: tooBig.length - 1 });
        }
        expect(await store.headPosition()).toBe(head);
        expect(await revisions(store, stream)).toEqual([0n, 1n, 2n]);
      });
    });

    describe('bad input is rejected with a typed error and stores nothing', () => {
      const cyclic: Record<string, unknown> = {};
      cyclic.zelf = cyclic;
      const cases: [string, () => [string, EventData[]], string, number?][] = [
        ['empty stream id', () => ['', [event()]], 'invalid-stream-id'],
        ['stream id over 200 characters', () => ['s'.repeat(201), [event()]], 'invalid-stream-id'],
        ['NUL in stream id', () => [`${streamName('nul')}\u0000x`, [event()]], 'invalid-stream-id'],
        ['newline in stream id', () => [`${streamName('nl')}\nx`, [event()]], 'invalid-stream-id'],
        ['DEL in stream id', () => [`${streamName('del')}\u007f`, [event()]], 'invalid-stream-id'],
        ['stream id starting with $ (reserved)', () => ['$system-stream', [event()]], 'invalid-stream-id'],
        ['event type starting with $ (reserved)', () => [streamName('type'), [event('$metadata')]], 'invalid-event', 0],
        ['stream id that is not a string', () => [42 as unknown as string, [event()]], 'invalid-stream-id'],
        ['empty batch', () => [streamName('leeg'), []], 'empty-batch'],
        ['id that is not a UUID', () => [streamName('id'), [{ ...event(), id: 'geen-uuid' }]], 'invalid-event', 0],
        ['UUID with extra characters', () => [streamName('id'), [event(), { ...event(), id: `${randomUUID()}0` }]], 'invalid-event', 1],
        ['missing id', () => [streamName('id'), [{ type: 'X', data: {} } as unknown as EventData]], 'invalid-event', 0],
        ['empty type', () => [streamName('type'), [event('')]], 'invalid-event', 0],
        ['control character in type', () => [streamName('type'), [event('Fout\u0001')]], 'invalid-event', 0],
        ['type over 200 characters', () => [streamName('type'), [event('T'.repeat(201))]], 'invalid-event', 0],
        ['undefined data', () => [streamName('data'), [{ id: randomUUID(), type: 'X', data: undefined }]], 'invalid-event', 0],
        ['a function in data', () => [streamName('data'), [event('X', { f: () => 1 })]], 'invalid-event', 0],
        ['a bigint in data', () => [streamName('data'), [event('X', { n: 1n })]], 'invalid-event', 0],
        ['a symbol in data', () => [streamName('data'), [event('X', { s: Symbol('s') })]], 'invalid-event', 0],
        ['NaN in data', () => [streamName('data'), [event('X', { n: Number.NaN })]], 'invalid-event', 0],
        ['Infinity in data', () => [streamName('data'), [event('X', [Number.POSITIVE_INFINITY])]], 'invalid-event', 0],
        ['undefined inside an array', () => [streamName('data'), [event('X', [1, undefined])]], 'invalid-event', 0],
        ['a cyclic object', () => [streamName('data'), [event('X', cyclic)]], 'invalid-event', 0],
        ['a Map, which JSON would empty', () => [streamName('data'), [event('X', new Map([['a', 1]]))]], 'invalid-event', 0],
        ['a bigint in metadata', () => [streamName('meta'), [event(), event('X', {}, { n: 2n })]], 'invalid-event', 1],
      ];
      it.each(cases)('%s', async (_, input, code, eventIndex) => {
        const [stream, events] = input();
        const head = await store.headPosition();
        const error = await failure(store.appendToStream(stream, events));
        expect(error).toBeInstanceOf(InvalidAppendError);
        expect(error).toMatchObject({ code, eventIndex });
        expect(await store.headPosition()).toBe(head);
      });

      it('accepts a stream id of exactly 200 characters', async () => {
        const stream = streamName('max').padEnd(200, 'x');
        await store.appendToStream(stream, [event()]);
        expect(await revisions(store, stream)).toEqual([0n]);
      });
    });

    it('rejects every call after close with StoreClosedError', async () => {
      await store.close();
      expect(await failure(store.appendToStream(streamName('dicht'), [event()]))).toBeInstanceOf(StoreClosedError);
      expect(await failure(store.headPosition())).toBeInstanceOf(StoreClosedError);
      expect(await failure(store.ping())).toBeInstanceOf(StoreClosedError);
      expect(await failure(collect(store.readAll()))).toBeInstanceOf(StoreClosedError);
      expect(await failure(collect(store.readStream(streamName('dicht'))))).toBeInstanceOf(StoreClosedError);
    });

    it('answers ping while open', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
    });

    describe('properties', () => {
      it(
        'random interleavings of appends: $all order is commit order, streams are contiguous, readStream agrees with readAll',
        { timeout: 120_000 },
        async () => {
          const operation = fc.record({
            stream: fc.integer({ min: 0, max: 2 }),
            size: fc.integer({ min: 1, max: 3 }),
            expectation: fc.constantFrom('any', 'current', 'stale', 'no_stream', 'stream_exists'),
          });
          // Operations in one round are issued at once; rounds follow each other.
          const rounds = fc.array(fc.array(operation, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 6 });
          await fc.assert(fc.asyncProperty(rounds, (r) => checkInterleaving(store, r)), { numRuns: 60 });
        },
      );
    });
  });
}

type Expectation = 'any' | 'current' | 'stale' | 'no_stream' | 'stream_exists';
interface Operation {
  stream: number;
  size: number;
  expectation: Expectation;
}

async function checkInterleaving(store: EventStore, rounds: Operation[][]): Promise<void> {
  const prefix = `${streamName('eigenschap')}-`;
  const before = await store.headPosition();
  const heads = new Map<number, bigint>();
  const succeeded: { ids: string[]; result: AppendResult }[] = [];

  for (const round of rounds) {
    const planned = round.map((op) => {
      const expected = expectationFor(op.expectation, heads.get(op.stream));
      return { op, expected, events: Array.from({ length: op.size }, () => event(`Op${op.expectation}`)) };
    });
    const outcomes = await Promise.allSettled(planned.map((p) => store.appendToStream(`${prefix}${p.op.stream}`, p.events, { expectedRevision: p.expected })));
    const headsBefore = new Map(heads);
    // Every revision a stream had during the round: a losing append must have seen one of them.
    const seen = new Map<number, (bigint | 'no_stream')[]>();
    for (const [i, outcome] of outcomes.entries()) {
      const { op, events } = planned[i]!;
      if (outcome.status !== 'fulfilled') continue;
      succeeded.push({ ids: events.map((e) => e.id), result: outcome.value });
      seen.set(op.stream, [...(seen.get(op.stream) ?? []), outcome.value.nextExpectedRevision]);
      const head = heads.get(op.stream);
      if (head === undefined || outcome.value.nextExpectedRevision > head) heads.set(op.stream, outcome.value.nextExpectedRevision);
    }
    for (const [i, outcome] of outcomes.entries()) {
      const { op, expected } = planned[i]!;
      const racedOnStream = round.filter((other) => other.stream === op.stream).length > 1;
      const held =
        op.expectation === 'any' ||
        op.expectation === 'current' ||
        (op.expectation === 'no_stream' && !headsBefore.has(op.stream)) ||
        (op.expectation === 'stream_exists' && headsBefore.has(op.stream));
      if (op.expectation === 'any' || !racedOnStream) expect(outcome.status).toBe(held ? 'fulfilled' : 'rejected');
      if (op.expectation === 'stale') expect(outcome.status).toBe('rejected');
      if (outcome.status === 'rejected') {
        expect(outcome.reason).toBeInstanceOf(WrongExpectedVersionError);
        const reason = outcome.reason as WrongExpectedVersionError;
        expect(reason.expected).toBe(expected);
        expect([headsBefore.get(op.stream) ?? 'no_stream', ...(seen.get(op.stream) ?? [])]).toContain(reason.actual);
      }
    }
  }

  // Commit order is the order of the positions the appends returned.
  succeeded.sort((a, b) => (a.result.position < b.result.position ? -1 : 1));
  const all = await collect(store.readAll({ fromPosition: before, filter: { streamPrefixes: [prefix] } }));
  expect(all.map((e) => e.id)).toEqual(succeeded.flatMap((s) => s.ids));
  expect(isStrictlyIncreasing(all.map((e) => e.position))).toBe(true);
  for (const s of succeeded) {
    const last = all.find((e) => e.id === s.ids[s.ids.length - 1]);
    expect({ nextExpectedRevision: last?.revision, position: last?.position }).toEqual(s.result);
  }
  for (const [stream, head] of heads) {
    const read = await collect(store.readStream(`${prefix}${stream}`));
    expect(read.map((e) => e.revision)).toEqual(Array.from({ length: Number(head) + 1 }, (_, i) => BigInt(i)));
    expect(read).toEqual(all.filter((e) => e.streamId === `${prefix}${stream}`));
  }
}

function expectationFor(kind: Expectation, head: bigint | undefined): ExpectedRevision {
  switch (kind) {
    case 'current':
      return head ?? 'no_stream';
    case 'stale':
      // A state the stream has moved past; for a stream not yet there, one no round can reach.
      return head === undefined ? 99n : head === 0n ? 'no_stream' : head - 1n;
    default:
      return kind;
  }
}

function tag(): string {
  return randomUUID().slice(0, 8);
}

function streamName(category: string): string {
  return `${category}-${tag()}`;
}

function event(type = 'Gebeurd', data: unknown = {}, metadata?: unknown): EventData {
  return metadata === undefined ? { id: randomUUID(), type, data } : { id: randomUUID(), type, data, metadata };
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

async function take(iterable: AsyncIterable<RecordedEvent>, count: number): Promise<RecordedEvent[]> {
  const items: RecordedEvent[] = [];
  if (count === 0) return items;
  for await (const item of iterable) {
    items.push(item);
    if (items.length === count) break;
  }
  return items;
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection, got a result');
    },
    (error: unknown) => error,
  );
}

async function revisions(store: EventStore, stream: string): Promise<bigint[]> {
  return (await collect(store.readStream(stream))).map((e) => e.revision);
}

function isStrictlyIncreasing(values: bigint[]): boolean {
  return values.every((value, i) => i === 0 || values[i - 1]! < value);
}
