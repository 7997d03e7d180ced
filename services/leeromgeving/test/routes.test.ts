import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { rebuild, StreamHandler } from '@gearbox/kernel';
import { cycleDefinition } from '@gearbox/cycles';
import { existingStreams, memoryDeps } from '@gearbox/kernel/testing';
import { cycleInDo } from '@gearbox/cycles/testing';
import { leerplekDefinition } from '../src/definition.ts';
import { leerplekIndex } from '../src/read-models.ts';
import { leerplekkenRoutes, leerplekList } from '../src/routes.ts';
import { seedLeerplekken } from '../src/seed.ts';
import { call, testApp } from '@gearbox/http/testing';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function setup() {
  // After the demo year and the figures' period: a day still to come is refused.
  const deps = memoryDeps('2027-01-05T09:00:00.000Z');
  cleanups.push(deps.close);
  const { store } = deps;
  const handler = new StreamHandler(leerplekDefinition, deps);
  const cycles = new StreamHandler(cycleDefinition, deps);
  const opleiders = Array.from({ length: 24 }, (_, i) => ({ id: `op-${i}`, practice: `Huisartsenpraktijk P${i}, Utrecht` }));
  await existingStreams(store, 'utrecht', 'opleider', ...opleiders.map((o) => o.id));
  await existingStreams(store, 'utrecht', 'docent', 'd-1', 'd-2');
  await seedLeerplekken(handler, { opleiders, docentIds: ['d-1', 'd-2'] });
  const index = leerplekIndex();
  await rebuild(store, [index]);
  const app = testApp({ routes: leerplekkenRoutes({ index, cycles }) });
  // Utrecht 2021-2023: "+20% aios die het opleidingsklimaat veilig vinden, t.o.v. NIVEL 2018".
  const cycleId = await cycleInDo(
    cycles,
    { kind: 'leeromgeving', title: 'Leeromgeving 2026', period: { from: '2026-01-01', to: '2026-12-31' } },
    { kpiId: 'veilig', name: 'aios die het opleidingsklimaat veilig vinden', unit: '%', baseline: { value: 60, source: 'NIVEL', year: 2018 }, target: { value: 72, by: '2026-12-31' } },
  );
  return { store, index, app, http: call(app), cycleId };
}

describe('leerplekken routes', () => {
  it('climate figures go to the leeromgeving cycle as survey evidence and a KPI measurement', async () => {
    const { http, cycleId, store } = await setup();
    const now = await http('GET', '/api/v1/leerplekken/klimaat/summary?from=2026-01-01&to=2026-12-31', 'auditor');
    const baseline = await http('GET', '/api/v1/leerplekken/klimaat/summary?from=2018-01-01&to=2018-12-31&source=NIVEL', 'auditor');
    expect(now.body.shareSafe).toBeGreaterThan(baseline.body.shareSafe);
    const sent = await http('POST', '/api/v1/leerplekken/klimaat/evidence', 'kwaliteitsmedewerker', { cycleId, from: '2026-01-01', to: '2026-12-31', kpiId: 'veilig', criteria: ['LO-2'] });
    expect(sent.status).toBe(200);
    expect(sent.body.cycle.evidence).toMatchObject([{ kind: 'survey', effectiveAt: '2026-12-31', criteria: ['LO-2'] }]);
    expect(sent.body.cycle.kpis[0].measurements).toMatchObject([{ value: now.body.shareSafe, measuredAt: '2026-12-31' }]);
    const key = { 'Idempotency-Key': 'bezoeken-2026' };
    const visits = await http('POST', '/api/v1/leerplekken/bezoeken/evidence', 'mt', { cycleId, from: '2026-01-01', to: '2026-12-31' }, key);
    expect(visits.body.evidence).toMatchObject({ kind: 'visit-report', content: { suspended: 1 } });
    // A retry with the key answers the same; the key with another body is refused; without the key the same source adds nothing.
    const head = await store.headPosition();
    expect((await http('POST', '/api/v1/leerplekken/bezoeken/evidence', 'mt', { cycleId, from: '2026-01-01', to: '2026-12-31' }, key)).body.cycle.newEvents).toEqual(visits.body.cycle.newEvents);
    expect((await http('POST', '/api/v1/leerplekken/bezoeken/evidence', 'mt', { cycleId, from: '2026-01-01', to: '2026-06-30' }, key)).body).toMatchObject({ status: 422, type: expect.stringMatching(/idempotency-key-reused/) });
    expect((await http('POST', '/api/v1/leerplekken/bezoeken/evidence', 'mt', { cycleId, from: '2026-01-01', to: '2026-12-31' })).body.cycle.evidence).toHaveLength(2);
    expect(await store.headPosition()).toBe(head);
  });

  it('a KPI cannot take a figure of fewer than five respondents; nothing is stored', async () => {
    const { http, cycleId, store } = await setup();
    const head = await store.headPosition();
    const r = await http('POST', '/api/v1/leerplekken/klimaat/evidence', 'mt', { cycleId, from: '2019-01-01', to: '2019-12-31', kpiId: 'veilig' });
    expect(r.body).toMatchObject({ status: 422, detail: expect.stringMatching(/te weinig respons/) });
    expect(await store.headPosition()).toBe(head);
    expect((await http('GET', '/api/v1/leerplekken/klimaat/summary?from=2019-01-01&to=2019-12-31', 'mt')).body).toMatchObject({ shareSafe: 'te weinig respons' });
  });

  it('lists leerplekken by kind and status', async () => {
    const { index } = await setup();
    const list = leerplekList({ index, cycles: undefined as never });
    expect(list('utrecht', ['mt'], { kind: 'stageplaats' })).toHaveLength(6);
    expect(list('utrecht', ['mt'], { status: 'geschorst' })).toHaveLength(1);
    expect(() => list('utrecht', ['mt'], { kind: 'kantoor' })).toThrow(/not valid/);
  });

  it('fuzzed bodies never answer a 5xx', async () => {
    const { http, cycleId } = await setup();
    const body = fc.oneof(
      fc.jsonValue().map((v) => JSON.stringify(v)),
      fc.string(),
      fc.record({ cycleId: fc.constantFrom(cycleId, 'x'), from: fc.constantFrom('2026-01-01', 'x'), to: fc.constantFrom('2026-12-31', '2025-01-01'), kpiId: fc.constantFrom('veilig', 'nope'), source: fc.string(), evidenceId: fc.string() }, { requiredKeys: [] }).map((v) => JSON.stringify(v)),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('/api/v1/leerplekken/klimaat/evidence', '/api/v1/leerplekken/bezoeken/evidence'), body, fc.constantFrom('mt', 'auditor'), async (path, b, roles) => {
        expect((await http('POST', path, roles, b)).status).toBeLessThan(500);
      }),
      { numRuns: 200 },
    );
  });
});
