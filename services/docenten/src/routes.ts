/**
 * HTTP routes of docenten beyond the five of `streamRoutes` (`/api/v1/docenten`): the aggregate the
 * docenten cycle uses, and sending it to that cycle as evidence (and a KPI measurement).
 * Authentication and problem+json come from the server; handlers read `institute` and `actor`.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { commandContext, readJson, readQuery, requireRole, type AuthVariables, type RouteDoc } from '@gearbox/http';
import { validated, type KeyStore, type StreamHandler } from '@gearbox/kernel';
import { type Cycle } from '@gearbox/cycles';
import { AggregateQuery, addDocentenEvidence, DocentenEvidenceRequest } from './evidence.ts';
import { docentenAggregate, listDocenten, type DocentIndex } from './read-models.ts';
import { DOCENT_ROLES } from './schemas.ts';

export interface DocentenRouteDeps {
  index: DocentIndex;
  keys: KeyStore;
  cycles: StreamHandler<Cycle>;
}

const READERS = ['kwaliteitsmedewerker', 'mt', 'auditor'] as const;
const WRITERS = ['kwaliteitsmedewerker', 'mt'] as const;

export const DocentListParams = z.object({ status: z.enum(['actief', 'vertrokken']).optional(), role: z.enum(DOCENT_ROLES).optional() }).strict();

/** The list of docenten for `streamRoutes`: filtered by status or role; names only for staff. */
export function docentList(deps: DocentenRouteDeps) {
  return (institute: string, roles: readonly string[], values: Record<string, string>) => {
    return listDocenten(deps.index, deps.keys, institute, roles, validated(DocentListParams, values, 'query'));
  };
}

/** Routes under `/api/v1`: mount with `app.route('/api/v1', docentenRoutes(deps))`. */
export function docentenRoutes(deps: DocentenRouteDeps) {
  const app = new Hono<{ Variables: AuthVariables }>();

  app.get('/docenten/aggregate/summary', (c) => {
    requireRole(c.get('actor'), READERS, 'read the docenten aggregate');
    const { from, to } = readQuery(c, AggregateQuery);
    return c.json(docentenAggregate(deps.index, c.get('institute'), from, to));
  });

  app.post('/docenten/aggregate/evidence', async (c) => {
    requireRole(c.get('actor'), WRITERS, 'add evidence to a cycle');
    const request = validated(DocentenEvidenceRequest, await readJson(c));
    const aggregate = docentenAggregate(deps.index, c.get('institute'), request.from, request.to);
    return c.json(await addDocentenEvidence(deps.cycles, commandContext(c), request, aggregate));
  });

  return app;
}

/** The OpenAPI description of these routes (the five stream routes are described by streamRoutes). */
export function docentenOpenApi(): RouteDoc[] {
  return [
    { method: 'get', path: '/api/v1/docenten/aggregate/summary', tag: 'Docenten', summary: 'Aios feedback, 360-degree rounds, jaargesprekken, scholing and intervisie over a period; groups under 5 aios as "te weinig respons"', roles: READERS, query: AggregateQuery, responses: { '200': 'The aggregate' } },
    { method: 'post', path: '/api/v1/docenten/aggregate/evidence', tag: 'Docenten', summary: 'Add the aggregate as evidence (and a KPI measurement) to a docenten cycle', roles: WRITERS, body: DocentenEvidenceRequest, responses: { '200': '{cycle, evidence}', '404': 'Unknown cycle', '422': 'Not a docenten cycle, unknown KPI, no figure, or refused by the cycle' } },
  ];
}
