/** Processed-position checkpoints of reactors, kept beside the process in SQLite. */
import Database from 'better-sqlite3';

export interface CheckpointStore {
  get(name: string): bigint | undefined;
  set(name: string, position: bigint): void;
  close(): void;
}

export function openSqliteCheckpoints(path: string): CheckpointStore {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  // NORMAL, not FULL: a checkpoint lost to a power cut only makes its reactor process some events
  // again, which appends nothing (the commands carry ids derived from the event), so it is not worth
  // an fsync on the event loop after every reaction.
  db.pragma('synchronous = NORMAL');
  db.exec('CREATE TABLE IF NOT EXISTS checkpoints (name TEXT PRIMARY KEY, position TEXT NOT NULL)');
  const read = db.prepare<[string], { position: string }>('SELECT position FROM checkpoints WHERE name = ?');
  const write = db.prepare('INSERT INTO checkpoints (name, position) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET position = excluded.position');
  return {
    get: (name) => {
      const row = read.get(name);
      return row ? BigInt(row.position) : undefined;
    },
    set: (name, position) => {
      write.run(name, position.toString());
    },
    close: () => db.close(),
  };
}
