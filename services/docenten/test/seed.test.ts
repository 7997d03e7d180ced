import { afterEach, describe, expect, it } from 'vitest';
import { rebuild } from '@gearbox/kernel';
import { memoryDeps } from '@gearbox/kernel/testing';
import { StreamHandler } from '@gearbox/kernel';
import { docentDefinition } from '../src/definition.ts';
import { docentenAggregate, docentIndex } from '../src/read-models.ts';
import { seedDocenten } from '../src/seed.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

describe('seed-demo for docenten', () => {
  it('gives a dozen docenten with a year of work; a second run appends nothing', async () => {
    // The last day of the demo's year: its days have happened, its docenten registered within it.
    const deps = memoryDeps('2026-07-31T09:00:00.000Z');
    cleanups.push(deps.close);
    const { store } = deps;
    const handler = new StreamHandler(docentDefinition, deps);
    const first = await seedDocenten(handler);
    const head = await store.headPosition();
    expect((await seedDocenten(handler)).docentIds).toEqual(first.docentIds);
    expect(await store.headPosition()).toBe(head);
    const index = docentIndex();
    await rebuild(store, [index]);
    const year = docentenAggregate(index, 'utrecht', '2025-08-01', '2026-07-31');
    expect(year.docenten).toBe(12);
    expect(year.feedback.sessions).toBe(48);
    expect(typeof year.feedback.overall).toBe('number');
    expect(year.jaargesprekken).toMatchObject({ held: 11 });
    expect(year.rounds360).toEqual({ started: 12, closed: 12 });
  });
});
