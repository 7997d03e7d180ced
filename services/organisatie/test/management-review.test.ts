/**
 * The organisatie's management review, twice a year (BRIEF.md), end to end on the kernel's durable
 * deadlines: a store on disk, the DeadlineTable following it, the DeadlineScheduler with a manual
 * clock, and a restart that reopens the same files.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteEventStore } from '@gearbox/eventstore';
import { DeadlineScheduler, DeadlineTable, manualClock, openSqliteKeyStore, ProjectionRunner, sequentialIds, StreamHandler, StreamIndex, type SendInternal } from '@gearbox/kernel';
import { cycleDeadlines, cycleDefinition, phaseOf, type CycleContext } from '@gearbox/cycles';
import { as } from '@gearbox/kernel/testing';
import { buildJaarverslag } from '../src/jaarverslag.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const dir = () => {
  const d = mkdtempSync(join(tmpdir(), 'gearbox-mr-'));
  cleanups.push(() => rmSync(d, { recursive: true, force: true }));
  return d;
};

/** One "process": store and keys opened from `folder`, the deadline table and a cycle index following the store. */
async function boot(folder: string, clock: ReturnType<typeof manualClock>, idOffset = 0) {
  const store = openSqliteEventStore({ path: join(folder, 'events.sqlite3') });
  const keys = openSqliteKeyStore(join(folder, 'keys.sqlite3'));
  const handler = new StreamHandler(cycleDefinition, { store, keys, clock, ids: sequentialIds(idOffset) });
  const table = new DeadlineTable([cycleDeadlines]);
  const index = new StreamIndex(cycleDefinition, (s) => s.id);
  const runner = new ProjectionRunner(store, [table, index]);
  await runner.start();
  const send: SendInternal = async (d, ctx, o) => {
    const result = await handler.execute(ctx, d.streamEntityId, d.command, o);
    await runner.waitFor(result.position);
  };
  const scheduler = new DeadlineScheduler(table, send, clock);
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await scheduler.stop();
    await runner.stop();
    await store.close();
    keys.close();
  };
  cleanups.push(stop);
  const ctx = { institute: 'utrecht', actor: as('kwaliteitsmedewerker', 'mt'), correlationId: 'test' };
  const run = async (id: string, command: Record<string, unknown>) => {
    const result = await handler.execute(ctx, id, command);
    await runner.waitFor(result.position);
    return result.view;
  };
  const reviews = () => table.list('utrecht').filter((d) => d.what === 'management-review');
  const cycles = () => index.entries('utrecht').map((s) => ({ id: s.id, phase: phaseOf(s.snapshot.value), context: s.snapshot.context as CycleContext }));
  return { store, handler, table, runner, scheduler, send, ctx, run, reviews, cycles, stop };
}

async function startJaarplan(p: Awaited<ReturnType<typeof boot>>) {
  const { view, position } = await p.handler.start(p.ctx, { kind: 'organisatie', title: 'Jaarplan 2026', period: { from: '2026-01-01', to: '2026-12-31' } });
  await p.runner.waitFor(position);
  return view.id;
}

const overdueEvents = async (p: Awaited<ReturnType<typeof boot>>, id: string) =>
  (await p.handler.events(p.ctx, id)).filter((e) => e.type === 'ManagementReviewOverdue');

describe('management review every six months', () => {
  it('goes overdue the day after it was due, once, also after a restart', async () => {
    const folder = dir();
    const clock = manualClock('2026-01-05T09:00:00Z');
    const first = await boot(folder, clock);
    const id = await startJaarplan(first);
    expect(first.reviews()).toMatchObject([{ what: 'management-review', label: 'Managementreview: Jaarplan 2026', due: '2026-07-01', overdue: false, streamEntityId: id }]);

    // Due on 1 July: not overdue on that day, overdue from the next.
    clock.set('2026-07-01T21:00:00Z');
    expect(await first.scheduler.tick()).toBe(0);
    clock.set('2026-07-02T06:00:00Z');
    expect(await first.scheduler.tick()).toBe(1);
    expect(await first.scheduler.tick()).toBe(0);
    expect(first.reviews()).toMatchObject([{ due: '2026-07-01', overdue: true }]);
    expect((await first.handler.get(first.ctx, id)).managementReview).toEqual({ nextDue: '2026-07-01', overdue: ['2026-07-01'] });
    const head = await first.store.headPosition();
    await first.stop();

    // Restart: the same files, a new table rebuilt from the store, a new scheduler.
    clock.set('2026-07-03T06:00:00Z');
    const second = await boot(folder, clock, 100);
    expect(second.reviews()).toMatchObject([{ due: '2026-07-01', overdue: true }]);
    expect(await second.scheduler.tick()).toBe(0);
    expect(await second.store.headPosition()).toBe(head);
    expect(await overdueEvents(second, id)).toHaveLength(1);

    // A process whose table has not seen the overdue event yet fires the deadline again: refused, nothing appended.
    const lagging = new DeadlineTable([cycleDeadlines]);
    for await (const e of second.store.readAll({ maxCount: 1 })) lagging.apply(e as never);
    expect(lagging.due('2026-07-03')).toHaveLength(1);
    expect(await new DeadlineScheduler(lagging, second.send, clock).tick()).toBe(0);
    expect(await second.store.headPosition()).toBe(head);
  });

  it('holding the review sets the next one six months on; missing that one shows as a second overdue review', async () => {
    const clock = manualClock('2026-01-05T09:00:00Z');
    const p = await boot(dir(), clock);
    const id = await startJaarplan(p);
    await p.run(id, { type: 'SetGoal', goalId: 'pdca', title: 'Kwaliteitszorg volgens PDCA' });
    await p.run(id, { type: 'PlanActivity', activityId: 'weekstart', title: 'Weekstart met signalen', owner: 'MT', due: '2026-12-15' });
    await p.run(id, { type: 'ApprovePlan' });
    clock.set('2026-07-02T06:00:00Z');
    expect(await p.scheduler.tick()).toBe(1);

    clock.set('2026-07-10T10:00:00Z');
    const held = await p.run(id, { type: 'HoldReview', reviewId: 'mr-2026-1', body: 'management-review', date: '2026-07-10' });
    expect(held.managementReview).toEqual({ nextDue: '2027-01-10', overdue: ['2026-07-01'] });
    expect(p.reviews()).toMatchObject([{ due: '2027-01-10', overdue: false }]);
    // Another body's review is no management review.
    clock.set('2026-07-20T10:00:00Z');
    await p.run(id, { type: 'HoldReview', reviewId: 'mt-2026-07', body: 'mt', date: '2026-07-20' });
    expect(p.reviews()).toMatchObject([{ due: '2027-01-10' }]);

    clock.set('2027-01-11T06:00:00Z');
    expect(await p.scheduler.tick()).toBe(2); // the review and the weekstart activity
    expect((await p.handler.get(p.ctx, id)).managementReview).toEqual({ nextDue: '2027-01-10', overdue: ['2026-07-01', '2027-01-10'] });
    expect(await overdueEvents(p, id)).toHaveLength(2);

    // The year report shows what the events say: one review held, one missed in 2026, one in 2027.
    const report2026 = buildJaarverslag('utrecht', 2026, p.cycles());
    expect(report2026.managementReviews).toEqual({
      held: [{ date: '2026-07-10', cycle: 'Jaarplan 2026' }],
      overdue: [{ due: '2026-07-01', cycle: 'Jaarplan 2026' }],
      planned: [],
    });
    expect(buildJaarverslag('utrecht', 2027, p.cycles()).managementReviews.overdue).toEqual([{ due: '2027-01-10', cycle: 'Jaarplan 2026' }]);
  });

  it('a cancelled year plan has no review deadline left to fire', async () => {
    const clock = manualClock('2026-01-05T09:00:00Z');
    const p = await boot(dir(), clock);
    const id = await startJaarplan(p);
    await p.handler.execute({ ...p.ctx, actor: as('mt') }, id, { type: 'CancelCycle', reason: 'Vervangen door meerjarenplan' }).then((r) => p.runner.waitFor(r.position));
    expect(p.reviews()).toEqual([]);
    const head = await p.store.headPosition();
    clock.set('2026-08-01T06:00:00Z');
    expect(await p.scheduler.tick()).toBe(0);
    expect(await p.store.headPosition()).toBe(head);
  });
});
