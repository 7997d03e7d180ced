/**
 * LEOH import benchmark (issue 5): 10,000 evaluations through the batch import endpoint, with the
 * LEOH reactor running, against the plain command throughput of the kernel in the same run.
 *
 *   ../server/node_modules/.bin/tsx bench/leoh-import.ts [--evaluations 10000] [--opleiders 200] [--batch 500]
 *
 * Subjects, one after the other on fresh SQLite files (WAL, synchronous=FULL, as in production):
 * - kernel AddEvidence: `StreamHandler.execute` of AddEvidence on PDCA cycles in phase do, the
 *   plain command path the [2/4] bench measures;
 * - RecordLeoh, one by one: `StreamHandler.execute` with the opleider definition (setting check in its decider + command path);
 * - import over HTTP: `POST /api/v1/opleiders/leoh/import` in batches, through the Hono app with
 *   `app.request` (no TCP), while the reactor raises signals and opens screenings.
 * For the import it reports evaluations/s and the time until every signal's screening exists.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { openSqliteEventStore } from '@gearbox/eventstore';
import { DomainError, openSqliteCheckpoints, openSqliteKeyStore, ProjectionRunner, randomIds, ReactorRunner, StreamHandler, systemClock, type CommandContext } from '@gearbox/kernel';
import { cycleDefinition } from '@gearbox/cycles';
import { opleidersModule } from '../src/module.ts';
import { LEOH_SIGNAL_REACTOR } from '../src/leoh-signal.ts';
import type { AuthVariables } from '@gearbox/http';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const EVALUATIONS = arg('evaluations', 10_000);
const OPLEIDERS = arg('opleiders', 200);
const BATCH = arg('batch', 500);
const PLAIN = arg('plain', 2_000);
const SETTINGS = { scale: { min: 1, max: 5 }, crucialItems: ['veiligheid', 'feedback'], threshold: 3 };
const actor = { sub: 'bench', name: 'Bench', roles: ['kwaliteitsmedewerker', 'mt', 'integratie', 'admin'] };
const ctx = (): CommandContext => ({ institute: 'utrecht', actor, correlationId: 'bench' });
const log = (m: string) => process.stderr.write(`${m}\n`);

function open(dir: string, name: string) {
  const store = openSqliteEventStore({ path: join(dir, `${name}.sqlite`) });
  const keys = openSqliteKeyStore(join(dir, `${name}-keys.sqlite`));
  const kernel = { store, keys, clock: systemClock, ids: randomIds };
  return { store, keys, kernel, close: async () => { await store.close(); keys.close(); } };
}

async function plainAddEvidence(dir: string) {
  const w = open(dir, 'cycles');
  const cycles = new StreamHandler(cycleDefinition, w.kernel);
  const ids: string[] = [];
  for (let i = 0; i < 50; i++) {
    const { view } = await cycles.start(ctx(), { kind: 'opleiders', title: `C${i}`, period: { from: '2026-01-01', to: '2026-12-31' } });
    await cycles.execute(ctx(), view.id, { type: 'SetGoal', goalId: 'g', title: 'g' });
    await cycles.execute(ctx(), view.id, { type: 'PlanActivity', activityId: 'a', title: 'a', owner: 'o', due: '2026-12-01' });
    await cycles.execute(ctx(), view.id, { type: 'ApprovePlan' });
    ids.push(view.id);
  }
  const started = performance.now();
  for (let i = 0; i < PLAIN; i++) {
    await cycles.execute(ctx(), ids[i % ids.length]!, { type: 'AddEvidence', evidenceId: `e${i}`, title: 'Verslag', kind: 'document' });
  }
  const seconds = (performance.now() - started) / 1000;
  await w.close();
  return { commands: PLAIN, seconds };
}

function scoresFor(i: number): { scores: Record<string, number>; low: boolean } {
  // One evaluation in twenty has a crucial item below the threshold, spread over the opleiders.
  const low = Math.imul(i, 2654435761) >>> 0 < 2 ** 32 / 20;
  return { low, scores: { veiligheid: low ? 2 : 4, feedback: 3 + (i % 3), rolmodel: 1 + (i % 5), respect: 5 } };
}

async function prepareOpleiders(mod: ReturnType<typeof opleidersModule>) {
  await mod.settings.put(ctx(), SETTINGS);
  const ids: string[] = [];
  for (let i = 0; i < OPLEIDERS; i++) {
    const { view } = await mod.handler.start(ctx(), { name: `Opleider ${i}`, practice: `Praktijk ${i}` });
    for (const cmd of [
      { type: 'ScheduleStartvisitatie', date: '2026-01-10' },
      { type: 'RecordStartvisitatie', stage: 'telefonisch', outcome: 'positief' },
      { type: 'RecordStartvisitatie', stage: 'bezoek', outcome: 'positief' },
      { type: 'Recognise', until: '2031-01-01' },
    ]) await mod.handler.execute(ctx(), view.id, cmd);
    ids.push(view.id);
  }
  return ids;
}

async function singleRecordLeoh(dir: string) {
  const w = open(dir, 'single');
  const mod = opleidersModule(w.kernel, new StreamHandler(cycleDefinition, w.kernel));
  const ids = await prepareOpleiders(mod);
  const started = performance.now();
  for (let i = 0; i < PLAIN; i++) {
    await mod.handler.execute(ctx(), ids[(i * 7) % ids.length]!, { type: 'RecordLeoh', evaluationId: `e${i}`, period: '2026-H1', respondent: `aios-${i}`, scores: scoresFor(i).scores });
  }
  const seconds = (performance.now() - started) / 1000;
  await w.close();
  return { commands: PLAIN, seconds };
}

async function importOverHttp(dir: string) {
  const w = open(dir, 'import');
  const mod = opleidersModule(w.kernel, new StreamHandler(cycleDefinition, w.kernel));
  const ids = await prepareOpleiders(mod);
  const projections = new ProjectionRunner(w.store, mod.projections);
  await projections.start();
  const checkpoints = openSqliteCheckpoints(join(dir, 'checkpoints.sqlite'));
  const reactors = new ReactorRunner(w.store, mod.reactors, checkpoints, (m, e) => log(`${m}: ${String(e)}`));
  reactors.start();

  const app = new Hono<{ Variables: AuthVariables }>();
  app.use('*', async (c, next) => {
    c.set('institute', 'utrecht');
    c.set('actor', actor);
    await next();
  });
  app.onError((error, c) => c.json({ detail: String(error) }, error instanceof DomainError ? (error.status as 400) : 500));
  app.route('/api/v1', mod.routes);

  let expectedSignals = 0;
  const started = performance.now();
  for (let from = 0; from < EVALUATIONS; from += BATCH) {
    const evaluations = [];
    for (let i = from; i < Math.min(EVALUATIONS, from + BATCH); i++) {
      const { scores, low } = scoresFor(i);
      if (low) expectedSignals += 1;
      evaluations.push({ opleiderId: ids[(i * 7) % ids.length]!, evaluationId: `e${i}`, period: i % 2 ? '2026-H1' : '2025-H2', respondent: `aios-${i}`, scores });
    }
    const response = await app.request('/api/v1/opleiders/leoh/import', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ evaluations }) });
    const body = (await response.json()) as { recorded: number };
    if (response.status !== 200 || body.recorded !== evaluations.length) throw new Error(`import failed: ${response.status} ${JSON.stringify(body).slice(0, 300)}`);
  }
  const imported = performance.now();
  const head = await w.store.headPosition();
  // Every signal's screening exists once the reactor has passed the last evaluation.
  let lastLeoh = 0n;
  for await (const e of w.store.readAll({ direction: 'backwards', maxCount: 1, filter: { eventTypes: ['LeohRecorded'] } })) lastLeoh = e.position;
  while ((reactors.processed(LEOH_SIGNAL_REACTOR) ?? 0n) < lastLeoh) await new Promise((r) => setTimeout(r, 5));
  const screened = performance.now();
  await projections.waitFor(await w.store.headPosition());
  const signals = mod.index.entries('utrecht').reduce((n, e) => n + (e.snapshot.context as { signals: unknown[] }).signals.length, 0);
  const openScreenings = mod.index.entries('utrecht').filter((e) => (e.snapshot.context as { cmo: { status: string } | null }).cmo?.status === 'screening').length;
  if (signals !== expectedSignals) throw new Error(`expected ${expectedSignals} signals, found ${signals}`);
  await reactors.stop();
  await projections.stop();
  checkpoints.close();
  await w.close();
  return {
    evaluations: EVALUATIONS,
    importSeconds: (imported - started) / 1000,
    untilScreenedSeconds: (screened - started) / 1000,
    afterImportSeconds: (screened - imported) / 1000,
    signals,
    openScreenings,
    headAfterImport: head,
  };
}

const dir = mkdtempSync(join(tmpdir(), 'gearbox-leoh-bench-'));
try {
  log(`kernel AddEvidence × ${PLAIN} …`);
  const plain = await plainAddEvidence(dir);
  log(`RecordLeoh one by one × ${PLAIN} over ${OPLEIDERS} opleiders …`);
  const single = await singleRecordLeoh(dir);
  log(`import ${EVALUATIONS} over HTTP in batches of ${BATCH} over ${OPLEIDERS} opleiders, reactor running …`);
  const imp = await importOverHttp(dir);
  const rate = (n: number, s: number) => Math.round(n / s);
  console.log('| subject | commands | seconds | per second |');
  console.log('| --- | ---: | ---: | ---: |');
  console.log(`| kernel AddEvidence (plain command path) | ${plain.commands} | ${plain.seconds.toFixed(2)} | ${rate(plain.commands, plain.seconds)} |`);
  console.log(`| RecordLeoh one by one | ${single.commands} | ${single.seconds.toFixed(2)} | ${rate(single.commands, single.seconds)} |`);
  console.log(`| LEOH import over HTTP (batches of ${BATCH}) | ${imp.evaluations} | ${imp.importSeconds.toFixed(2)} | ${rate(imp.evaluations, imp.importSeconds)} |`);
  console.log('');
  console.log(`signals: ${imp.signals} (open screenings: ${imp.openScreenings}); every screening existed ${imp.untilScreenedSeconds.toFixed(2)} s after the import started, ${imp.afterImportSeconds.toFixed(2)} s after its last batch was answered.`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
