import { afterEach, describe, expect, it } from 'vitest';
import { DeadlineScheduler, DeadlineTable, rebuild, ProjectionRunner, type Deadline } from '@gearbox/kernel';
import { opleiderDeadlines, reminderDay } from '../src/deadlines.ts';
import { cmoQueue, inPeriod, leohSummary, listOpleiders, opleiderIndex, TOO_FEW } from '../src/read-models.ts';
import { daysOfPeriod } from '@gearbox/cycles';
import { startvisitatieFigures } from '../src/evidence.ts';
import { leohSignalReactor } from '../src/leoh-signal.ts';
import { admin, auditor, cmo, mt, qm, SETTINGS, world } from './world.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});
function setup() {
  const w = world();
  cleanups.push(() => w.close());
  return w;
}

/** Raises signals by hand, as the reactor would, so these tests do not wait on it. */
async function react(w: ReturnType<typeof world>) {
  const reactor = leohSignalReactor(w.handler, w.settings);
  for await (const e of w.store.readAll({ filter: { eventTypes: ['LeohRecorded', 'LeohSettingsSet'] } })) await reactor.react(e as never);
}

async function indexed(w: ReturnType<typeof world>) {
  const index = opleiderIndex();
  await rebuild(w.store, [index]);
  return index;
}

describe('LEOH summary', () => {
  it('gives n, mean and the distribution per item over all opleiders, for the period asked', async () => {
    const w = setup();
    await w.settings.put(w.ctx(admin), SETTINGS);
    const a = await w.recognised('Dr. A');
    const b = await w.recognised('Dr. B');
    const scores = [5, 4, 4, 3, 2, 1];
    for (const [i, score] of scores.entries()) {
      await w.leoh(i % 2 ? a : b, `e${i}`, { veiligheid: score, rolmodel: 4 }, `aios-${i}`, '2026-H1');
    }
    await w.leoh(a, 'late', { veiligheid: 1 }, 'aios-late', '2027-H1');
    const index = await indexed(w);
    const settings = (await w.settings.current('utrecht'))!.settings;
    const summary = leohSummary(index, w.keys, 'utrecht', settings, '2026', 'staff');
    expect(summary.respondents).toBe(6);
    const veiligheid = summary.items.find((i) => i.item === 'veiligheid')!;
    expect(veiligheid).toEqual({
      item: 'veiligheid',
      title: expect.any(String),
      respondents: 6,
      n: 6,
      mean: 3.17,
      distribution: { '1': 1, '2': 1, '3': 1, '4': 2, '5': 1 },
    });
    expect(summary.items.find((i) => i.item === 'rolmodel')).toMatchObject({ n: 6, mean: 4 });
    // Every item of the setting is listed; one nobody answered has too few respondents.
    expect(summary.items.map((i) => i.item)).toEqual(settings.items.map((i) => i.code));
    expect(summary.items.find((i) => i.item === 'feedback')).toEqual({ item: 'feedback', title: expect.any(String), result: TOO_FEW });
    const all = leohSummary(index, w.keys, 'utrecht', settings, undefined, 'staff');
    expect(all.items.find((i) => i.item === 'veiligheid')).toMatchObject({ n: 7 });
  });

  it('groups under five respondents are "te weinig respons", never figures', async () => {
    const w = setup();
    await w.settings.put(w.ctx(admin), SETTINGS);
    const a = await w.recognised();
    // Eight evaluations, but only four aios: still too few respondents.
    for (let i = 0; i < 8; i++) await w.leoh(a, `e${i}`, { veiligheid: 1 + (i % 5) }, `aios-${i % 4}`, '2026-H1');
    const settings = (await w.settings.current('utrecht'))!.settings;
    const summary = leohSummary(await indexed(w), w.keys, 'utrecht', settings, '2026-H1', 'full');
    expect(summary.respondents).toBe(TOO_FEW);
    for (const item of summary.items) {
      expect(item).not.toHaveProperty('n');
      expect(item).not.toHaveProperty('mean');
      expect(item).not.toHaveProperty('distribution');
    }
    expect(JSON.stringify(summary.items)).not.toMatch(/"n"|"mean"/);
  });

  it('lists the opleiders with signals; names only for those who may see them', async () => {
    const w = setup();
    await w.settings.put(w.ctx(admin), SETTINGS);
    const a = await w.recognised('Dr. Laag');
    const b = await w.recognised('Dr. Goed');
    await w.leoh(a, 'e1', { veiligheid: 1 }, 'aios-1');
    await w.leoh(a, 'e2', { feedback: 2 }, 'aios-2');
    await w.leoh(b, 'e3', { feedback: 5 }, 'aios-3');
    await react(w);
    const index = await indexed(w);
    const settings = (await w.settings.current('utrecht'))!.settings;
    const staff = leohSummary(index, w.keys, 'utrecht', settings, '2026', 'staff');
    expect(staff.opleidersWithSignals).toEqual([{ opleiderId: a, name: 'Dr. Laag', practice: 'Praktijk De Linde', signals: 2, items: ['feedback', 'veiligheid'] }]);
    expect(leohSummary(index, w.keys, 'utrecht', settings, '2026', 'full').opleidersWithSignals[0]!.cmo).toBe('screening');
    expect(leohSummary(index, w.keys, 'utrecht', settings, '2026', 'auditor').opleidersWithSignals).toEqual([{ opleiderId: a, signals: 2, items: ['feedback', 'veiligheid'] }]);
    expect(leohSummary(index, w.keys, 'utrecht', settings, '2027', 'staff').opleidersWithSignals).toEqual([]);
  });

  it('periods: a year selects its halves, quarters and months', () => {
    expect(['2026', '2026-H1', '2026-Q3', '2026-05'].every((p) => inPeriod(p, '2026'))).toBe(true);
    expect(inPeriod('2026-H1', '2026-H2')).toBe(false);
    expect(inPeriod('2027-H1', '2026')).toBe(false);
    expect(['2026', '2026-H1', '2026-Q1', '2028-02'].map((p) => daysOfPeriod(p))).toEqual([
      { from: '2026-01-01', to: '2026-12-31' }, { from: '2026-01-01', to: '2026-06-30' }, { from: '2026-01-01', to: '2026-03-31' }, { from: '2028-02-01', to: '2028-02-29' },
    ]);
    expect(['2026-H2', '2026-Q4', 'vorig jaar'].map((p) => daysOfPeriod(p))).toEqual([{ from: '2026-07-01', to: '2026-12-31' }, { from: '2026-10-01', to: '2026-12-31' }, undefined]);
  });
});

describe('CMO queue and the list', () => {
  it('holds open screenings and trajects, oldest first, with names and signals', async () => {
    const w = setup();
    await w.settings.put(w.ctx(admin), SETTINGS);
    const a = await w.recognised('Dr. Eerst');
    const b = await w.recognised('Dr. Later');
    const c = await w.recognised('Dr. Klaar');
    await w.leoh(a, 'e1', { veiligheid: 1 }, 'aios-1');
    await react(w);
    w.clock.advance(86_400_000);
    await w.handler.execute(w.ctx(qm), b, { type: 'ReferToCmo', reason: 'Zorg van docent' });
    await w.handler.execute(w.ctx(qm), c, { type: 'ReferToCmo', reason: 'x' });
    await w.handler.execute(w.ctx(cmo), c, { type: 'DecideCmo', decision: 'geen-actie', rationale: 'Geen zorgen' });
    await w.handler.execute(w.ctx(cmo), a, { type: 'DecideCmo', decision: 'ondersteuningstraject', rationale: 'Coaching' });
    const index = await indexed(w);
    const queue = cmoQueue(index, w.keys, 'utrecht');
    expect(queue.map((q) => [q.name, q.cmo.status])).toEqual([['Dr. Eerst', 'ondersteuningstraject'], ['Dr. Later', 'screening']]);
    expect(queue[0]!.signals).toMatchObject([{ evaluationId: 'e1' }]);
    expect(queue[0]!.cmo.decisions[0]).toMatchObject({ rationale: 'Coaching', by: 'Test cmo' });
    expect(queue[1]!.cmo.referral).toMatchObject({ reason: 'Zorg van docent' });
    expect(cmoQueue(index, w.keys, 'amc')).toEqual([]);
  });

  it('lists opleiders with names for staff and without for an auditor, with filters', async () => {
    const w = setup();
    const a = await w.recognised('Dr. A');
    const { view } = await w.handler.start(w.ctx(qm), { name: 'Dr. Nieuw', practice: 'Praktijk Oost' });
    await w.handler.execute(w.ctx(qm), a, { type: 'ReferToCmo', reason: 'x' });
    const index = await indexed(w);
    expect(listOpleiders(index, w.keys, 'utrecht', qm.roles).map((o) => [o.id, (o as { name?: string }).name, o.status])).toEqual([[a, 'Dr. A', 'erkend'], [view.id, 'Dr. Nieuw', 'aangemeld']]);
    expect(listOpleiders(index, w.keys, 'utrecht', auditor.roles)[0]).not.toHaveProperty('name');
    expect(listOpleiders(index, w.keys, 'utrecht', qm.roles, { status: 'aangemeld' }).map((o) => o.id)).toEqual([view.id]);
    expect(listOpleiders(index, w.keys, 'utrecht', mt.roles, { cmo: 'open' }).map((o) => [o.id, o.cmo?.status])).toEqual([[a, 'screening']]);
  });

  it('a rebuild equals incremental catch-up', async () => {
    const w = setup();
    await w.settings.put(w.ctx(admin), SETTINGS);
    const live = opleiderIndex();
    const liveDeadlines = new DeadlineTable([opleiderDeadlines]);
    const runner = new ProjectionRunner(w.store, [live, liveDeadlines]);
    await runner.start();
    cleanups.push(() => runner.stop());
    const a = await w.recognised();
    await w.leoh(a, 'e1', { veiligheid: 1 });
    await react(w);
    await w.handler.execute(w.ctx(cmo), a, { type: 'DecideCmo', decision: 'monitoring', rationale: 'x' });
    await runner.waitFor(await w.store.headPosition());
    const rebuilt = opleiderIndex();
    const rebuiltDeadlines = new DeadlineTable([opleiderDeadlines]);
    await rebuild(w.store, [rebuilt, rebuiltDeadlines]);
    expect(JSON.stringify(rebuilt.dump())).toBe(JSON.stringify(live.dump()));
    expect(JSON.stringify(rebuiltDeadlines.dump())).toBe(JSON.stringify(liveDeadlines.dump()));
  });
});

describe('startvisitaties as figures', () => {
  it('counts new opleiders in the period and how many had their visit', async () => {
    const w = setup();
    await w.recognised('Dr. A');
    const { view } = await w.handler.start(w.ctx(qm), { name: 'Dr. B', practice: 'P' });
    await w.handler.execute(w.ctx(qm), view.id, { type: 'ScheduleStartvisitatie', date: '2026-04-01' });
    await w.handler.execute(w.ctx(qm), view.id, { type: 'RecordStartvisitatie', stage: 'telefonisch', outcome: 'negatief', reportEvidenceId: 'sv-b' });
    const figures = startvisitatieFigures(await indexed(w), 'utrecht', '2026-01-01', '2026-12-31');
    expect(figures).toEqual({ from: '2026-01-01', to: '2026-12-31', nieuweOpleiders: 2, bezocht: 1, outcomes: { positief: 1, voorwaarden: 0, negatief: 1 }, share: 50, reports: ['sv-b'] });
    expect(startvisitatieFigures(await indexed(w), 'utrecht', '2025-01-01', '2025-12-31').share).toBeNull();
  });
});

describe('erkenning reminder', () => {
  it('is due three months before the recognition lapses, given once, and moves with a renewal', async () => {
    const w = setup();
    const id = await w.recognised();
    expect(reminderDay('2031-03-01')).toBe('2030-12-01');
    expect(reminderDay('2031-05-31')).toBe('2031-02-28');
    const send = (d: Deadline, ctx: never, options: never) => w.handler.execute(ctx, d.streamEntityId, d.command, options);
    const table = new DeadlineTable([opleiderDeadlines]);
    await rebuild(w.store, [table]);
    expect(table.list('utrecht').map((d) => [d.what, d.label, d.due])).toEqual([
      ['erkenning', 'Erkenning verloopt op 01-03-2031', '2030-11-30'],
      ['erkenning', 'Erkenning eindigt na 01-03-2031', '2031-03-01'],
    ]);
    const scheduler = new DeadlineScheduler(table, send as never, w.clock);
    w.clock.set('2030-11-30T12:00:00Z');
    expect(await scheduler.tick()).toBe(0);
    w.clock.set('2030-12-01T06:00:00Z');
    expect(await scheduler.tick()).toBe(1);
    // A second scheduler that has not seen the reminder yet fires it again: nothing new is stored.
    const head = await w.store.headPosition();
    const stale = new DeadlineTable([opleiderDeadlines]);
    for await (const e of w.store.readAll({ maxCount: Number(head) - 1 })) stale.apply(e as never);
    await new DeadlineScheduler(stale, send as never, w.clock).tick();
    expect(await w.store.headPosition()).toBe(head);
    await rebuild(w.store, [table]);
    expect(await new DeadlineScheduler(table, send as never, w.clock).tick()).toBe(0);
    const view = await w.handler.get(w.ctx(mt), id);
    expect(view.reminders).toMatchObject([{ until: '2031-03-01' }]);

    await w.handler.execute(w.ctx(qm), id, { type: 'Recognise', until: '2036-03-01' });
    await rebuild(w.store, [table]);
    expect(table.list('utrecht').map((d) => [d.due, d.overdue])).toEqual([['2035-11-30', false], ['2036-03-01', false]]);
    await w.handler.execute(w.ctx(mt), id, { type: 'EndTraining', reason: 'gestopt' });
    await rebuild(w.store, [table]);
    expect(table.list('utrecht')).toEqual([]);
  });

  it('lapses the day after its last day, once, also for a scheduler that had not seen it; then both deadlines are done', async () => {
    const w = setup();
    const id = await w.recognised();
    const send = (d: Deadline, ctx: never, options: never) => w.handler.execute(ctx, d.streamEntityId, d.command, options);
    const table = new DeadlineTable([opleiderDeadlines]);
    const caughtUp = () => rebuild(w.store, [table]);
    await caughtUp();
    const scheduler = new DeadlineScheduler(table, send as never, w.clock);
    w.clock.set('2031-03-01T23:00:00Z');
    expect(await scheduler.tick()).toBe(1); // the reminder only
    await caughtUp();
    expect(await scheduler.tick()).toBe(0);
    expect((await w.handler.get(w.ctx(mt), id)).status).toBe('erkend');

    w.clock.set('2031-03-02T06:00:00Z');
    const head = await w.store.headPosition();
    expect(await scheduler.tick()).toBe(1);
    const after = await w.store.headPosition();
    // A scheduler whose table stopped before the lapse sends it again: nothing new is stored.
    const stale = new DeadlineTable([opleiderDeadlines]);
    for await (const e of w.store.readAll({ maxCount: Number(head) })) stale.apply(e as never);
    await new DeadlineScheduler(stale, send as never, w.clock).tick();
    expect(await w.store.headPosition()).toBe(after);

    const view = await w.handler.get(w.ctx(qm), id);
    expect(view.status).toBe('verlopen');
    expect(view.allowed).toContain('Recognise');
    await caughtUp();
    expect(table.list('utrecht')).toEqual([]);

    await w.handler.execute(w.ctx(qm), id, { type: 'Recognise', until: '2036-03-01' });
    await caughtUp();
    expect((await w.handler.get(w.ctx(qm), id)).status).toBe('erkend');
    expect(table.list('utrecht').map((d) => [d.label, d.overdue])).toEqual([['Erkenning verloopt op 01-03-2036', false], ['Erkenning eindigt na 01-03-2036', false]]);
  });
});
