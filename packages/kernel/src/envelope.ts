/**
 * The event envelope (ARCHITECTURE.md "Events"): the store keeps `data` plus this metadata;
 * `EventRecord` is what the API shows of a stored event.
 */
import type { RecordedEvent } from '@gearbox/eventstore';
import { seal, sealReused, type KeyStore } from './personal-data.ts';

export interface Actor {
  sub: string;
  name: string;
  roles: string[];
}

/** Who asks, for which institute, in which request. */
export interface CommandContext {
  institute: string;
  actor: Actor;
  correlationId: string;
  causationId?: string;
}

/** Stored as the event's metadata. `actor.name` is personal data and stored encrypted. */
export interface EventMeta {
  time: string;
  institute: string;
  actor: { sub: string; name: unknown; roles: string[] };
  correlationId: string;
  causationId: string | null;
  schemaVersion: number;
  /** Only on a stream's first event: the machine the stream runs on. */
  machine?: { id: string; version: number };
  /** Hash of the request that produced the event, when sent with an Idempotency-Key. */
  idempotency?: { key: string; requestHash: string };
}

/** The public shape of a stored event (API.md `EventRecord`) with `institute` and causation for the trail. */
export interface EventRecord<Data = Record<string, unknown>> {
  id: string;
  type: string;
  streamId: string;
  revision: number;
  position: string;
  time: string;
  actor: Actor;
  correlationId: string;
  causationId: string | null;
  data: Data;
}

export type StoredEvent = RecordedEvent<string, Record<string, unknown>, EventMeta>;

/**
 * Stream ids start with the institute so that one prefix filter reads one tenant:
 * `utrecht/cycle-7f3c…`. An id from the URL is only ever looked up under the caller's institute,
 * which is what makes another institute's ids answer 404.
 */
export function streamIdOf(institute: string, category: string, id: string): string {
  return `${institute}/${category}-${id}`;
}

export function parseStreamId(streamId: string): { institute: string; category: string; id: string } | undefined {
  const match = /^([^/]+)\/([^-]+)-(.+)$/.exec(streamId);
  if (!match) return undefined;
  return { institute: match[1]!, category: match[2]!, id: match[3]! };
}

export function institutePrefix(institute: string): string {
  return `${institute}/`;
}

export const SCHEMA_VERSION = 1;

/**
 * The envelope every event gets: when, in which institute, by whom (the name sealed), in which
 * conversation. The sealed name is reused from the actor's earlier events unless `freshSeal` asks
 * for a new IV, which makes two otherwise equal envelopes differ (see the kernel's
 * Idempotency-Key race check).
 */
export function envelopeOf(keys: KeyStore, ctx: CommandContext, now: Date, freshSeal = false): EventMeta {
  const name = freshSeal ? seal(keys, ctx.institute, ctx.actor.sub, ctx.actor.name) : sealReused(keys, ctx.institute, ctx.actor.sub, ctx.actor.name);
  return {
    time: now.toISOString(),
    institute: ctx.institute,
    actor: { sub: ctx.actor.sub, name, roles: ctx.actor.roles },
    correlationId: ctx.correlationId,
    causationId: ctx.causationId ?? null,
    schemaVersion: SCHEMA_VERSION,
  };
}
