/** The OpenAPI description of the routes the composition root serves itself (operations). */
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
];
