import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { signToken } from '@gearbox/http';
import { createGearbox, type Gearbox } from '../src/app.ts';
import { DEMO_INSTITUTE, seedDemo } from '../src/seed-demo.ts';
import { SECRET } from './world.ts';

const open = (options: { dataDir?: string } = {}) =>
  createGearbox({ ...(options.dataDir ? { dataDir: options.dataDir } : { storeUrl: 'sqlite::memory:' }), auth: { secret: SECRET }, logger: pino({ level: 'silent' }), schedulerIntervalMs: 0 });

async function get(gearbox: Gearbox, path: string, roles = ['auditor']) {
  const token = await signToken({ institute: DEMO_INSTITUTE, roles: roles as never, sub: 'demo-auditor', name: 'Auditor' }, SECRET);
  const res = await gearbox.app.request(path, { headers: { Authorization: `Bearer ${token}` } });
  expect(res.status, path).toBe(200);
  return (await res.json()) as any;
}

describe('the demo institute', () => {
  it('holds a curriculum cycle in check with the plan\'s KPIs, and a year plan with two management reviews', async () => {
    const gearbox = open();
    await gearbox.start();
    const seeded = await seedDemo(gearbox);
    const curriculum = await get(gearbox, `/api/v1/cycles/${seeded.curriculumCycleId}`);
    expect(curriculum).toMatchObject({ kind: 'curriculum', phase: 'check' });
    const kpi = (name: string) => curriculum.kpis.find((k: { name: string }) => k.name === name);
    const veilig = kpi('aios die het opleidingsklimaat veilig vinden');
    expect(veilig.baseline).toMatchObject({ source: 'NIVEL-enquête', year: 2018 });
    // The plan's targets as the plan words them: +20% and +15% against NIVEL 2018.
    expect(veilig).toMatchObject({ goalId: 'veilig-klimaat', target: { changePercent: 20 }, targetValue: 84, latest: { value: 79 }, progress: 'niet-op-koers' });
    const tevredenheid = kpi('tevredenheid derdejaars over het onderwijs');
    expect(tevredenheid).toMatchObject({ goalId: 'tevredenheid-onderwijs', target: { changePercent: 15 }, targetValue: 7.82 });
    // The year report puts each KPI under its goal, also the second one.
    const report = await get(gearbox, '/api/v1/organisatie/jaarverslag?year=2026');
    const kpisOf = (goalId: string) =>
      Object.values(report.doelen.find((d: { goal: { goalId: string } | null }) => d.goal?.goalId === goalId).resultaten).flat().map((k: any) => k.kpiId);
    expect(kpisOf('veilig-klimaat')).toEqual(['veilig-klimaat']);
    expect(kpisOf('tevredenheid-onderwijs')).toEqual(['tevredenheid-derdejaars']);
    expect(curriculum.activities.length).toBeGreaterThan(0);
    expect(curriculum.evidence.flatMap((e: { criteria?: string[] }) => e.criteria ?? [])).toContain('CUR-1');

    const organisatie = await get(gearbox, `/api/v1/cycles/${seeded.organisatieCycleId}`);
    expect(organisatie.kind).toBe('organisatie');
    expect(organisatie.reviews.filter((r: { body: string }) => r.body === 'management-review')).toHaveLength(2);
    const listed = await get(gearbox, '/api/v1/cycles');
    expect(listed.items.map((c: { id: string }) => c.id)).toEqual(expect.arrayContaining([seeded.curriculumCycleId, seeded.organisatieCycleId]));
    await gearbox.stop();
  });

  it('seeding twice appends nothing, also after a restart on the same data folder', { timeout: 120_000 }, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'gearbox-seed-'));
    try {
      const first = open({ dataDir });
      await first.start();
      const seeded = await seedDemo(first);
      const head = await first.store.headPosition();
      expect(head).toBeGreaterThan(0n);
      expect(await seedDemo(first)).toEqual(seeded);
      expect(await first.store.headPosition()).toBe(head);
      await first.stop();

      const again = open({ dataDir });
      await again.start();
      expect((await get(again, `/api/v1/cycles/${seeded.curriculumCycleId}`)).phase).toBe('check');
      expect(await seedDemo(again)).toEqual(seeded);
      expect(await again.store.headPosition()).toBe(head);
      await again.stop();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
