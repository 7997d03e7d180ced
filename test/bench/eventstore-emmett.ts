/**
 * The peer: Emmett's SQLite event store, set up the way its README shows a new user
 * (`getSQLiteEventStore({ fileName })` on a file, default options). Its connection opens
 * `PRAGMA journal_mode = WAL` and keeps SQLite's default `synchronous = FULL`, so it promises
 * the same durability as the gearbox adapter.
 */
import { getSQLiteEventStore } from '@event-driven-io/emmett-sqlite';
import type { AppendBatch } from './eventstore-workload.ts';

const SQLITE_BUSY = 5;
const MAX_ATTEMPTS = 5;

export interface EmmettAppender {
  append: AppendBatch;
  /** Appends that failed with SQLITE_BUSY and were tried again. */
  retries(): number;
}

const isBusy = (error: unknown): boolean => (error as { errno?: unknown } | null)?.errno === SQLITE_BUSY;

/**
 * Under load Emmett 0.38.5 now and then fails a lone writer's COMMIT with "SQLITE_BUSY: cannot
 * commit transaction - SQL statements in progress" (node-sqlite3 finalises its UPDATE ... RETURNING
 * statement asynchronously) and rolls the append back. A caller would retry, so the benchmark
 * does too, bills the failed attempt's time to Emmett, and reports how often it happened.
 */
export function openEmmettAppend(fileName: string): EmmettAppender {
  const store = getSQLiteEventStore({ fileName });
  let retries = 0;
  const append: AppendBatch = async (streamId, revision, batch) => {
    const events = batch.map((event) => ({ type: event.type, data: event.data, metadata: event.metadata }));
    for (let attempt = 1; ; attempt++) {
      try {
        // Emmett counts events (0n = no stream); our revision is the last event's index.
        return await store.appendToStream(streamId, events, { expectedStreamVersion: BigInt(revision + 1) });
      } catch (error) {
        if (!isBusy(error) || attempt === MAX_ATTEMPTS) throw error;
        retries++;
      }
    }
  };
  return { append, retries: () => retries };
}
