/**
 * HTTP routes of leerplekken beyond the five of `streamRoutes` (`/api/v1/leerplekken`): the safe-climate
 * figures and the visits, and sending them to the leeromgeving cycle as evidence (the climate also
 * as a KPI measurement). Authentication and problem+json come from the server.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { commandContext, commandOptions, readJson, readQuery, requireRole, type AuthVariables, type RouteDoc } from '@gearbox/http';
import { validated, type StreamHandler, text } from '@gearbox/kernel';
import { addEvidence, type Cycle } from '@gearbox/cycles';
import { BezoekEvidenceRequest, bezoekSource, FiguresQuery, KlimaatEvidenceRequest, klimaatSource } from './evidence.ts';
import { bezoekFigures, klimaatFigures, listLeerplekken, type LeerplekIndex } from './read-models.ts';
import { LEERPLEK_KINDS } from './schemas.ts';
import { BezoekEvidenceAdded, BezoekFiguresSchema, KlimaatEvidenceAdded, KlimaatFiguresSchema } from './views.ts';

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
    requireRole(c.get('actor'), READERS, text('de klimaatcijfers lezen', 'read the climate figures'));
    const q = readQuery(c, FiguresQuery);
    return c.json(klimaatFigures(deps.index, c.get('institute'), q.from, q.to, q.source));
  });

  app.post('/leerplekken/klimaat/evidence', async (c) => {
    requireRole(c.get('actor'), WRITERS, text('bewijs aan een cyclus toevoegen', 'add evidence to a cycle'));
    const body = await readJson(c);
    const request = validated(KlimaatEvidenceRequest, body);
    const figures = klimaatFigures(deps.index, c.get('institute'), request.from, request.to, request.source);
    return c.json(await addEvidence(deps.cycles, commandContext(c), request, klimaatSource(request, figures), commandOptions(c, body)));
  });

  app.get('/leerplekken/bezoeken/summary', (c) => {
    requireRole(c.get('actor'), READERS, text('de bezoekcijfers lezen', 'read the visit figures'));
    const q = readQuery(c, FiguresQuery);
    return c.json(bezoekFigures(deps.index, c.get('institute'), q.from, q.to));
  });

  app.post('/leerplekken/bezoeken/evidence', async (c) => {
    requireRole(c.get('actor'), WRITERS, text('bewijs aan een cyclus toevoegen', 'add evidence to a cycle'));
    const body = await readJson(c);
    const request = validated(BezoekEvidenceRequest, body);
    const figures = bezoekFigures(deps.index, c.get('institute'), request.from, request.to);
    return c.json(await addEvidence(deps.cycles, commandContext(c), request, bezoekSource(request, figures), commandOptions(c, body)));
  });

  return app;
}

/** The OpenAPI description of these routes (the five stream routes are described by streamRoutes). */
export function leerplekkenOpenApi(): RouteDoc[] {
  const tag = 'leerplekken';
  const headers = ['If-Match', 'Idempotency-Key'] as const;
  return [
    { method: 'get', path: '/api/v1/leerplekken/klimaat/summary', tag, operationId: 'getKlimaatFigures', summary: 'Aandeel aios dat het klimaat veilig vindt, gewogen naar respondenten; onder 5 respondenten "te weinig respons"', roles: READERS, query: FiguresQuery, responses: { '200': { description: 'De cijfers, ook per bron', schema: KlimaatFiguresSchema } } },
    { method: 'post', path: '/api/v1/leerplekken/klimaat/evidence', tag, operationId: 'addKlimaatEvidence', summary: 'De klimaatcijfers als enquêtebewijs (en een KPI-meting) aan een leeromgevingscyclus toevoegen', roles: WRITERS, body: KlimaatEvidenceRequest, headers, responses: { '200': { description: 'De cyclus met het nieuwe bewijs', schema: KlimaatEvidenceAdded }, '404': 'Onbekende cyclus', '409': 'If-Match is verouderd', '422': 'Geen leeromgevingscyclus, onbekende KPI, te weinig respondenten, of geweigerd door de cyclus' } },
    { method: 'get', path: '/api/v1/leerplekken/bezoeken/summary', tag, operationId: 'getBezoekFigures', summary: 'Bezoeken per soort, VGB\'s in de driehoek, geschorste leerplekken', roles: READERS, query: FiguresQuery, responses: { '200': { description: 'De cijfers', schema: BezoekFiguresSchema } } },
    { method: 'post', path: '/api/v1/leerplekken/bezoeken/evidence', tag, operationId: 'addBezoekEvidence', summary: 'De bezoeken en VGB\'s als bezoekverslag aan een leeromgevingscyclus toevoegen', roles: WRITERS, body: BezoekEvidenceRequest, headers, responses: { '200': { description: 'De cyclus met het nieuwe bewijs', schema: BezoekEvidenceAdded }, '404': 'Onbekende cyclus', '409': 'If-Match is verouderd', '422': 'Geen leeromgevingscyclus, of geweigerd door de cyclus' } },
  ];
}
