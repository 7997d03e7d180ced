/**
 * The outbox is the store itself: the feed reads shared events from the event store by position,
 * so there is no second write that could be lost, and a position is the cursor of every way out
 * (the HTTP feed's `after`, the SSE `id`, the Kafka publisher's checkpoint).
 */
import type { AllSubscription, EventFilter, EventStore } from '@gearbox/eventstore';
import { institutePrefix, type StoredEvent } from '@gearbox/kernel';
import { toCloudEvent, type SharedEvent } from './cloudevent.ts';
import type { SharingPolicies } from './policy.ts';

export interface FeedEntry {
  position: bigint;
  institute: string;
  event: SharedEvent;
}

export class SharedFeed {
  constructor(
    private readonly store: EventStore,
    readonly policies: SharingPolicies,
  ) {}

  /**
   * Up to `limit` shared events after `after`, of one institute or (for the Kafka publisher) of all;
   * `last` is the position read up to, the next cursor, also when events on the way were withheld;
   * `full` when `limit` events were read (more may follow).
   */
  async read(after: bigint, limit: number, baseUrl: string, institute?: string): Promise<{ entries: FeedEntry[]; last: bigint; full: boolean }> {
    const entries: FeedEntry[] = [];
    let last = after;
    let read = 0;
    for await (const stored of this.store.readAll({ fromPosition: after + 1n, maxCount: limit, filter: this.filter(institute) })) {
      last = stored.position;
      read += 1;
      const entry = this.entry(stored as StoredEvent, baseUrl);
      if (entry) entries.push(entry);
    }
    return { entries, last, full: read === limit };
  }

  /** Every shared event of the institute after `after`, then each new one as it is committed. */
  follow(institute: string, after: bigint): AllSubscription {
    return this.store.subscribeToAll({ fromPosition: after, filter: this.filter(institute) });
  }

  /** Each shared event of any institute committed from now on: the Kafka publisher's wake-up call. */
  changes(): AllSubscription {
    return this.store.subscribeToAll({ fromPosition: 'end', filter: this.filter(undefined) });
  }

  entry(stored: StoredEvent, baseUrl: string): FeedEntry | undefined {
    const event = toCloudEvent(stored, this.policies, baseUrl);
    return event && { position: stored.position, institute: stored.streamId.slice(0, stored.streamId.indexOf('/')), event };
  }

  private filter(institute: string | undefined): EventFilter {
    return { eventTypes: this.policies.eventTypes(), ...(institute ? { streamPrefixes: [institutePrefix(institute)] } : {}) };
  }
}
