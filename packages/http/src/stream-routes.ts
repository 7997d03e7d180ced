/**
 * The five routes every stream type has (API.md: cycles, opleiders, leerplekken, docenten,
 * programma's): register, list, one, audit trail, commands — one implementation for all of them.
 */
import { Hono } from 'hono';
import { NotFoundError, type StreamHandler } from '@gearbox/kernel';
import type { AuthVariables } from './auth.ts';
import type { Metrics } from './observability.ts';
import { commandsSchema, type OpenApiRegistry } from './openapi.ts';
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
  openapi?: { registry: OpenApiRegistry; tag: string; noun: string; list?: import('zod').ZodType };
}

const ID = /^[A-Za-z0-9._:-]{1,100}$/;

export function streamRoutes(options: StreamRoutesOptions): Hono<{ Variables: AuthVariables }> {
  const { handler, list, basePath, afterWrite = async () => {}, metrics } = options;
  const app = new Hono<{ Variables: AuthVariables }>();
  const label = handler.def.label;
  const idOf = (raw: string) => {
    if (!ID.test(raw)) throw new NotFoundError(`${label} ${raw.slice(0, 100)}`);
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
    return c.json({ ...result.view, newEvents: result.newEvents });
  });

  if (options.openapi) {
    const { registry, tag, noun } = options.openapi;
    const path = basePath;
    const roles = (spec: { roles: readonly string[] }) => spec.roles;
    registry.add(
      {
        method: 'post', path, tag, summary: `Register a ${noun} (${handler.def.start.command})`, roles: roles(handler.def.start),
        body: handler.def.start.schema,
        responses: { '201': `The new ${noun}, with newEvents; Location header`, '422': 'Idempotency-Key reused with another body' },
      },
      {
        method: 'get', path, tag, summary: `List ${noun}s`, roles: handler.def.readRoles,
        ...(options.openapi.list ? { query: options.openapi.list } : {}),
        responses: { '200': `{items: ${noun} summaries}` },
      },
      { method: 'get', path: `${path}/{id}`, tag, summary: `One ${noun} with revision and allowed commands`, roles: handler.def.readRoles, responses: { '200': `The ${noun}`, '404': 'Unknown id (also: another institute)' } },
      { method: 'get', path: `${path}/{id}/events`, tag, summary: `The audit trail of a ${noun}`, roles: handler.def.readRoles, responses: { '200': '{items: EventRecord[]}', '404': 'Unknown id' } },
      {
        method: 'post', path: `${path}/{id}/commands`, tag, summary: `Send a command to a ${noun}: {type, ...payload}`,
        description: 'The roles that may send a command are listed with each command; `allowed` in every answer lists what this caller may send now.',
        body: commandsSchema(handler.def),
        responses: {
          '200': `The ${noun} after the command, with newEvents`,
          '404': 'Unknown id (also: another institute)',
          '409': 'If-Match is stale: currentRevision',
          '422': 'Not allowed in this phase (allowed[]), a payload rule, or an Idempotency-Key reused with another body',
        },
      },
    );
  }
  return app;
}
