import { Hono } from 'hono';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteEventStore } from '@gearbox/eventstore';
import { manualClock, openSqliteKeyStore, ProjectionRunner, sequentialIds, StreamHandler, StreamIndex } from '@gearbox/kernel';
import { cycleDefinition, phaseOf } from '@gearbox/cycles';
import { authenticate, signToken, type AuthVariables, type Role } from '@gearbox/http';
import { Metrics } from '@gearbox/http';
import { errorHandler, notFound } from '@gearbox/http';
import { streamRoutes } from '@gearbox/http';

const secret = 'stream-routes-test-secret-0123456789';
const store = openSqliteEventStore({ path: ':memory:' });
const keys = openSqliteKeyStore(':memory:');
const handler = new StreamHandler(cycleDefinition, { store, keys, clock: manualClock('2026-03-01T09:00:00Z'), ids: sequentialIds() });
const index = new StreamIndex(cycleDefinition, (s) => ({ id: s.id, phase: phaseOf(s.snapshot.value), revision: s.revision }));
const projections = new ProjectionRunner(store, [index]);
const metrics = new Metrics(false);
const waitedFor: bigint[] = [];

const app = new Hono<{ Variables: AuthVariables }>();
app.onError(errorHandler(pino({ level: 'silent' })));
app.notFound(notFound);
app.use('/api/v1/*', authenticate({ secret }));
app.route(
  '/api/v1/cycles',
  streamRoutes({
    handler,
    list: (institute) => index.list(institute),
    basePath: '/api/v1/cycles',
    metrics,
    afterWrite: async (position) => {
      waitedFor.push(position);
      await projections.waitFor(position);
    },
  }),
);

beforeAll(() => projections.start());
afterAll(async () => {
  await projections.stop();
  await store.close();
  keys.close();
});

const token = (roles: Role[], institute = 'utrecht') => signToken({ institute, roles, sub: `u-${roles.join('-')}`, name: 'Test' }, secret);
async function call(method: string, path: string, roles: Role[], body?: unknown, institute = 'utrecht', headers: Record<string, string> = {}) {
  const res = await app.request(path, {
    method,
    headers: { Authorization: `Bearer ${await token(roles, institute)}`, 'Content-Type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as any };
}
const start = { kind: 'curriculum', title: 'Curriculum 2026', period: { from: '2026-01-01', to: '2026-12-31' } };

describe('the generic stream routes', () => {
  it('POST / starts a stream: 201 with Location, ETag and the new event', async () => {
    const res = await call('POST', '/api/v1/cycles', ['kwaliteitsmedewerker'], start);
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toBe(`/api/v1/cycles/${res.body.id}`);
    expect(res.headers.get('etag')).toBe('"0"');
    expect(res.body.newEvents.map((e: { type: string }) => e.type)).toEqual(['CycleStarted']);
  });

  it('every write waits for the read models, so the list right after it shows the change', async () => {
    const { body: cycle } = await call('POST', '/api/v1/cycles', ['mt'], start);
    const steps = [
      { type: 'SetGoal', goalId: 'g', title: 'Doel' },
      { type: 'PlanActivity', activityId: 'a', title: 'Activiteit', owner: 'MT', due: '2026-06-01' },
      { type: 'ApprovePlan' },
    ];
    for (const step of steps) {
      const res = await call('POST', `/api/v1/cycles/${cycle.id}/commands`, ['mt'], step);
      expect(res.status).toBe(200);
      expect(waitedFor.at(-1)).toBe(BigInt(res.body.newEvents[0].position));
      const listed = (await call('GET', '/api/v1/cycles', ['auditor'])).body.items.find((c: { id: string }) => c.id === cycle.id);
      expect(listed).toEqual({ id: cycle.id, phase: res.body.phase, revision: res.body.revision });
    }
    expect((await call('GET', `/api/v1/cycles/${cycle.id}`, ['auditor'])).body.phase).toBe('do');
  });

  it('the answer to a write comes only after the read models have caught up', async () => {
    let release!: () => void;
    let entered!: () => void;
    const inside = new Promise<void>((resolve) => (entered = resolve));
    const gated = new Hono<{ Variables: AuthVariables }>();
    gated.onError(errorHandler(pino({ level: 'silent' })));
    gated.use('*', authenticate({ secret }));
    gated.route('/', streamRoutes({
      handler, list: () => [], basePath: '/api/v1/cycles',
      afterWrite: () => {
        entered();
        return new Promise<void>((resolve) => (release = resolve));
      },
    }));
    let answered = false;
    const pending = Promise.resolve(
      gated.request('/', { method: 'POST', body: JSON.stringify(start), headers: { Authorization: `Bearer ${await token(['mt'])}`, 'Content-Type': 'application/json' } }),
    ).then((res) => {
      answered = true;
      return res;
    });
    await inside;
    for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
    expect(answered).toBe(false);
    release();
    expect((await pending).status).toBe(201);
  });

  it('ids that cannot be ids are a 404 problem, not a 500', async () => {
    for (const id of ['a%20b', 'x'.repeat(101), '%00', 'caf%C3%A9', '..%2F..%2Fetc']) {
      for (const path of [`/api/v1/cycles/${id}`, `/api/v1/cycles/${id}/events`]) {
        const res = await call('GET', path, ['mt']);
        expect(res.status, path).toBe(404);
      }
      expect((await call('POST', `/api/v1/cycles/${id}/commands`, ['mt'], { type: 'ApprovePlan' })).status).toBe(404);
    }
  });

  it('roles that may not read get a 403 on list, one and trail; another institute gets a 404', async () => {
    const { body: cycle } = await call('POST', '/api/v1/cycles', ['mt'], start);
    for (const path of ['/api/v1/cycles', `/api/v1/cycles/${cycle.id}`, `/api/v1/cycles/${cycle.id}/events`]) {
      expect((await call('GET', path, ['partner'])).status, path).toBe(403);
    }
    expect((await call('GET', `/api/v1/cycles/${cycle.id}`, ['mt'], undefined, 'amc')).status).toBe(404);
    expect((await call('GET', '/api/v1/cycles', ['mt'], undefined, 'amc')).body.items).toEqual([]);
  });

  it('commands are counted by type and outcome; unknown types do not become labels', async () => {
    const { body: cycle } = await call('POST', '/api/v1/cycles', ['mt'], start);
    await call('POST', `/api/v1/cycles/${cycle.id}/commands`, ['mt'], { type: 'StartCheck' });
    await call('POST', `/api/v1/cycles/${cycle.id}/commands`, ['mt'], { type: 'Whatever-123' });
    const text = await metrics.registry.metrics();
    expect(text).toContain('gearbox_commands_total{type="StartCheck",outcome="422"} 1');
    expect(text).toContain('gearbox_commands_total{type="unknown",outcome="400"} 1');
    expect(text).toMatch(/gearbox_commands_total\{type="StartCycle",outcome="ok"\} \d+/);
    expect(text).not.toContain('Whatever-123');
    expect(text).toContain('gearbox_command_duration_seconds_count{type="StartCheck"} 1');
  });
});

describe('the answer to a command, written from kept evidence JSON (answerBody)', () => {
  it('is byte for byte the plain JSON.stringify of the cycle with its newEvents, command after command and after a burst', async () => {
    const created = await call('POST', '/api/v1/cycles', ['kwaliteitsmedewerker', 'mt'], start);
    const path = `/api/v1/cycles/${created.body.id}`;
    for (const command of [{ type: 'SetGoal', goalId: 'g1', title: 'Doel' }, { type: 'PlanActivity', activityId: 'a1', title: 'Enquête', owner: 'A. de Vries', due: '2026-06-30' }, { type: 'ApprovePlan' }]) {
      await call('POST', `${path}/commands`, ['kwaliteitsmedewerker', 'mt'], command);
    }
    const text = async (method: string, url: string, body?: unknown) => {
      const res = await app.request(url, {
        method,
        headers: { Authorization: `Bearer ${await token(['kwaliteitsmedewerker', 'mt'])}`, 'Content-Type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      expect(res.headers.get('content-type')).toBe('application/json');
      return res.text();
    };
    const evidence = (n: number) => ({ type: 'AddEvidence', evidenceId: `ev-${n}`, title: `Verslag ${n} "met" aanhalingstekens en é`, kind: 'minutes', effectiveAt: '2026-03-12', criteria: ['CUR-1'], ...(n % 2 ? { summary: 'Samenvatting' } : {}) });
    const sameAsPlain = async (answer: string) => {
      // GET answers the same view through plain c.json (JSON.stringify); the command adds newEvents.
      const { newEvents, ...view } = JSON.parse(answer) as { newEvents: unknown; revision: number };
      const plain = await text('GET', path);
      expect(JSON.parse(plain).revision).toBe(view.revision);
      expect(answer).toBe(`${plain.slice(0, -1)},"newEvents":${JSON.stringify(newEvents)}}`);
    };
    for (let n = 0; n < 5; n++) await sameAsPlain(await text('POST', `${path}/commands`, evidence(n)));
    // A burst on one cycle (pipelined): each answer shows the cycle after its own command.
    const burst = await Promise.all(Array.from({ length: 20 }, (_, i) => text('POST', `${path}/commands`, evidence(5 + i))));
    const last = burst.find((answer) => JSON.parse(answer).evidence.length === 25)!;
    await sameAsPlain(last);
    expect(new Set(burst.map((answer) => JSON.parse(answer).evidence.length)).size).toBe(20);
    await sameAsPlain(await text('POST', `${path}/commands`, evidence(99)));
  });
});

describe('the language of an answer', () => {
  it('a 422 names what is missing, in Dutch by default and in English with Accept-Language: en', async () => {
    const roles: Role[] = ['kwaliteitsmedewerker', 'mt'];
    const id = (await call('POST', '/api/v1/cycles', roles, start)).body.id as string;
    const send = (body: Record<string, unknown>, headers: Record<string, string> = {}) => call('POST', `/api/v1/cycles/${id}/commands`, roles, body, 'utrecht', headers);
    await send({ type: 'SetGoal', goalId: 'g1', title: 'Veilig opleidingsklimaat' });
    for (const activityId of ['a1', 'a2']) await send({ type: 'PlanActivity', activityId, title: 'Enquête', owner: 'A. de Vries', due: '2026-06-30' });
    expect((await send({ type: 'ApprovePlan' })).status).toBe(200);

    const nl = await send({ type: 'StartCheck' });
    const en = await send({ type: 'StartCheck' }, { 'Accept-Language': 'en-GB,en;q=0.9' });
    expect([nl.status, en.status]).toEqual([422, 422]);
    expect(nl.body).toMatchObject({ title: 'Opdracht nu niet toegestaan', detail: 'Nog niet afgerond: activiteiten a1 en a2' });
    expect(en.body).toMatchObject({ title: 'Command not allowed now', detail: 'Not finished yet: activities a1 and a2' });
    expect([en.body.type, en.body.command, en.body.allowed]).toEqual([nl.body.type, nl.body.command, nl.body.allowed]);
    expect([nl.headers.get('content-language'), en.headers.get('content-language')]).toEqual(['nl', 'en']);
    expect(nl.headers.get('vary')).toMatch(/Accept-Language/);

    const invalid = { type: 'CompleteActivity', activityId: '' };
    const [badNl, badEn] = [await send(invalid), await send(invalid, { 'Accept-Language': 'en' })];
    expect([badNl.status, badEn.status]).toEqual([400, 400]);
    expect([badNl.body.title, badEn.body.title]).toEqual(['Ongeldig verzoek', 'Invalid request']);
    expect(badEn.body.type).toBe(badNl.body.type);
    expect(badEn.body.errors.map((e: { path: string }) => e.path)).toEqual(badNl.body.errors.map((e: { path: string }) => e.path));
  });

  it('field messages follow the language too: our own schema texts and zod\'s', async () => {
    const roles: Role[] = ['kwaliteitsmedewerker', 'mt'];
    const badDate = { ...start, period: { from: '1 januari', to: '2026-12-31' } };
    const [nl, en] = [await call('POST', '/api/v1/cycles', roles, badDate), await call('POST', '/api/v1/cycles', roles, badDate, 'utrecht', { 'Accept-Language': 'en' })];
    expect([nl.status, en.status]).toEqual([400, 400]);
    expect(nl.body.errors).toEqual([{ path: 'period.from', message: 'een datum als JJJJ-MM-DD' }]);
    expect(en.body.errors).toEqual([{ path: 'period.from', message: 'a date as YYYY-MM-DD' }]);
    const noTitle = { ...start, title: 42 };
    const [zodNl, zodEn] = [await call('POST', '/api/v1/cycles', roles, noTitle), await call('POST', '/api/v1/cycles', roles, noTitle, 'utrecht', { 'Accept-Language': 'en' })];
    expect(zodNl.body.errors[0].path).toBe('title');
    expect(zodNl.body.errors[0].message).not.toBe(zodEn.body.errors[0].message);
    expect(zodEn.body.errors[0].message).toMatch(/expected string/i);
  });
});
