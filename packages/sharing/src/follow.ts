/**
 * Following one peer: over its HTTP feed (pages to catch up, then its SSE stream live) or over a
 * Kafka topic. Every batch goes into the peer's inbox, which checks, deduplicates and checkpoints it.
 * A failure (the peer is down, answers junk, the broker is away) is kept as the last error and
 * retried with backoff, 200 ms doubling to 30 s; it never stops the server.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { Kafka, logLevel, type KafkaMessage } from 'kafkajs';
import type { PeerInbox } from './inbox.ts';
import type { PeerAddresses } from './peer-address.ts';
import { ensureTopic } from './kafka.ts';

export interface FollowerStatus {
  caughtUp: boolean;
  /** When it was last caught up with the peer (or started following). */
  caughtUpAt: number;
  lastError: { at: string; message: string } | null;
}

export interface FollowOptions {
  retryMs?: number;
  pageSize?: number;
  /** Reconnect when the SSE stream has said nothing (not even a heartbeat) for this long. */
  idleTimeoutMs?: number;
  onError?: (message: string, error: unknown) => void;
}

export abstract class Follower {
  readonly status: FollowerStatus = { caughtUp: false, caughtUpAt: Date.now(), lastError: null };
  protected running = false;
  protected readonly abort = new AbortController();
  private loop: Promise<void> | undefined;

  constructor(
    readonly inbox: PeerInbox,
    protected readonly options: FollowOptions,
  ) {}

  start(): void {
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.abort.abort();
    await this.loop;
  }

  /** Follows until it fails or the peer ends the connection. */
  protected abstract follow(): Promise<void>;

  private async run(): Promise<void> {
    const first = this.options.retryMs ?? 200;
    let backoff = first;
    while (this.running) {
      const before = this.inbox.received + this.inbox.parked;
      try {
        await this.follow();
      } catch (error) {
        if (!this.running) break;
        this.failed(error);
      }
      if (this.inbox.received + this.inbox.parked > before) backoff = first;
      await sleep(backoff, undefined, { signal: this.abort.signal }).catch(() => undefined);
      backoff = Math.min(backoff * 2, 30_000);
    }
  }

  protected failed(error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    this.status.caughtUp = false;
    this.status.lastError = { at: new Date().toISOString(), message };
    this.options.onError?.(`peer ${this.inbox.peer} of ${this.inbox.institute}: ${message}`, error);
  }

  protected caughtUp(): void {
    this.status.caughtUp = true;
    this.status.caughtUpAt = Date.now();
    this.status.lastError = null;
  }
}

/** `https://a.example/api/v1/shared/events` and its SSE twin `…/shared/stream`. */
export class HttpFollower extends Follower {
  constructor(
    inbox: PeerInbox,
    private readonly feedUrl: string,
    private readonly token: string | undefined,
    /** Connects only to outside addresses, unless the host is allowed (peer-address.ts). */
    private readonly addresses: PeerAddresses,
    options: FollowOptions,
  ) {
    super(inbox, options);
  }

  protected async follow(): Promise<void> {
    let cursor = this.inbox.resumeFrom(this.feedUrl) ?? '0';
    for (;;) {
      const url = new URL(this.feedUrl);
      url.searchParams.set('after', cursor);
      url.searchParams.set('limit', String(this.options.pageSize ?? 500));
      const page = await this.request(url, 'application/json');
      const body = (await page.json().catch(() => undefined)) as { items?: unknown; next?: unknown } | undefined;
      if (!body || !Array.isArray(body.items) || typeof body.next !== 'string' || !/^\d{1,19}$/.test(body.next)) throw new Error('de feed gaf geen pagina {items, next}');
      if (body.items.length) await this.inbox.take(body.items, this.feedUrl, body.next);
      if (body.next === cursor) break;
      cursor = body.next;
    }
    this.caughtUp();
    await this.stream(cursor);
  }

  /** The SSE stream from `cursor` on, until it ends; each event is taken at its own id. */
  private async stream(cursor: string): Promise<void> {
    const url = this.feedUrl.replace(/\/shared\/events\/?$/, '/shared/stream');
    const idle = new AbortController();
    const response = await this.request(new URL(url), 'text/event-stream', { 'Last-Event-ID': cursor }, idle.signal);
    let timer: NodeJS.Timeout | undefined;
    const watch = () => {
      clearTimeout(timer);
      timer = setTimeout(() => idle.abort(), this.options.idleTimeoutMs ?? 45_000);
    };
    watch();
    try {
      const decoder = new TextDecoder();
      let buffer = '';
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        watch();
        buffer += decoder.decode(chunk, { stream: true }).replace(/\r\n?/g, '\n');
        // The events that came in together are kept together, at the last one's id.
        const events: unknown[] = [];
        let last: string | undefined;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const id = /^id: ?(.*)$/m.exec(block)?.[1];
          const data = [...block.matchAll(/^data: ?(.*)$/gm)].map((m) => m[1]).join('\n');
          if (id === undefined || !data) continue;
          if (!/^\d{1,19}$/.test(id)) throw new Error('de stroom gaf een ongeldige id');
          events.push(parseOrJunk(data));
          last = id;
        }
        if (last) await this.inbox.take(events, this.feedUrl, last);
      }
    } finally {
      clearTimeout(timer);
    }
  }

  private async request(url: URL, accept: string, headers: Record<string, string> = {}, signal?: AbortSignal) {
    const response = await this.addresses.fetch(url, {
      headers: { Accept: accept, ...headers, ...(this.token ? { Authorization: `Bearer ${this.token}` } : {}) },
      signal: signal ? AbortSignal.any([signal, this.abort.signal]) : this.abort.signal,
    });
    if (!response.ok) {
      await response.body?.cancel();
      throw new Error(`${url.pathname} antwoordde ${response.status}`);
    }
    return response;
  }
}

/** Junk stays junk: the inbox parks it with its reason. */
function parseOrJunk(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return { junk: true };
  }
}

/** A Kafka message in CloudEvents binary mode (`ce_*` headers, the data as value) as a structured CloudEvent. */
export function fromKafkaMessage(message: KafkaMessage): unknown {
  const attributes: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    if (name.startsWith('ce_') && value !== undefined) attributes[name.slice(3)] = String(value);
  }
  return { ...attributes, data: parseOrJunk(message.value?.toString() ?? '') };
}

/** A topic with the shared events of many institutes (keyed by institute); only the peer's are taken. */
export class KafkaFollower extends Follower {
  constructor(
    inbox: PeerInbox,
    private readonly brokers: string[],
    private readonly topic: string,
    options: FollowOptions,
  ) {
    super(inbox, options);
  }

  protected async follow(): Promise<void> {
    const via = `kafka:${this.topic}`;
    const kafka = new Kafka({ clientId: `gearbox-${this.inbox.institute}`, brokers: this.brokers, logLevel: logLevel.NOTHING });
    // The group's committed offsets are where it resumes; a crash before a commit repeats messages, and the inbox drops them.
    const consumer = kafka.consumer({ groupId: `gearbox.${this.inbox.institute}.peer.${this.inbox.peer}` });
    const crashed = new Promise<never>((_, fail) => consumer.on(consumer.events.CRASH, (e) => e.payload.restart || fail(e.payload.error)));
    const stopped = new Promise<void>((done) => this.abort.signal.addEventListener('abort', () => done(), { once: true }));
    try {
      await ensureTopic(kafka, this.topic);
      await consumer.connect();
      await consumer.subscribe({ topic: this.topic, fromBeginning: true });
      // A batch is kept in one append; its offsets are committed after that.
      await consumer.run({
        eachBatch: async ({ batch, heartbeat }) => {
          const mine = batch.messages.filter((m) => m.key?.toString() === this.inbox.peer);
          if (mine.length) await this.inbox.take(mine.map(fromKafkaMessage), via, `${batch.partition}:${batch.lastOffset()}`);
          await heartbeat();
          if (batch.offsetLag() === '0') this.caughtUp();
          else this.status.caughtUp = false;
        },
      });
      await Promise.race([crashed, stopped]);
    } finally {
      await consumer.disconnect().catch(() => undefined);
    }
  }
}
