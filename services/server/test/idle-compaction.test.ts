import { getHeapStatistics } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { startIdleCompaction, type HeapFigures } from '../src/idle-compaction.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Keeps the event loop busy for `ms` (a burst of work). */
const busy = (ms: number) => {
  const until = performance.now() + ms;
  while (performance.now() < until);
};

describe('idle compaction', () => {
  it('hands back the heap a burst grew once the loop is idle, and not again until the heap has grown as much again', async () => {
    const collections: [HeapFigures, HeapFigures][] = [];
    // A burst that leaves a much larger heap than it uses: some 200 MiB of short-lived objects.
    let garbage: unknown[] | undefined = Array.from({ length: 2_000 }, () => Array.from({ length: 10_000 }, (_, i) => ({ i })));
    garbage = undefined;
    const grown = getHeapStatistics().total_heap_size;
    const stop = startIdleCompaction({ everyMs: 100, slackBytes: 32 * 2 ** 20, onCollect: (before, after) => collections.push([before, after]) });
    try {
      await sleep(1_000);
      expect(collections).toHaveLength(1);
      const [before, after] = collections[0]!;
      expect(before.totalBytes).toBeGreaterThan(after.totalBytes + 32 * 2 ** 20);
      expect(getHeapStatistics().total_heap_size).toBeLessThan(grown);
      await sleep(350);
      expect(collections).toHaveLength(1);
    } finally {
      stop();
    }
    expect(garbage).toBeUndefined();
  });

  it('does not collect while the loop is busy, nor when the heap holds little it does not use', async () => {
    // A heap of 300 MiB with 100 used, that a collection brings to 120.
    let figures: HeapFigures = { totalBytes: 300 * 2 ** 20, usedBytes: 100 * 2 ** 20 };
    let calls = 0;
    const collect = () => {
      calls++;
      figures = { totalBytes: 120 * 2 ** 20, usedBytes: 100 * 2 ** 20 };
    };
    const stop = startIdleCompaction({ everyMs: 50, slackBytes: 64 * 2 ** 20, collect, heap: () => figures });
    try {
      for (let i = 0; i < 8; i++) {
        busy(40);
        await sleep(5);
      }
      expect(calls).toBe(0);
      await sleep(200);
      expect(calls).toBe(1);
      // Grown again, but not by a slack's worth: left alone.
      figures = { totalBytes: 170 * 2 ** 20, usedBytes: 90 * 2 ** 20 };
      await sleep(200);
      expect(calls).toBe(1);
      // A new burst's high-water mark: handed back too.
      figures = { totalBytes: 400 * 2 ** 20, usedBytes: 110 * 2 ** 20 };
      await sleep(200);
      expect(calls).toBe(2);
      // Little slack: nothing to hand back.
      figures = { totalBytes: 500 * 2 ** 20, usedBytes: 480 * 2 ** 20 };
      await sleep(200);
      expect(calls).toBe(2);
    } finally {
      stop();
    }
  });
});
