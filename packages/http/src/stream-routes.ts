/**
 * The five routes every stream type has (API.md: cycles, opleiders, leerplekken, docenten,
 * programma's): register, list, one, audit trail, commands — one implementation for all of them.
 */
import { Hono } from 'hono';
import { NotFoundError, streamName, type StreamHandler } from '@gearbox/kernel';
import type { AuthVariables } from './auth.ts';
import type { Metrics } from './observability.ts';
import { z } from 'zod';
import { commandsSchema, type OpenApiRegistry } from './openapi.ts';
import { EventList, withNewEvents } from './views.ts';
import { answerBody } from './answer-json.ts';
import { commandContext, commandOptions, readJson } from './request.ts';

export type ListFn = (institute: string, roles: readonly string[], query: Record<string, string>) => unknown[];

export interface StreamRoutesOptions {
  handler: StreamHandler<any>;
  list: ListFn;
  /** Where the routes are mounted, e.g. `/api/v1/cycles` (for Location headers and the OpenAPI paths). */
  basePath: string;
  /** Resolves once the read models include `position`, so a list right after a write shows it. */
  afterWrite?: (position: bigint) => Promise<void>;
  metrics?: Metrics;
  openapi?: { registry: OpenApiRegistry; tag: string; views: StreamViews };
}

/** The answers of a stream type as zod schemas, for the OpenAPI description. */
export interface StreamViews {
  /** One stream's answer (`GET …/{id}`), named: `.meta({ id: 'Cycle' })`. */
  view: z.ZodObject;
  /** One item of the list, named (`CycleSummary`). */
  summary: z.ZodType;
  /** The list's filters (`?kind=&phase=`). */
  listQuery?: z.ZodType;
}

const ID = /^[A-Za-z0-9._:-]{1,100}$/;
/** The Content-Type c.json sets, for answers written by answerBody. */
const JSON_TYPE = { 'Content-Type': 'application/json' };

export function streamRoutes(options: StreamRoutesOptions): Hono<{ Variables: AuthVariables }> {
  const { handler, list, basePath, afterWrite = async () => {}, metrics } = options;
  const app = new Hono<{ Variables: AuthVariables }>();
  const label = handler.def.label;
  const idOf = (raw: string) => {
    if (!ID.test(raw)) throw new NotFoundError(streamName(handler.def, raw.slice(0, 100)));
    return raw;
  };
  const measured = <T>(type: string, run: () => Promise<T>) => (metrics ? metrics.command(type, run) : run());

  app.post('/', async (c) => {
    const body = await readJson(c);
    const result = await measured(handler.def.start.command, () => handler.start(commandContext(c), body, commandOptions(c, body)));
    await afterWrite(result.position);
    c.header('Location', `${basePath}/${result.view.id as string}`);
    c.header('ETag', `"${result.view.revision}"`);
    return c.json({ ...result.view, newEvents: result.newEvents }, 201);
  });

  app.get('/', (c) => {
    handler.assertReader(c.get('actor').roles);
    return c.json({ items: list(c.get('institute'), c.get('actor').roles, c.req.query()) });
  });

  app.get('/:id', async (c) => {
    const view = await handler.get(commandContext(c), idOf(c.req.param('id')));
    c.header('ETag', `"${view.revision}"`);
    return c.json(view);
  });

  app.get('/:id/events', async (c) => {
    return c.json({ items: await handler.events(commandContext(c), idOf(c.req.param('id'))) });
  });

  app.post('/:id/commands', async (c) => {
    const id = idOf(c.req.param('id'));
    const body = await readJson(c);
    // Only known command types become metric labels: a client must not be able to mint new series.
    const sent = (body as { type?: unknown } | null)?.type;
    const type = typeof sent === 'string' && Object.hasOwn(handler.def.commands, sent) ? sent : 'unknown';
    const result = await measured(type, () => handler.execute(commandContext(c), id, body, commandOptions(c, body)));
    await afterWrite(result.position);
    c.header('ETag', `"${result.view.revision}"`);
    return c.body(answerBody(result.view, handler.def.fixedItems, { newEvents: result.newEvents }), 200, JSON_TYPE);
  });

  if (options.openapi) {
    const { registry, tag, views } = options.openapi;
    const path = basePath;
    const name = z.globalRegistry.get(views.view)?.id ?? label;
    const plural = basePath.slice(basePath.lastIndexOf('/') + 1);
    const answer = withNewEvents(views.view, `${name}WithNewEvents`);
    const list = z.object({ items: z.array(views.summary) }).meta({ id: `${name}List` });
    const etag = ['ETag'] as const;
    const conflict = { '409': 'If-Match is verouderd: `currentRevision` noemt de huidige revisie' };
    registry.add(
      {
        method: 'post', path, tag, operationId: lowerFirst(handler.def.start.command), summary: `Nieuw: ${handler.def.start.command}`, roles: handler.def.start.roles,
        body: handler.def.start.schema, headers: ['Idempotency-Key'],
        responses: {
          '201': { description: `Aangemaakt, met newEvents`, schema: answer, headers: ['Location', 'ETag'] },
          '422': 'Idempotency-Key al gebruikt met een andere body, of een regel over de inhoud',
        },
      },
      {
        method: 'get', path, tag, operationId: `list${upperFirst(plural)}`, summary: `Alle ${plural} van het instituut, te filteren`, roles: handler.def.readRoles,
        ...(views.listQuery ? { query: views.listQuery } : {}),
        responses: { '200': { description: `{items: ${name}Summary[]}`, schema: list } },
      },
      {
        method: 'get', path: `${path}/{id}`, tag, operationId: `get${name}`, summary: `Eén ${label}, met revisie en toegestane opdrachten (allowed)`, roles: handler.def.readRoles,
        responses: { '200': { description: `De ${label}; ETag: de revisie`, schema: views.view, headers: etag } },
      },
      {
        method: 'get', path: `${path}/{id}/events`, tag, operationId: `list${name}Events`, summary: `Het audittrail: elk event van deze ${label}`, roles: handler.def.readRoles,
        responses: { '200': { description: '{items: EventRecord[]}', schema: EventList } },
      },
      {
        method: 'post', path: `${path}/{id}/commands`, tag, operationId: `send${name}Command`, summary: `Een opdracht aan een ${label}: {type, ...payload}`,
        description: 'Bij elke opdracht staan de rollen die haar mogen sturen; `allowed` in elk antwoord noemt wat u nu mag sturen.',
        body: commandsSchema(handler.def), headers: ['If-Match', 'Idempotency-Key'],
        responses: {
          '200': { description: `Na de opdracht, met newEvents; ETag: de revisie`, schema: answer, headers: etag },
          ...conflict,
          '422': 'Niet toegestaan in deze fase (allowed[]), een regel over de inhoud, of een Idempotency-Key al gebruikt met een andere body',
        },
      },
    );
  }
  return app;
}

const lowerFirst = (word: string) => word[0]!.toLowerCase() + word.slice(1);
const upperFirst = (word: string) => word[0]!.toUpperCase() + word.slice(1);
