/** Typed errors of the EventStore port. Every adapter throws these and nothing else for bad input. */

export type EventStoreErrorCode =
  | 'wrong-expected-version'
  | 'stream-not-found'
  | 'invalid-stream-id'
  | 'invalid-event'
  | 'event-too-large'
  | 'empty-batch'
  | 'duplicate-event-id'
  | 'store-closed';

export class EventStoreError extends Error {
  constructor(
    readonly code: EventStoreErrorCode,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class WrongExpectedVersionError extends EventStoreError {
  constructor(
    readonly streamId: string,
    readonly expected: 'any' | 'no_stream' | 'stream_exists' | bigint,
    /** Revision of the stream's last event, or 'no_stream'. */
    readonly actual: bigint | 'no_stream',
  ) {
    super('wrong-expected-version', `stream ${streamId}: expected ${String(expected)}, actual ${String(actual)}`);
  }
}

export class StreamNotFoundError extends EventStoreError {
  constructor(readonly streamId: string) {
    super('stream-not-found', `stream ${streamId} not found`);
  }
}

/** Bad input: the append stores nothing. `code` says which rule was broken. */
export class InvalidAppendError extends EventStoreError {
  constructor(
    code: 'invalid-stream-id' | 'invalid-event' | 'event-too-large' | 'empty-batch' | 'duplicate-event-id',
    message: string,
    /** Index of the offending event in the batch, when one is to blame. */
    readonly eventIndex?: number,
  ) {
    super(code, message);
  }
}

export class StoreClosedError extends EventStoreError {
  constructor() {
    super('store-closed', 'the event store is closed');
  }
}
