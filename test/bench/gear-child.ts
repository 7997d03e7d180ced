/**
 * One GEAR benchmark subject in a process of its own, so its peak RSS is its own: run by gear.ts
 * with fork(): `gear-child.ts <read|project|export|verify> <store file> <zip file>`. Sends a
 * GearReport over IPC.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { openSqliteEventStore, type RecordedEvent } from '@gearbox/eventstore';
// Relative: the test package does not list @gearbox/gear; its dependencies resolve from there.
import { dossierOf, exportDossier, readInstitute, verifyDossier } from '../../packages/gear/src/index.ts';
import { HISTORY_END, INSTITUTE } from './gear-history.ts';

export interface GearReport {
  subject: string;
  seconds: number;
  /** CPU time of the whole process (every thread) over the same span: what the load of others does not stretch. */
  cpuSeconds: number;
  idleRssMiB: number;
  peakRssMiB: number;
  note: string;
}

const MiB = 1024 * 1024;

async function main(): Promise<void> {
  const [subject, path, zipPath] = process.argv.slice(2);
  if (!subject || !path || !zipPath) throw new Error('usage: gear-child.ts <read|project|export|verify> <store file> <zip file>');
  const store = openSqliteEventStore({ path });
  const idleRssMiB = process.memoryUsage().rss / MiB;
  const started = performance.now();
  const cpuAtStart = process.cpuUsage();
  let note = '';
  if (subject === 'read') {
    let count = 0;
    let touched = 0;
    for await (const e of store.readAll() as AsyncIterable<RecordedEvent<string, Record<string, unknown>, { time?: string }>>) {
      touched += (e.metadata?.time?.length ?? 0) + (e.data ? 1 : 0);
      count++;
    }
    if (touched === 0) throw new Error('the read parsed nothing');
    note = `${count.toLocaleString('en-US')} events`;
  } else if (subject === 'project') {
    const read = await readInstitute(store, { institute: INSTITUTE, asOf: HISTORY_END });
    const dossier = dossierOf(read, { institute: INSTITUTE, period: { from: null, to: null }, asOf: HISTORY_END });
    const evidence = dossier.domains.reduce((n, d) => n + d.criteria.reduce((m, c) => m + c.evidence.length, 0), 0);
    note = `${read.eventCount.toLocaleString('en-US')} events → ${dossier.summary.criteria} criteria, ${evidence.toLocaleString('en-US')} evidence lines, ${dossier.domains.reduce((n, d) => n + d.kpis.length, 0)} KPIs`;
  } else if (subject === 'export') {
    const result = await exportDossier(store, { institute: INSTITUTE, asOf: HISTORY_END, from: '2021-01-01', to: '2025-12-31' });
    writeFileSync(zipPath, result.body);
    const sizes = result.manifest.files.map((f) => `${f.name.replace('dossier.', '')} ${(f.bytes / 1024).toFixed(0)} KiB`).join(', ');
    note = `zip ${(result.body.length / 1024).toFixed(0)} KiB (${sizes}), hash chain over ${result.manifest.eventCount.toLocaleString('en-US')} events`;
  } else if (subject === 'verify') {
    const result = await verifyDossier(store, new Uint8Array(readFileSync(zipPath)), { institute: INSTITUTE });
    if (!result.valid) throw new Error(`the fresh dossier does not verify: ${JSON.stringify(result.problems)}`);
    note = 'valid: files, chain head and a rebuilt dossier';
  } else {
    throw new Error(`unknown subject ${subject}`);
  }
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuAtStart);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  await store.close();
  const report: GearReport = { subject, seconds, cpuSeconds, idleRssMiB, peakRssMiB: process.resourceUsage().maxRSS / 1024, note };
  process.send!(report);
}

await main();
