/**
 * Command-path benchmark, in one run:
 * 1. the kernel without HTTP (`StreamHandler.execute`) against the raw store append it ends in;
 * 2. over HTTP with autocannon: `POST /api/v1/cycles/:id/commands` (AddEvidence) against a Hono echo route.
 * Every file lives in a temp dir that is removed at the end.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { signToken } from '@gearbox/http';
import { runHttpBench, type HttpFigures } from './commands-http.ts';
import { runKernelBench, type SubjectResult } from './commands-kernel.ts';
import { ACTOR, INSTITUTE } from './commands-workload.ts';
import type { Row, Table } from './table.ts';

const KERNEL = { cycles: 200, rounds: 4, slice: 1_500, warmUp: 300 };
const KERNEL_TARGET = 0.5;
const HTTP = { cycles: 200, connections: 10, seconds: 10, warmUpSeconds: 3 };
const THROUGHPUT_TARGET = 0.3;
const P99_TARGET = 5;

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

const signBenchToken = (secret: string): Promise<string> =>
  signToken({ sub: ACTOR.sub, name: ACTOR.name, institute: INSTITUTE, roles: ['kwaliteitsmedewerker', 'mt'] }, secret);

const httpNote = (f: HttpFigures): string =>
  `${f.requests.toLocaleString('en-US')} requests in ${f.seconds.toFixed(1)} s; ${f.statusCodes}; ${f.errors} errors`;
const latencyNote = (f: HttpFigures): string => `p50 ${f.p50.toFixed(2)} ms`;

async function httpTable(dir: string): Promise<Table> {
  const result = await runHttpBench({ dir, ...HTTP, token: signBenchToken, log });
  const { echo, commands } = result;
  const echoRate: Row = { labels: ['throughput', 'Hono echo route'], value: echo.perSecond, unit: 'req/s', note: httpNote(echo) };
  const commandRate: Row = {
    labels: ['', 'POST /api/v1/cycles/:id/commands'],
    value: commands.perSecond,
    unit: 'req/s',
    baseline: echoRate,
    baselineName: 'echo',
    target: { goal: `≥ ${THROUGHPUT_TARGET.toFixed(2)}× echo; non-2xx = 0`, met: commands.perSecond >= THROUGHPUT_TARGET * echo.perSecond && commands.non2xx === 0 },
    note: httpNote(commands),
  };
  const echoP99: Row = { labels: ['p99 latency', 'Hono echo route'], value: echo.p99, unit: 'ms', note: latencyNote(echo) };
  const commandP99: Row = {
    labels: ['', 'POST /api/v1/cycles/:id/commands'],
    value: commands.p99,
    unit: 'ms',
    baseline: echoP99,
    baselineName: 'echo',
    target: { goal: `≤ ${P99_TARGET.toFixed(2)}× echo`, met: commands.p99 <= P99_TARGET * echo.p99 },
    note: latencyNote(commands),
  };
  return {
    title: `HTTP: AddEvidence over ${HTTP.cycles} cycles vs a Hono echo route (autocannon, ${HTTP.connections} connections, ${HTTP.seconds} s each; streams grow to ${result.streamLength} events)`,
    labelHeaders: ['measure', 'subject'],
    rows: [echoRate, commandRate, echoP99, commandP99],
  };
}

export async function runCommandsBenchmark(): Promise<Table[]> {
  const dir = mkdtempSync(join(tmpdir(), 'gearbox-bench-commands-'));
  // Other work on a 2-core machine moves every figure; say how busy it was.
  const load = (): string => loadavg().map((l) => l.toFixed(2)).join(' ');
  log(`load average at start: ${load()}`);
  try {
    const kernel = await kernelTable(dir);
    const http = await httpTable(dir);
    log(`load average at end: ${load()}`);
    return [http, kernel];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
