/**
 * The shared events on a real Apache Kafka broker (KRaft, from Maven Central, on the machine's JDK):
 * CloudEvents in binary mode, keyed by institute, without personal data; and when the broker goes
 * away in the middle of publishing and comes back, every shared event still arrives (duplicates
 * allowed, consumers deduplicate by id).
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Kafka, logLevel, type KafkaMessage } from 'kafkajs';
import { openEventStore, type EventStore } from '@gearbox/eventstore';
import { openSqliteCheckpoints, type CheckpointStore } from '@gearbox/kernel';
import { kafkaConfigFromEnv, KafkaPublisher, SharedFeed } from '../src/index.ts';
import { kafkaUnavailable, startKafkaBroker, type KafkaBroker } from './kafka-broker.ts';
import { appendCycle, policies } from './events.ts';

describe('the Kafka configuration', () => {
  it('publishes only when GEARBOX_KAFKA_BROKERS names a broker, to gearbox.shared.v1 unless GEARBOX_KAFKA_TOPIC says otherwise', () => {
    expect(kafkaConfigFromEnv({})).toBeUndefined();
    expect(kafkaConfigFromEnv({ GEARBOX_KAFKA_BROKERS: ' ' })).toBeUndefined();
    expect(kafkaConfigFromEnv({ GEARBOX_KAFKA_BROKERS: 'k1:9092, k2:9092' })).toEqual({ brokers: ['k1:9092', 'k2:9092'], topic: 'gearbox.shared.v1' });
    expect(kafkaConfigFromEnv({ GEARBOX_KAFKA_BROKERS: 'k1:9092', GEARBOX_KAFKA_TOPIC: 'hao.test' })).toEqual({ brokers: ['k1:9092'], topic: 'hao.test' });
  });
});

const unavailable = kafkaUnavailable();
if (unavailable) console.warn(unavailable);

interface Received {
  key: string;
  headers: Record<string, string>;
  value: string;
}

describe.skipIf(unavailable !== undefined)('shared events on a real Kafka broker', () => {
  let broker: KafkaBroker;
  let store: EventStore;
  let checkpoints: CheckpointStore;
  let feed: SharedFeed;
  beforeAll(async () => {
    broker = await startKafkaBroker();
    store = openEventStore({ url: 'sqlite::memory:' });
    checkpoints = openSqliteCheckpoints(':memory:');
    feed = new SharedFeed(store, policies);
  }, 180_000);
  afterAll(async () => {
    await broker?.close();
    await store?.close();
    checkpoints?.close();
  });

  const publisher = (topic: string) =>
    new KafkaPublisher({ brokers: broker.brokers, topic, feed, checkpoints, baseUrl: 'https://utrecht.example.nl', idleMs: 20, retryMs: 100 });

  /**
   * Reads the topic from the start until `done` says enough. A consumer that crashes while the
   * broker's group coordinator is still loading is replaced by a fresh one in a new group.
   */
  async function consume(topic: string, done: (messages: Received[]) => boolean, timeoutMs = 60_000): Promise<Received[]> {
    const deadline = Date.now() + timeoutMs;
    const text = (m: KafkaMessage): Received => ({
      key: m.key!.toString(),
      value: m.value!.toString(),
      headers: Object.fromEntries(Object.entries(m.headers ?? {}).map(([k, v]) => [k, String(v)])),
    });
    for (;;) {
      const consumer = new Kafka({ clientId: 'gearbox-test', brokers: broker.brokers, logLevel: logLevel.NOTHING }).consumer({ groupId: `test-${randomUUID()}` });
      let crashed = false;
      consumer.on(consumer.events.CRASH, () => (crashed = true));
      const messages: Received[] = [];
      try {
        await consumer.connect();
        await consumer.subscribe({ topic, fromBeginning: true });
        await consumer.run({ eachMessage: async ({ message }) => void messages.push(text(message)) });
        while (!crashed && !done(messages) && Date.now() < deadline) await sleep(100);
      } catch {
        crashed = true;
      } finally {
        await consumer.disconnect();
      }
      if (!crashed || Date.now() >= deadline) return messages;
      await sleep(500);
    }
  }

  /** The ids of every shared event in the store, as the feed gives them. */
  async function sharedIds(): Promise<string[]> {
    const { entries } = await feed.read(0n, 100_000, 'https://utrecht.example.nl');
    return entries.map((e) => e.event.id);
  }

  it('publishes each shared event as a binary CloudEvent keyed by its institute, with no personal data', { timeout: 120_000 }, async () => {
    await appendCycle(store, 'utrecht', 'c-utrecht', 'Piet Jansen');
    await appendCycle(store, 'leiden', 'c-leiden', 'Anna de Vries');
    const topic = 'gearbox.shared.v1';
    const p = publisher(topic);
    p.start();
    const expected = await sharedIds();
    while (p.published < (await store.headPosition())) await sleep(50);
    const messages = await consume(topic, (m) => m.length >= expected.length);
    await p.stop();

    expect(messages.map((m) => m.headers.ce_id).sort()).toEqual([...expected].sort());
    const started = messages.find((m) => m.headers.ce_type === 'nl.huisartsopleiding.gearbox.cycle-started.v1' && m.key === 'utrecht')!;
    expect(started.headers).toMatchObject({
      ce_specversion: '1.0',
      ce_source: 'urn:nld:huisartsopleiding:utrecht',
      ce_subject: 'cycle-c-utrecht',
      ce_time: '2026-03-01T09:00:00.000Z',
      ce_dataschema: 'https://utrecht.example.nl/api/v1/schemas/nl.huisartsopleiding.gearbox.cycle-started.v1',
      'content-type': 'application/json',
    });
    expect(JSON.parse(started.value)).toEqual({ kind: 'opleiders', period: { from: '2026-01-01', to: '2026-12-31' } });
    const measured = messages.filter((m) => m.key === 'leiden' && m.headers.ce_type === 'nl.huisartsopleiding.gearbox.kpi-measured.v1').map((m) => JSON.parse(m.value));
    expect(measured).toEqual([
      { kpiId: 'k1', value: 81.5, measuredAt: '2026-06-30', n: 40 },
      { kpiId: 'k1', measuredAt: '2026-07-31', n: 3, suppressed: true },
    ]);
    expect(new Set(messages.map((m) => m.headers.ce_type))).not.toContain('nl.huisartsopleiding.gearbox.activity-planned.v1');
    const bytes = JSON.stringify(messages);
    for (const personal of ['Piet', 'Jansen', 'Anna', 'Vries', 'u-piet', 'lijst van', 'vertrokken', 'Gesprek', '33.3']) expect(bytes).not.toContain(personal);
    expect(p.published).toBe(await store.headPosition());
  });

  it('publishes an event as soon as it is committed, not at the next look for new events', { timeout: 120_000 }, async () => {
    const topic = `gearbox.shared.wake.${randomUUID().slice(0, 8)}`;
    // Looks for new events only once a minute: an event published within seconds was woken by its commit.
    const p = new KafkaPublisher({ brokers: broker.brokers, topic, feed, checkpoints, baseUrl: 'https://utrecht.example.nl', idleMs: 60_000 });
    p.start();
    const caughtUp = await store.headPosition();
    while (p.published < caughtUp) await sleep(50);
    await sleep(300);
    await appendCycle(store, 'utrecht');
    const head = await store.headPosition();
    const deadline = Date.now() + 15_000;
    while (p.published < head && Date.now() < deadline) await sleep(20);
    await p.stop();
    expect(p.published).toBe(head);
  });

  it('loses no event when the broker stops in the middle of publishing and comes back', { timeout: 240_000 }, async () => {
    const topic = `gearbox.shared.outage.${randomUUID().slice(0, 8)}`;
    const p = publisher(topic);
    p.start();
    const writer = (async () => {
      for (let i = 0; i < 40; i += 1) {
        await appendCycle(store, i % 2 ? 'utrecht' : 'leiden');
        await sleep(50);
      }
    })();
    await sleep(600);
    await broker.stop();
    const atOutage = p.published;
    await sleep(1_000);
    await broker.start();
    await writer;
    const head = await store.headPosition();
    const deadline = Date.now() + 120_000;
    while (p.published < head && Date.now() < deadline) await sleep(100);
    await p.stop();

    const all = await sharedIds();
    const messages = await consume(topic, (m) => all.every((id) => m.some((x) => x.headers.ce_id === id)));
    const received = new Set(messages.map((m) => m.headers.ce_id));
    expect(all.filter((id) => !received.has(id))).toEqual([]);
    expect(atOutage).toBeGreaterThan(0n);
    expect(atOutage).toBeLessThan(head);
  });
});
