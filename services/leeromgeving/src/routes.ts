/**
 * HTTP routes of leerplekken beyond the five of `streamRoutes` (`/api/leerplekken`): the safe-climate
 * figures and the visits, and sending them to the leeromgeving cycle as evidence (the climate also
 * as a KPI measurement). Authentication and problem+json come from the server.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { ForbiddenError, ValidationError, zodErrors, type Actor, type Cycle, type StreamHandler } from '@gearbox/kernel';
import { addBezoekEvidence, addKlimaatEvidence, BezoekEvidenceRequest, FiguresQuery, KlimaatEvidenceRequest, parseRequest } from './evidence.ts';
import { bezoekFigures, klimaatFigures, listLeerplekken, type LeerplekIndex } from './read-models.ts';
import { LEERPLEK_KINDS } from './schemas.ts';

export type AuthVariables = { institute: string; actor: Actor; correlationId?: string };

export interface LeerplekkenRouteDeps {
  index: LeerplekIndex;
  cycles: StreamHandler<Cycle>;
}

const READERS = ['kwaliteitsmedewerker', 'mt', 'auditor'] as const;
const WRITERS = ['kwaliteitsmedewerker', 'mt'] as const;

function requireRole(actor: Actor, roles: readonly string[], what: string): void {
  if (!actor.roles.some((r) => roles.includes(r))) throw new ForbiddenError(`Your roles may not ${what}; it needs one of: ${roles.join(', ')}.`);
}

async function json(c: { req: { json(): Promise<unknown> } }): Promise<unknown> {
  try {
    return await c.req.json();
  } catch {
    throw new ValidationError([{ path: '(body)', message: 'a JSON body' }], 'The body is not JSON.');
  }
}

const ListQuery = z.object({ kind: z.enum(LEERPLEK_KINDS).optional(), status: z.enum(['actief', 'geschorst']).optional() }).strict();

/** The list of leerplekken for `streamRoutes`: filtered by kind or status. */
export function leerplekList(deps: LeerplekkenRouteDeps) {
  return (institute: string, roles: readonly string[], values: Record<string, string>) => {
    const parsed = ListQuery.safeParse(values);
    if (!parsed.success) throw new ValidationError(zodErrors(parsed.error));
    return listLeerplekken(deps.index, institute, roles, parsed.data);
  };
}

/** Routes under `/api`: mount with `app.route('/api', leerplekkenRoutes(deps))`. */
export function leerplekkenRoutes(deps: LeerplekkenRouteDeps) {
  const app = new Hono<{ Variables: AuthVariables }>();
  const ctxOf = (c: { get(k: 'institute'): string; get(k: 'actor'): Actor; get(k: 'correlationId'): string | undefined }) => ({
    institute: c.get('institute'),
    actor: c.get('actor'),
    correlationId: c.get('correlationId') ?? crypto.randomUUID(),
  });

  app.get('/leerplekken/klimaat/summary', (c) => {
    requireRole(c.get('actor'), READERS, 'read the climate figures');
    const q = parseRequest(FiguresQuery, c.req.query());
    return c.json(klimaatFigures(deps.index, c.get('institute'), q.from, q.to, q.source));
  });

  app.post('/leerplekken/klimaat/evidence', async (c) => {
    requireRole(c.get('actor'), WRITERS, 'add evidence to a cycle');
    const request = parseRequest(KlimaatEvidenceRequest, await json(c));
    const figures = klimaatFigures(deps.index, c.get('institute'), request.from, request.to, request.source);
    return c.json(await addKlimaatEvidence(deps.cycles, ctxOf(c), request, figures));
  });

  app.get('/leerplekken/bezoeken/summary', (c) => {
    requireRole(c.get('actor'), READERS, 'read the visit figures');
    const q = parseRequest(FiguresQuery, c.req.query());
    return c.json(bezoekFigures(deps.index, c.get('institute'), q.from, q.to));
  });

  app.post('/leerplekken/bezoeken/evidence', async (c) => {
    requireRole(c.get('actor'), WRITERS, 'add evidence to a cycle');
    const request = parseRequest(BezoekEvidenceRequest, await json(c));
    const figures = bezoekFigures(deps.index, c.get('institute'), request.from, request.to);
    return c.json(await addBezoekEvidence(deps.cycles, ctxOf(c), request, figures));
  });

  return app;
}
