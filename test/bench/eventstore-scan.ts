/**
 * One full scan in a process of its own, so its peak RSS is the scan's and not the seeding's
 * or another subject's. Run by eventstore.ts with fork(): `eventstore-scan.ts <gearbox|raw> <file>`.
 * Sends back a ScanReport over IPC.
 */
import { openSqliteEventStore, type RecordedEvent } from '@gearbox/eventstore';
import { rawScan } from './eventstore-raw.ts';

export interface ScanReport {
  events: number;
  seconds: number;
  /** RSS of the process right before the scan: Node, tsx and the loaded modules. */
  idleRssMiB: number;
  /** Highest RSS the process ever reached (getrusage maxrss), i.e. during the scan. */
  peakRssMiB: number;
}

const MiB = 1024 * 1024;

async function gearboxScan(path: string): Promise<number> {
  const store = openSqliteEventStore({ path });
  let count = 0;
  let checksum = 0;
  try {
    for await (const event of store.readAll() as AsyncIterable<RecordedEvent<string, { activityId?: string }, { userId?: string }>>) {
      // Touch the parsed values, as the raw scan does.
      checksum += (event.data.activityId?.length ?? 0) + (event.metadata?.userId?.length ?? 0);
      count++;
    }
  } finally {
    await store.close();
  }
  if (checksum === 0 && count > 0) throw new Error('gearbox scan parsed nothing');
  return count;
}

async function main(): Promise<void> {
  const [subject, path] = process.argv.slice(2);
  if ((subject !== 'gearbox' && subject !== 'raw') || !path) throw new Error('usage: eventstore-scan.ts <gearbox|raw> <file>');
  const scan = subject === 'gearbox' ? gearboxScan : async (file: string) => rawScan(file);
  const idleRssMiB = process.memoryUsage().rss / MiB;
  const started = performance.now();
  const events = await scan(path);
  const seconds = (performance.now() - started) / 1000;
  const peakRssMiB = process.resourceUsage().maxRSS / 1024;
  const report: ScanReport = { events, seconds, idleRssMiB, peakRssMiB };
  process.send!(report);
}

await main();
