/**
 * The hash chain over every event of an institute in global order (ARCHITECTURE.md "GEAR"):
 * hash(n) = sha256(hash(n-1) + "\n" + canonical JSON of event n's stored envelope), from a
 * genesis of 64 zeros. The envelope holds the data *as stored*: sealed personal data stays
 * sealed, so forgetting a person (deleting a key) never changes a hash, while any edit of a stored
 * event, a dropped event or a reordering changes every hash after it.
 */
import { createHash } from 'node:crypto';
import type { RecordedEvent } from '@gearbox/eventstore';
import { canonicalJson } from './canonical-json.ts';

export const GENESIS = '0'.repeat(64);

/** What is hashed of a stored event. `created` (the store's own clock) is left out: it is not part of the envelope. */
export function chainEnvelope(event: RecordedEvent): Record<string, unknown> {
  return {
    id: event.id,
    type: event.type,
    streamId: event.streamId,
    revision: Number(event.revision),
    position: event.position.toString(),
    data: event.data,
    metadata: event.metadata ?? null,
  };
}

export function nextHash(previous: string, event: RecordedEvent): string {
  return createHash('sha256').update(previous).update('\n').update(canonicalJson(chainEnvelope(event))).digest('hex');
}

export class HashChain {
  head = GENESIS;
  count = 0;

  apply(event: RecordedEvent): void {
    this.head = nextHash(this.head, event);
    this.count += 1;
  }
}
