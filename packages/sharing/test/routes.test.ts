/**
 * The feed and the stream as a partner institute reads them: one institute's shared events only,
 * by cursor; the SSE stream resumes after `Last-Event-ID` and keeps an idle connection alive.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import { CloudEvent } from 'cloudevents';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { openEventStore, type EventStore } from '@gearbox/eventstore';
import { createLogger, errorHandler, type AuthVariables } from '@gearbox/http';
import { SharedFeed, sharingRoutes } from '../src/index.ts';
import { appendCycle, policies } from './events.ts';

let store: EventStore;
let app: Hono<{ Variables: AuthVariables }>;
beforeAll(async () => {
  store = openEventStore({ url: 'sqlite::memory:' });
  await appendCycle(store, 'utrecht', 'c-1');
  await appendCycle(store, 'leiden', 'c-2');
  await appendCycle(store, 'utrecht', 'c-3');
  app = appOf(store);
});
afterAll(() => store.close());

function appOf(events: EventStore): Hono<{ Variables: AuthVariables }> {
  const hono = new Hono<{ Variables: AuthVariables }>();
  hono.onError(errorHandler(createLogger('silent')));
  hono.use('*', async (c, next) => {
    const [institute, role] = (c.req.header('X-Test') ?? 'utrecht:partner').split(':') as [string, string];
    c.set('institute', institute);
    c.set('actor', { sub: 'p', name: 'Partner', roles: [role] });
    await next();
  });
  hono.route('/api/v1', sharingRoutes({ feed: new SharedFeed(events, policies), registry: { events: {}, eventSchema: () => undefined }, publicUrl: 'https://utrecht.example.nl', heartbeatMs: 50 }).routes);
  return hono;
}

/** ajv-formats is CommonJS; under NodeNext its default import is the module object. */
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

const get = (path: string, headers: Record<string, string> = {}) => app.request(`http://test${path}`, { headers });

/** Reads an SSE answer until `enough` says so, then stops reading. */
async function sse(res: Response, enough: (text: string) => boolean): Promise<string> {
  const reader = res.body!.getReader();
  let text = '';
  while (!enough(text)) {
    const { value, done } = await reader.read();
    if (done) break;
    text += new TextDecoder().decode(value);
  }
  await reader.cancel();
  return text;
}
const ids = (text: string) => [...text.matchAll(/^id: (\d+)$/gm)].map((m) => m[1]!);
const events = (text: string) => [...text.matchAll(/^data: (.*)$/gm)].map((m) => JSON.parse(m[1]!) as { id: string; source: string; type: string });

describe('the shared feed', () => {
  it('pages through one institute\'s shared events by cursor, and never another\'s', async () => {
    const all = (await (await get('/api/v1/shared/events?limit=1000')).json()) as { items: { source: string; subject: string }[]; next: string };
    // Per cycle: started, KPI defined, plan approved, two measurements, cancelled; the goal and the activity stay home.
    expect(all.items).toHaveLength(12);
    // Valid CloudEvents 1.0 by the SDK's own check (the feed builds them without it).
    for (const item of all.items) expect(new CloudEvent(item as never).validate()).toBe(true);
    expect(new Set(all.items.map((e) => e.source))).toEqual(new Set(['urn:nld:huisartsopleiding:utrecht']));
    expect(new Set(all.items.map((e) => e.subject))).toEqual(new Set(['cycle-c-1', 'cycle-c-3']));

    const paged: unknown[] = [];
    let cursor = '0';
    for (;;) {
      const page = (await (await get(`/api/v1/shared/events?after=${cursor}&limit=5`)).json()) as { items: unknown[]; next: string };
      paged.push(...page.items);
      if (page.items.length === 0) {
        expect(page.next).toBe(cursor);
        break;
      }
      cursor = page.next;
    }
    expect(paged).toEqual(all.items);
    const leiden = (await (await get('/api/v1/shared/events', { 'X-Test': 'leiden:partner' })).json()) as { items: { source: string }[] };
    expect(leiden.items.map((e) => e.source)).toEqual(Array(6).fill('urn:nld:huisartsopleiding:leiden'));
  });

  it('refuses a bad cursor (400) and a role that may not read it (403)', async () => {
    expect((await get('/api/v1/shared/events?after=abc')).status).toBe(400);
    expect((await get('/api/v1/shared/events?limit=0')).status).toBe(400);
    expect((await get('/api/v1/shared/events', { 'X-Test': 'utrecht:integratie' })).status).toBe(403);
    expect((await get('/api/v1/shared/stream', { 'Last-Event-ID': 'x' })).status).toBe(400);
  });

  it('streams the same events as SSE, resumes after Last-Event-ID, and sends heartbeats while idle', async () => {
    const feed = (await (await get('/api/v1/shared/events?limit=1000')).json()) as { items: { id: string }[] };
    const first = await sse(await get('/api/v1/shared/stream'), (t) => events(t).length >= 12 && t.includes(': heartbeat'));
    expect(events(first).map((e) => e.id)).toEqual(feed.items.map((e) => e.id));
    const resumeAt = ids(first)[3]!;
    const resumed = await sse(await get('/api/v1/shared/stream', { 'Last-Event-ID': resumeAt }), (t) => events(t).length >= 8);
    expect(events(resumed).map((e) => e.id)).toEqual(feed.items.slice(4).map((e) => e.id));

    // Live: an event committed while the stream is open arrives on it.
    const live = get('/api/v1/shared/stream', { 'Last-Event-ID': ids(first).at(-1)! });
    const res = await live;
    setTimeout(() => void appendCycle(store, 'utrecht', 'c-4'), 100);
    const more = await sse(res, (t) => events(t).length >= 6);
    expect(new Set(events(more).map((e) => e.type))).toContain('nl.huisartsopleiding.gearbox.kpi-measured.v1');
  });
});

describe('the next page, built while the reader takes in this one', () => {
  it('is the page a fresh read gives; one that was not full yet is read afresh, with what came since', async () => {
    const events = openEventStore({ url: 'sqlite::memory:' });
    try {
      await appendCycle(events, 'utrecht', 'c-1');
      const feed = appOf(events);
      type Page = { items: { id: string }[]; next: string };
      const page = async (after: string, limit: number) => (await (await feed.request(`http://test/api/v1/shared/events?after=${after}&limit=${limit}`)).json()) as Page;
      // Six shared events: a full first page of four; the two after it were built ahead, not full.
      const first = await page('0', 4);
      expect(first.items).toHaveLength(4);
      await new Promise((done) => setTimeout(done, 50));
      await appendCycle(events, 'utrecht', 'c-2');
      const second = await page(first.next, 4);
      expect(second.items).toHaveLength(4);
      // Paged in fours (every full page's successor built ahead) is the feed read at once.
      const paged: Page['items'] = [];
      for (let after = '0'; ; ) {
        const p = await page(after, 4);
        paged.push(...p.items);
        if (p.next === after) break;
        after = p.next;
      }
      const all = await page('0', 1000);
      expect(all.items).toHaveLength(12);
      expect(paged).toEqual(all.items);
      // A page asked for twice is the same page.
      expect(await page(first.next, 4)).toEqual(await page(first.next, 4));
    } finally {
      await events.close();
    }
  });
});

describe('the schemas', () => {
  it('serve the JSON Schema each shared event names in dataschema, and its data fits it', async () => {
    const ajv = addFormats(new Ajv2020({ strict: false }));
    const feed = (await (await get('/api/v1/shared/events?limit=1000')).json()) as { items: { type: string; dataschema: string; data: unknown }[] };
    const types = new Set(feed.items.map((e) => e.type));
    expect(types.size).toBe(5);
    for (const event of feed.items) {
      expect(event.dataschema).toBe(`https://utrecht.example.nl/api/v1/schemas/${event.type}`);
      const res = await get(new URL(event.dataschema).pathname);
      expect(res.status).toBe(200);
      const validate = ajv.getSchema(event.dataschema) ?? ajv.compile((await res.json()) as object);
      expect(validate(event.data), `${event.type}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
    const listed = (await (await get('/api/v1/schemas')).json()) as { items: { type: string }[] };
    expect(listed.items.map((i) => i.type)).toEqual(expect.arrayContaining([...types]));
    expect((await get('/api/v1/schemas/nl.huisartsopleiding.gearbox.goal-set.v1')).status).toBe(404);
  });
});
