/**
 * Picks the store from configuration (docs/adr/0003-store-selection.md): EventStoreDB/KurrentDB
 * when GEARBOX_EVENTSTORE holds its connection string, otherwise the embedded SQLite file.
 */
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { isEventStoreDbUrl, openEventStoreDbEventStore } from './eventstoredb.ts';
import type { EventStore } from './port.ts';
import { openSqliteEventStore } from './sqlite.ts';

export interface OpenEventStoreOptions {
  /** Overrides GEARBOX_EVENTSTORE. */
  url?: string;
  /** Overrides GEARBOX_DATA_DIR; used only when no url is configured. */
  dataDir?: string;
}

export const EVENTSTORE_FILE = 'events.sqlite3';

const ACCEPTED =
  'esdb://host:2113?tls=false (or esdb+discover://, kurrentdb://, kurrentdb+discover://), ' +
  `sqlite::memory:, sqlite:<file>, or unset for <data dir>/${EVENTSTORE_FILE}`;

export function openEventStore(options: OpenEventStoreOptions = {}): EventStore {
  // An empty value counts as unset, as shells and compose files often leave variables empty.
  const url = (options.url || process.env.GEARBOX_EVENTSTORE || '').trim();
  if (url === '') {
    const dataDir = resolve(options.dataDir || process.env.GEARBOX_DATA_DIR || './data');
    mkdirSync(dataDir, { recursive: true });
    return openSqliteEventStore({ path: join(dataDir, EVENTSTORE_FILE) });
  }
  if (isEventStoreDbUrl(url)) return openEventStoreDbEventStore(url);
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length);
    if (path === '') throw new Error(`GEARBOX_EVENTSTORE: sqlite: needs a file or :memory:; accepted: ${ACCEPTED}`);
    if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
    return openSqliteEventStore({ path });
  }
  // Only the scheme goes into the message: the rest may hold credentials.
  const scheme = /^[a-z][a-z0-9+.-]*:/i.exec(url)?.[0] ?? 'a value without a scheme';
  throw new Error(`GEARBOX_EVENTSTORE: unsupported ${scheme}; accepted: ${ACCEPTED}`);
}
