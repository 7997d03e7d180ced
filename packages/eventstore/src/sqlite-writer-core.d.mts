import type Database from 'better-sqlite3';
import type { ExpectedRevision } from './port.ts';
import type { SerialisedEvent } from './validate.ts';

/** position, id, stream_id, revision, type, data, metadata, created: an events row as stored. */
export type StoredRow = [number, string, string, number, string, string, string | null, number];

export interface AppendRequest {
  streamId: string;
  events: SerialisedEvent[];
  expected: ExpectedRevision;
}

export type Refusal =
  | { code: 'wrong-expected-version'; streamId: string; expected: ExpectedRevision; actual: bigint | 'no_stream' }
  | { code: 'duplicate-event-id'; message: string; index: number }
  | { code: 'failed'; message: string };

export type AppendOutcome =
  | { ok: true; nextExpectedRevision: bigint; position: bigint; rows: StoredRow[] }
  | { ok: false; refusal: Refusal };

export declare function configure(db: Database.Database): void;
export declare function groupWriter(db: Database.Database): (group: AppendRequest[]) => AppendOutcome[];
