/**
 * Idempotency keys live in the events themselves (metadata.idempotency), so they survive any
 * restart with the store. This index only answers "was this key used elsewhere?", built from
 * the same metadata by the projection runner.
 */
import type { StoredEvent } from './envelope.ts';
import type { Projection } from './projection.ts';

export interface KeyUse {
  streamId: string;
  requestHash: string;
}

export class IdempotencyIndex implements Projection {
  readonly name = 'idempotency-keys';
  private readonly uses = new Map<string, KeyUse>();

  apply(event: StoredEvent): void {
    const meta = event.metadata;
    if (!meta?.idempotency) return;
    const k = `${meta.institute}\u0000${meta.actor.sub}\u0000${meta.idempotency.key}`;
    if (!this.uses.has(k)) this.uses.set(k, { streamId: event.streamId, requestHash: meta.idempotency.requestHash });
  }

  get(institute: string, sub: string, key: string): KeyUse | undefined {
    return this.uses.get(`${institute}\u0000${sub}\u0000${key}`);
  }

  reset(): void {
    this.uses.clear();
  }
}
