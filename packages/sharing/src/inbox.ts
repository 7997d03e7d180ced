/**
 * What an institute keeps of one peer's shared events: a stream of its own per peer,
 * `<institute>/peerfeed-<peer>`, apart from the institute's own streams (no projection, feed or
 * dossier of its own data reads it, and its event types are private). Each batch is one atomic append
 * that carries the peer's cursor it was read up to, so the checkpoint is the stream itself: a crash
 * can neither lose a received event nor keep one without its checkpoint. Events are deduplicated by
 * `source` + `id`; an event that fails its check is parked with its reason (and without its data).
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { StreamNotFoundError } from '@gearbox/eventstore';
import { envelopeOf, streamIdOf, type SettingDeps, type StoredEvent } from '@gearbox/kernel';
import { checkIncoming, type IncomingEvent } from './incoming.ts';
import type { SharingPolicies } from './policy.ts';

export const PEER_EVENT_RECEIVED = 'PeerEventReceived';
export const PEER_EVENT_PARKED = 'PeerEventParked';

const Cursor = { via: z.string().describe('Het kanaal: de feed-URL of kafka:<topic>'), cursor: z.string().describe('Tot waar gelezen: `next` of de SSE-id van de feed, of <partitie>:<offset> in Kafka') };
export const PeerEventSchemas = {
  [PEER_EVENT_RECEIVED]: z.object({
    ...Cursor,
    event: z.object({ id: z.string(), source: z.string(), type: z.string(), subject: z.string(), time: z.string(), data: z.record(z.string(), z.unknown()) }),
  }),
  [PEER_EVENT_PARKED]: z.object({ ...Cursor, id: z.string().optional(), type: z.string().optional(), reason: z.string() }),
};

export interface Parked {
  id?: string;
  type?: string;
  reason: string;
  at: string;
}

/** The system actor a peer's events are recorded under. */
const peerActor = (peer: string) => ({ sub: `peer:${peer}`, name: `peer ${peer}`, roles: ['system'] });
const key = (e: { source: string; id: string }) => `${e.source}\u0000${e.id}`;

export class PeerInbox {
  private readonly seen = new Set<string>();
  private revision = -1n;
  private last: { via: string; cursor: string } | undefined;
  received = 0;
  parked = 0;
  duplicates = 0;
  lastReceivedAt: string | null = null;
  /** The last few parked events, newest last. */
  readonly recentlyParked: Parked[] = [];

  private constructor(
    private readonly deps: SettingDeps & { policies: SharingPolicies },
    readonly institute: string,
    readonly peer: string,
  ) {}

  get streamId(): string {
    return streamIdOf(this.institute, 'peerfeed', this.peer);
  }

  /** Reads what was kept before: the seen ids, the counts and the checkpoint. */
  static async open(deps: SettingDeps & { policies: SharingPolicies }, institute: string, peer: string): Promise<PeerInbox> {
    const inbox = new PeerInbox(deps, institute, peer);
    try {
      for await (const e of deps.store.readStream(inbox.streamId)) inbox.remember(e as StoredEvent);
    } catch (error) {
      if (!(error instanceof StreamNotFoundError)) throw error;
    }
    return inbox;
  }

  /** The cursor to resume `via` from; undefined when it was never read (or another channel was). */
  resumeFrom(via: string): string | undefined {
    return this.last?.via === via ? this.last.cursor : undefined;
  }

  get checkpoint(): string | null {
    return this.last?.cursor ?? null;
  }

  /** Checks, deduplicates and keeps a batch read up to `cursor`; returns how many events were new. */
  async take(raws: readonly unknown[], via: string, cursor: string): Promise<number> {
    const events: { id: string; type: string; data: Record<string, unknown> }[] = [];
    const inBatch = new Set<string>();
    for (const raw of raws) {
      const checked = checkIncoming(raw, this.peer, this.deps.policies);
      if ('reason' in checked) {
        const { reason, id, type } = checked;
        events.push({ id: randomUUID(), type: PEER_EVENT_PARKED, data: { via, cursor, reason, ...(id ? { id } : {}), ...(type ? { type } : {}) } });
      } else if (this.seen.has(key(checked.event)) || inBatch.has(key(checked.event))) {
        this.duplicates += 1;
      } else {
        inBatch.add(key(checked.event));
        events.push({ id: randomUUID(), type: PEER_EVENT_RECEIVED, data: { via, cursor, event: checked.event } });
      }
    }
    if (!events.length) return 0;
    const { store, keys, clock, ids } = this.deps;
    const metadata = envelopeOf(keys, { institute: this.institute, actor: peerActor(this.peer), correlationId: ids() }, clock());
    const result = await store.appendToStream(
      this.streamId,
      events.map((e) => ({ ...e, metadata })),
      { expectedRevision: this.revision < 0n ? 'no_stream' : this.revision },
    );
    let revision = result.nextExpectedRevision - BigInt(events.length);
    for (const e of events) {
      revision += 1n;
      this.remember({ ...e, revision, metadata } as unknown as StoredEvent);
    }
    return inBatch.size;
  }

  private remember(e: StoredEvent): void {
    this.revision = e.revision;
    const data = e.data as { via: string; cursor: string };
    this.last = { via: data.via, cursor: data.cursor };
    if (e.type === PEER_EVENT_RECEIVED) {
      this.seen.add(key((e.data as { event: IncomingEvent }).event));
      this.received += 1;
      this.lastReceivedAt = e.metadata?.time ?? null;
    } else if (e.type === PEER_EVENT_PARKED) {
      const { id, type, reason } = e.data as unknown as Parked;
      this.parked += 1;
      this.recentlyParked.push({ ...(id ? { id } : {}), ...(type ? { type } : {}), reason, at: e.metadata?.time ?? '' });
      if (this.recentlyParked.length > 10) this.recentlyParked.shift();
    }
  }
}
