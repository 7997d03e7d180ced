/** What a service hands the composition root; the server only mounts modules. */
import { Hono } from 'hono';
import type { z } from 'zod';
import type { DeadlineRule, Projection, Reactor, StreamDefinition, StreamHandler } from '@gearbox/kernel';
import type { AuthVariables } from './auth.ts';
import type { Metrics } from './observability.ts';
import { API_BASE, type OpenApiRegistry, type RouteDoc } from './openapi.ts';
import { streamRoutes, type ListFn, type StreamViews } from './stream-routes.ts';


export interface ServiceModule {
  name: string;
  /** With definition, handler and list: the generic stream routes at `/api/v1{basePath}`. */
  basePath?: string;
  definition?: StreamDefinition<any>;
  handler?: StreamHandler<any>;
  list?: ListFn;
  /** The stream routes' answers and list filters, for the OpenAPI description. */
  views?: StreamViews;
  projections?: Projection[];
  reactors?: Reactor[];
  deadlineRules?: DeadlineRule[];
  /** Who a deadline of this module's stream is about, as these roles may see it (the deadline list); undefined when they may not. */
  deadlineName?: (institute: string, id: string, roles: readonly string[]) => string | undefined;
  /** The people this module keeps personal data of (their name as sealed, so under their subject), for the admin's "Persoon vergeten". */
  people?: (institute: string) => PersonRef[];
  /** Extra routes, mounted under `/api/v1` before the stream routes (so `/api/v1/x/summary` is not an id). */
  routes?: Hono<any>;
  eventSchemas?: Record<string, z.ZodType>;
  openapi?: RouteDoc[];
  /** Fills the demo institute; idempotent. */
  seed?: (...args: never[]) => Promise<unknown>;
}

/** A person a module knows: `kind` in Dutch (opleider, docent, eigenaar), `name` as stored (sealed under the person's subject). */
export interface PersonRef {
  kind: string;
  name: unknown;
}

export interface MountDeps {
  /** The module's routes and event schemas are described here. */
  registry: OpenApiRegistry;
  /** Resolves once the read models include a write, so a list right after it shows it. */
  afterWrite?: (position: bigint) => Promise<void>;
  metrics?: Metrics;
}

/**
 * A module as one sub-app to mount at API_BASE: its own routes first (so `/opleiders/leoh/summary`
 * is not taken for an opleider's id), then the generic stream routes at its base path. Every route
 * of a module lies under its own base path, so modules never shadow each other. Its description
 * and event schemas go into the registry as they are mounted.
 */
export function moduleRoutes(m: ServiceModule, deps: MountDeps): Hono<{ Variables: AuthVariables }> {
  const app = new Hono<{ Variables: AuthVariables }>();
  if (m.routes) app.route('/', m.routes);
  if (m.eventSchemas) deps.registry.addEvents(m.eventSchemas);
  if (m.openapi) deps.registry.add(...m.openapi);
  if (m.basePath && m.handler && m.list) {
    const openapi = m.views ? { openapi: { registry: deps.registry, tag: m.basePath.slice(1), views: m.views } } : {};
    const optional = { ...(deps.afterWrite ? { afterWrite: deps.afterWrite } : {}), ...(deps.metrics ? { metrics: deps.metrics } : {}) };
    app.route(m.basePath, streamRoutes({ handler: m.handler, list: m.list, basePath: `${API_BASE}${m.basePath}`, ...optional, ...openapi }));
  }
  return app;
}
