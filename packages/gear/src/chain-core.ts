/**
 * What the hash chain hashes of an event, and one link of it. The canonical JSON is the kernel's one
 * (RFC 8785, packages/kernel/src/canonical-json.ts); exports write the same text as bytes
 * (canonical-bytes.ts), and a property test holds the two together.
 */
import { createHash } from 'node:crypto';
import type { RecordedEvent } from '@gearbox/eventstore';
import { canonicalJson } from '@gearbox/kernel';

export const GENESIS = '0'.repeat(64);

/** What is hashed of a stored event, keys in sorted order. `created` (the store's own clock) is not part of the envelope. */
export function chainEnvelope(event: RecordedEvent): Record<string, unknown> {
  return {
    data: event.data,
    id: event.id,
    metadata: event.metadata ?? null,
    position: event.position.toString(),
    revision: Number(event.revision),
    streamId: event.streamId,
    type: event.type,
  };
}

/** The canonical JSON of an event's stored envelope: what the chain hashes for it. */
export function chainText(event: RecordedEvent): string {
  return canonicalJson(chainEnvelope(event));
}

/** One link: sha256 of the previous hash, a newline and the event's chain text, as hex. */
export function hashStep(previous: string, text: string): string {
  return createHash('sha256').update(`${previous}\n${text}`).digest('hex');
}

export function nextHash(previous: string, event: RecordedEvent): string {
  return hashStep(previous, chainText(event));
}
