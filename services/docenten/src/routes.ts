/**
 * HTTP routes of docenten beyond the five of `streamRoutes` (`/api/v1/docenten`): the aggregate the
 * docenten cycle uses, and sending it to that cycle as evidence (and a KPI measurement).
 * Authentication and problem+json come from the server; handlers read `institute` and `actor`.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { commandContext, commandOptions, readJson, readQuery, requireRole, type AuthVariables, type RouteDoc } from '@gearbox/http';
import { validated, type KeyStore, type StreamHandler, text } from '@gearbox/kernel';
import { addEvidence, type Cycle } from '@gearbox/cycles';
import { AggregateQuery, DocentenEvidenceRequest, docentenSource } from './evidence.ts';
import { docentenAggregate, listDocenten, type DocentIndex } from './read-models.ts';
import { DOCENT_ROLES } from './schemas.ts';
import { DocentenAggregateSchema, DocentenEvidenceAdded } from './views.ts';

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
    requireRole(c.get('actor'), READERS, text('het docentenoverzicht lezen', 'read the docenten aggregate'));
    const { from, to } = readQuery(c, AggregateQuery);
    return c.json(docentenAggregate(deps.index, c.get('institute'), from, to));
  });

  app.post('/docenten/aggregate/evidence', async (c) => {
    requireRole(c.get('actor'), WRITERS, text('bewijs aan een cyclus toevoegen', 'add evidence to a cycle'));
    const body = await readJson(c);
    const request = validated(DocentenEvidenceRequest, body);
    const aggregate = docentenAggregate(deps.index, c.get('institute'), request.from, request.to);
    return c.json(await addEvidence(deps.cycles, commandContext(c), request, docentenSource(request, aggregate), commandOptions(c, body)));
  });

  return app;
}

/** The OpenAPI description of these routes (the five stream routes are described by streamRoutes). */
export function docentenOpenApi(): RouteDoc[] {
  return [
    { method: 'get', path: '/api/v1/docenten/aggregate/summary', tag: 'docenten', operationId: 'getDocentenAggregate', summary: 'Feedback van aios, 360-gradenrondes, jaargesprekken, scholing en intervisie over een periode; groepen onder 5 aios als "te weinig respons"', roles: READERS, query: AggregateQuery, responses: { '200': { description: 'Het overzicht', schema: DocentenAggregateSchema } } },
    { method: 'post', path: '/api/v1/docenten/aggregate/evidence', tag: 'docenten', operationId: 'addDocentenEvidence', summary: 'Het overzicht als bewijs (en een KPI-meting) aan een docentencyclus toevoegen', roles: WRITERS, body: DocentenEvidenceRequest, headers: ['If-Match', 'Idempotency-Key'], responses: { '200': { description: 'De cyclus met het nieuwe bewijs', schema: DocentenEvidenceAdded }, '404': 'Onbekende cyclus', '409': 'If-Match is verouderd', '422': 'Geen docentencyclus, onbekende KPI, geen cijfer, of geweigerd door de cyclus' } },
  ];
}
