/**
 * The embedded EventStore: one SQLite file (better-sqlite3, WAL, synchronous=FULL; see
 * docs/adr/0001-sqlite-durability.md). The global position is the rowid, so commit order is
 * position order: SQLite serialises writers and hands out max(rowid)+1 under the write lock.
 *
 * Group commit (docs/adr/0008-group-commit.md): appends that arrive in the same turn of the event
 * loop are committed together in one transaction, so several concurrent commands share one fsync.
 * Each append runs in a savepoint of its own with its own expectation check, exactly as if it had
 * run alone in arrival order; one append's refusal rolls back only that append. A promise resolves
 * only after the transaction holding its events has committed. Appends are applied in the order
 * they were called, so a caller may pipeline appends to one stream, each naming the event it builds
 * on (`expectedEventId`): if one is refused, every later one built on it is refused too.
 */
import { realpathSync } from 'node:fs';
import Database from 'better-sqlite3';
import { InvalidAppendError, StoreClosedError, StreamNotFoundError, WrongExpectedVersionError } from './errors.ts';
import type {
  AllSubscription,
  AppendOptions,
  AppendResult,
  EventData,
  EventFilter,
  EventStore,
  ExpectedRevision,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  RecordedEventWithText,
  SubscribeToAllOptions,
} from './port.ts';
import { validateAppend, type SerialisedEvent } from './validate.ts';

export interface SqliteEventStoreOptions {
  /** A file path, or ':memory:' for a private in-memory store. */
  path: string;
}

/** Rows per query: big enough to amortise the statement, small enough to keep a 1M-event scan lean. */
const PAGE_SIZE = 1000;
/** Rows this instance committed last, kept so that its subscriptions follow the tail without a query. */
const RECENT_ROWS = 2000;
/** How often a waiting subscription looks for appends made by another process on the same file. */
const POLL_MS = 200;

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS events (
    position  INTEGER PRIMARY KEY,
    id        TEXT    NOT NULL UNIQUE,
    stream_id TEXT    NOT NULL,
    revision  INTEGER NOT NULL,
    type      TEXT    NOT NULL,
    data      TEXT    NOT NULL,
    metadata  TEXT,
    created   INTEGER NOT NULL,
    canonical INTEGER NOT NULL DEFAULT 0
  );
  -- Also serves the stream head lookup (ORDER BY revision DESC LIMIT 1).
  CREATE UNIQUE INDEX IF NOT EXISTS events_stream_revision ON events (stream_id, revision);
`;

/**
 * `canonical` (ADR 0014): 1 when data and metadata are stored as RFC 8785 canonical JSON, so a reader
 * may use the text as it is; 0 for rows written before (the column was added with that default) and
 * for values whose keys JavaScript cannot hold sorted (validate.ts).
 */
const CANONICAL_COLUMN = 'ALTER TABLE events ADD COLUMN canonical INTEGER NOT NULL DEFAULT 0';
const COLUMNS = 'position, id, stream_id, revision, type, data, metadata, created, canonical';
// Filters run in SQL so that non-matching rows never become JS strings. A null list means "no filter".
// One prefix (the common case: an institute) is compared directly, several through json_each.
const FILTER = `
  AND (@types IS NULL OR type IN (SELECT value FROM json_each(@types)))
  AND (@prefix IS NULL OR substr(stream_id, 1, @prefixLength) = @prefix)
  AND (@prefixes IS NULL OR EXISTS (
    SELECT 1 FROM json_each(@prefixes) WHERE substr(stream_id, 1, length(value)) = value))`;

type Row = [
  position: number,
  id: string,
  streamId: string,
  revision: number,
  type: string,
  data: string,
  metadata: string | null,
  created: number,
  canonical: number,
];

/** As toRecorded, with the stored text where it is canonical (every event gains the same two fields, so keeps one shape). */
function toRecordedWithText(row: Row): RecordedEventWithText {
  const event: RecordedEventWithText = toRecorded(row);
  const canonical = row[8] === 1;
  event.dataText = canonical ? row[5] : undefined;
  event.metadataText = canonical ? (row[6] ?? 'null') : undefined;
  return event;
}

function toRecorded(row: Row): RecordedEvent {
  const metadata = row[6];
  return {
    id: row[1],
    type: row[4],
    streamId: row[2],
    revision: BigInt(row[3]),
    position: BigInt(row[0]),
    created: new Date(row[7]),
    data: JSON.parse(row[5]) as unknown,
    metadata: metadata === null ? undefined : (JSON.parse(metadata) as unknown),
  };
}

interface FilterParams {
  types: string | null;
  prefix: string | null;
  prefixLength: number;
  prefixes: string | null;
  /** The same filter for rows in memory (set by subscriptions). */
  matches?: (row: Row) => boolean;
}

/** An empty or absent list does not restrict. */
function filterParams(filter: EventFilter | undefined): FilterParams | undefined {
  const types = filter?.eventTypes?.length ? JSON.stringify(filter.eventTypes) : null;
  const list = filter?.streamPrefixes ?? [];
  const prefix = list.length === 1 ? list[0]! : null;
  const prefixes = list.length > 1 ? JSON.stringify(list) : null;
  // substr counts characters (code points), not UTF-16 units.
  return types === null && list.length === 0 ? undefined : { types, prefix, prefixLength: prefix === null ? 0 : [...prefix].length, prefixes };
}

/** The SQL FILTER above, for rows already in memory. */
function rowFilter(filter: EventFilter | undefined): (row: Row) => boolean {
  const types = filter?.eventTypes?.length ? new Set(filter.eventTypes) : undefined;
  const prefixes = filter?.streamPrefixes?.length ? filter.streamPrefixes : undefined;
  return (row) => (!types || types.has(row[4])) && (!prefixes || prefixes.some((prefix) => row[2].startsWith(prefix)));
}

/**
 * The last rows this store instance committed, as one gapless run of positions. When another writer
 * (process or instance) commits in between, the run starts over, so a range it covers is exactly
 * what the table holds there.
 */
class RecentRows {
  #rows: Row[] = [];

  add(rows: Row[]): void {
    const last = this.#rows[this.#rows.length - 1];
    if (last !== undefined && rows[0] !== undefined && rows[0][0] !== last[0] + 1) this.#rows = [];
    this.#rows.push(...rows);
    if (this.#rows.length > RECENT_ROWS) this.#rows.splice(0, this.#rows.length - RECENT_ROWS);
  }

  /** Rows with positions in (after, to], or undefined when this run does not hold all of them. */
  between(after: number, to: number): Row[] | undefined {
    const first = this.#rows[0];
    const last = this.#rows[this.#rows.length - 1];
    if (first === undefined || last === undefined || after + 1 < first[0] || to > last[0]) return undefined;
    return this.#rows.slice(after + 1 - first[0], to + 1 - first[0]);
  }
}

let memoryStores = 0;

/** An append waiting for the next group commit. */
interface PendingAppend {
  streamId: string;
  events: SerialisedEvent[];
  expected: ExpectedRevision;
  expectedEventId: string | undefined;
  resolve: (result: AppendResult) => void;
  reject: (error: unknown) => void;
}

type Outcome = { ok: true; result: AppendResult; rows: Row[] } | { ok: false; error: unknown };

/**
 * Wakes subscriptions on the same file when any store instance in this process appends, with the
 * position it committed up to: a woken subscription reads that far without asking the table for
 * its head.
 */
const listenersByFile = new Map<string, Set<(head: number) => void>>();

function listen(file: string, listener: (head: number) => void): () => void {
  let listeners = listenersByFile.get(file);
  if (!listeners) listenersByFile.set(file, (listeners = new Set()));
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) listenersByFile.delete(file);
  };
}

function notify(file: string, head: number): void {
  for (const listener of listenersByFile.get(file) ?? []) listener(head);
}

function matchesExpectation(expected: ExpectedRevision, head: bigint | undefined): boolean {
  if (expected === 'any') return true;
  if (expected === 'no_stream') return head === undefined;
  if (expected === 'stream_exists') return head !== undefined;
  return head === expected;
}

/** A file written before ADR 0014 gains the column, every existing row with 0; nothing else changes. */
function addCanonicalColumn(db: Database.Database): void {
  const has = () => (db.prepare('SELECT name FROM pragma_table_info(\'events\')').pluck().all() as string[]).includes('canonical');
  if (has()) return;
  try {
    db.exec(CANONICAL_COLUMN);
  } catch (error) {
    // Another process opening the same file may have added it in between.
    if (!has()) throw error;
  }
}

export function openSqliteEventStore(options: SqliteEventStoreOptions): EventStore {
  const db = new Database(options.path);
  db.pragma('journal_mode = WAL');
  // FULL: WAL is fsynced at every commit, so an acknowledged append also survives power loss.
  db.pragma('synchronous = FULL');
  db.exec(SCHEMA);
  addCanonicalColumn(db);
  const file = db.memory ? `:memory:${++memoryStores}` : realpathSync(options.path);
  return new SqliteEventStore(db, file);
}

class SqliteEventStore implements EventStore {
  readonly pipelines = true;
  #closed = false;
  readonly #subscriptions = new Set<SqliteSubscription>();

  readonly #head;
  readonly #streamHead;
  readonly #byId;
  readonly #insert;
  readonly #ping;
  readonly #allForwards;
  readonly #allBackwards;
  readonly #allForwardsFiltered;
  readonly #allBackwardsFiltered;
  readonly #streamForwards;
  readonly #streamBackwards;
  readonly #append;
  readonly #commitGroup;
  #pending: PendingAppend[] = [];
  readonly #recent = new RecentRows();
  #flushScheduled = false;

  constructor(
    private readonly db: Database.Database,
    readonly file: string,
  ) {
    this.#head = db.prepare<[], number | null>('SELECT max(position) FROM events').pluck();
    this.#streamHead = db
      .prepare<[string], { revision: number; id: string }>('SELECT revision, id FROM events WHERE stream_id = ? ORDER BY revision DESC LIMIT 1');
    this.#byId = db.prepare<[string], { position: number; streamId: string; revision: number }>(
      'SELECT position, stream_id AS streamId, revision FROM events WHERE id = ?',
    );
    this.#insert = db.prepare<[string, string, number, string, string, string | null, number, number]>(
      'INSERT INTO events (id, stream_id, revision, type, data, metadata, created, canonical) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.#ping = db.prepare('SELECT 1').pluck();
    const page = (where: string, order: string) => db.prepare(`SELECT ${COLUMNS} FROM events WHERE ${where} ORDER BY ${order} LIMIT @limit`).raw(true);
    this.#allForwards = page('position BETWEEN @from AND @to', 'position');
    this.#allBackwards = page('position <= @from', 'position DESC');
    this.#allForwardsFiltered = page(`position BETWEEN @from AND @to ${FILTER}`, 'position');
    this.#allBackwardsFiltered = page(`position <= @from ${FILTER}`, 'position DESC');
    this.#streamForwards = page('stream_id = @stream AND revision >= @from', 'revision');
    this.#streamBackwards = page('stream_id = @stream AND revision <= @from', 'revision DESC');
    // Called inside #commitGroup's transaction, so better-sqlite3 runs it as a savepoint.
    this.#append = db.transaction((append: PendingAppend, rows: Row[]) => this.#appendInTransaction(append, rows));
    this.#commitGroup = db.transaction((group: PendingAppend[]): Outcome[] => group.map((append) => this.#attempt(append, this.#append)));
  }

  async appendToStream(streamId: string, events: EventData[], options?: AppendOptions): Promise<AppendResult> {
    this.#assertOpen();
    const serialised = validateAppend(streamId, events);
    return new Promise<AppendResult>((resolve, reject) => {
      const expectedEventId = options?.expectedEventId?.toLowerCase();
      this.#pending.push({ streamId, events: serialised, expected: options?.expectedRevision ?? 'any', expectedEventId, resolve, reject });
      if (!this.#flushScheduled) {
        this.#flushScheduled = true;
        // After the I/O callbacks of this turn: every request read in it has had its chance to append.
        setImmediate(() => this.#flush());
      }
    });
  }

  /** Commits every waiting append in one transaction (one fsync), then answers each of them. */
  #flush(): void {
    this.#flushScheduled = false;
    const group = this.#pending;
    this.#pending = [];
    if (group.length === 0) return;
    let outcomes: Outcome[];
    try {
      if (this.#closed) throw new StoreClosedError();
      // IMMEDIATE takes the write lock before reading any head, so no other process can slip in between.
      outcomes = group.length === 1 ? [this.#commitAlone(group[0]!)] : this.#commitGroup.immediate(group);
    } catch (error) {
      // The commit itself failed (or the store closed): nothing of this group is stored.
      for (const append of group) append.reject(error);
      return;
    }
    const committed = outcomes.flatMap((outcome) => (outcome.ok ? outcome.rows : []));
    if (committed.length > 0) {
      this.#recent.add(committed);
      notify(this.file, committed[committed.length - 1]![0]);
    }
    group.forEach((append, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) append.resolve(outcome.result);
      else append.reject(outcome.error);
    });
  }

  /**
   * An append alone in its group is its own transaction, without a savepoint: a refusal or a failed
   * insert rolls the transaction back, and the commit is the only thing that can fail for all.
   */
  #commitAlone(append: PendingAppend): Outcome {
    return this.#attempt(append, (...args) => this.#append.immediate(...args));
  }

  /** One append through `run` (a savepoint in a group, or a transaction alone), as its outcome. */
  #attempt(append: PendingAppend, run: (append: PendingAppend, rows: Row[]) => AppendResult): Outcome {
    const rows: Row[] = [];
    try {
      return { ok: true, result: run(append, rows), rows };
    } catch (error) {
      return { ok: false, error };
    }
  }

  /** Inserts the events; `rows` receives them as stored (none for an idempotent retry). */
  #appendInTransaction({ streamId, events, expected, expectedEventId }: PendingAppend, rows: Row[]): AppendResult {
    const stored = events.map((event) => this.#byId.get(event.id));
    if (stored.some((row) => row !== undefined)) return this.#retried(streamId, stored, expected);
    const headRow = this.#streamHead.get(streamId);
    const head = headRow === undefined ? undefined : BigInt(headRow.revision);
    // A pipelined append also names the event it builds on: the same revision held by another event is a conflict.
    const sameHead = expectedEventId === undefined || typeof expected !== 'bigint' || headRow?.id === expectedEventId;
    if (!matchesExpectation(expected, head) || !sameHead) throw new WrongExpectedVersionError(streamId, expected, head ?? 'no_stream');
    const created = Date.now();
    let revision = headRow === undefined ? 0 : headRow.revision + 1;
    let position = 0;
    for (const event of events) {
      const canonical = event.canonical ? 1 : 0;
      const info = this.#insert.run(event.id, streamId, revision, event.type, event.data, event.metadata ?? null, created, canonical);
      position = Number(info.lastInsertRowid);
      rows.push([position, event.id, streamId, revision, event.type, event.data, event.metadata ?? null, created, canonical]);
      revision += 1;
    }
    return { nextExpectedRevision: BigInt(revision - 1), position: BigInt(position) };
  }

  /**
   * Idempotent retry, as EventStoreDB does it: the whole batch is already in this stream, in
   * order, where the expectation points. Then answer as the first append did and store nothing.
   */
  #retried(
    streamId: string,
    stored: ({ position: number; streamId: string; revision: number } | undefined)[],
    expected: ExpectedRevision,
  ): AppendResult {
    const first = stored[0];
    const last = stored[stored.length - 1];
    if (first !== undefined && last !== undefined) {
      const whole = stored.every((row, i) => row?.streamId === streamId && row.revision === first.revision + i);
      const placed =
        expected === 'no_stream' ? first.revision === 0 : typeof expected === 'bigint' ? BigInt(first.revision) === expected + 1n : true;
      if (whole && placed) return { nextExpectedRevision: BigInt(last.revision), position: BigInt(last.position) };
    }
    const index = stored.findIndex((row) => row !== undefined);
    throw new InvalidAppendError('duplicate-event-id', `event ${index}: its id is already stored elsewhere`, index);
  }

  async *readStream(streamId: string, options?: ReadStreamOptions): AsyncIterable<RecordedEvent> {
    this.#assertOpen();
    const backwards = options?.direction === 'backwards';
    const fromOption = options?.fromRevision ?? (backwards ? 'end' : 'start');
    let remaining = Math.max(0, Math.floor(options?.maxCount ?? Infinity));
    const head = this.#streamHead.get(streamId);
    if (head === undefined) throw new StreamNotFoundError(streamId);
    let from: number | bigint = fromOption === 'start' ? 0 : fromOption === 'end' ? (backwards ? head.revision : head.revision + 1) : fromOption;
    const statement = backwards ? this.#streamBackwards : this.#streamForwards;
    while (remaining > 0) {
      this.#assertOpen();
      const limit = Math.min(PAGE_SIZE, remaining);
      const rows = statement.all({ stream: streamId, from, limit }) as Row[];
      for (const row of rows) yield toRecorded(row);
      remaining -= rows.length;
      const last = rows[rows.length - 1];
      if (rows.length < limit || last === undefined) return;
      from = backwards ? last[3] - 1 : last[3] + 1;
    }
  }

  readAll(options?: ReadAllOptions): AsyncIterable<RecordedEvent> {
    return this.#readAll(options, options?.withText ? toRecordedWithText : toRecorded);
  }

  async *#readAll<T>(options: ReadAllOptions | undefined, toEvent: (row: Row) => T): AsyncIterable<T> {
    this.#assertOpen();
    const backwards = options?.direction === 'backwards';
    const fromOption = options?.fromPosition ?? (backwards ? 'end' : 'start');
    let remaining = Math.max(0, Math.floor(options?.maxCount ?? Infinity));
    // Forwards reads stop at the head seen now: a read is a snapshot, subscriptions follow the tail.
    const head = this.#head.get() ?? 0;
    let from: number | bigint = fromOption === 'start' ? 0 : fromOption === 'end' ? (backwards ? head : head + 1) : fromOption;
    const filter = filterParams(options?.filter);
    const statement = backwards
      ? filter ? this.#allBackwardsFiltered : this.#allBackwards
      : filter ? this.#allForwardsFiltered : this.#allForwards;
    while (remaining > 0) {
      this.#assertOpen();
      const limit = Math.min(PAGE_SIZE, remaining);
      const rows = statement.all({ from, to: head, limit, ...filter }) as Row[];
      for (const row of rows) yield toEvent(row);
      remaining -= rows.length;
      const last = rows[rows.length - 1];
      if (rows.length < limit || last === undefined) return;
      from = backwards ? last[0] - 1 : last[0] + 1;
    }
  }

  subscribeToAll(options?: SubscribeToAllOptions): AllSubscription {
    this.#assertOpen();
    const from = options?.fromPosition ?? 'start';
    const after = from === 'start' ? undefined : from === 'end' ? BigInt(this.#head.get() ?? 0) : from;
    const params = filterParams(options?.filter);
    const filter = params && { ...params, matches: rowFilter(options?.filter) };
    const subscription = new SqliteSubscription(this, after, filter, () => this.#subscriptions.delete(subscription));
    this.#subscriptions.add(subscription);
    return subscription;
  }

  /** For subscriptions: the head, and the next matching rows in (after, to]. */
  headNow(): number {
    this.#assertOpen();
    return this.#head.get() ?? 0;
  }

  pageAfter(after: number, to: number, filter: FilterParams | undefined): Row[] {
    this.#assertOpen();
    // Following the tail of this instance's own appends: the rows are still in memory.
    const recent = to - after <= PAGE_SIZE ? this.#recent.between(after, to) : undefined;
    if (recent) return filter?.matches ? recent.filter(filter.matches) : recent;
    const statement = filter ? this.#allForwardsFiltered : this.#allForwards;
    const params = filter && { types: filter.types, prefix: filter.prefix, prefixLength: filter.prefixLength, prefixes: filter.prefixes };
    return statement.all({ from: after + 1, to, limit: PAGE_SIZE, ...params }) as Row[];
  }

  async headPosition(): Promise<bigint> {
    return BigInt(this.headNow());
  }

  async ping(): Promise<void> {
    this.#assertOpen();
    this.#ping.get();
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    // Appends already accepted are committed (or refused) before the file closes, not dropped.
    this.#flush();
    await Promise.all([...this.#subscriptions].map((subscription) => subscription.close()));
    this.#flush();
    this.#closed = true;
    this.db.close();
  }

  #assertOpen(): void {
    if (this.#closed) throw new StoreClosedError();
  }
}

/** Catch-up in pages from the table, then sleep until an append here wakes it or the poll fires. */
class SqliteSubscription implements AllSubscription {
  #checkpoint: bigint | undefined;
  #closed = false;
  #wake: (() => void) | undefined;
  #iterator: AsyncGenerator<RecordedEvent> | undefined;

  constructor(
    private readonly store: SqliteEventStore,
    after: bigint | undefined,
    private readonly filter: FilterParams | undefined,
    private readonly onClose: () => void,
  ) {
    this.#checkpoint = after;
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
    this.onClose();
    this.#wake?.();
  }

  async *#run(): AsyncGenerator<RecordedEvent> {
    // The head an append in this process told us of. Rows another process commits are found by
    // asking the table: at the start and whenever the poll fires.
    let told = 0;
    const unlisten = listen(this.store.file, (head) => {
      told = Math.max(told, head);
      this.#wake?.();
    });
    try {
      let after = Number(this.#checkpoint ?? 0n);
      let ask = true;
      while (!this.#closed) {
        // No await between taking the head and going to sleep, so no append can be missed.
        const head = Math.max(told, ask ? this.store.headNow() : 0);
        ask = false;
        if (head <= after) {
          ask = await this.#sleep();
          continue;
        }
        const rows = this.store.pageAfter(after, head, this.filter);
        for (const row of rows) {
          if (this.#closed) return;
          const event = toRecorded(row);
          this.#checkpoint = event.position;
          yield event;
        }
        const last = rows[rows.length - 1];
        // A short page means nothing else matches up to head, so skip the filtered-out rows too.
        after = rows.length === PAGE_SIZE && last !== undefined ? last[0] : head;
      }
    } finally {
      // Ending the iteration (break, return, error) ends the subscription too.
      unlisten();
      await this.close();
    }
  }

  /** Until an append in this process wakes it (false) or the poll fires (true: ask the table). */
  #sleep(): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => wake(true), POLL_MS);
      const wake = (polled = false) => {
        clearTimeout(timer);
        this.#wake = undefined;
        resolve(polled);
      };
      this.#wake = () => wake();
    });
  }
}
