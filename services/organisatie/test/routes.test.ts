import { afterEach, describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import { openSqliteEventStore } from '@gearbox/eventstore';
import { authenticate, errorHandler, notFound, signToken, type AuthVariables, type Role } from '@gearbox/http';
import { manualClock, openSqliteKeyStore, ProjectionRunner, sequentialIds, StreamHandler, StreamIndex } from '@gearbox/kernel';
import { cycleDefinition, phaseOf } from '@gearbox/cycles';
import { as } from '@gearbox/kernel/testing';
import { organisatieModule } from '../src/module.ts';

const SECRET = 'organisatie-route-tests-secret-0123456789';
const quiet = { error: () => {}, warn: () => {}, info: () => {} } as unknown as Parameters<typeof errorHandler>[0];
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** The organisatie routes as the server mounts them, over the cycle read model of a real store. */
async function setup() {
  const store = openSqliteEventStore({ path: ':memory:' });
  const keys = openSqliteKeyStore(':memory:');
  const cycles = new StreamHandler(cycleDefinition, { store, keys, clock: manualClock('2026-04-01T09:00:00Z'), ids: sequentialIds() });
  const index = new StreamIndex(cycleDefinition, (s) => s.id);
  const runner = new ProjectionRunner(store, [index]);
  await runner.start();
  cleanups.push(async () => {
    await runner.stop();
    await store.close();
    keys.close();
  });
  const module = organisatieModule((institute) => index.entries(institute), phaseOf);
  const app = new Hono<{ Variables: AuthVariables }>();
  app.onError(errorHandler(quiet));
  app.notFound(notFound);
  app.use('/api/v1/*', authenticate({ secret: SECRET }));
  app.route('/api/v1', module.routes!);

  const ctx = { institute: 'utrecht', actor: as('kwaliteitsmedewerker', 'mt'), correlationId: 't' };
  const { view } = await cycles.start(ctx, { kind: 'organisatie', title: 'Jaarplan 2026', period: { from: '2026-01-01', to: '2026-12-31' } });
  for (const c of [
    { type: 'SetGoal', goalId: 'pdca', title: 'Kwaliteitszorg <volgens> PDCA' },
    { type: 'PlanActivity', activityId: 'pdca-weekstart', title: 'Weekstart', owner: 'MT', due: '2026-12-01' },
    { type: 'ApprovePlan' },
    { type: 'HoldReview', reviewId: 'mr1', body: 'management-review', date: '2026-03-20' },
  ]) await cycles.execute(ctx, view.id, c);
  await runner.waitFor(await store.headPosition());

  const get = async (path: string, roles: Role[] | null, headers: Record<string, string> = {}, institute = 'utrecht') => {
    const token = roles && (await signToken({ sub: 'u1', name: 'Q. Officer', institute, roles }, SECRET));
    const response = await app.request(path, { headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers } });
    const text = await response.text();
    return { status: response.status, type: response.headers.get('content-type') ?? '', text, json: () => JSON.parse(text) };
  };
  return { get };
}

describe('GET /api/v1/organisatie/jaarverslag', () => {
  it('answers JSON by default and the same report as HTML on format=html or Accept: text/html', async () => {
    const { get } = await setup();
    const json = await get('/api/v1/organisatie/jaarverslag?year=2026', ['auditor']);
    expect(json.status).toBe(200);
    expect(json.type).toContain('application/json');
    expect(json.json()).toMatchObject({
      institute: 'utrecht', year: 2026, structure: 'INK',
      doelen: [{ goal: { goalId: 'pdca' }, organisatie: { processen: ['Weekstart — open, gepland 01-12-2026', 'Besproken in management-review op 20-03-2026'] } }],
      managementReviews: { held: [{ date: '2026-03-20', cycle: 'Jaarplan 2026' }], planned: [{ due: '2026-09-20', cycle: 'Jaarplan 2026' }] },
    });
    for (const [path, headers] of [
      ['/api/v1/organisatie/jaarverslag?year=2026&format=html', {}],
      ['/api/v1/organisatie/jaarverslag?year=2026', { accept: 'text/html,application/xhtml+xml' }],
    ] as const) {
      const html = await get(path, ['kwaliteitsmedewerker'], headers);
      expect(html.status).toBe(200);
      expect(html.type).toMatch(/^text\/html; charset=UTF-8/i);
      expect(html.text).toContain('<h1>Jaarverslag 2026</h1>');
      expect(html.text).toContain('Doel 1: Kwaliteitszorg &lt;volgens&gt; PDCA');
    }
    // An explicit format wins over the Accept header.
    expect((await get('/api/v1/organisatie/jaarverslag?year=2026&format=json', ['mt'], { accept: 'text/html' })).type).toContain('application/json');
  });

  it('refuses a bad year or unknown parameter (400), a role that may not read (403), no token (401); another institute sees only its own', async () => {
    const { get } = await setup();
    for (const path of ['/api/v1/organisatie/jaarverslag', '/api/v1/organisatie/jaarverslag?year=twintig', '/api/v1/organisatie/jaarverslag?year=1999', '/api/v1/organisatie/jaarverslag?year=2026&format=pdf', '/api/v1/organisatie/jaarverslag?year=2026&jaar=2026']) {
      const r = await get(path, ['mt']);
      expect({ path, status: r.status, type: r.type }).toEqual({ path, status: 400, type: 'application/problem+json' });
      expect(r.json().errors[0].path).toMatch(/^query/);
    }
    expect((await get('/api/v1/organisatie/jaarverslag?year=2026', ['cmo'])).status).toBe(403);
    expect((await get('/api/v1/organisatie/jaarverslag?year=2026', ['integratie'])).status).toBe(403);
    expect((await get('/api/v1/organisatie/jaarverslag?year=2026', null)).status).toBe(401);
    const amc = await get('/api/v1/organisatie/jaarverslag?year=2026', ['mt'], {}, 'amc');
    expect(amc.json()).toMatchObject({ institute: 'amc', doelen: [], managementReviews: { held: [], overdue: [], planned: [] }, cycles: { total: 0 } });
  });
});
