import { afterEach, describe, expect, it } from 'vitest';
import { sequentialIds } from '@gearbox/kernel';
import { StreamHandler } from '@gearbox/kernel';
import { openSqliteCheckpoints } from '@gearbox/kernel';
import { carryOverReactor } from '../src/carry-over.ts';
import { cycleDeadlines } from '@gearbox/cycles';
import { cycleDefinition, type Cycle } from '../src/definition.ts';
import { DeadlineScheduler, DeadlineTable } from '@gearbox/kernel';
import { ProjectionRunner, rebuild } from '@gearbox/kernel';
import { ReactorRunner } from '@gearbox/kernel';
import { StreamIndex } from '@gearbox/kernel';
import { as, harness } from '@gearbox/kernel/testing';

const qm = as('kwaliteitsmedewerker');
const mt = as('mt');
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const summary = (s: { id: string; snapshot: { context: unknown; value: unknown } }) => {
  const c = s.snapshot.context as Cycle;
  return { id: s.id, kind: c.kind, title: c.title, scope: c.scope };
};

function setup() {
  const h = harness(cycleDefinition);
  cleanups.push(() => h.close());
  return h;
}

/** Runs a cycle from start to closed with one open action. */
async function closedCycleWithOpenAction(h: ReturnType<typeof setup>, handler: StreamHandler<Cycle>, title: string) {
  const ctx = h.ctx(mt);
  const { view } = await handler.start(ctx, { kind: 'curriculum', title, period: { from: '2026-01-01', to: '2026-12-31' }, scope: 'jaar-1' });
  const run = (cmd: Record<string, unknown>) => handler.execute(ctx, view.id, cmd);
  await run({ type: 'SetGoal', goalId: 'g1', title: 'Doel' });
  await run({ type: 'PlanActivity', activityId: 'a1', title: 'Enquête', owner: 'A. de Vries', due: '2026-04-01' });
  await run({ type: 'ApprovePlan' });
  await run({ type: 'CompleteActivity', activityId: 'a1' });
  await run({ type: 'AddEvidence', evidenceId: 'e1', title: 'Resultaten', kind: 'survey' });
  await run({ type: 'StartCheck' });
  await run({ type: 'RecordFinding', findingId: 'f1', title: 'Deels', assessment: 'deels', evidenceIds: ['e1'] });
  await run({ type: 'HoldReview', reviewId: 'r1', body: 'curriculumcommissie', date: '2026-02-20' });
  await run({ type: 'CompleteCheck' });
  await run({ type: 'DecideAction', actionId: 'x1', findingId: 'f1', title: 'Herzien', owner: 'B. Jansen', due: '2027-02-01' });
  await run({ type: 'CommunicateOutcome', audience: ['aios'], channel: 'nieuwsbrief', summary: 'klaar' });
  await run({ type: 'CloseCycle' });
  return view.id;
}

async function eventually(test: () => Promise<boolean> | boolean, ms = 5000) {
  const until = Date.now() + ms;
  while (!(await test())) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('read models', () => {
  it('a rebuild from the store equals incremental catch-up', async () => {
    const h = setup();
    const live = new StreamIndex(cycleDefinition, summary);
    const liveDeadlines = new DeadlineTable([cycleDeadlines]);
    const runner = new ProjectionRunner(h.store, [live, liveDeadlines]);
    await runner.start();
    cleanups.push(() => runner.stop());
    await closedCycleWithOpenAction(h, h.handler, 'Curriculum 2026');
    const second = await h.handler.start(h.ctx(qm), { kind: 'organisatie', title: 'Jaarplan', period: { from: '2026-01-01', to: '2026-12-31' } });
    await h.handler.execute(h.ctx(qm), second.view.id, { type: 'PlanActivity', activityId: 'a', title: 't', owner: 'o', due: '2026-02-01' });
    await runner.waitFor(await h.store.headPosition());

    const rebuilt = new StreamIndex(cycleDefinition, summary);
    const rebuiltDeadlines = new DeadlineTable([cycleDeadlines]);
    await rebuild(h.store, [rebuilt, rebuiltDeadlines]);
    expect(JSON.stringify(rebuilt.dump())).toBe(JSON.stringify(live.dump()));
    expect(JSON.stringify(rebuiltDeadlines.dump())).toBe(JSON.stringify(liveDeadlines.dump()));
    expect(live.list('utrecht')).toHaveLength(2);
    expect(live.list('amc')).toHaveLength(0);
  });
});

describe('deadlines', () => {
  it('marks an activity overdue once, also after a restart with a second scheduler', async () => {
    const h = setup();
    const { view } = await h.handler.start(h.ctx(qm), { kind: 'curriculum', title: 'C', period: { from: '2026-01-01', to: '2026-12-31' } });
    await h.handler.execute(h.ctx(qm), view.id, { type: 'PlanActivity', activityId: 'a1', title: 'Enquête', owner: 'o', due: '2026-03-10' });
    const send = (d: { streamEntityId: string; command: Record<string, unknown> }, ctx: never, options: never) =>
      h.handler.execute(ctx, d.streamEntityId, d.command, options);

    const table = new DeadlineTable([cycleDeadlines]);
    await rebuild(h.store, [table]);
    const scheduler = new DeadlineScheduler(table, send as never, h.clock);
    expect(await scheduler.tick()).toBe(0);
    h.clock.set('2026-03-11T08:00:00Z');
    expect(await scheduler.tick()).toBe(1);
    const cycle = await h.handler.get(h.ctx(qm), view.id);
    expect(cycle.activities[0]!.overdue).toBe(true);

    // A second process that has not seen the overdue event yet fires the same deadline: nothing new.
    const stale = new DeadlineTable([cycleDeadlines]);
    for await (const e of h.store.readAll({ maxCount: 2 })) stale.apply(e as never);
    const second = new DeadlineScheduler(stale, send as never, h.clock);
    await second.tick();
    // After a restart the table knows the deadline fired.
    const restarted = new DeadlineTable([cycleDeadlines]);
    await rebuild(h.store, [restarted]);
    expect(restarted.list('utrecht')[0]!.overdue).toBe(true);
    expect(await new DeadlineScheduler(restarted, send as never, h.clock).tick()).toBe(0);
    const trail = await h.handler.events(h.ctx(qm), view.id);
    expect(trail.filter((e) => e.type === 'ActivityOverdue')).toHaveLength(1);
  });

  it('the organisatie management review is due every six months and goes overdue', async () => {
    const h = setup();
    const { view } = await h.handler.start(h.ctx(qm), { kind: 'organisatie', title: 'Jaarplan 2026', period: { from: '2026-01-01', to: '2026-12-31' } });
    const table = new DeadlineTable([cycleDeadlines]);
    await rebuild(h.store, [table]);
    expect(table.list('utrecht').map((d) => [d.what, d.due])).toEqual([['management-review', '2026-07-01']]);
    h.clock.set('2026-07-02T06:00:00Z');
    const scheduler = new DeadlineScheduler(table, ((d: any, ctx: any, o: any) => h.handler.execute(ctx, d.streamEntityId, d.command, o)) as never, h.clock);
    expect(await scheduler.tick()).toBe(1);
    const cycle = await h.handler.get(h.ctx(qm), view.id);
    expect(cycle.managementReview).toEqual({ nextDue: '2026-07-01', overdue: ['2026-07-01'] });
  });
});

describe('carry-over', () => {
  it('open actions of a closed cycle move to the next cycle of the same kind and scope, once', async () => {
    const h = setup();
    const index = new StreamIndex(cycleDefinition, summary);
    const runner = new ProjectionRunner(h.store, [index]);
    await runner.start();
    cleanups.push(() => runner.stop());
    const checkpoints = openSqliteCheckpoints(':memory:');
    cleanups.push(() => checkpoints.close());
    const handler = new StreamHandler(cycleDefinition, { store: h.store, keys: h.keys, clock: h.clock, ids: sequentialIds(3) });
    const reactors = new ReactorRunner(h.store, [carryOverReactor(handler, index)], checkpoints, undefined, (e) => runner.waitFor(e.position));
    reactors.start();
    cleanups.push(() => reactors.stop());

    const first = await closedCycleWithOpenAction(h, handler, 'Curriculum 2026');
    const next = await handler.start(h.ctx(qm), { kind: 'curriculum', title: 'Curriculum 2027', period: { from: '2027-01-01', to: '2027-12-31' }, scope: 'jaar-1' });
    const other = await handler.start(h.ctx(qm), { kind: 'curriculum', title: 'Andere scope', period: { from: '2027-01-01', to: '2027-12-31' }, scope: 'jaar-2' });
    await eventually(async () => (await handler.get(h.ctx(qm), next.view.id)).carriedOver.length > 0);
    const carried = await handler.get(h.ctx(qm), next.view.id);
    expect(carried.carriedOver).toMatchObject([{ fromCycleId: first, actionId: 'x1', owner: 'B. Jansen', status: 'open' }]);
    expect((await handler.get(h.ctx(qm), other.view.id)).carriedOver).toEqual([]);
    // The carried action can be completed in the new cycle.
    const done = await handler.execute(h.ctx(qm), next.view.id, { type: 'CompleteAction', actionId: 'x1', result: 'gedaan' });
    expect(done.view.carriedOver[0]!.status).toBe('completed');

    // A full replay from the start (checkpoint lost) carries nothing a second time.
    await reactors.stop();
    const replay = new ReactorRunner(h.store, [carryOverReactor(handler, index)], openSqliteCheckpoints(':memory:'));
    replay.start();
    await new Promise((r) => setTimeout(r, 300));
    await replay.stop();
    const trail = await handler.events(h.ctx(qm), next.view.id);
    expect(trail.filter((e) => e.type === 'ActionsCarriedOver')).toHaveLength(1);
  });
});

describe('management review deadlines follow the machine', () => {
  it('a curriculum cycle never gets one, and a review before the organisatie period does not move it', async () => {
    const h = setup();
    const table = new DeadlineTable([cycleDeadlines]);
    const cur = await h.handler.start(h.ctx(qm), { kind: 'curriculum', title: 'C', period: { from: '2026-01-01', to: '2026-12-31' } });
    const org = await h.handler.start(h.ctx(qm), { kind: 'organisatie', title: 'Jaarplan', period: { from: '2026-01-01', to: '2026-12-31' } });
    for (const [id, extra] of [[cur.view.id, []], [org.view.id, []]] as const) {
      for (const c of [{ type: 'SetGoal', goalId: 'g', title: 't' }, { type: 'PlanActivity', activityId: 'a', title: 't', owner: 'o', due: '2026-12-01' }, { type: 'ApprovePlan' }, ...extra]) {
        await h.handler.execute(h.ctx(mt), id, c);
      }
    }
    await h.handler.execute(h.ctx(mt), org.view.id, { type: 'HoldReview', reviewId: 'early', body: 'management-review', date: '2025-11-01' });
    await h.handler.execute(h.ctx(mt), cur.view.id, { type: 'CompleteActivity', activityId: 'a' });
    await h.handler.execute(h.ctx(mt), cur.view.id, { type: 'StartCheck' });
    await h.handler.execute(h.ctx(mt), cur.view.id, { type: 'HoldReview', reviewId: 'mr', body: 'management-review', date: '2026-03-01' });
    await rebuild(h.store, [table]);
    const reviews = table.list('utrecht').filter((d) => d.what === 'management-review');
    expect(reviews.map((d) => [d.streamEntityId, d.due])).toEqual([[org.view.id, '2026-07-01']]);
    const cycle = await h.handler.get(h.ctx(qm), org.view.id);
    expect(cycle.managementReview!.nextDue).toBe('2026-07-01');
  });
});
