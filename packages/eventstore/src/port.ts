/**
 * The EventStore port. Its vocabulary follows the EventStoreDB/KurrentDB client
 * (appendToStream, readStream, readAll, subscribeToAll) so that the eventstoredb adapter
 * maps onto it thinly; see docs/adr/0002-eventstoredb-client.md.
 *
 * Positions are one bigint: the sqlite adapter's global sequence (1, 2, 3, ...), the
 * commit position in EventStoreDB. Revisions are per stream and start at 0.
 */

/** What the caller expects the stream to look like before the append. */
export type ExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | bigint;

/** An event to append. `id` is a UUID chosen by the caller; it makes retries idempotent. */
export interface EventData<Type extends string = string, Data = unknown, Metadata = unknown> {
  id: string;
  type: Type;
  data: Data;
  metadata?: Metadata;
}

/** An event as stored. */
export interface RecordedEvent<Type extends string = string, Data = unknown, Metadata = unknown> {
  id: string;
  type: Type;
  streamId: string;
  /** Place in its stream, contiguous from 0n. */
  revision: bigint;
  /** Place in the whole store, strictly increasing in commit order. */
  position: bigint;
  /** When the store committed it (store clock, not the domain clock). */
  created: Date;
  data: Data;
  metadata: Metadata | undefined;
}

/**
 * An event read with the JSON text its data and metadata are stored as, where the store knows that
 * text to be RFC 8785 canonical JSON (keys sorted at every depth; ADR 0014): exactly what the
 * canonical JSON of `data` and `metadata ?? null` is, so a reader that needs it (the GEAR hash chain)
 * can take it as it is instead of writing it again.
 */
export interface RecordedEventWithText<Type extends string = string, Data = unknown, Metadata = unknown> extends RecordedEvent<Type, Data, Metadata> {
  /** `data` as stored; undefined when the stored text is not known to be canonical (then so is metadataText). */
  dataText?: string | undefined;
  /** `metadata` as stored, `null` when there is none; undefined exactly when dataText is. */
  metadataText?: string | undefined;
}

export interface AppendOptions {
  expectedRevision?: ExpectedRevision;
  /**
   * With an exact `expectedRevision`, for stores that pipeline (`EventStore.pipelines`): the id of
   * the event the caller expects at that revision. A caller may then send an append before the one
   * it builds on is acknowledged; if that one is not stored, this one is refused
   * (WrongExpectedVersionError) rather than landing on top of another writer's event.
   */
  expectedEventId?: string;
}

export interface AppendResult {
  /** Revision of the last event in the stream after the append. */
  nextExpectedRevision: bigint;
  /** Position of the last appended event. */
  position: bigint;
}

export type Direction = 'forwards' | 'backwards';

export interface ReadStreamOptions {
  direction?: Direction;
  /** Inclusive. Default: 'start' forwards, 'end' backwards. */
  fromRevision?: 'start' | 'end' | bigint;
  maxCount?: number;
}

export interface EventFilter {
  /** Keep events whose stream id starts with one of these. */
  streamPrefixes?: string[];
  /** Keep events whose type is exactly one of these. */
  eventTypes?: string[];
}

export interface ReadAllOptions {
  direction?: Direction;
  /** Inclusive, as in EventStoreDB. Default: 'start' forwards, 'end' backwards. */
  fromPosition?: 'start' | 'end' | bigint;
  maxCount?: number;
  filter?: EventFilter;
  /**
   * Each event also as its canonical stored text where the store keeps it (RecordedEventWithText,
   * ADR 0014), for a caller that would otherwise write the canonical JSON again (the GEAR hash chain).
   * A store without such text (the EventStoreDB adapter) ignores it: the caller writes it itself.
   */
  withText?: boolean;
}

export interface SubscribeToAllOptions {
  /** Exclusive: deliver events after this position. Default 'start' (everything). */
  fromPosition?: 'start' | 'end' | bigint;
  filter?: EventFilter;
}

/**
 * A catch-up subscription: first every stored event after `fromPosition`, then live events,
 * in position order, with no gap and no duplicate. Iterate it with `for await`.
 */
export interface AllSubscription extends AsyncIterable<RecordedEvent> {
  /** Position of the last event delivered to the consumer (or the start position). */
  readonly checkpoint: bigint | undefined;
  /** Ends the iteration; pending `next()` calls resolve as done. */
  close(): Promise<void>;
}

export interface EventStore {
  /** Appends are applied in the order they are called, and `expectedEventId` is checked with the expected revision. */
  readonly pipelines?: boolean;
  appendToStream(streamId: string, events: EventData[], options?: AppendOptions): Promise<AppendResult>;
  /** Throws StreamNotFoundError when the stream has no events. */
  readStream(streamId: string, options?: ReadStreamOptions): AsyncIterable<RecordedEvent>;
  readAll(options?: ReadAllOptions): AsyncIterable<RecordedEvent>;
  subscribeToAll(options?: SubscribeToAllOptions): AllSubscription;
  /** Position of the last committed event, 0n when empty. */
  headPosition(): Promise<bigint>;
  /** Resolves when the store answers (readiness). */
  ping(): Promise<void>;
  close(): Promise<void>;
}
