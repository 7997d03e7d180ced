import { afterEach, describe, expect, it } from 'vitest';
import { rebuild } from '@gearbox/kernel';
import { cmoQueue, leohSummary, opleiderIndex } from '../src/read-models.ts';
import { seedOpleiders } from '../src/seed.ts';
import { mt, world } from './world.ts';

const worlds: ReturnType<typeof world>[] = [];
afterEach(async () => {
  for (const w of worlds.splice(0)) await w.close();
});

describe('seed-demo for opleiders', () => {
  it('gives forty-two opleiders (two who joined in 2026), a year of LEOH, a CMO queue and a summary with real shape; a second run appends nothing', async () => {
    const w = world();
    worlds.push(w);
    // The demo's days have all happened by then (a day still to come is refused).
    w.clock.set('2026-11-01T09:00:00Z');
    const first = await seedOpleiders(w.handler, w.deps);
    expect(first.opleiders).toHaveLength(42);
    expect(first.evaluations).toBeGreaterThan(90);
    expect(first.signals).toBe(5);
    const head = await w.store.headPosition();

    const again = await seedOpleiders(w.handler, w.deps);
    expect(again.opleiders.map((o) => o.id)).toEqual(first.opleiders.map((o) => o.id));
    expect(await w.store.headPosition()).toBe(head);

    const index = opleiderIndex();
    await rebuild(w.store, [index]);
    const queue = cmoQueue(index, w.keys, 'utrecht');
    expect(queue.map((q) => q.cmo.status).sort()).toEqual(['monitoring', 'ondersteuningstraject', 'screening', 'screening']);
    const statuses = first.opleiders.map((o) => o.status);
    expect(new Set(statuses)).toEqual(new Set(['aangemeld', 'startvisitatie', 'erkend', 'beeindigd']));
    // The seed reports each opleider's status as the stream has it (the leerplekken seed links the erkende).
    for (const o of first.opleiders) expect((await w.handler.get(w.ctx(mt), o.id)).status, o.name).toBe(o.status);
    const afscheid = await w.handler.get(w.ctx(mt), first.opleiders[27]!.id);
    expect(afscheid).toMatchObject({ status: 'beeindigd', ended: { by: 'cmo' } });
    // Each evaluation carries the day it was filled in: in the period's last month or just after it.
    const first0 = await w.handler.get(w.ctx(mt), first.opleiders[0]!.id);
    expect(first0.leoh.map((e) => [e.period, e.date])).toEqual([['2025-H2', '2026-01-01'], ['2026-H1', '2026-07-01']]);
    expect(first0.startvisitatie.stages.map((st) => st.date)).toEqual(['2025-01-08', '2025-01-15']);

    const settings = (await w.settings.current('utrecht'))!.settings;
    const summary = leohSummary(index, w.keys, 'utrecht', settings, '2026-H1', 'full');
    expect(typeof summary.respondents).toBe('number');
    expect(summary.items.every((i) => 'mean' in i)).toBe(true);
    expect(summary.opleidersWithSignals).toHaveLength(5);
  });
});
