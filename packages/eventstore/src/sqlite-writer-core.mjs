// The write side of the SQLite store, in plain JavaScript so that a worker thread can load it without
// a TypeScript loader (sqlite-writer-worker.mjs). sqlite.ts uses the same code in its own thread for
// in-memory stores, so both paths decide appends identically. Types: sqlite-writer-core.d.mts.

/** Opens a connection as every connection of the store must be: WAL, fsync at every commit. */
export function configure(db) {
  db.pragma('journal_mode = WAL');
  // FULL: WAL is fsynced at every commit, so an acknowledged append also survives power loss.
  db.pragma('synchronous = FULL');
  // Another process (or the reading connection's checkpoint) may hold the lock for a moment.
  db.pragma('busy_timeout = 5000');
}

function matchesExpectation(expected, head) {
  if (expected === 'any') return true;
  if (expected === 'no_stream') return head === undefined;
  if (expected === 'stream_exists') return head !== undefined;
  return head === expected;
}

class Refusal extends Error {
  constructor(reason) {
    super(reason.code);
    this.reason = reason;
  }
}

/**
 * Returns commit(group): one IMMEDIATE transaction over the group, each append in a savepoint of its
 * own. The answer per append is {ok, nextExpectedRevision, position, rows} or {ok: false, refusal};
 * when the transaction itself fails, commit throws and nothing of the group is stored.
 */
export function groupWriter(db) {
  const streamHead = db.prepare('SELECT revision FROM events WHERE stream_id = ? ORDER BY revision DESC LIMIT 1').pluck();
  const byId = db.prepare('SELECT position, stream_id AS streamId, revision FROM events WHERE id = ?');
  const insert = db.prepare('INSERT INTO events (id, stream_id, revision, type, data, metadata, created) VALUES (?, ?, ?, ?, ?, ?, ?)');

  // Idempotent retry, as EventStoreDB does it: the whole batch is already in this stream, in order,
  // where the expectation points. Then answer as the first append did and store nothing.
  function retried(streamId, stored, expected) {
    const first = stored[0];
    const last = stored[stored.length - 1];
    if (first !== undefined && last !== undefined) {
      const whole = stored.every((row, i) => row?.streamId === streamId && row.revision === first.revision + i);
      const placed =
        expected === 'no_stream' ? first.revision === 0 : typeof expected === 'bigint' ? BigInt(first.revision) === expected + 1n : true;
      if (whole && placed) return { ok: true, nextExpectedRevision: BigInt(last.revision), position: BigInt(last.position), rows: [] };
    }
    const index = stored.findIndex((row) => row !== undefined);
    throw new Refusal({ code: 'duplicate-event-id', message: `event ${index}: its id is already stored elsewhere`, index });
  }

  // Runs inside the group's transaction, so better-sqlite3 makes it a savepoint.
  const appendOne = db.transaction(({ streamId, events, expected }) => {
    const stored = events.map((event) => byId.get(event.id));
    if (stored.some((row) => row !== undefined)) return retried(streamId, stored, expected);
    const headRevision = streamHead.get(streamId);
    const head = headRevision === undefined ? undefined : BigInt(headRevision);
    if (!matchesExpectation(expected, head)) {
      throw new Refusal({ code: 'wrong-expected-version', streamId, expected, actual: head ?? 'no_stream' });
    }
    const created = Date.now();
    let revision = headRevision === undefined ? 0 : headRevision + 1;
    let position = 0;
    const rows = [];
    for (const event of events) {
      const metadata = event.metadata ?? null;
      position = Number(insert.run(event.id, streamId, revision, event.type, event.data, metadata, created).lastInsertRowid);
      rows.push([position, event.id, streamId, revision, event.type, event.data, metadata, created]);
      revision += 1;
    }
    return { ok: true, nextExpectedRevision: BigInt(revision - 1), position: BigInt(position), rows };
  });

  const commitGroup = db.transaction((group) =>
    group.map((append) => {
      try {
        return appendOne(append);
      } catch (error) {
        if (error instanceof Refusal) return { ok: false, refusal: error.reason };
        return { ok: false, refusal: { code: 'failed', message: error instanceof Error ? error.message : String(error) } };
      }
    }),
  );

  // IMMEDIATE takes the write lock before reading any head, so no other process can slip in between.
  return (group) => commitGroup.immediate(group);
}
