/**
 * The shared events over HTTP (API.md "Shared events"): the feed by cursor, the same as server-sent
 * events, and the JSON Schema of every event type (the internal ones and the shared ones the
 * CloudEvents' `dataschema` points at). A feed only ever holds the caller's own institute's events.
 */
import { Hono, type Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import { z } from 'zod';
import { NotFoundError, says, text, validated, type StoredEvent } from '@gearbox/kernel';
import { jsonSchema, readQuery, requireRole, type AuthVariables, type OpenApiRegistry, type RouteDoc } from '@gearbox/http';
import type { AllSubscription } from '@gearbox/eventstore';
import type { SharedFeed } from './feed.ts';
import { ReadAhead } from './read-ahead.ts';

/** Who may read an institute's shared feed: a partner institute, and the institute's own staff. */
export const FEED_READERS = ['partner', 'kwaliteitsmedewerker', 'mt', 'auditor', 'admin'] as const;
const READ_FEED = text('de gedeelde events lezen', 'read the shared events');

const cursor = z.string().regex(/^\d{1,19}$/, { error: says('een cursor uit `next` (cijfers)', 'a cursor from `next` (digits)') });
export const FeedQuery = z
  .object({
    after: cursor.optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
  })
  .strict();
const StreamQuery = z.object({ after: cursor.optional() }).strict();

export interface SharingRouteOptions {
  feed: SharedFeed;
  /** The internal event types' schemas (the OpenAPI registry's). */
  registry: Pick<OpenApiRegistry, 'events' | 'eventSchema'>;
  /** Where this server is reachable for others, for `dataschema`; default the request's origin. */
  publicUrl?: string;
  /** How often the SSE stream sends a comment to keep idle connections open. */
  heartbeatMs?: number;
}

/** The routes, and `closeStreams` to end every open SSE stream (a server cannot close while one is open). */
export function sharingRoutes(options: SharingRouteOptions): { routes: Hono<{ Variables: AuthVariables }>; closeStreams: () => Promise<void> } {
  const { feed, registry } = options;
  const open = new Set<AllSubscription>();
  const baseUrl = (c: Context) => options.publicUrl ?? new URL(c.req.url).origin;
  const routes = new Hono<{ Variables: AuthVariables }>();
  const pages = new ReadAhead(async (key) => {
    const { entries, last, full } = await feed.read(key.after, key.limit, key.baseUrl, key.institute);
    return { body: new TextEncoder().encode(JSON.stringify({ items: entries.map((e) => e.event), next: last.toString() })), last, full };
  });

  routes.get('/shared/events', async (c) => {
    requireRole(c.get('actor'), FEED_READERS, READ_FEED);
    const { after, limit } = readQuery(c, FeedQuery);
    const page = await pages.page({ institute: c.get('institute'), after: BigInt(after ?? 0), limit, baseUrl: baseUrl(c) });
    return c.body(page.body, 200, { 'Content-Type': 'application/json' });
  });

  routes.get('/shared/stream', (c) => {
    requireRole(c.get('actor'), FEED_READERS, READ_FEED);
    const { after } = readQuery(c, StreamQuery);
    const lastEventId = c.req.header('Last-Event-ID')?.trim();
    const from = BigInt(lastEventId !== undefined ? validated(cursor, lastEventId, 'Last-Event-ID') : (after ?? 0));
    const subscription = feed.follow(c.get('institute'), from);
    open.add(subscription);
    const origin = baseUrl(c);
    const response = streamSSE(c, async (stream) => {
      stream.onAbort(() => void subscription.close());
      const events = subscription[Symbol.asyncIterator]();
      let next = events.next();
      while (!stream.aborted) {
        let timer: NodeJS.Timeout | undefined;
        const beat = new Promise<'beat'>((resolve) => (timer = setTimeout(resolve, options.heartbeatMs ?? 15_000, 'beat')));
        const result = await Promise.race([next, beat]);
        clearTimeout(timer);
        if (result === 'beat') {
          await stream.write(': heartbeat\n\n');
          continue;
        }
        if (result.done) break;
        next = events.next();
        const entry = feed.entry(result.value as StoredEvent, origin);
        if (entry) await stream.writeSSE({ id: entry.position.toString(), data: JSON.stringify(entry.event) });
      }
      await subscription.close();
      open.delete(subscription);
    });
    // The connection ends with the stream (streamSSE says keep-alive), so a stopping server is not kept waiting for it.
    response.headers.set('Connection', 'close');
    return response;
  });

  routes.get('/schemas', (c) => {
    const internal = Object.keys(registry.events).sort();
    const shared = feed.policies.list().map((s) => s.ceType);
    return c.json({ items: [...internal, ...shared].map((type) => ({ type, href: `/api/v1/schemas/${type}` })) });
  });

  routes.get('/schemas/:type', (c) => {
    const type = c.req.param('type');
    const shared = feed.policies.byType(type);
    const schema = shared
      ? { $schema: 'https://json-schema.org/draft/2020-12/schema', $id: `${baseUrl(c)}/api/v1/schemas/${type}`, title: type, ...jsonSchema(shared.schema) }
      : registry.eventSchema(type);
    if (!schema) throw new NotFoundError(text(`Eventtype ${type}`, `event type ${type}`));
    return c.json(schema);
  });

  return { routes, closeStreams: async () => void (await Promise.all([...open].map((s) => s.close()))) };
}

const CloudEventSchema = z
  .object({
    specversion: z.literal('1.0'),
    id: z.string(),
    source: z.string().describe('URN van het instituut: urn:nld:huisartsopleiding:<instituut>'),
    type: z.string().describe('nl.huisartsopleiding.gearbox.<naam>.v<versie>'),
    subject: z.string().describe('De stream waarin het gebeurde, zoals cycle-<id>'),
    time: z.string(),
    datacontenttype: z.literal('application/json'),
    dataschema: z.string().describe('Het JSON Schema van data, onder /api/v1/schemas'),
    data: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'CloudEvent' });

const jsonDocument = z.record(z.string(), z.unknown());

export function sharingOpenApi(): RouteDoc[] {
  const tag = 'gedeeld';
  return [
    {
      method: 'get', path: '/api/v1/shared/events', tag, operationId: 'listSharedEvents', roles: FEED_READERS, query: FeedQuery,
      summary: 'De gedeelde, geanonimiseerde events van het eigen instituut als CloudEvents, per pagina',
      description: 'Alleen eventtypen met het deelbeleid `shared`, zonder persoonsgegevens; aggregaten onder 5 respondenten zonder waarde (`suppressed`). Geef `next` mee als `after` voor de volgende pagina; een lege pagina houdt dezelfde cursor.',
      responses: { '200': { description: 'Een pagina', schema: z.object({ items: z.array(CloudEventSchema), next: z.string() }).meta({ id: 'SharedEventPage' }) } },
    },
    {
      method: 'get', path: '/api/v1/shared/stream', tag, operationId: 'streamSharedEvents', roles: FEED_READERS, query: StreamQuery,
      summary: 'Dezelfde events als server-sent events; `Last-Event-ID` (of `after`) hervat, een commentaarregel houdt de verbinding open',
      responses: { '200': { description: 'Een SSE-stroom: per event `id` (de cursor) en `data` (de CloudEvent als JSON)', schema: z.string(), contentType: 'text/event-stream' } },
    },
    {
      method: 'get', path: '/api/v1/schemas', tag: 'schemas', operationId: 'listEventSchemas', summary: 'Elk eventtype, intern en gedeeld, met een link naar zijn JSON Schema',
      responses: { '200': { description: 'De eventtypen', schema: z.object({ items: z.array(z.object({ type: z.string(), href: z.string() })) }).meta({ id: 'EventTypeList' }) } },
    },
    {
      method: 'get', path: '/api/v1/schemas/{type}', tag: 'schemas', operationId: 'getEventSchema', summary: 'Het JSON Schema (draft 2020-12) van de data van één eventtype',
      responses: { '200': { description: 'JSON Schema', schema: jsonDocument }, '404': 'Onbekend eventtype' },
    },
  ];
}
