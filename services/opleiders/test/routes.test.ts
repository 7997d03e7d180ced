import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { rebuild, StreamHandler } from '@gearbox/kernel';
import { cycleDefinition } from '@gearbox/cycles';
import { opleiderIndex } from '../src/read-models.ts';
import { opleidersRoutes } from '../src/routes.ts';
import { leohSignalReactor } from '../src/leoh-signal.ts';
import { call, testApp } from '@gearbox/http/testing';
import { qm, SETTINGS, world } from './world.ts';

const worlds: ReturnType<typeof world>[] = [];
afterEach(async () => {
  for (const w of worlds.splice(0)) await w.close();
});

function setup() {
  const w = world();
  worlds.push(w);
  const index = opleiderIndex();
  const cycles = new StreamHandler(cycleDefinition, w.deps);
  const app = testApp({ routes: opleidersRoutes({ handler: w.handler, settings: w.settings, index, keys: w.keys, cycles, clock: w.clock }) });
  const refresh = () => rebuild(w.store, [index]);
  return { w, index, cycles, app, http: call(app), refresh };
}

describe('PUT /api/v1/settings/leoh', () => {
  it('is for admin; If-Match guards it; GET shows the setting in force', async () => {
    const { http } = setup();
    expect((await http('GET', '/api/v1/settings/leoh', 'admin')).status).toBe(404);
    expect((await http('PUT', '/api/v1/settings/leoh', 'mt', SETTINGS)).status).toBe(403);
    const put = await http('PUT', '/api/v1/settings/leoh', 'admin', SETTINGS);
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ ...SETTINGS, revision: 0 });
    expect(put.headers.get('etag')).toBe('"0"');
    expect((await http('PUT', '/api/v1/settings/leoh', 'admin', { ...SETTINGS, threshold: 2 }, { 'If-Match': '"5"' })).body).toMatchObject({ status: 409, currentRevision: 0 });
    expect((await http('PUT', '/api/v1/settings/leoh', 'admin', { ...SETTINGS, threshold: 2 }, { 'If-Match': '"0"' })).status).toBe(200);
    const got = await http('GET', '/api/v1/settings/leoh', 'integratie');
    expect(got.body).toMatchObject({ threshold: 2, revision: 1 });
    const bad = await http('PUT', '/api/v1/settings/leoh', 'admin', { ...SETTINGS, threshold: 7 });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([{ path: 'threshold', message: 'moet op de schaal 1..5 liggen' }]);
    expect((await http('PUT', '/api/v1/settings/leoh', 'admin', '{not json')).status).toBe(400);
  });
});

describe('CMO queue and LEOH summary over HTTP', () => {
  it('the queue is for cmo and mt; the summary hides small groups and names by role', async () => {
    const { w, http, refresh } = setup();
    await http('PUT', '/api/v1/settings/leoh', 'admin', SETTINGS);
    const a = await w.recognised('Dr. Laag');
    for (let i = 0; i < 5; i++) await w.leoh(a, `e${i}`, { veiligheid: i === 0 ? 1 : 4 }, `aios-${i}`);
    const reactor = leohSignalReactor(w.handler, w.settings);
    for await (const e of w.store.readAll({ filter: { eventTypes: ['LeohRecorded', 'LeohSettingsSet'] } })) await reactor.react(e as never);
    await refresh();

    expect((await http('GET', '/api/v1/cmo/queue', 'kwaliteitsmedewerker')).status).toBe(403);
    const queue = await http('GET', '/api/v1/cmo/queue', 'cmo');
    expect(queue.body.items).toMatchObject([{ opleiderId: a, name: 'Dr. Laag', cmo: { status: 'screening', signals: ['e0'] } }]);
    expect((await http('GET', '/api/v1/cmo/queue', 'mt', undefined, { 'x-institute': 'amc' })).body.items).toEqual([]);

    const summary = await http('GET', '/api/v1/opleiders/leoh/summary?period=2026', 'kwaliteitsmedewerker');
    expect(summary.status).toBe(200);
    expect(summary.body.items.find((i: { item: string }) => i.item === 'veiligheid')).toMatchObject({ n: 5, mean: 3.4 });
    expect(summary.body.items.find((i: { item: string }) => i.item === 'feedback')).toEqual({ item: 'feedback', title: expect.any(String), result: 'te weinig respons' });
    expect(summary.body.opleidersWithSignals).toMatchObject([{ opleiderId: a, name: 'Dr. Laag' }]);
    const audit = await http('GET', '/api/v1/opleiders/leoh/summary', 'auditor');
    expect(audit.body.opleidersWithSignals[0]).not.toHaveProperty('name');
    expect((await http('GET', '/api/v1/opleiders/leoh/summary?period=voorjaar', 'mt')).status).toBe(400);
    expect((await http('GET', '/api/v1/opleiders/leoh/summary', 'integratie')).status).toBe(403);
  });
});

describe('POST /api/v1/opleiders/leoh/import', () => {
  it('imports for integratie and refuses a bad batch whole', async () => {
    const { w, http } = setup();
    await http('PUT', '/api/v1/settings/leoh', 'admin', SETTINGS);
    const a = await w.recognised();
    const ev = (id: string, veiligheid: number) => ({ opleiderId: a, evaluationId: id, period: '2026-H1', respondent: `aios-${id}`, scores: { veiligheid } });
    const ok = await http('POST', '/api/v1/opleiders/leoh/import', 'integratie', { evaluations: [ev('e1', 4), ev('e2', 5)] });
    expect(ok.body).toMatchObject({ recorded: 2, duplicates: 0, refused: 0 });
    const bad = await http('POST', '/api/v1/opleiders/leoh/import', 'integratie', { evaluations: [ev('e3', 4), ev('e4', 9)] });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path)).toEqual(['evaluations.1.scores.veiligheid']);
    expect((await http('POST', '/api/v1/opleiders/leoh/import', 'auditor', { evaluations: [ev('e5', 4)] })).status).toBe(403);
  });

  it('refuses a role that may not import with 403 before it reads the body, valid, invalid or no JSON at all', async () => {
    const { http } = setup();
    for (const role of ['mt', 'auditor', 'cmo', 'admin']) {
      for (const body of [{}, { evaluations: 'geen' }, '{"evaluations":']) {
        const res = await http('POST', '/api/v1/opleiders/leoh/import', role, body);
        expect(res.status, `${role} ${JSON.stringify(body)}`).toBe(403);
      }
    }
    expect((await http('POST', '/api/v1/opleiders/leoh/import', 'integratie', {})).status).toBe(400);
  });
});

describe('evidence for the opleiders cycle', () => {
  async function cycleOf(s: ReturnType<typeof setup>, kind: string) {
    const ctx = s.w.ctx(qm);
    const { view } = await s.cycles.start(ctx, { kind, title: 'Opleiders 2026', period: { from: '2026-01-01', to: '2026-12-31' } });
    await s.cycles.execute(ctx, view.id, { type: 'SetGoal', goalId: 'g', title: 'Goede opleiders' });
    await s.cycles.execute(ctx, view.id, { type: 'DefineKpi', kpiId: 'sv', goalId: 'g', name: 'startvisitatie afgerond', unit: '%', baseline: { value: 0, source: 'RGS', year: 2020 }, target: { value: 100, by: '2026-12-31' } });
    await s.cycles.execute(ctx, view.id, { type: 'PlanActivity', activityId: 'a', title: 'LEOH', owner: 'HAO-team', due: '2026-12-01' });
    await s.cycles.execute(s.w.ctx({ ...qm, roles: ['mt'] }), view.id, { type: 'ApprovePlan' });
    return view.id;
  }

  it('adds the LEOH group analysis and the startvisitaties (with a KPI measurement) through the cycle', async () => {
    const s = setup();
    await s.http('PUT', '/api/v1/settings/leoh', 'admin', SETTINGS);
    await s.w.recognised();
    await s.refresh();
    const cycleId = await cycleOf(s, 'opleiders');
    const leoh = await s.http('POST', '/api/v1/opleiders/leoh/summary/evidence', 'kwaliteitsmedewerker', { cycleId, period: '2026-H1', criteria: ['LO-1'] });
    expect(leoh.status).toBe(200);
    expect(leoh.body.cycle.evidence).toMatchObject([{ evidenceId: 'leoh-groepsanalyse-2026-H1', kind: 'dataset', effectiveAt: '2026-06-30', criteria: ['LO-1'] }]);
    expect(leoh.body.cycle.evidence[0].sha256).toMatch(/^[a-f0-9]{64}$/);
    // A measurement is dated the last day of its period: measured before that day, it would lie in the future.
    const early = await s.http('POST', '/api/v1/opleiders/startvisitaties/evidence', 'kwaliteitsmedewerker', { cycleId, from: '2026-01-01', to: '2026-12-31', kpiId: 'sv' });
    expect(early.status).toBe(400);
    expect(early.body.errors).toEqual([{ path: 'measuredAt', message: 'ligt na vandaag (01-03-2026)' }]);
    s.w.clock.set('2027-01-05T09:00:00Z');
    const sv = await s.http('POST', '/api/v1/opleiders/startvisitaties/evidence', 'kwaliteitsmedewerker', { cycleId, from: '2026-01-01', to: '2026-12-31', kpiId: 'sv' });
    expect(sv.status).toBe(200);
    expect(sv.body.evidence.content).toMatchObject({ nieuweOpleiders: 1, bezocht: 1, share: 100 });
    expect(sv.body.cycle.kpis[0].measurements).toMatchObject([{ value: 100, measuredAt: '2026-12-31' }]);
    expect(sv.body.cycle.newEvents.map((e: { type: string }) => e.type)).toEqual(['EvidenceAdded', 'MeasurementRecorded']);
    const head = await s.w.store.headPosition();
    // The same source again adds nothing: it answers the cycle with the source's one evidence item and measurement.
    const again = await s.http('POST', '/api/v1/opleiders/startvisitaties/evidence', 'mt', { cycleId, from: '2026-01-01', to: '2026-12-31', kpiId: 'sv' });
    expect(again.status).toBe(200);
    expect(again.body.cycle.newEvents).toEqual(sv.body.cycle.newEvents);
    expect(again.body.cycle.evidence.map((e: { evidenceId: string }) => e.evidenceId)).toEqual(['leoh-groepsanalyse-2026-H1', 'startvisitaties-2026-01-01-2026-12-31']);
    expect(again.body.cycle.kpis[0].measurements).toHaveLength(1);
    expect((await s.http('POST', '/api/v1/opleiders/leoh/summary/evidence', 'kwaliteitsmedewerker', { cycleId, period: '2026-H1' })).status).toBe(200);
    // An unknown KPI, and a KPI without its figure (no new opleiders in 2025), are refused before anything is stored.
    expect((await s.http('POST', '/api/v1/opleiders/startvisitaties/evidence', 'mt', { cycleId, from: '2025-01-01', to: '2025-12-31', kpiId: 'nope' })).status).toBe(422);
    const missing = await s.http('POST', '/api/v1/opleiders/startvisitaties/evidence', 'mt', { cycleId, from: '2025-01-01', to: '2025-12-31', kpiId: 'sv' });
    expect(missing.body).toMatchObject({ status: 422, detail: expect.stringMatching(/KPI sv .*geen nieuwe opleiders/) });
    expect(await s.w.store.headPosition()).toBe(head);
  });

  it('refuses another kind of cycle, an unknown cycle and a role without write access', async () => {
    const s = setup();
    const other = await cycleOf(s, 'curriculum');
    expect((await s.http('POST', '/api/v1/opleiders/leoh/summary/evidence', 'mt', { cycleId: other })).body).toMatchObject({ status: 422, detail: expect.stringMatching(/curriculum-cyclus; dit bewijs hoort bij een opleiders-cyclus/) });
    expect((await s.http('POST', '/api/v1/opleiders/leoh/summary/evidence', 'mt', { cycleId: 'nope' })).status).toBe(404);
    expect((await s.http('POST', '/api/v1/opleiders/leoh/summary/evidence', 'auditor', { cycleId: other })).status).toBe(403);
  });
});

describe('fuzzed bodies over HTTP', () => {
  it('never answer a 5xx', async () => {
    const { w, http } = setup();
    await http('PUT', '/api/v1/settings/leoh', 'admin', SETTINGS);
    const a = await w.recognised();
    const paths = ['/api/v1/settings/leoh', '/api/v1/opleiders/leoh/import', '/api/v1/opleiders/leoh/summary/evidence', '/api/v1/opleiders/startvisitaties/evidence'];
    const bodies = fc.oneof(
      fc.jsonValue().map((v) => JSON.stringify(v)),
      fc.string(),
      fc.record({ evaluations: fc.array(fc.record({ opleiderId: fc.constantFrom(a, 'x'), evaluationId: fc.string(), period: fc.constantFrom('2026', 'x'), respondent: fc.string(), scores: fc.dictionary(fc.string(), fc.jsonValue()) }, { requiredKeys: [] }), { maxLength: 3 }) }).map((v) => JSON.stringify(v)),
      fc.record({ cycleId: fc.string(), period: fc.string(), from: fc.string(), to: fc.string(), kpiId: fc.string() }, { requiredKeys: [] }).map((v) => JSON.stringify(v)),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...paths), bodies, fc.constantFrom('admin', 'integratie', 'kwaliteitsmedewerker', 'mt', 'cmo'), async (path, body, roles) => {
        const r = await http(path === '/api/v1/settings/leoh' ? 'PUT' : 'POST', path, roles, body);
        expect(r.status, JSON.stringify(r.body)).toBeLessThan(500);
      }),
      { numRuns: 300 },
    );
    for (const q of ['?period=%ZZ', '?period=2026&x=1', '?from=2026-01-01&to=2025-01-01', '?from=2026-13-01&to=2026-12-31']) {
      expect((await http('GET', `/api/v1/opleiders/leoh/summary${q}`, 'mt')).status).toBeLessThan(500);
      expect((await http('GET', `/api/v1/opleiders/startvisitaties/summary${q}`, 'mt')).status).toBeLessThan(500);
    }
  });
});
