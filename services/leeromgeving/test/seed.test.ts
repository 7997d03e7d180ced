import { afterEach, describe, expect, it } from 'vitest';
import { rebuild } from '@gearbox/kernel';
import { existingStreams, memoryDeps } from '@gearbox/kernel/testing';
import { StreamHandler } from '@gearbox/kernel';
import { leerplekDefinition } from '../src/definition.ts';
import { bezoekFigures, klimaatFigures, leerplekIndex } from '../src/read-models.ts';
import { seedLeerplekken } from '../src/seed.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

describe('seed-demo for leerplekken', () => {
  it('gives practices and stage sites with climate figures against the NIVEL baseline; a second run appends nothing', async () => {
    // After the demo year: a day still to come is refused.
    const deps = memoryDeps('2026-11-01T09:00:00.000Z');
    cleanups.push(deps.close);
    const { store } = deps;
    const handler = new StreamHandler(leerplekDefinition, deps);
    const opleiders = Array.from({ length: 30 }, (_, i) => ({ id: `op-${i}`, practice: `Huisartsenpraktijk P${i}, Utrecht` }));
    const input = { opleiders, docentIds: ['d-1', 'd-2', 'd-3'] };
    await existingStreams(store, 'utrecht', 'opleider', ...opleiders.map((o) => o.id));
    await existingStreams(store, 'utrecht', 'docent', ...input.docentIds);
    const first = await seedLeerplekken(handler, input);
    expect(first.leerplekIds).toHaveLength(30);
    const head = await store.headPosition();
    expect((await seedLeerplekken(handler, input)).leerplekIds).toEqual(first.leerplekIds);
    expect(await store.headPosition()).toBe(head);
    const index = leerplekIndex();
    await rebuild(store, [index]);
    const now = klimaatFigures(index, 'utrecht', '2026-01-01', '2026-12-31');
    const baseline = klimaatFigures(index, 'utrecht', '2018-01-01', '2018-12-31', 'NIVEL');
    expect(typeof now.shareSafe).toBe('number');
    expect(typeof baseline.shareSafe).toBe('number');
    expect(now.shareSafe as number).toBeGreaterThan(baseline.shareSafe as number);
    expect(bezoekFigures(index, 'utrecht', '2026-01-01', '2026-12-31')).toMatchObject({ suspended: 1, vgb: { held: 12 } });
  });
});
