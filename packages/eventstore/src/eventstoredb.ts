/**
 * The EventStore port on EventStoreDB / KurrentDB, through @eventstore/db-client (gRPC). The port
 * borrows the client's vocabulary, so most calls map one to one; the exceptions (positions, backward
 * reads, idempotent retries, system events, filters) are explained where they happen and in
 * docs/adr/0002-eventstoredb-client.md.
 */
import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  MaxAppendSizeExceededError,
  START,
  StreamDeletedError,
  StreamNotFoundError as ClientStreamNotFoundError,
  WrongExpectedVersionError as ClientWrongExpectedVersionError,
  eventTypeFilter,
  excludeSystemEvents,
  streamNameFilter,
  type AllStreamResolvedEvent,
  type AllStreamSubscription,
  type Filter,
  type JSONType,
  type ReadPosition,
  type RecordedEvent as ClientRecordedEvent,
  type ResolvedEvent,
  type StreamingRead,
} from '@eventstore/db-client';
import { InvalidAppendError, StoreClosedError, StreamNotFoundError, WrongExpectedVersionError } from './errors.ts';
import type {
  AllSubscription,
  AppendOptions,
  AppendResult,
  EventData,
  EventFilter,
  EventStore,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeToAllOptions,
} from './port.ts';
import { validateAppend, type SerialisedEvent } from './validate.ts';

/** Connection string schemes this adapter takes; the KurrentDB ones are rewritten for the 6.x client. */
const SCHEME = /^(esdb|kurrentdb|kurrent|kdb)(\+discover)?:\/\//i;

export function isEventStoreDbUrl(url: string): boolean {
  return SCHEME.test(url);
}

/** @eventstore/db-client 6.x parses only esdb:// and esdb+discover://; KurrentDB's names mean the same. */
function toClientConnectionString(url: string): string {
  const match = SCHEME.exec(url);
  if (!match) throw new Error('an EventStoreDB connection string starts with esdb://, esdb+discover://, kurrentdb:// or kurrentdb+discover://');
  return `esdb${match[2]?.toLowerCase() ?? ''}://${url.slice(match[0].length)}`;
}

export function openEventStoreDbEventStore(connectionString: string): EventStore {
  // The client connects on the first call, not here, so opening never blocks or fails on the network.
  return new EventStoreDbEventStore(EventStoreDBClient.connectionString(toClientConnectionString(connectionString)));
}

type Read = StreamingRead<ResolvedEvent | AllStreamResolvedEvent>;
type Keep = (event: RecordedEvent) => boolean;

const encoder = new TextEncoder();

/** $-prefixed streams and types belong to the server ($stats, $epoch, $metadata, links); the port never shows them. */
function isSystem(event: RecordedEvent): boolean {
  return event.streamId.startsWith('$') || event.type.startsWith('$');
}

function activeFilter(filter: EventFilter | undefined): { prefixes: string[]; types: Set<string> } {
  return { prefixes: filter?.streamPrefixes ?? [], types: new Set(filter?.eventTypes ?? []) };
}

/** The filter applied in this process: exact, whatever the server already filtered. An empty list does not restrict. */
function keeper(filter: EventFilter | undefined): Keep {
  const { prefixes, types } = activeFilter(filter);
  return (event) =>
    !isSystem(event) &&
    (prefixes.length === 0 || prefixes.some((prefix) => event.streamId.startsWith(prefix))) &&
    (types.size === 0 || types.has(event.type));
}

/** Escapes for .NET regular expressions, which the server uses; the JS set of metacharacters covers them. */
function escapeRegex(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|#]/g, '\\$&');
}

/**
 * The server-side filter for a subscription. The server filters on stream names or on event types,
 * not both; the stream prefixes narrow more, and keeper() applies the types exactly on top.
 */
function serverFilter(filter: EventFilter | undefined): Filter {
  const { prefixes, types } = activeFilter(filter);
  if (prefixes.length > 0) return streamNameFilter({ prefixes });
  if (types.size > 0) return eventTypeFilter({ regex: `^(${[...types].map(escapeRegex).join('|')})$` });
  return excludeSystemEvents();
}

/** Our position is the commit position; the client takes a {commit, prepare} pair, equal for events on disk. */
function toPosition(position: 'start' | 'end' | bigint): ReadPosition {
  if (position === 'start' || position === 0n) return START;
  if (position === 'end') return END;
  return { commit: position, prepare: position };
}

function toRecorded(event: ClientRecordedEvent, commitPosition: bigint | undefined): RecordedEvent {
  const position = event.position?.commit ?? commitPosition;
  // Servers before 22.6 leave positions out of stream reads; the port needs them everywhere.
  if (position === undefined) throw new Error(`EventStoreDB gave no position for event ${event.id}; gearbox needs server 22.6 or later`);
  return {
    id: event.id,
    type: event.type,
    streamId: event.streamId,
    revision: event.revision,
    position,
    created: event.created,
    data: event.data,
    metadata: event.metadata,
  };
}

/** Client errors that have a port equivalent become it; anything else (network, access) passes unchanged. */
function mapError(error: unknown, streamId?: string): unknown {
  if (error instanceof ClientStreamNotFoundError || error instanceof StreamDeletedError) {
    return new StreamNotFoundError(streamId ?? error.streamName);
  }
  if (error instanceof MaxAppendSizeExceededError) {
    return new InvalidAppendError('event-too-large', `the append exceeds the server's maximum append size of ${error.maxAppendSize} bytes`);
  }
  return error;
}

/** Count option to a number of events: undefined means all. */
function countOf(maxCount: number | undefined): number {
  if (maxCount === undefined || Number.isNaN(maxCount)) return Infinity;
  return Math.max(0, Math.floor(maxCount));
}

/**
 * Yields the events of one client read that pass `keep`, at most `limit`, and cancels the gRPC call
 * when the consumer stops early (otherwise the server keeps streaming into a closed pipe).
 */
async function* records(read: Read, keep: Keep, limit: number, streamId?: string): AsyncGenerator<RecordedEvent> {
  let count = 0;
  try {
    if (limit <= 0) return;
    for await (const resolved of read) {
      if (!resolved.event) continue;
      const event = toRecorded(resolved.event, resolved.commitPosition);
      if (!keep(event)) continue;
      yield event;
      if (++count >= limit) return;
    }
  } catch (error) {
    throw mapError(error, streamId);
  } finally {
    await read.cancel().catch(() => undefined);
  }
}

async function first(iterable: AsyncIterable<RecordedEvent>): Promise<RecordedEvent | undefined> {
  for await (const event of iterable) return event;
  return undefined;
}

const everything: Keep = () => true;

export class EventStoreDbEventStore implements EventStore {
  #closed = false;
  readonly #subscriptions = new Set<EventStoreDbSubscription>();

  constructor(private readonly client: EventStoreDBClient) {}

  async appendToStream(streamId: string, events: EventData[], options?: AppendOptions): Promise<AppendResult> {
    this.#assertOpen();
    // Validated here, before the server sees anything, so bad input fails exactly as on sqlite.
    const serialised = validateAppend(streamId, events);
    const expected = options?.expectedRevision ?? 'any';
    const proposed = serialised.map((event, index) => ({
      id: event.id,
      type: event.type,
      contentType: 'application/json' as const,
      // The client JSON.stringifies data itself; for validated data that gives exactly `event.data`.
      data: events[index]!.data as JSONType,
      // As bytes, so that falsy JSON metadata (null, 0, "") is stored rather than dropped by the client.
      metadata: event.metadata === undefined ? undefined : encoder.encode(event.metadata),
    }));
    let result;
    try {
      result = await this.client.appendToStream(streamId, proposed, { expectedRevision: expected });
    } catch (error) {
      if (!(error instanceof ClientWrongExpectedVersionError)) throw mapError(error, streamId);
      // The server also answers this when part of the batch is stored already (a retry aimed elsewhere).
      const index = await this.#indexOfStored(streamId, serialised);
      if (index !== undefined) throw new InvalidAppendError('duplicate-event-id', `event ${index}: its id is already stored in this stream`, index);
      throw new WrongExpectedVersionError(streamId, expected, error.actualVersion);
    }
    const last = result.nextExpectedRevision;
    // One event: the reported position is its own. Otherwise, or when an idempotent retry reports
    // none, read the batch back: that gives the last event's position and proves the batch is ours.
    const position = serialised.length === 1 && result.position ? result.position.commit : await this.#confirm(streamId, serialised, last);
    return { nextExpectedRevision: last, position };
  }

  async #confirm(streamId: string, batch: SerialisedEvent[], last: bigint): Promise<bigint> {
    const read = this.client.readStream(streamId, { direction: BACKWARDS, fromRevision: last, maxCount: batch.length });
    const stored = [];
    for await (const event of records(read, everything, batch.length, streamId)) stored.unshift(event);
    const matches = stored.length === batch.length && stored.every((event, i) => event.id === batch[i]!.id);
    if (!matches) {
      // The server took a batch whose ids it had seen as an idempotent retry, but they are not this batch in order.
      throw new InvalidAppendError('duplicate-event-id', 'the batch repeats stored events in another order or place');
    }
    return stored[stored.length - 1]!.position;
  }

  /** Index of the first batch event already stored in the stream, if any. Only on the failure path. */
  async #indexOfStored(streamId: string, batch: SerialisedEvent[]): Promise<number | undefined> {
    const ids = new Map(batch.map((event, index) => [event.id, index]));
    let found: number | undefined;
    try {
      for await (const event of records(this.client.readStream(streamId), everything, Infinity, streamId)) {
        const index = ids.get(event.id);
        if (index !== undefined && (found === undefined || index < found)) found = index;
      }
    } catch (error) {
      if (!(error instanceof StreamNotFoundError)) throw error;
    }
    return found;
  }

  async *readStream(streamId: string, options?: ReadStreamOptions): AsyncIterable<RecordedEvent> {
    this.#assertOpen();
    const backwards = options?.direction === 'backwards';
    const limit = countOf(options?.maxCount);
    // maxCount 0 still reads one event and drops it, so that a missing stream throws as on sqlite.
    const probe = limit === 0;
    const read = this.client.readStream(streamId, {
      direction: backwards ? BACKWARDS : FORWARDS,
      fromRevision: options?.fromRevision ?? (backwards ? END : START),
      maxCount: probe ? 1 : limit === Infinity ? Number.MAX_SAFE_INTEGER : limit,
    });
    const events = records(read, everything, probe ? 1 : limit, streamId);
    if (probe) await first(events);
    else yield* events;
  }

  async *readAll(options?: ReadAllOptions): AsyncIterable<RecordedEvent> {
    this.#assertOpen();
    const backwards = options?.direction === 'backwards';
    const from = options?.fromPosition ?? (backwards ? 'end' : 'start');
    const keep = keeper(options?.filter);
    let limit = countOf(options?.maxCount);
    if (limit === 0) return;
    if (backwards && typeof from === 'bigint' && from > 0n) {
      // The server reads backwards from a position exclusively; the port includes the event there.
      const at = await first(records(this.client.readAll({ fromPosition: toPosition(from), maxCount: 1 }), everything, 1));
      if (at !== undefined && at.position === from && keep(at)) {
        yield at;
        limit -= 1;
      }
    }
    // @eventstore/db-client 6.x offers no server-side filter on reads, so the filter runs here.
    const read = this.client.readAll({ direction: backwards ? BACKWARDS : FORWARDS, fromPosition: toPosition(from) });
    yield* records(read, keep, limit);
  }

  subscribeToAll(options?: SubscribeToAllOptions): AllSubscription {
    this.#assertOpen();
    const subscription = new EventStoreDbSubscription(this.client, options?.fromPosition ?? 'start', options?.filter, () =>
      this.#subscriptions.delete(subscription),
    );
    this.#subscriptions.add(subscription);
    return subscription;
  }

  /** The last user event's position: system events are never delivered, so a head counting them could never be reached. */
  async headPosition(): Promise<bigint> {
    this.#assertOpen();
    const last = await first(records(this.client.readAll({ direction: BACKWARDS, fromPosition: END }), keeper(undefined), 1));
    return last?.position ?? 0n;
  }

  async ping(): Promise<void> {
    this.#assertOpen();
    await first(records(this.client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1 }), everything, 1));
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await Promise.all([...this.#subscriptions].map((subscription) => subscription.close()));
    await this.client.dispose();
  }

  #assertOpen(): void {
    if (this.#closed) throw new StoreClosedError();
  }
}

const CLOSED = Symbol('closed');

/**
 * A catch-up subscription on $all. It starts on the server when created, so 'end' means the end
 * when the server receives the request, not when iteration begins.
 */
class EventStoreDbSubscription implements AllSubscription {
  #checkpoint: bigint | undefined;
  #closed = false;
  #iterator: AsyncGenerator<RecordedEvent> | undefined;
  readonly #source: AllStreamSubscription;
  readonly #keep: Keep;
  readonly #closing: Promise<typeof CLOSED>;
  #signalClosed: (value: typeof CLOSED) => void = () => undefined;

  constructor(
    client: EventStoreDBClient,
    from: 'start' | 'end' | bigint,
    filter: EventFilter | undefined,
    private readonly onClose: () => void,
  ) {
    // 'end' stays undefined until the first event: its value is only known on the server.
    this.#checkpoint = typeof from === 'bigint' ? from : undefined;
    this.#keep = keeper(filter);
    this.#closing = new Promise((resolve) => (this.#signalClosed = resolve));
    this.#source = client.subscribeToAll({ fromPosition: toPosition(from), filter: serverFilter(filter) });
    // Without a listener an 'error' before iteration starts would crash the process; iteration rethrows it.
    this.#source.on('error', () => undefined);
  }

  get checkpoint(): bigint | undefined {
    return this.#checkpoint;
  }

  [Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    this.#iterator ??= this.#run();
    return this.#iterator;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#signalClosed(CLOSED);
    this.onClose();
    await this.#source.unsubscribe().catch(() => undefined);
    this.#source.destroy();
  }

  async *#run(): AsyncGenerator<RecordedEvent> {
    const source = this.#source[Symbol.asyncIterator]() as AsyncIterator<AllStreamResolvedEvent>;
    try {
      while (!this.#closed) {
        const next = source.next();
        // Racing close() lets a pending next() end as done even if the client's stream never ends.
        const step = await Promise.race([next, this.#closing]);
        if (step === CLOSED) {
          next.catch(() => undefined);
          return;
        }
        if (step.done) return;
        if (!step.value.event) continue;
        const event = toRecorded(step.value.event, step.value.commitPosition);
        if (!this.#keep(event)) continue;
        this.#checkpoint = event.position;
        yield event;
      }
    } catch (error) {
      if (!this.#closed) throw mapError(error);
    } finally {
      // Ending the iteration (break, return, error) ends the subscription too.
      await this.close();
    }
  }
}
