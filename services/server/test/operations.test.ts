import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGearbox } from '../src/app.ts';
import { SECRET, world, type World } from './world.ts';

let w: World;
let qm: string;
beforeAll(async () => {
  w = await world();
  qm = await w.token('utrecht', ['kwaliteitsmedewerker', 'mt']);
});
afterAll(() => w.stop());

describe('readiness', () => {
  it('is 503 while the read models replay, 200 once started, 503 when the store is gone', async () => {
    const gearbox = createGearbox({ storeUrl: 'sqlite::memory:', auth: { secret: SECRET }, logger: pino({ level: 'silent' }), schedulerIntervalMs: 0 });
    const before = await gearbox.app.request('/readyz');
    expect(before.status).toBe(503);
    expect(before.headers.get('content-type')).toBe('application/problem+json');
    await gearbox.start();
    expect((await gearbox.app.request('/readyz')).status).toBe(200);
    await gearbox.store.close();
    const gone = await gearbox.app.request('/readyz');
    expect(gone.status).toBe(503);
    expect(await gone.json()).toMatchObject({ type: 'https://gearbox.dev/problems/not-ready', title: 'Niet gereed', detail: 'De event store is niet bereikbaar.' });
    const english = await gearbox.app.request('/readyz', { headers: { 'Accept-Language': 'en' } });
    expect(english.headers.get('content-language')).toBe('en');
    expect(await english.json()).toMatchObject({ type: 'https://gearbox.dev/problems/not-ready', status: 503, title: 'Not ready', detail: 'The event store is not reachable.' });
    expect((await gearbox.app.request('/healthz')).status).toBe(200);
    await gearbox.stop();
  });
});

describe('the API version (NL GOV API Design Rules)', () => {
  it('answers API-Version 1.y.z on every answer: a read, an error, an unknown route, the operations routes', async () => {
    const answers = [
      await w.gearbox.app.request('/api/v1/cycles', { headers: { Authorization: `Bearer ${qm}` } }),
      await w.gearbox.app.request('/api/v1/cycles'),
      await w.gearbox.app.request('/api/v1/cycles/nope', { headers: { Authorization: `Bearer ${qm}` } }),
      await w.gearbox.app.request('/api/cycles', { headers: { Authorization: `Bearer ${qm}` } }),
      await w.gearbox.app.request('/healthz'),
      await w.gearbox.app.request('/openapi.json'),
    ];
    expect(answers.map((r) => r.status)).toEqual([200, 401, 404, 404, 200, 200]);
    for (const r of answers) expect(r.headers.get('API-Version')).toMatch(/^1\.\d+\.\d+$/);
    const doc = (await answers[5]!.json()) as { info: { version: string } };
    expect(doc.info.version).toBe(answers[5]!.headers.get('API-Version'));
  });
});

describe('the OpenAPI description', () => {
  it('documents every route the server serves, and no route it does not serve', async () => {
    type Servers = { url: string }[];
    const doc = (await w.call('GET', '/openapi.json')).body as { servers: Servers; paths: Record<string, Record<string, unknown> & { servers?: Servers }> };
    // Paths are relative to their server: /api/v1 for the API, / for the operations routes.
    const documented = new Set(
      Object.entries(doc.paths).flatMap(([path, { servers, ...ops }]) => {
        const base = (servers ?? doc.servers)[0]!.url.replace(/\/$/, '');
        return Object.keys(ops).map((m) => `${m.toUpperCase()} ${base}${path}`);
      }),
    );
    const served = new Set(
      w.gearbox.app.routes
        .filter((r) => r.method !== 'ALL')
        .map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}').replace(/(.)\/$/, '$1')}`),
    );
    expect([...served].filter((route) => !documented.has(route))).toEqual([]);
    expect([...documented].filter((route) => !served.has(route))).toEqual([]);
  });

  it('lists the erasure event among the event schemas', async () => {
    const schema = await w.call('GET', '/api/v1/schemas/SubjectErased', { token: qm });
    expect(schema.body.required).toEqual(['subjectId', 'keysDeleted']);
  });
});

describe('metrics and limits', () => {
  it('counts requests by route pattern and status', async () => {
    const created = await w.call('POST', '/api/v1/cycles', { token: qm, body: { kind: 'organisatie', title: 'Jaarplan', period: { from: '2026-01-01', to: '2026-12-31' } } });
    await w.call('GET', `/api/v1/cycles/${created.body.id}`, { token: qm });
    await w.call('GET', '/api/v1/cycles/bestaat-niet', { token: qm });
    const text = (await w.call('GET', '/metrics')).body as string;
    expect(text).toMatch(/gearbox_http_requests_total\{method="POST",route="\/api\/v1\/cycles",status="201"\} \d+/);
    expect(text).toMatch(/gearbox_http_requests_total\{method="GET",route="\/api\/v1\/cycles\/:id",status="404"\} \d+/);
    expect(text).not.toContain('bestaat-niet');
    expect(text).toContain('gearbox_process_cpu_seconds_total');
  });

  it('a JSON body over a megabyte is refused with 413 and appends nothing', async () => {
    const created = await w.call('POST', '/api/v1/cycles', { token: qm, body: { kind: 'curriculum', title: 'Groot', period: { from: '2026-01-01', to: '2026-12-31' } } });
    const res = await w.call('POST', `/api/v1/cycles/${created.body.id}/commands`, { token: qm, body: { type: 'SetGoal', goalId: 'g', title: 't', description: 'x'.repeat(1_100_000) } });
    expect(res.status).toBe(413);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect((await w.call('GET', `/api/v1/cycles/${created.body.id}/events`, { token: qm })).body.items).toHaveLength(1);
  });
});
