/**
 * `bench gear`: GEAR on a five-year history of one institute (1,000,000 events; GEAR_BENCH_EVENTS
 * overrides). Each subject runs in a child process of its own (gear-child.ts), twice, alternating;
 * the faster run counts for time, the higher peak for RSS.
 *
 * - raw full read (baseline): `store.readAll()` over every event, parsed, as any rebuild starts.
 * - GEAR projection rebuild: the institute's events (prefix filter) folded into the GEAR state, and
 *   the dossier model built from it.
 * - zip export: the same read plus the hash chain, then dossier.json/html/pdf/xlsx and the zip.
 * - verify: the zip against its manifest, the chain and a dossier rebuilt from the store.
 * Targets (issue 6, tightened by issue 12): export ≤ 2× the raw read; peak RSS under 512 MiB.
 *
 * The history is generated into a temporary folder and removed afterwards; GEAR_BENCH_HISTORY=<file>
 * keeps it in that file instead and reuses it on the next run (generating takes about two minutes).
 */
import { fork } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { GearReport } from './gear-child.ts';
import { describeHistory, generateHistory } from './gear-history.ts';
import { formatRatio, type Row, type Table } from './table.ts';

const SUBJECTS = ['read', 'project', 'export', 'verify'] as const;
type Subject = (typeof SUBJECTS)[number];
const RUNS = 2;
const EXPORT_TARGET = 2;
const RSS_TARGET_MIB = 512;

const log = (message: string) => process.stderr.write(`[gear] ${message}\n`);

function runChild(subject: Subject, path: string, zip: string): Promise<GearReport> {
  const script = fileURLToPath(new URL('./gear-child.ts', import.meta.url));
  return new Promise((resolve, reject) => {
    let report: GearReport | undefined;
    // fork() reuses this process's execArgv, which carries tsx's loader.
    const child = fork(script, [subject, path, zip], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.on('message', (message) => {
      report = message as GearReport;
    });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 && report ? resolve(report) : reject(new Error(`gear ${subject} exited with code ${code}`))));
  });
}

export async function runGearBenchmark(): Promise<Table[]> {
  const total = Number(process.env.GEAR_BENCH_EVENTS ?? 1_000_000);
  const dir = mkdtempSync(join(tmpdir(), 'gearbox-gear-bench-'));
  try {
    const kept = process.env.GEAR_BENCH_HISTORY;
    const path = kept ?? join(dir, 'events.sqlite3');
    const zip = join(dir, 'dossier.zip');
    let history: { events: number; cycleEvents: number; streams: number };
    if (kept && existsSync(kept)) {
      history = await describeHistory(kept);
      log(`reusing ${kept}: ${history.events.toLocaleString('en-US')} events`);
    } else {
      log(`generating a five-year history of ${total.toLocaleString('en-US')} events`);
      const started = performance.now();
      history = await generateHistory(path, total);
      log(`generated in ${((performance.now() - started) / 1000).toFixed(1)} s: ${history.events.toLocaleString('en-US')} events (${history.cycleEvents.toLocaleString('en-US')} in cycles) over ${history.streams} streams, file ${(statSync(path).size / 1024 / 1024).toFixed(0)} MiB`);
    }

    const reports = new Map<Subject, GearReport[]>(SUBJECTS.map((s) => [s, []]));
    for (let run = 0; run < RUNS; run++) {
      // Export before verify (verify reads the zip); the read alternates first and last against drift.
      const order: Subject[] = run % 2 === 0 ? ['read', 'project', 'export', 'verify'] : ['project', 'export', 'verify', 'read'];
      for (const subject of order) {
        log(`run ${run + 1}/${RUNS}: ${subject}`);
        const report = await runChild(subject, path, zip);
        log(`  ${report.seconds.toFixed(2)} s (CPU ${report.cpuSeconds.toFixed(2)} s), peak RSS ${report.peakRssMiB.toFixed(0)} MiB`);
        reports.get(subject)!.push(report);
      }
    }
    const best = (s: Subject) => {
      const list = reports.get(s)!;
      const fastest = list.reduce((a, b) => (b.seconds < a.seconds ? b : a));
      return {
        ...fastest,
        peakRssMiB: Math.max(...list.map((r) => r.peakRssMiB)),
        all: list.map((r) => r.seconds.toFixed(2)).join(' / '),
        cpuSeconds: Math.min(...list.map((r) => r.cpuSeconds)),
        cpuAll: list.map((r) => r.cpuSeconds.toFixed(2)).join(' / '),
      };
    };
    const read = best('read');
    const project = best('project');
    const exported = best('export');
    const verify = best('verify');

    const readRow: Row = { labels: ['raw full read', 'time'], value: read.seconds, unit: 's', note: `${read.note}, ${Math.round(history.events / read.seconds).toLocaleString('en-US')} events/s (runs ${read.all} s)` };
    const vsRead = (r: typeof read, labels: string[], target?: Row['target']): Row => ({
      labels,
      value: r.seconds,
      unit: 's',
      baseline: readRow,
      baselineName: 'raw read',
      ...(target ? { target } : {}),
      note: `${r.note} (runs ${r.all} s)`,
    });
    const readRss: Row = { labels: ['raw full read', 'peak RSS'], value: read.peakRssMiB, unit: 'MiB', note: `idle ${read.idleRssMiB.toFixed(0)} MiB before the run` };
    const rssRow = (r: typeof read, label: string, target: boolean): Row => ({
      labels: [label, 'peak RSS'],
      value: r.peakRssMiB,
      unit: 'MiB',
      baseline: readRss,
      baselineName: 'raw read',
      ...(target ? { target: { goal: `< ${RSS_TARGET_MIB} MiB`, met: r.peakRssMiB < RSS_TARGET_MIB } } : {}),
      note: `idle ${r.idleRssMiB.toFixed(0)} MiB before the run`,
    });
    // CPU time (every thread of the child, the least of the runs): the load of other work on the machine stretches wall time, much less this.
    const readCpu: Row = { labels: ['raw full read', 'CPU time'], value: read.cpuSeconds, unit: 's', note: `runs ${read.cpuAll} s` };
    const cpuRow = (r: typeof read, label: string, note = ''): Row => ({
      labels: [label, 'CPU time'],
      value: r.cpuSeconds,
      unit: 's',
      baseline: readCpu,
      baselineName: 'raw read',
      note: `${note}runs ${r.cpuAll} s`,
    });
    const exportRatio = exported.seconds / read.seconds;
    return [
      {
        title: `GEAR on a five-year history of ${history.events.toLocaleString('en-US')} events of one institute`,
        labelHeaders: ['subject', 'measure'],
        rows: [
          readRow,
          vsRead(project, ['GEAR projection rebuild', 'time']),
          vsRead(exported, ['zip export', 'time'], { goal: `≤ ${EXPORT_TARGET}× raw read (is ${formatRatio(exported.seconds, read.seconds)})`, met: exportRatio <= EXPORT_TARGET }),
          vsRead(verify, ['verify', 'time']),
          readRss,
          rssRow(project, 'GEAR projection rebuild', true),
          rssRow(exported, 'zip export', true),
          rssRow(verify, 'verify', true),
          readCpu,
          cpuRow(project, 'GEAR projection rebuild'),
          cpuRow(exported, 'zip export', 'with the hashing thread; '),
          cpuRow(verify, 'verify', 'with the hashing thread; '),
        ],
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
