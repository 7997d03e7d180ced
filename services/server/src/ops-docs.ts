/** The OpenAPI description of the routes the composition root serves itself (operations, schemas). */
import { z } from 'zod';
import type { RouteDoc } from '@gearbox/http';

const text = (description: string, contentType: string) => ({ description, schema: z.string(), contentType });
const jsonDocument = z.record(z.string(), z.unknown());

export const opsDocs: RouteDoc[] = [
  {
    method: 'get', path: '/healthz', tag: 'operations', operationId: 'getHealth', summary: 'Leeft het proces: het antwoordt',
    responses: { '200': { description: 'Het leeft', schema: z.object({ status: z.literal('ok') }).meta({ id: 'Health' }) } },
  },
  {
    method: 'get', path: '/readyz', tag: 'operations', operationId: 'getReadiness', summary: 'Gereed: de event store antwoordt en de leesmodellen zijn bij',
    responses: {
      '200': { description: 'Gereed', schema: z.object({ status: z.literal('ready'), position: z.string() }).meta({ id: 'Readiness' }) },
      '503': 'Niet gereed (store onbereikbaar of leesmodellen nog aan het inlezen)',
    },
  },
  {
    method: 'get', path: '/metrics', tag: 'operations', operationId: 'getMetrics', summary: 'Prometheus-metrieken: verzoeken per route en status, opdrachten per type en uitkomst, duur van opdrachten',
    responses: { '200': text('Prometheus-tekstformaat', 'text/plain') },
  },
  {
    method: 'get', path: '/openapi.json', tag: 'operations', operationId: 'getOpenApi', summary: 'Deze beschrijving (OpenAPI 3.1)',
    responses: { '200': { description: 'Het OpenAPI-document', schema: jsonDocument } },
  },
  {
    method: 'get', path: '/api/v1/schemas', tag: 'schemas', operationId: 'listEventSchemas', summary: 'Elk eventtype met een link naar zijn JSON Schema',
    responses: { '200': { description: 'De eventtypen', schema: z.object({ items: z.array(z.object({ type: z.string(), href: z.string() })) }).meta({ id: 'EventTypeList' }) } },
  },
  {
    method: 'get', path: '/api/v1/schemas/{type}', tag: 'schemas', operationId: 'getEventSchema', summary: 'Het JSON Schema (draft 2020-12) van de data van één eventtype',
    responses: { '200': { description: 'JSON Schema', schema: jsonDocument }, '404': 'Onbekend eventtype' },
  },
];
