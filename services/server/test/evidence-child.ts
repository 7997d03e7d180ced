/**
 * Run as its own process by evidence-crash.test.ts: the whole gearbox on a file data dir, sent
 * requests through its HTTP app. `evidence-child.ts <dataDir> <mode>`:
 * - `setup`: registers a new opleider and an opleiders cycle in phase do with KPI `sv`; prints the cycle id;
 * - `send <cycleId>`: sends the startvisitaties with KPI `sv` as evidence; prints status and body;
 * - `hang <cycleId>`: the same, but once the store has acknowledged the append with EvidenceAdded it
 *   prints `evidence-stored` and waits, before it answers, to be killed;
 * - `hang-before <cycleId>`: the same, but it prints `evidence-sending` and waits to be killed just
 *   before that append reaches the store.
 */
import pino from 'pino';
import { signToken } from '@gearbox/http';
import { createGearbox } from '../src/app.ts';

const [dataDir, mode, cycleId] = process.argv.slice(2);
if (!dataDir || !mode) throw new Error('usage: evidence-child.ts <dataDir> setup|send|hang|hang-before [cycleId]');

const secret = 'test-secret-that-is-long-enough-0123456789';
const gearbox = createGearbox({ dataDir, auth: { secret }, logger: pino({ level: 'silent' }), schedulerIntervalMs: 0 });
if (mode === 'hang-before') {
  const append = gearbox.store.appendToStream.bind(gearbox.store);
  gearbox.store.appendToStream = async (stream, events, options) => {
    if (events.some((e) => e.type === 'EvidenceAdded')) {
      process.stdout.write('evidence-sending\n');
      await new Promise(() => {});
    }
    return append(stream, events, options);
  };
}
if (mode === 'hang') {
  const append = gearbox.store.appendToStream.bind(gearbox.store);
  gearbox.store.appendToStream = async (stream, events, options) => {
    const result = await append(stream, events, options);
    if (events.some((e) => e.type === 'EvidenceAdded')) {
      // Writes to a pipe are synchronous on Linux: once this returns, the parent can read it.
      process.stdout.write('evidence-stored\n');
      await new Promise(() => {});
    }
    return result;
  };
}
await gearbox.start();
const token = await signToken({ institute: 'utrecht', roles: ['kwaliteitsmedewerker', 'mt'], sub: 'kwaliteit', name: 'K. Waliteit' }, secret);

async function post(path: string, body: unknown): Promise<{ status: number; body: any }> {
  const res = await gearbox.app.request(path, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

if (mode === 'setup') {
  await post('/api/v1/opleiders', { name: 'A. Opleider', practice: 'Praktijk De Linde' });
  const cycle = await post('/api/v1/cycles', { kind: 'opleiders', title: 'Opleiders', period: { from: '2000-01-01', to: '2099-12-31' } });
  for (const command of [
    { type: 'SetGoal', goalId: 'g', title: 'Elke nieuwe opleider een startvisitatie' },
    { type: 'DefineKpi', kpiId: 'sv', goalId: 'g', name: 'startvisitatie afgerond', unit: '%', baseline: { value: 0, source: 'RGS', year: 2020 }, target: { value: 100, by: '2099-12-31' } },
    { type: 'PlanActivity', activityId: 'a', title: 'Startvisitaties plannen', owner: 'HAO-team', due: '2099-12-31' },
    { type: 'ApprovePlan' },
  ]) {
    const answer = await post(`/api/v1/cycles/${cycle.body.id}/commands`, command);
    if (answer.status !== 200) throw new Error(`${command.type}: ${JSON.stringify(answer.body)}`);
  }
  process.stdout.write(`${cycle.body.id}\n`);
} else {
  // Up to today: a measurement is never dated after the day it is recorded.
  const today = new Date().toISOString().slice(0, 10);
  const answer = await post('/api/v1/opleiders/startvisitaties/evidence', { cycleId, from: '2000-01-01', to: today, kpiId: 'sv' });
  process.stdout.write(`${JSON.stringify(answer)}\n`);
}
await gearbox.stop();
