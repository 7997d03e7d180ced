import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { rebuild, StreamHandler } from '@gearbox/kernel';
import { cycleDefinition } from '@gearbox/cycles';
import { memoryDeps } from '@gearbox/kernel/testing';
import { cycleInDo } from '@gearbox/cycles/testing';
import { docentDefinition } from '../src/definition.ts';
import { docentIndex } from '../src/read-models.ts';
import { docentenRoutes, docentList } from '../src/routes.ts';
import { seedDocenten } from '../src/seed.ts';
import { call, testApp } from '@gearbox/http/testing';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function setup() {
  // The last day of the demo's year: its days have happened, its docenten registered within it.
  const deps = memoryDeps('2026-07-31T09:00:00.000Z');
  cleanups.push(deps.close);
  const { store, keys } = deps;
  const handler = new StreamHandler(docentDefinition, deps);
  const cycles = new StreamHandler(cycleDefinition, deps);
  await seedDocenten(handler);
  const index = docentIndex();
  await rebuild(store, [index]);
  const app = testApp({ routes: docentenRoutes({ index, keys, cycles }) });
  const cycleId = await cycleInDo(
    cycles,
    { kind: 'docenten', title: 'Docenten 2025-2026', period: { from: '2025-08-01', to: '2026-07-31' } },
    { kpiId: 'tevredenheid', name: 'tevredenheid aios over onderwijs', unit: '0-100', baseline: { value: 70, source: 'NIVEL', year: 2018 }, target: { value: 80, by: '2027-07-31' } },
  );
  return { store, index, keys, app, http: call(app), cycleId };
}

describe('docenten routes', () => {
  it('shows the aggregate and sends it to the docenten cycle with the satisfaction KPI', async () => {
    const { http, cycleId, store } = await setup();
    const summary = await http('GET', '/api/v1/docenten/aggregate/summary?from=2025-08-01&to=2026-07-31', 'auditor');
    expect(summary.status).toBe(200);
    expect(summary.body).toMatchObject({ docenten: 12, feedback: { sessions: 48 }, jaargesprekken: { held: 11 } });
    expect((await http('GET', '/api/v1/docenten/aggregate/summary?from=2026-08-01&to=2025-07-31', 'mt')).status).toBe(400);
    expect((await http('GET', '/api/v1/docenten/aggregate/summary?from=2025-08-01&to=2026-07-31', 'integratie')).status).toBe(403);
    const sent = await http('POST', '/api/v1/docenten/aggregate/evidence', 'kwaliteitsmedewerker', { cycleId, from: '2025-08-01', to: '2026-07-31', kpiId: 'tevredenheid' });
    expect(sent.status).toBe(200);
    expect(sent.body.cycle.evidence).toMatchObject([{ evidenceId: 'docenten-2025-08-01-2026-07-31', kind: 'dataset', effectiveAt: '2026-07-31' }]);
    expect(sent.body.cycle.kpis[0].measurements).toMatchObject([{ value: summary.body.feedback.overall, source: 'gearbox: docenten (tevredenheid)' }]);
    const head = await store.headPosition();
    // The same figures again add nothing: the answer names the events that added them.
    const again = await http('POST', '/api/v1/docenten/aggregate/evidence', 'mt', { cycleId, from: '2025-08-01', to: '2026-07-31', kpiId: 'tevredenheid' });
    expect(again.status).toBe(200);
    expect(again.body.cycle.newEvents).toEqual(sent.body.cycle.newEvents);
    expect(again.body.cycle.kpis[0].measurements).toHaveLength(1);
    const missing = await http('POST', '/api/v1/docenten/aggregate/evidence', 'mt', { cycleId, from: '2030-01-01', to: '2030-12-31', kpiId: 'tevredenheid', evidenceId: 'leeg' });
    expect(missing.body).toMatchObject({ status: 422, detail: expect.stringMatching(/KPI tevredenheid kan niet gemeten worden: er is geen cijfer voor tevredenheid/) });
    expect((await http('POST', '/api/v1/docenten/aggregate/evidence', 'auditor', { cycleId, from: '2025-08-01', to: '2026-07-31' })).status).toBe(403);
    expect(await store.headPosition()).toBe(head);
  });

  it('lists docenten by role and status, with names only for staff', async () => {
    const { index, keys } = await setup();
    const list = docentList({ index, keys, cycles: undefined as never });
    expect(list('utrecht', ['kwaliteitsmedewerker'], { role: 'gedragswetenschapper' }).map((d) => (d as { name?: string }).name)).toEqual(['S. de Jong', 'W. Bosman', 'B. Wolters']);
    expect(list('utrecht', ['auditor'], {})[0]).not.toHaveProperty('name');
    expect(() => list('utrecht', ['mt'], { role: 'tovenaar' })).toThrow(/not valid/);
  });

  it('fuzzed bodies never answer a 5xx', async () => {
    const { http, cycleId } = await setup();
    const body = fc.oneof(
      fc.jsonValue().map((v) => JSON.stringify(v)),
      fc.string(),
      fc.record({ cycleId: fc.constantFrom(cycleId, 'x'), from: fc.string(), to: fc.string(), kpiId: fc.string(), measure: fc.string(), criteria: fc.jsonValue() }, { requiredKeys: [] }).map((v) => JSON.stringify(v)),
    );
    await fc.assert(
      fc.asyncProperty(body, fc.constantFrom('mt', 'kwaliteitsmedewerker', 'auditor'), async (b, roles) => {
        expect((await http('POST', '/api/v1/docenten/aggregate/evidence', roles, b)).status).toBeLessThan(500);
      }),
      { numRuns: 200 },
    );
  });
});
