import { getHeapStatistics } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { startIdleCompaction, type HeapFigures } from '../src/idle-compaction.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Keeps the event loop busy for `ms` (a burst of work). */
const busy = (ms: number) => {
  const until = performance.now() + ms;
  while (performance.now() < until);
};
const MiB = 2 ** 20;

describe('idle compaction', () => {
  it('hands back the heap a burst grew once the loop is idle, and not again until the heap has grown as much again', async () => {
    const collections: [HeapFigures, HeapFigures][] = [];
    const stop = startIdleCompaction({ everyMs: 100, growthBytes: 64 * MiB, onCollect: (before, after) => collections.push([before, after]) });
    try {
      // A burst that leaves a much larger heap behind: some 800 MiB of short-lived objects.
      let garbage: unknown[] | undefined = Array.from({ length: 2_000 }, () => Array.from({ length: 10_000 }, (_, i) => ({ i })));
      const grown = getHeapStatistics().total_heap_size;
      garbage = undefined;
      await sleep(1_000);
      expect(collections).toHaveLength(1);
      const [before, after] = collections[0]!;
      expect(before.totalBytes).toBeGreaterThan(after.totalBytes + 64 * MiB);
      expect(getHeapStatistics().total_heap_size).toBeLessThan(grown);
      await sleep(350);
      expect(collections).toHaveLength(1);
      expect(garbage).toBeUndefined();
    } finally {
      stop();
    }
  });

  it('moves the survivors of a burst together, so a heap with a few live objects on every page is handed back too', async () => {
    const collections: [HeapFigures, HeapFigures][] = [];
    const stop = startIdleCompaction({ everyMs: 100, growthBytes: 64 * MiB, onCollect: (before, after) => collections.push([before, after]) });
    const kept: unknown[] = [];
    try {
      // A burst of ~600 MiB in which one object in eight lives on, spread over all its pages.
      for (let round = 0; round < 30; round++) {
        const burst = Array.from({ length: 200_000 }, (_, i) => ({ i, text: `item ${round} ${i}`, pair: [i, round] }));
        for (let i = 0; i < burst.length; i += 8) kept.push(burst[i]);
      }
      await sleep(1_000);
      expect(collections).toHaveLength(1);
      const [, after] = collections[0]!;
      // Held beyond what is used: new space and a little slack, not the burst's pages.
      expect(after.totalBytes - after.usedBytes).toBeLessThan(64 * MiB);
      expect(kept).toHaveLength(30 * 25_000);
    } finally {
      stop();
    }
  });

  it('never collects while the loop is busy, and only for a heap held or used grown by the given amount since the last time', async () => {
    // The heap at the start: 120 MiB; a collection brings it back there.
    let figures: HeapFigures = { totalBytes: 120 * MiB, usedBytes: 100 * MiB };
    let calls = 0;
    const collect = () => {
      calls++;
      figures = { totalBytes: 120 * MiB, usedBytes: 100 * MiB };
    };
    const stop = startIdleCompaction({ everyMs: 50, growthBytes: 64 * MiB, collect, heap: () => figures });
    /** The collections so far, once the loop has been idle a while with the heap at these figures. */
    const callsAt = async (heldMiB: number, usedMiB: number) => {
      figures = { totalBytes: heldMiB * MiB, usedBytes: usedMiB * MiB };
      await sleep(200);
      return calls;
    };
    try {
      await sleep(200);
      expect(calls).toBe(0);
      // A burst: the heap grows to 300 MiB (V8 counts its garbage as used until it collects).
      figures = { totalBytes: 300 * MiB, usedBytes: 290 * MiB };
      for (let i = 0; i < 8; i++) {
        busy(40);
        await sleep(5);
      }
      expect(calls).toBe(0);
      await sleep(200);
      expect(calls).toBe(1);
      // Grown again, but not by the given amount: left alone.
      expect(await callsAt(170, 160)).toBe(1);
      // The next burst's high-water mark: handed back too.
      expect(await callsAt(400, 380)).toBe(2);
      // A burst within the held heap whose garbage V8 left uncollected: counted as used, handed back.
      expect(await callsAt(120, 119)).toBe(2);
      expect(await callsAt(170, 168)).toBe(3);
    } finally {
      stop();
    }
  });
});
