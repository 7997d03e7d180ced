/**
 * HTTP routes of docenten beyond the five of `streamRoutes` (`/api/docenten`): the aggregate the
 * docenten cycle uses, and sending it to that cycle as evidence (and a KPI measurement).
 * Authentication and problem+json come from the server; handlers read `institute` and `actor`.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { ForbiddenError, ValidationError, zodErrors, type Actor, type Cycle, type KeyStore, type StreamHandler } from '@gearbox/kernel';
import { AggregateQuery, addDocentenEvidence, DocentenEvidenceRequest, parseRequest } from './evidence.ts';
import { docentenAggregate, listDocenten, type DocentIndex } from './read-models.ts';
import { DOCENT_ROLES } from './schemas.ts';

export type AuthVariables = { institute: string; actor: Actor; correlationId?: string };

export interface DocentenRouteDeps {
  index: DocentIndex;
  keys: KeyStore;
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

const ListQuery = z.object({ status: z.enum(['actief', 'vertrokken']).optional(), role: z.enum(DOCENT_ROLES).optional() }).strict();

/** The list of docenten for `streamRoutes`: filtered by status or role; names only for staff. */
export function docentList(deps: DocentenRouteDeps) {
  return (institute: string, roles: readonly string[], values: Record<string, string>) => {
    const parsed = ListQuery.safeParse(values);
    if (!parsed.success) throw new ValidationError(zodErrors(parsed.error));
    return listDocenten(deps.index, deps.keys, institute, roles, parsed.data);
  };
}

/** Routes under `/api`: mount with `app.route('/api', docentenRoutes(deps))`. */
export function docentenRoutes(deps: DocentenRouteDeps) {
  const app = new Hono<{ Variables: AuthVariables }>();

  app.get('/docenten/aggregate/summary', (c) => {
    requireRole(c.get('actor'), READERS, 'read the docenten aggregate');
    const { from, to } = parseRequest(AggregateQuery, c.req.query());
    return c.json(docentenAggregate(deps.index, c.get('institute'), from, to));
  });

  app.post('/docenten/aggregate/evidence', async (c) => {
    requireRole(c.get('actor'), WRITERS, 'add evidence to a cycle');
    const request = parseRequest(DocentenEvidenceRequest, await json(c));
    const aggregate = docentenAggregate(deps.index, c.get('institute'), request.from, request.to);
    const ctx = { institute: c.get('institute'), actor: c.get('actor'), correlationId: c.get('correlationId') ?? crypto.randomUUID() };
    return c.json(await addDocentenEvidence(deps.cycles, ctx, request, aggregate));
  });

  return app;
}
