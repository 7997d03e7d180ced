/**
 * Gives memory back after a burst. V8 grows its heap to the burst's high-water mark (a crowd, a
 * run of dossier exports) and keeps it: Node reports no idle time to V8, so its memory reducer
 * never runs, and a server that peaked at 460 MiB sat there with 96 MiB of it in use
 * (docs/reliability.md). When the event loop has been nearly idle for a while and the heap has
 * grown well beyond what the last collection (or the start) left, one full, compacting collection
 * frees the garbage and the empty pages. It never runs while the server is busy.
 */
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { performance } from 'node:perf_hooks';
import { runInNewContext } from 'node:vm';

export interface IdleCompactionOptions {
  /** How often the loop's utilisation is looked at. */
  everyMs?: number;
  /** Below this share of busy time over one period, the server counts as idle. */
  idleBelow?: number;
  /**
   * Growth since the last collection (or the start), in bytes, worth a collection: of the heap V8
   * holds, or of what it counts as used (live objects plus the garbage not yet collected: what the
   * traffic since then allocated and left).
   */
  growthBytes?: number;
  /** Runs the collection (injected in tests). */
  collect?: () => void;
  /** Reads the heap (injected in tests). */
  heap?: () => HeapFigures;
  /** Told after each collection, with the heap before and after (for the log). */
  onCollect?: (before: HeapFigures, after: HeapFigures) => void;
}

export interface HeapFigures {
  totalBytes: number;
  usedBytes: number;
}

const heapNow = (): HeapFigures => {
  const { total_heap_size, used_heap_size } = getHeapStatistics();
  return { totalBytes: total_heap_size, usedBytes: used_heap_size };
};

/**
 * A full collection that also compacts: the `gc` that `--expose-gc` gives (taken without that flag
 * on the command line), with V8's `--compact-on-every-full-gc` switched on for this one collection.
 * A plain full collection frees the garbage but moves live objects only off the pages V8 picks as
 * most fragmented, so a burst that left a few survivors on every page keeps its heap (measured: 647
 * MiB held for 86 used, against 120 with compaction; docs/reliability.md).
 */
function fullCollection(): () => void {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  return () => {
    setFlagsFromString('--compact-on-every-full-gc');
    try {
      gc();
    } finally {
      setFlagsFromString('--no-compact-on-every-full-gc');
    }
  };
}

/** Starts watching; the returned function stops it. The timer never keeps the process alive. */
export function startIdleCompaction(options: IdleCompactionOptions = {}): () => void {
  const { everyMs = 2_000, idleBelow = 0.02, growthBytes = 32 * 1024 * 1024, onCollect } = options;
  const collect = options.collect ?? fullCollection();
  const heap = options.heap ?? heapNow;
  let last = performance.eventLoopUtilization();
  // The heap as the last collection (or the start) left it. Growth beyond it, not slack, says a
  // burst has been: either V8 grew its heap for it, or its garbage is still counted as used (V8's
  // own collections during a burst can leave the held heap where it was and the garbage uncollected).
  let compacted = heap();
  const timer = setInterval(() => {
    const now = performance.eventLoopUtilization();
    const utilisation = performance.eventLoopUtilization(now, last).utilization;
    last = now;
    if (utilisation >= idleBelow) return;
    const before = heap();
    if (before.totalBytes < compacted.totalBytes + growthBytes && before.usedBytes < compacted.usedBytes + growthBytes) return;
    collect();
    // The collection's own time is no sign of a new burst.
    last = performance.eventLoopUtilization();
    const after = heap();
    compacted = after;
    onCollect?.(before, after);
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
