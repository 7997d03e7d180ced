/** The OpenAPI description of the routes the composition root serves itself (operations, schemas). */
import { z } from 'zod';
import type { RouteDoc } from '@gearbox/http';

const text = (description: string, contentType: string) => ({ description, schema: z.string(), contentType });

export const opsDocs: RouteDoc[] = [
  { method: 'get', path: '/healthz', tag: 'operations', summary: 'Liveness: the process answers', responses: { '200': { description: 'Alive', schema: z.object({ status: z.literal('ok') }) } } },
  {
    method: 'get', path: '/readyz', tag: 'operations', summary: 'Readiness: the event store answers and the read models have caught up',
    responses: { '200': { description: 'Ready', schema: z.object({ status: z.literal('ready'), position: z.string() }) }, '503': 'Not ready (store unreachable or still replaying)' },
  },
  { method: 'get', path: '/metrics', tag: 'operations', summary: 'Prometheus metrics: requests by route and status, commands by type and outcome, command latency', responses: { '200': text('Prometheus text format', 'text/plain') } },
  { method: 'get', path: '/openapi.json', tag: 'operations', summary: 'This description (OpenAPI 3.1)', responses: { '200': 'OpenAPI document' } },
  { method: 'get', path: '/docs', tag: 'operations', summary: 'This description as a readable page', responses: { '200': text('HTML page', 'text/html') } },
  {
    method: 'get', path: '/api/v1/schemas', tag: 'schemas', summary: 'Every event type with a link to its JSON Schema',
    responses: { '200': { description: 'The event types', schema: z.object({ items: z.array(z.object({ type: z.string(), href: z.string() })) }) } },
  },
  {
    method: 'get', path: '/api/v1/schemas/{type}', tag: 'schemas', summary: 'The JSON Schema (draft 2020-12) of one event type\'s data',
    responses: { '200': 'JSON Schema', '404': 'Unknown event type' },
  },
];
