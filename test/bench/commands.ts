/**
 * Command-path benchmark, in one run:
 * 1. the kernel without HTTP (`StreamHandler.execute`) against the raw store append it ends in;
 * 2. over HTTP with autocannon: `POST /api/cycles/:id/commands` (AddEvidence) against a Hono echo route
 *    (still to come: it needs the server).
 * Every file lives in a temp dir that is removed at the end.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runKernelBench, type SubjectResult } from './commands-kernel.ts';
import type { Row, Table } from './table.ts';

const KERNEL = { cycles: 200, rounds: 4, slice: 1_500, warmUp: 300 };
const KERNEL_TARGET = 0.5;

const log = (message: string): void => {
  process.stderr.write(`[commands] ${message}\n`);
};

const rate = (r: SubjectResult): number => r.commands / r.seconds;
const perCommand = (r: SubjectResult): string => `${((r.seconds * 1000) / r.commands).toFixed(2)} ms each`;
const countNote = (r: SubjectResult): string => `${r.commands.toLocaleString('en-US')} commands in ${r.seconds.toFixed(1)} s, ${perCommand(r)}`;

async function kernelTable(dir: string): Promise<Table> {
  const result = await runKernelBench({ dir, ...KERNEL, log });
  const workload = `AddEvidence, ${KERNEL.cycles} cycles`;
  const raw: Row = { labels: [workload, 'raw store appendToStream'], value: rate(result.raw), unit: 'commands/s', note: countNote(result.raw) };
  const kernel: Row = {
    labels: ['', 'kernel StreamHandler.execute'],
    value: rate(result.kernel),
    unit: 'commands/s',
    baseline: raw,
    baselineName: 'raw',
    target: { goal: `≥ ${KERNEL_TARGET.toFixed(2)}× raw`, met: rate(result.kernel) >= KERNEL_TARGET * rate(result.raw) },
    note: countNote(result.kernel),
  };
  return {
    title: `Kernel command path without HTTP vs raw store append (sqlite file, WAL, synchronous=FULL; streams grow to ${result.streamLength} events)`,
    labelHeaders: ['workload', 'subject'],
    rows: [raw, kernel],
  };
}

export async function runCommandsBenchmark(): Promise<Table[]> {
  const dir = mkdtempSync(join(tmpdir(), 'gearbox-bench-commands-'));
  try {
    return [await kernelTable(dir)];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
