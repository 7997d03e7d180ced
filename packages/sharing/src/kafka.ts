/**
 * Publishes the shared events of every institute on this server to Kafka (API.md: topic
 * GEARBOX_KAFKA_TOPIC, key = institute, CloudEvents binary mode with `ce_*` headers). The position
 * read up to is checkpointed only after the broker acknowledged the whole batch (acks from all
 * in-sync replicas), so a crash or a broker outage repeats events but never skips one: at-least-once,
 * and consumers deduplicate by `id`.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { Kafka as CloudEventsKafka } from 'cloudevents';
import { Kafka, logLevel, type Message, type Producer } from 'kafkajs';
import type { AllSubscription } from '@gearbox/eventstore';
import type { CheckpointStore } from '@gearbox/kernel';
import type { FeedEntry, SharedFeed } from './feed.ts';

export const DEFAULT_TOPIC = 'gearbox.shared.v1';

export interface KafkaConfig {
  brokers: string[];
  topic: string;
}

/** GEARBOX_KAFKA_BROKERS (`host:port,host:port`) turns publishing on. */
export function kafkaConfigFromEnv(env: NodeJS.ProcessEnv = process.env): KafkaConfig | undefined {
  const brokers = (env.GEARBOX_KAFKA_BROKERS ?? '').split(',').map((b) => b.trim()).filter(Boolean);
  return brokers.length ? { brokers, topic: env.GEARBOX_KAFKA_TOPIC || DEFAULT_TOPIC } : undefined;
}

export interface KafkaPublisherOptions extends KafkaConfig {
  feed: SharedFeed;
  checkpoints: CheckpointStore;
  /** For `dataschema`. */
  baseUrl: string;
  batchSize?: number;
  /**
   * How long to wait before looking again when there is nothing new. The publisher is woken as soon
   * as a shared event is committed (the store's subscription), so this is only a fallback.
   */
  idleMs?: number;
  /** First wait after a failed send; doubles up to 30 s. */
  retryMs?: number;
  onError?: (message: string, error: unknown) => void;
}

export function kafkaMessage({ institute, event }: FeedEntry): Message {
  const headers = Object.entries(CloudEventsKafka.binary(event).headers).filter((h): h is [string, string] => typeof h[1] === 'string');
  return { key: institute, value: JSON.stringify(event.data), headers: Object.fromEntries(headers) };
}

/**
 * Creates the topic where the broker does not create topics itself (false, not an error, when it
 * exists). A consumer needs it too: one that subscribes before the topic exists is assigned no
 * partition until its metadata is refreshed, minutes later.
 */
export async function ensureTopic(kafka: Kafka, topic: string): Promise<void> {
  const admin = kafka.admin();
  try {
    await admin.connect();
    await admin.createTopics({ topics: [{ topic }], waitForLeaders: true });
  } finally {
    await admin.disconnect();
  }
}

export class KafkaPublisher {
  private running = false;
  private loop: Promise<void> | undefined;
  private producer: Producer | undefined;
  private readonly kafka: Kafka;
  private wake: (() => void) | undefined;
  private idling = false;
  /** A shared event was committed since the last read began. */
  private pending = false;
  private changes: AllSubscription | undefined;
  private watching: Promise<void> | undefined;

  constructor(private readonly options: KafkaPublisherOptions) {
    this.kafka = new Kafka({ clientId: 'gearbox', brokers: options.brokers, logLevel: logLevel.NOTHING, retry: { retries: 3, initialRetryTime: 200 } });
  }

  get checkpointName(): string {
    return `kafka:${this.options.topic}`;
  }

  /** The position published up to (acknowledged by the broker). */
  get published(): bigint {
    return this.options.checkpoints.get(this.checkpointName) ?? 0n;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    const changes = (this.changes = this.options.feed.changes());
    this.watching = this.watch(changes);
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.changes?.close();
    this.wake?.();
    await Promise.all([this.loop, this.watching]);
    await this.disconnect();
  }

  /** Wakes an idle publisher on every committed shared event, instead of it looking every so often. */
  private async watch(changes: AllSubscription): Promise<void> {
    try {
      for await (const _ of changes) {
        this.pending = true;
        if (this.idling) this.wake?.();
      }
    } catch (error) {
      // Without the wake-up call the publisher still looks every idleMs.
      if (this.running) this.options.onError?.('kafka: the store\'s notifications stopped; publishing on a timer', error);
    }
  }

  private async run(): Promise<void> {
    const { feed, topic, baseUrl, batchSize = 500, idleMs = 1000, retryMs = 200 } = this.options;
    let backoff = retryMs;
    while (this.running) {
      const after = this.published;
      try {
        // Connected before there is anything to send, so the first events do not wait for it.
        this.producer ??= await this.connect();
        this.pending = false;
        const { entries, last } = await feed.read(after, batchSize, baseUrl);
        if (last === after) {
          if (!this.pending) await this.idle(idleMs);
          continue;
        }
        if (entries.length) await this.producer.send({ topic, acks: -1, messages: entries.map(kafkaMessage) });
        this.options.checkpoints.set(this.checkpointName, last);
        backoff = retryMs;
      } catch (error) {
        this.options.onError?.(`kafka: publishing after position ${after} failed; retrying`, error);
        // A fresh producer after a failure: kafkajs' idempotent producer can be left with sequence
        // numbers the broker no longer accepts. A resent batch may duplicate events, never skip one.
        await this.disconnect();
        await this.pause(backoff);
        backoff = Math.min(backoff * 2, 30_000);
      }
    }
  }

  private async connect(): Promise<Producer> {
    await ensureTopic(this.kafka, this.options.topic);
    const producer = this.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    return producer;
  }

  private async disconnect(): Promise<void> {
    const producer = this.producer;
    this.producer = undefined;
    await producer?.disconnect().catch(() => undefined);
  }

  private async idle(ms: number): Promise<void> {
    this.idling = true;
    await this.pause(ms);
    this.idling = false;
  }

  private async pause(ms: number): Promise<void> {
    const ac = new AbortController();
    this.wake = () => ac.abort();
    await sleep(ms, undefined, { signal: ac.signal }).catch(() => undefined);
    this.wake = undefined;
  }
}
