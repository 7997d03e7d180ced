/**
 * Onderwijsprogramma's as a module: `/api/v1/programmas` (register, list, one, trail, commands) and
 * `POST /api/v1/programmas/:id/feedback/:roundId/evidence`, which puts a feedback round into a
 * curriculum cycle as evidence through the cycle's own command path.
 */
import { Hono } from 'hono';
import { CommandNotAllowedError, NotFoundError, StreamHandler, StreamIndex, ValidationError, zodErrors, type IndexedStream, type KernelDeps } from '@gearbox/kernel';
import { type Cycle } from '@gearbox/cycles';
import { commandContext, commandOptions, eventSchemasOf, readJson, requireRole, type AuthVariables, type ServiceModule } from '@gearbox/http';
import { z } from 'zod';
import { programmaDefinition, QUALITY, type Programma } from './definition.ts';
import { feedbackEvidence } from './evidence.ts';
import type { ProgrammaContext } from './machine.ts';
import { FeedbackEvidenceRequest } from './schemas.ts';

export interface ProgrammaSummary {
  id: string;
  title: string;
  year: number | null;
  status: 'actief' | 'beeindigd';
  rounds: number;
  reviews: number;
  revisions: number;
  revision: number;
}

const ID = /^[A-Za-z0-9._:-]{1,100}$/;
export const ProgrammaListQuery = z.object({ status: z.enum(['actief', 'beeindigd']).optional() }).strict();

export function programmaSummary(s: IndexedStream): ProgrammaSummary {
  const c = s.snapshot.context as ProgrammaContext;
  return {
    id: s.id, title: c.title, year: c.year ?? null, status: s.snapshot.value === 'beeindigd' ? 'beeindigd' : 'actief',
    rounds: c.rounds.length, reviews: c.reviews.length, revisions: c.revisions.length, revision: s.revision,
  };
}

/** The programme list, folded from the store (and rebuilt from it). */
export const programmaIndex = () => new StreamIndex(programmaDefinition, programmaSummary);

export function curriculumModule(kernel: KernelDeps, cycles: StreamHandler<Cycle>): ServiceModule & { handler: StreamHandler<Programma>; index: StreamIndex<ProgrammaSummary> } {
  const handler = new StreamHandler(programmaDefinition, kernel);
  const index = programmaIndex();
  const routes = new Hono<{ Variables: AuthVariables }>();

  routes.post('/programmas/:id/feedback/:roundId/evidence', async (c) => {
    const ctx = commandContext(c);
    requireRole(ctx.actor, QUALITY, 'add evidence to a cycle');
    const body = await readJson(c);
    const parsed = FeedbackEvidenceRequest.safeParse(body);
    if (!parsed.success) throw new ValidationError(zodErrors(parsed.error));
    const [id, roundId] = [c.req.param('id'), c.req.param('roundId')];
    if (!ID.test(id)) throw new NotFoundError(`onderwijsprogramma ${id.slice(0, 100)}`);
    const programma = await handler.get(ctx, id);
    const round = programma.rounds.find((r) => r.roundId === roundId);
    if (!round) throw new NotFoundError(`feedback round ${roundId.slice(0, 100)}`);
    const cycle = await cycles.get(ctx, parsed.data.cycleId);
    if (cycle.kind !== 'curriculum') {
      throw new CommandNotAllowedError('AddEvidence', cycle.allowed, `cycle ${cycle.id} is a ${cycle.kind} cycle; programme feedback belongs to a curriculum cycle.`);
    }
    const evidence = feedbackEvidence(programma, round, new URL(c.req.url).origin, parsed.data.criteria);
    // If-Match and Idempotency-Key apply to the cycle, the stream this request writes to.
    const result = await cycles.execute(ctx, cycle.id, { type: 'AddEvidence', ...evidence }, commandOptions(c, body));
    c.header('ETag', `"${result.view.revision}"`);
    return c.json({ ...result.view, newEvents: result.newEvents });
  });

  return {
    name: 'curriculum',
    basePath: '/programmas',
    definition: programmaDefinition,
    handler,
    index,
    list: (institute, _roles, query) => {
      const parsed = ProgrammaListQuery.safeParse(query);
      if (!parsed.success) throw new ValidationError(zodErrors(parsed.error, 'query'));
      return index.list(institute, (p) => !parsed.data.status || p.status === parsed.data.status);
    },
    projections: [index],
    routes,
    eventSchemas: eventSchemasOf(programmaDefinition),
    openapi: [
      {
        method: 'post', path: '/api/v1/programmas/{id}/feedback/{roundId}/evidence', tag: 'curriculum',
        summary:
          'Add a feedback round as evidence (AddEvidence, kind survey, effectiveAt the round\'s date, criteria default CUR-2, uri to the round\'s event) to a curriculum cycle. ' +
          'The summary gives n and mean scores; a group under 5 respondents shows only n and "te weinig respons". If-Match and Idempotency-Key refer to the cycle.',
        roles: QUALITY, body: FeedbackEvidenceRequest,
        responses: {
          '200': 'The cycle after AddEvidence, with newEvents',
          '404': 'Unknown programme, round or cycle (also: another institute)',
          '409': 'If-Match is stale for the cycle',
          '422': 'Not a curriculum cycle, the cycle does not take evidence now, the round is already attached, or an Idempotency-Key reused with another body',
        },
      },
    ],
  };
}
