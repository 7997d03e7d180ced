/**
 * The append workload every event-store subject runs: the same events, the same batch sizes,
 * the same stream spread, the same stopping rule. Subjects differ only in the `append` they pass.
 */
import { randomUUID } from 'node:crypto';

export interface AppendWorkload {
  name: string;
  batchSize: number;
  streamCount: number;
}

export const appendWorkloads: AppendWorkload[] = [
  { name: 'append, batch 1, 1 stream', batchSize: 1, streamCount: 1 },
  { name: 'append, batch 10, 1 stream', batchSize: 10, streamCount: 1 },
  { name: 'append, batch 1, 1,000 streams', batchSize: 1, streamCount: 1_000 },
  { name: 'append, batch 10, 1,000 streams', batchSize: 10, streamCount: 1_000 },
];

export interface BenchEvent {
  id: string;
  type: string;
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
}

/**
 * A plausible domain event (~300 bytes of JSON): what a PDCA step records, plus the
 * correlation metadata a command handler attaches.
 */
export function makeEvent(streamId: string, sequence: number): BenchEvent {
  return {
    id: randomUUID(),
    type: 'ActivityRecorded',
    data: {
      cycleId: streamId,
      activityId: `activity-${sequence}`,
      step: 'do',
      title: 'Supervisiegesprek met aios gevoerd',
      note: 'Verslag opgenomen in het dossier; vervolgafspraak over zes weken.',
      recordedBy: 'user-1042',
      recordedAt: '2025-03-14T09:30:00.000Z',
    },
    metadata: { correlationId: randomUUID(), causationId: randomUUID(), userId: 'user-1042' },
  };
}

export const streamIdOf = (index: number): string => `cycle-${index}`;

/**
 * Appends `batch` to the stream with index `streamIndex`. `revision` is the revision of the
 * stream's last event before this append (-1 when the stream does not exist yet): what a
 * command handler knows after loading the stream, so subjects can pass an exact expectation.
 */
export type AppendBatch = (streamId: string, revision: number, batch: BenchEvent[]) => unknown;

export interface Limits {
  maxEvents: number;
  maxSeconds: number;
}

/** Where a subject is in a workload; lets it run in slices interleaved with other subjects. */
export interface Progress {
  /** Revision of each stream's last event, -1 while the stream does not exist. */
  revisions: number[];
  batches: number;
  events: number;
  seconds: number;
}

export const startProgress = (workload: AppendWorkload): Progress => ({
  revisions: new Array<number>(workload.streamCount).fill(-1),
  batches: 0,
  events: 0,
  seconds: 0,
});

export const eventsPerSecond = (progress: Progress): number => progress.events / progress.seconds;

/**
 * Round-robin batches over the workload's streams until `limits.maxEvents` more events are
 * appended or `limits.maxSeconds` have passed, whichever comes first; a batch is never cut short.
 * Adds the events and the time spent to `progress`.
 */
export async function drive(workload: AppendWorkload, progress: Progress, limits: Limits, append: AppendBatch): Promise<void> {
  const started = performance.now();
  const deadline = started + limits.maxSeconds * 1000;
  let events = 0;
  while (events < limits.maxEvents && performance.now() < deadline) {
    const streamIndex = progress.batches % workload.streamCount;
    const streamId = streamIdOf(streamIndex);
    const batch: BenchEvent[] = [];
    for (let i = 0; i < workload.batchSize; i++) batch.push(makeEvent(streamId, progress.events + events + i));
    const pending = append(streamId, progress.revisions[streamIndex]!, batch);
    // Raw better-sqlite3 is synchronous; awaiting it would bill it for a microtask it does not need.
    if (pending instanceof Promise) await pending;
    progress.revisions[streamIndex]! += workload.batchSize;
    progress.batches++;
    events += workload.batchSize;
  }
  progress.events += events;
  progress.seconds += (performance.now() - started) / 1000;
}
