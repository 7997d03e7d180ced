/**
 * Command-path benchmark, in one run:
 * 1. the kernel without HTTP (`StreamHandler.execute`) against the raw store append it ends in;
 * 2. over HTTP with autocannon: `POST /api/v1/cycles/:id/commands` (AddEvidence) on gearbox, on the
 *    limit route (the same token check and group-committed durable append, nothing else) and on
 *    Emmett's CommandHandler behind Hono, with a Hono echo route as a reference only;
 * 3. crowds on one cycle: 200 connections sending AddEvidence to the same cycle, one command each
 *    and five each.
 * Every file lives in a temp dir that is removed at the end.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { signToken } from '@gearbox/http';
import { runCrowdBench, runHttpBench, type Crowd, type HttpBenchResult, type HttpFigures } from './commands-http.ts';
import { runKernelBench, type SubjectResult } from './commands-kernel.ts';
import { runAnswerBench, type AnswerFigures } from './commands-answer.ts';
import { ACTOR, INSTITUTE } from './commands-workload.ts';
import type { Row, Table } from './table.ts';

const KERNEL = { cycles: 200, rounds: 4, slice: 1_500, warmUp: 300 };
const KERNEL_TARGET = 0.5;
const HTTP = {
  cycles: 200, connections: 10, seconds: 10, warmUpSeconds: 3, warmUpElsewhere: 2_000, warmUpCommands: 1_000, commands: 6_000, crowds: [
    { connections: 200, amount: 200 },
    { connections: 200, amount: 1_000 },
  ],
};
/** Issue 15: gearbox ≥ 0.6× the limit route's throughput, p99 ≤ 2× its p99, ≥ 10× Emmett's throughput. */
const LIMIT_THROUGHPUT = 0.6;
const LIMIT_P99 = 2;
const EMMETT_FACTOR = 10;
/** Issue 15: 200 connections on one cycle, p99 under 200 ms and no errors. */
const CROWD_P99_MS = 200;
/** Rounds of the in-process comparison of the answers' bytes in `bench crowds`. */
const ANSWER_ROUNDS = 5;

const log = (message: string): void => {
  process.stderr.write(`[commands] ${message}\n`);
};

/** Other work on a 2-core machine moves every figure; say how busy it was. */
const load = (): string => loadavg().map((l) => l.toFixed(2)).join(' ');

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

const kib = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KiB`;
const httpNote = (f: HttpFigures): string =>
  `${f.requests.toLocaleString('en-US')} requests in ${f.seconds.toFixed(1)} s; ${f.statusCodes}; ${f.errors} errors; answers ${kib(f.meanBytes)} on average` +
  (f.cpuMsPerAnswer === undefined ? '' : `; server CPU ${f.cpuMsPerAnswer.toFixed(3)} ms per answer`);
const latencyNote = (f: HttpFigures): string => `p50 ${f.p50.toFixed(2)} ms`;
const clean = (f: HttpFigures): boolean => f.non2xx === 0 && f.errors === 0;

const LIMIT = 'limit route';
const GEARBOX = 'gearbox POST /api/v1/cycles/:id/commands';
const EMMETT = 'Emmett 0.38.5 CommandHandler on Hono';
const ECHO = 'Hono echo route (reference only)';

function commandRows({ commands, echo }: HttpBenchResult): Row[] {
  const { gearbox, limit, emmett } = commands;
  const limitRate: Row = { labels: ['throughput', LIMIT], value: limit.perSecond, unit: 'req/s', note: httpNote(limit) };
  const versus = { baseline: limitRate, baselineName: 'limit' };
  const timesEmmett = gearbox.perSecond / emmett.perSecond;
  const limitP99: Row = { labels: ['p99 latency', LIMIT], value: limit.p99, unit: 'ms', note: latencyNote(limit) };
  const versusP99 = { baseline: limitP99, baselineName: 'limit' };
  return [
    limitRate,
    {
      labels: ['', GEARBOX],
      value: gearbox.perSecond,
      unit: 'req/s',
      ...versus,
      target: { goal: `≥ ${LIMIT_THROUGHPUT.toFixed(2)}× limit; 0 errors`, met: gearbox.perSecond >= LIMIT_THROUGHPUT * limit.perSecond && clean(gearbox) },
      note: httpNote(gearbox),
    },
    {
      labels: ['', EMMETT],
      value: emmett.perSecond,
      unit: 'req/s',
      ...versus,
      target: { goal: `gearbox ≥ ${EMMETT_FACTOR}× this (is ${timesEmmett.toFixed(1)}×)`, met: timesEmmett >= EMMETT_FACTOR },
      note: httpNote(emmett),
    },
    { labels: ['', ECHO], value: echo.perSecond, unit: 'req/s', ...versus, note: httpNote(echo) },
    limitP99,
    {
      labels: ['', GEARBOX],
      value: gearbox.p99,
      unit: 'ms',
      ...versusP99,
      target: { goal: `≤ ${LIMIT_P99.toFixed(2)}× limit`, met: gearbox.p99 <= LIMIT_P99 * limit.p99 },
      note: latencyNote(gearbox),
    },
    { labels: ['', EMMETT], value: emmett.p99, unit: 'ms', ...versusP99, note: latencyNote(emmett) },
    { labels: ['', ECHO], value: echo.p99, unit: 'ms', ...versusP99, note: latencyNote(echo) },
  ];
}

function crowdRows({ gearbox, limit }: HttpBenchResult['crowds'][number], crowd: Crowd): Row[] {
  const what = `${crowd.amount.toLocaleString('en-US')} from ${crowd.connections} connections`;
  const limitP99: Row = { labels: [what, 'p99 latency', LIMIT], value: limit.p99, unit: 'ms', note: `${latencyNote(limit)}; ${httpNote(limit)}` };
  const limitRate: Row = { labels: ['', 'throughput', LIMIT], value: limit.perSecond, unit: 'req/s' };
  return [
    limitP99,
    {
      labels: ['', '', GEARBOX],
      value: gearbox.p99,
      unit: 'ms',
      baseline: limitP99,
      baselineName: 'limit',
      target: { goal: `< ${CROWD_P99_MS} ms; 0 errors`, met: gearbox.p99 < CROWD_P99_MS && clean(gearbox) },
      note: `${latencyNote(gearbox)}; ${httpNote(gearbox)}`,
    },
    limitRate,
    { labels: ['', '', GEARBOX], value: gearbox.perSecond, unit: 'req/s', baseline: limitRate, baselineName: 'limit' },
  ];
}

async function httpTables(dir: string): Promise<Table[]> {
  const result = await runHttpBench({ dir, ...HTTP, token: signBenchToken, log });
  return [
    {
      title:
        `HTTP: AddEvidence round-robin over ${HTTP.cycles} cycles (autocannon, ${HTTP.connections} connections; the subjects take turns in ` +
        `4 slices each, after ${HTTP.warmUpElsewhere.toLocaleString('en-US')} commands each to ${HTTP.cycles} other cycles: ` +
        `limit route and gearbox ${HTTP.commands.toLocaleString('en-US')} commands in all after ${HTTP.warmUpCommands.toLocaleString('en-US')} ` +
        `to warm up, their cycles grow to ${result.streamLength} evidence items; Emmett ${HTTP.seconds} s in all; echo ${HTTP.seconds} s before them)`,
      labelHeaders: ['measure', 'subject'],
      rows: commandRows(result),
    },
    {
      title: 'HTTP: crowds on one cycle (AddEvidence to one fresh cycle each, after the run above)',
      labelHeaders: ['commands', 'measure', 'subject'],
      rows: result.crowds.flatMap((figures, i) => crowdRows(figures, HTTP.crowds[i]!)),
    },
  ];
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};
const range = (values: number[]): string => `${Math.min(...values).toFixed(1)}–${Math.max(...values).toFixed(1)} ms`;

/** The bytes of a crowd's answers on one cycle: plain JSON.stringify, encoded, against answerBody (evidence JSON kept). */
function answerTable(figures: AnswerFigures[], rounds: number): Table {
  return {
    title: `Answer bytes of a crowd on one cycle (in process, no HTTP: every answer of n AddEvidence on one fresh cycle as the UTF-8 JSON that is written; median of ${rounds} rounds, in turns)`,
    labelHeaders: ['commands', 'subject'],
    rows: figures.flatMap(({ amount, plain, kept, meanBytes }) => {
      const base: Row = {
        labels: [`${amount.toLocaleString('en-US')} on one cycle`, 'JSON.stringify of each answer, as UTF-8'],
        value: median(plain),
        unit: 'ms',
        note: `${range(plain)}; answers ${kib(meanBytes)} on average`,
      };
      const cached: Row = { labels: ['', 'answerBody (evidence JSON kept)'], value: median(kept), unit: 'ms', baseline: base, baselineName: 'stringify', note: `${range(kept)}; the same bytes` };
      return [base, cached];
    }),
  };
}

/** `bench crowds`: only the crowds on one cycle, three rounds, gearbox and the limit route in turns (20 cycles warmed up with 1,000 commands); then the answers' bytes in process (commands-answer.ts). */
export async function runCrowdsBenchmark(): Promise<Table[]> {
  const dir = mkdtempSync(join(tmpdir(), 'gearbox-bench-crowds-'));
  log(`load average at start: ${load()}`);
  try {
    const rounds = await runCrowdBench({ dir, ...HTTP, cycles: 20, token: signBenchToken, log }, 3);
    const answers = await runAnswerBench(HTTP.crowds.map((crowd) => crowd.amount), ANSWER_ROUNDS, log);
    log(`load average at end: ${load()}`);
    return [
      ...rounds.map((crowds, round) => ({
        title: `HTTP: crowds on one cycle, round ${round + 1} of ${rounds.length} (AddEvidence to one fresh cycle each)`,
        labelHeaders: ['commands', 'measure', 'subject'],
        rows: crowds.flatMap((figures, i) => crowdRows(figures, HTTP.crowds[i]!)),
      })),
      answerTable(answers, ANSWER_ROUNDS),
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function runCommandsBenchmark(): Promise<Table[]> {
  const dir = mkdtempSync(join(tmpdir(), 'gearbox-bench-commands-'));
  log(`load average at start: ${load()}`);
  try {
    const kernel = await kernelTable(dir);
    const http = await httpTables(dir);
    log(`load average at end: ${load()}`);
    return [...http, kernel];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
