/**
 * A crowd of exports costs time, not memory: the process renders at most `renders` dossiers at once
 * and the others wait their turn (a PDF render holds tens of MiB; docs/reliability.md).
 */
import { afterEach, expect, test } from 'vitest';
import { openSqliteEventStore, type EventStore } from '@gearbox/eventstore';
import { manualClock, openSqliteKeyStore, sequentialIds, StreamHandler, type KernelDeps } from '@gearbox/kernel';
import { cycleDefinition } from '@gearbox/cycles';
import { call, testApp } from '@gearbox/http/testing';
import { gearModule } from '../src/index.ts';
import { curriculumCycle, NOW } from './setup.ts';

const opened: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of opened.splice(0)) await close();
});

/** The store, counting how many full reads of the institute run at the same time. */
function counting(store: EventStore) {
  const seen = { now: 0, peak: 0 };
  const readAll: EventStore['readAll'] = (...args) => {
    const inner = store.readAll(...args);
    return (async function* () {
      seen.now += 1;
      seen.peak = Math.max(seen.peak, seen.now);
      try {
        // A render reads, then works; a little wait lets every request that can start, start.
        await new Promise((resolve) => setTimeout(resolve, 20));
        yield* inner;
      } finally {
        seen.now -= 1;
      }
    })();
  };
  const get = (target: EventStore, key: string | symbol) => {
    if (key === 'readAll') return readAll;
    const value = Reflect.get(target, key);
    return typeof value === 'function' ? value.bind(target) : value;
  };
  return { store: new Proxy(store, { get }), seen };
}

async function server(renders?: number) {
  const raw = openSqliteEventStore({ path: ':memory:' });
  const keys = openSqliteKeyStore(':memory:');
  opened.push(async () => {
    await raw.close();
    keys.close();
  });
  const { store, seen } = counting(raw);
  const kernel: KernelDeps = { store, keys, clock: manualClock(NOW), ids: sequentialIds() };
  const gear = gearModule(kernel, renders === undefined ? {} : { renders });
  const app = testApp({ routes: gear.routes, streams: [{ basePath: '/cycles', handler: new StreamHandler(cycleDefinition, kernel), list: () => [] }] });
  const s = { http: call(app), clock: kernel.clock as ReturnType<typeof manualClock> };
  await curriculumCycle(s as never);
  seen.peak = 0;
  return { ...s, seen };
}

test('eight exports at once are all answered, rendered one at a time by default', async () => {
  const s = await server();
  const answers = await Promise.all(Array.from({ length: 8 }, () => s.http('GET', '/api/v1/gear/export?format=json', 'auditor')));
  expect(answers.map((a) => a.status)).toEqual(Array(8).fill(200));
  expect(s.seen.peak).toBe(1);
});

test('the number of renders at once is a setting; without the limit the same crowd reads all at once', async () => {
  const two = await server(2);
  await Promise.all(Array.from({ length: 4 }, () => two.http('GET', '/api/v1/gear/export?format=json', 'auditor')));
  expect(two.seen.peak).toBe(2);
  const unlimited = await server(100);
  await Promise.all(Array.from({ length: 4 }, () => unlimited.http('GET', '/api/v1/gear/export?format=json', 'auditor')));
  expect(unlimited.seen.peak).toBe(4);
});
