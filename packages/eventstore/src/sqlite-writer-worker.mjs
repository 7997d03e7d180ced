// The committing thread of a file-backed SQLite store (ADR 0008): it owns the writing connection, so
// the fsync of every commit happens here while the main thread goes on serving requests. Messages in:
// {id, group}; out: {id, outcomes} or {id, failure} when the transaction as a whole failed.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { configure, groupWriter } from './sqlite-writer-core.mjs';

const db = new Database(workerData.path);
configure(db);
const commit = groupWriter(db);

parentPort.on('message', (message) => {
  if (message === 'close') {
    db.close();
    parentPort.close();
    return;
  }
  try {
    parentPort.postMessage({ id: message.id, outcomes: commit(message.group) });
  } catch (error) {
    parentPort.postMessage({ id: message.id, failure: { message: error instanceof Error ? error.message : String(error), code: error?.code } });
  }
});
