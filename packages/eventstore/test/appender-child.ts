/**
 * Run as its own process by the crash and cross-process tests: appends batches of 1..5 events to
 * a few streams at once as fast as it can and prints each event id only after its append resolved, so
 * every printed id is one the store acknowledged. Prints "open" first. Stops itself after 10 s.
 */
import { randomUUID } from 'node:crypto';
import { openSqliteEventStore, StreamNotFoundError, type ExpectedRevision } from '../src/index.ts';

const path = process.argv[2];
if (!path) throw new Error('usage: appender-child.ts <database file>');
const streams = ['crash-opleider-1', 'crash-opleider-2', 'crash-leerplek-1'];
const store = openSqliteEventStore({ path });

// Continue where an earlier (killed) run stopped, with exact expectations.
const heads = new Map<string, ExpectedRevision>();
for (const stream of streams) {
  try {
    for await (const last of store.readStream(stream, { direction: 'backwards', maxCount: 1 })) heads.set(stream, last.revision);
  } catch (error) {
    if (!(error instanceof StreamNotFoundError)) throw error;
    heads.set(stream, 'no_stream');
  }
}
process.stdout.write('open\n');

const stopAt = Date.now() + 10_000;
// One writer per stream, all at once: their appends meet in the store's group commits, so a kill
// also lands between (or inside) commits that hold several writers' batches.
async function writeUntilStopped(stream: string): Promise<void> {
  while (Date.now() < stopAt) {
    const batchSize = 1 + Math.floor(Math.random() * 5);
    const batchId = randomUUID();
    const events = Array.from({ length: batchSize }, (_, index) => ({
      id: randomUUID(),
      type: 'CrashProbe',
      data: { filler: 'x'.repeat(Math.floor(Math.random() * 2000)) },
      metadata: { batchId, batchSize, index },
    }));
    const result = await store.appendToStream(stream, events, { expectedRevision: heads.get(stream) ?? 'no_stream' });
    heads.set(stream, result.nextExpectedRevision);
    // Writes to a pipe are synchronous on Linux: once this returns, the parent can read the ids.
    process.stdout.write(`${events.map((e) => e.id).join('\n')}\n`);
  }
}
await Promise.all(streams.map(writeUntilStopped));
await store.close();
