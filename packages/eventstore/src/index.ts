export * from './port.ts';
export * from './errors.ts';
export { validateAppend, validateStreamId, MAX_EVENT_BYTES, MAX_NAME_LENGTH, type SerialisedEvent } from './validate.ts';
export { openSqliteEventStore, type SqliteEventStoreOptions } from './sqlite.ts';
export { openEventStoreDbEventStore, EventStoreDbEventStore } from './eventstoredb.ts';
export { openEventStore, EVENTSTORE_FILE, type OpenEventStoreOptions } from './open.ts';
