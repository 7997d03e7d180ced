/**
 * HTTP routes of leerplekken beyond the five of `streamRoutes` (`/api/v1/leerplekken`): the safe-climate
 * figures and the visits, and sending them to the leeromgeving cycle as evidence (the climate also
 * as a KPI measurement). Authentication and problem+json come from the server.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { commandContext, readJson, readQuery, requireRole, type AuthVariables, type RouteDoc } from '@gearbox/http';
import { validated, type StreamHandler } from '@gearbox/kernel';
import { type Cycle } from '@gearbox/cycles';
import { addBezoekEvidence, addKlimaatEvidence, BezoekEvidenceRequest, FiguresQuery, KlimaatEvidenceRequest } from './evidence.ts';
import { bezoekFigures, klimaatFigures, listLeerplekken, type LeerplekIndex } from './read-models.ts';
import { LEERPLEK_KINDS } from './schemas.ts';

export interface LeerplekkenRouteDeps {
  index: LeerplekIndex;
  cycles: StreamHandler<Cycle>;
}

const READERS = ['kwaliteitsmedewerker', 'mt', 'auditor'] as const;
const WRITERS = ['kwaliteitsmedewerker', 'mt'] as const;

export const LeerplekListParams = z.object({ kind: z.enum(LEERPLEK_KINDS).optional(), status: z.enum(['actief', 'geschorst']).optional() }).strict();

/** The list of leerplekken for `streamRoutes`: filtered by kind or status. */
export function leerplekList(deps: LeerplekkenRouteDeps) {
  return (institute: string, roles: readonly string[], values: Record<string, string>) => {
    return listLeerplekken(deps.index, institute, roles, validated(LeerplekListParams, values, 'query'));
  };
}

/** Routes under `/api/v1`: mount with `app.route('/api/v1', leerplekkenRoutes(deps))`. */
export function leerplekkenRoutes(deps: LeerplekkenRouteDeps) {
  const app = new Hono<{ Variables: AuthVariables }>();

  app.get('/leerplekken/klimaat/summary', (c) => {
    requireRole(c.get('actor'), READERS, 'read the climate figures');
    const q = readQuery(c, FiguresQuery);
    return c.json(klimaatFigures(deps.index, c.get('institute'), q.from, q.to, q.source));
  });

  app.post('/leerplekken/klimaat/evidence', async (c) => {
    requireRole(c.get('actor'), WRITERS, 'add evidence to a cycle');
    const request = validated(KlimaatEvidenceRequest, await readJson(c));
    const figures = klimaatFigures(deps.index, c.get('institute'), request.from, request.to, request.source);
    return c.json(await addKlimaatEvidence(deps.cycles, commandContext(c), request, figures));
  });

  app.get('/leerplekken/bezoeken/summary', (c) => {
    requireRole(c.get('actor'), READERS, 'read the visit figures');
    const q = readQuery(c, FiguresQuery);
    return c.json(bezoekFigures(deps.index, c.get('institute'), q.from, q.to));
  });

  app.post('/leerplekken/bezoeken/evidence', async (c) => {
    requireRole(c.get('actor'), WRITERS, 'add evidence to a cycle');
    const request = validated(BezoekEvidenceRequest, await readJson(c));
    const figures = bezoekFigures(deps.index, c.get('institute'), request.from, request.to);
    return c.json(await addBezoekEvidence(deps.cycles, commandContext(c), request, figures));
  });

  return app;
}

/** The OpenAPI description of these routes (the five stream routes are described by streamRoutes). */
export function leerplekkenOpenApi(): RouteDoc[] {
  const tag = 'Leerplekken';
  return [
    { method: 'get', path: '/api/v1/leerplekken/klimaat/summary', tag, summary: 'Share of aios who find the climate safe, weighted by respondents; under 5 respondents "te weinig respons"', roles: READERS, query: FiguresQuery, responses: { '200': 'The figures, also per source' } },
    { method: 'post', path: '/api/v1/leerplekken/klimaat/evidence', tag, summary: 'Add the climate figures as survey evidence (and a KPI measurement) to a leeromgeving cycle', roles: WRITERS, body: KlimaatEvidenceRequest, responses: { '200': '{cycle, evidence}', '404': 'Unknown cycle', '422': 'Not a leeromgeving cycle, unknown KPI, too few respondents, or refused by the cycle' } },
    { method: 'get', path: '/api/v1/leerplekken/bezoeken/summary', tag, summary: 'Visits per kind, VGBs in the triangle, suspended leerplekken', roles: READERS, query: FiguresQuery, responses: { '200': 'The figures' } },
    { method: 'post', path: '/api/v1/leerplekken/bezoeken/evidence', tag, summary: 'Add the visits and VGBs as visit-report evidence to a leeromgeving cycle', roles: WRITERS, body: BezoekEvidenceRequest, responses: { '200': '{cycle, evidence}', '404': 'Unknown cycle', '422': 'Not a leeromgeving cycle, or refused by the cycle' } },
  ];
}
