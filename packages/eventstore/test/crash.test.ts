/**
 * kill -9 in the middle of appending: every append the store acknowledged is there after reopening,
 * in acknowledged order, and no batch is stored in part. See docs/adr/0001-sqlite-durability.md.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteEventStore, type RecordedEvent } from '../src/index.ts';
import { startAppender } from './appender-process.ts';

const dir = mkdtempSync(join(tmpdir(), 'gearbox-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface BatchMetadata {
  batchId: string;
  batchSize: number;
  index: number;
}

describe('sqlite store killed with SIGKILL while appending', () => {
  it('keeps every acknowledged event, in order, and every batch whole, over several crashes of one file', { timeout: 120_000 }, async () => {
    const path = join(dir, 'crash.db');
    const acknowledged: string[] = [];
    for (let round = 0; round < 5; round++) {
      const appender = startAppender(path);
      await appender.opened;
      await new Promise((resolve) => setTimeout(resolve, 100 + Math.random() * 500));
      expect(await appender.kill()).toBe('SIGKILL');
      acknowledged.push(...appender.acknowledged);

      const store = openSqliteEventStore({ path });
      try {
        const all: RecordedEvent[] = [];
        for await (const event of store.readAll()) all.push(event);
        expectAcknowledgedInOrder(all, acknowledged);
        expectWholeBatches(all);
        expectContiguousStreams(all);
      } finally {
        await store.close();
      }
    }
    // Guards against a run that proves nothing because the child never got to append.
    expect(acknowledged.length).toBeGreaterThan(0);
  });
});

function expectAcknowledgedInOrder(all: RecordedEvent[], acknowledged: string[]): void {
  const positionOf = new Map(all.map((e) => [e.id, e.position]));
  const missing = acknowledged.filter((id) => !positionOf.has(id));
  expect(missing).toEqual([]);
  const positions = acknowledged.map((id) => positionOf.get(id)!);
  expect(positions.every((p, i) => i === 0 || positions[i - 1]! < p)).toBe(true);
}

function expectWholeBatches(all: RecordedEvent[]): void {
  const batches = new Map<string, RecordedEvent[]>();
  for (const event of all) {
    const { batchId } = event.metadata as BatchMetadata;
    batches.set(batchId, [...(batches.get(batchId) ?? []), event]);
  }
  for (const events of batches.values()) {
    const first = events[0]!;
    const { batchSize } = first.metadata as BatchMetadata;
    expect(events.map((e) => (e.metadata as BatchMetadata).index)).toEqual(Array.from({ length: batchSize }, (_, i) => i));
    // One transaction: one stream, consecutive revisions, nothing of another batch in between.
    expect(events.map((e) => e.streamId)).toEqual(events.map(() => first.streamId));
    expect(events.map((e) => e.revision)).toEqual(events.map((_, i) => first.revision + BigInt(i)));
    expect(events.map((e) => e.position)).toEqual(events.map((_, i) => first.position + BigInt(i)));
  }
}

function expectContiguousStreams(all: RecordedEvent[]): void {
  const revisions = new Map<string, bigint[]>();
  for (const event of all) revisions.set(event.streamId, [...(revisions.get(event.streamId) ?? []), event.revision]);
  for (const revs of revisions.values()) expect(revs).toEqual(revs.map((_, i) => BigInt(i)));
}
