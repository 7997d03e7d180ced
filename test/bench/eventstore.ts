/**
 * Event-store benchmark: the sqlite adapter against raw better-sqlite3 on the same schema and
 * pragmas (the most the hardware gives), and against Emmett's SQLite event store (the peer a
 * TypeScript team would otherwise pick). All rows come from one run; files live in a temp dir
 * that is removed at the end.
 *
 * Appends pass an exact expectedRevision, as a command handler that has just loaded the stream
 * does. The 1M-event scans each run in a child process so their peak RSS is their own.
 */
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { openSqliteEventStore } from '@gearbox/eventstore';
import { openEmmettAppend } from './eventstore-emmett.ts';
import { openRawAppend, seed } from './eventstore-raw.ts';
import type { ScanReport } from './eventstore-scan.ts';
import {
  appendWorkloads,
  drive,
  eventsPerSecond,
  makeEvent,
  startProgress,
  type AppendBatch,
  type AppendWorkload,
  type Limits,
  type Progress,
} from './eventstore-workload.ts';
import { formatNumber, formatRatio, type Row, type Table } from './table.ts';

/** Raw and gearbox run in interleaved slices, alternating who goes first, so drifts in fsync latency hit both alike. */
const ROUNDS = 4;
const SLICE: Limits = { maxEvents: 5_000, maxSeconds: 5 };
/** Emmett opens a connection per append (~300 appends/s here); one bounded slice is enough. */
const PEER_SLICE: Limits = { maxEvents: 2_000, maxSeconds: 10 };
const WARM_UP: Limits = { maxEvents: 2_000, maxSeconds: 5 };
const SCAN_EVENTS = 1_000_000;
const SCAN_STREAMS = 1_000;
const SEED_PER_TRANSACTION = 50_000;
const SCAN_ROUNDS = 2;

const APPEND_TARGET = 0.5;
const PEER_TARGET = 10;
const SCAN_TARGET = 0.4;
const RSS_LIMIT_MIB = 512;

const log = (message: string): void => {
  process.stderr.write(`[eventstore] ${message}\n`);
};

/** Opening and closing the adapter creates its schema, which the raw baseline then writes into. */
async function createAdapterFile(path: string): Promise<void> {
  await openSqliteEventStore({ path }).close();
}

function countRows(path: string, table: string): number {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
  } finally {
    db.close();
  }
}

/** A measurement only counts if the file holds exactly the events the loop believes it wrote. */
function assertStored(subject: Subject, events: number): void {
  const rows = countRows(subject.path, subject.table);
  if (rows !== events) throw new Error(`${subject.path}: wrote ${events} events but the file holds ${rows}`);
}

/** A store under test, open on its own file. */
interface Subject {
  path: string;
  /** Table that holds one row per event, to check what was written. */
  table: string;
  append: AppendBatch;
  close(): Promise<void> | void;
  /** Anything the subject wants said beside its figure. */
  remark?(): string;
}

async function openRaw(path: string): Promise<Subject> {
  await createAdapterFile(path);
  const raw = openRawAppend(path);
  return { path, table: 'events', append: raw.append, close: () => raw.close() };
}

function openGearbox(path: string): Subject {
  const store = openSqliteEventStore({ path });
  return {
    path,
    table: 'events',
    append: (streamId, revision, batch) =>
      store.appendToStream(streamId, batch, { expectedRevision: revision < 0 ? 'no_stream' : BigInt(revision) }),
    close: () => store.close(),
  };
}

function openEmmett(path: string): Subject {
  const emmett = openEmmettAppend(path);
  return {
    path,
    table: 'emt_messages',
    append: emmett.append,
    // Emmett closes its connection after every call on a file store; nothing to close.
    close: () => undefined,
    remark: () => `${emmett.retries()} SQLITE_BUSY retries`,
  };
}

/** Emmett console.logs every failed transaction; keep stdout for the tables. */
async function logToStderr<T>(run: () => Promise<T>): Promise<T> {
  const original = console.log;
  console.log = console.error;
  try {
    return await run();
  } finally {
    console.log = original;
  }
}

/** Runs the subjects through `rounds` slices each, interleaved; checks the files afterwards. */
async function measure(workload: AppendWorkload, subjects: Subject[], rounds: number, slice: Limits): Promise<Progress[]> {
  const progress = subjects.map(() => startProgress(workload));
  try {
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 === 0 ? subjects.keys() : [...subjects.keys()].reverse();
      for (const index of order) await drive(workload, progress[index]!, slice, subjects[index]!.append);
    }
  } finally {
    for (const subject of subjects) await subject.close();
  }
  subjects.forEach((subject, index) => assertStored(subject, progress[index]!.events));
  return progress;
}

const fileFor = (dir: string, subject: string, workload: AppendWorkload, suffix = ''): string =>
  join(dir, `${subject}-${workload.batchSize}x${workload.streamCount}${suffix}.db`);

const eventsNote = (p: Progress): string => `${p.events.toLocaleString('en-US')} events in ${p.seconds.toFixed(1)} s`;

async function appendRows(dir: string): Promise<Row[]> {
  // Compile the hot paths of both subjects before anything is timed.
  log('warming up');
  const first = appendWorkloads[0]!;
  await measure(first, [await openRaw(fileFor(dir, 'raw', first, '-warm')), openGearbox(fileFor(dir, 'gearbox', first, '-warm'))], 1, WARM_UP);

  const rows: Row[] = [];
  for (const workload of appendWorkloads) {
    log(`${workload.name}: raw and gearbox, ${ROUNDS} interleaved rounds`);
    const [raw, gearbox] = await measure(
      workload,
      [await openRaw(fileFor(dir, 'raw', workload)), openGearbox(fileFor(dir, 'gearbox', workload))],
      ROUNDS,
      SLICE,
    );
    log(`${workload.name}: emmett`);
    const emmettSubject = openEmmett(fileFor(dir, 'emmett', workload));
    const [emmett] = await logToStderr(() => measure(workload, [emmettSubject], 1, PEER_SLICE));
    const rawRate = eventsPerSecond(raw!);
    const gearboxRate = eventsPerSecond(gearbox!);
    const emmettRate = eventsPerSecond(emmett!);

    const rawRow: Row = { labels: [workload.name, 'raw better-sqlite3'], value: rawRate, unit: 'events/s', note: eventsNote(raw!) };
    const gearboxRow: Row = {
      labels: ['', 'gearbox sqlite'],
      value: gearboxRate,
      unit: 'events/s',
      baseline: rawRow,
      baselineName: 'raw',
      target: { goal: `≥ ${APPEND_TARGET.toFixed(2)}× raw`, met: gearboxRate >= APPEND_TARGET * rawRate },
      note: eventsNote(gearbox!),
    };
    const emmettRow: Row = {
      labels: ['', 'emmett sqlite 0.38.5'],
      value: emmettRate,
      unit: 'events/s',
      baseline: rawRow,
      baselineName: 'raw',
      target: {
        goal: `gearbox ≥ ${PEER_TARGET}× this (is ${formatRatio(gearboxRate, emmettRate)})`,
        met: gearboxRate >= PEER_TARGET * emmettRate,
      },
      note: `${eventsNote(emmett!)}; ${emmettSubject.remark?.()}`,
    };
    rows.push(rawRow, gearboxRow, emmettRow);
  }
  return rows;
}

function scanInChild(subject: 'raw' | 'gearbox', path: string): Promise<ScanReport> {
  const script = fileURLToPath(new URL('./eventstore-scan.ts', import.meta.url));
  return new Promise((resolve, reject) => {
    let report: ScanReport | undefined;
    // fork() reuses this process's execArgv, which carries tsx's loader.
    const child = fork(script, [subject, path], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.on('message', (message) => {
      report = message as ScanReport;
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0 && report) resolve(report);
      else reject(new Error(`${subject} scan exited with code ${code}`));
    });
  });
}

interface ScanSummary extends ScanReport {
  allSeconds: number[];
}

function summariseScans(reports: ScanReport[]): ScanSummary {
  const fastest = reports.reduce((best, report) => (report.seconds < best.seconds ? report : best));
  return {
    ...fastest,
    peakRssMiB: Math.max(...reports.map((report) => report.peakRssMiB)),
    allSeconds: reports.map((report) => report.seconds),
  };
}

async function scanRows(dir: string): Promise<Row[]> {
  const path = join(dir, 'scan.db');
  await createAdapterFile(path);
  log(`seeding ${SCAN_EVENTS.toLocaleString('en-US')} events over ${SCAN_STREAMS} streams`);
  const seedStarted = performance.now();
  seed(path, SCAN_EVENTS, SCAN_STREAMS, SEED_PER_TRANSACTION, makeEvent);
  log(`seeded in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s`);

  // Two alternating rounds; the faster run of each subject counts, the higher peak RSS counts.
  const runs: Record<'raw' | 'gearbox', ScanReport[]> = { raw: [], gearbox: [] };
  for (let round = 0; round < SCAN_ROUNDS; round++) {
    for (const subject of round % 2 === 0 ? (['raw', 'gearbox'] as const) : (['gearbox', 'raw'] as const)) {
      log(`scan round ${round + 1}: ${subject}`);
      const report = await scanInChild(subject, path);
      if (report.events !== SCAN_EVENTS) throw new Error(`${subject} scan read ${report.events} of ${SCAN_EVENTS} events`);
      runs[subject].push(report);
    }
  }
  const raw = summariseScans(runs.raw);
  const gearbox = summariseScans(runs.gearbox);

  const name = `scan ${SCAN_EVENTS.toLocaleString('en-US')} events`;
  const scanNote = (r: ScanSummary): string => `best of ${r.allSeconds.map((seconds) => `${seconds.toFixed(1)} s`).join(', ')}`;
  const rssNote = (r: ScanSummary): string => `idle ${formatNumber(r.idleRssMiB)} MiB before the scan`;
  const rawRate: Row = { labels: [name, 'raw paged SELECT + JSON.parse'], value: raw.events / raw.seconds, unit: 'events/s', note: scanNote(raw) };
  const gearboxRate: Row = {
    labels: ['', 'gearbox readAll'],
    value: gearbox.events / gearbox.seconds,
    unit: 'events/s',
    baseline: rawRate,
    baselineName: 'raw',
    target: { goal: `≥ ${SCAN_TARGET.toFixed(2)}× raw`, met: gearbox.events / gearbox.seconds >= SCAN_TARGET * (raw.events / raw.seconds) },
    note: scanNote(gearbox),
  };
  const rawRss: Row = { labels: ['peak RSS during the scan', 'raw paged SELECT + JSON.parse'], value: raw.peakRssMiB, unit: 'MiB', note: rssNote(raw) };
  const gearboxRss: Row = {
    labels: ['', 'gearbox readAll'],
    value: gearbox.peakRssMiB,
    unit: 'MiB',
    baseline: rawRss,
    baselineName: 'raw',
    target: { goal: `< ${RSS_LIMIT_MIB} MiB`, met: gearbox.peakRssMiB < RSS_LIMIT_MIB },
    note: rssNote(gearbox),
  };
  return [rawRate, gearboxRate, rawRss, gearboxRss];
}

export async function runEventStoreBenchmark(): Promise<Table[]> {
  const dir = mkdtempSync(join(tmpdir(), 'gearbox-bench-'));
  try {
    const rows = [...(await appendRows(dir)), ...(await scanRows(dir))];
    return [
      {
        title: 'Event store: sqlite adapter vs raw better-sqlite3 vs Emmett (WAL, synchronous=FULL, exact expectedRevision)',
        labelHeaders: ['workload', 'subject'],
        rows,
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
