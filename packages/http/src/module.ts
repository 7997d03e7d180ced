/** What a service hands the composition root; the server only mounts modules. */
import type { Hono } from 'hono';
import type { z } from 'zod';
import type { DeadlineRule, Projection, Reactor, StreamDefinition, StreamHandler } from '@gearbox/kernel';
import type { RouteDoc } from './openapi.ts';
import type { ListFn, StreamViews } from './stream-routes.ts';

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
  /** Extra routes, mounted under `/api/v1` before the stream routes (so `/api/v1/x/summary` is not an id). */
  routes?: Hono<any>;
  eventSchemas?: Record<string, z.ZodType>;
  openapi?: RouteDoc[];
  /** Fills the demo institute; idempotent. */
  seed?: (...args: never[]) => Promise<unknown>;
}
