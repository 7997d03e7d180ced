/**
 * Onderwijsprogramma's as a module: `/api/programmas` (register, list, one, trail, commands) and
 * `POST /api/programmas/:id/feedback/:roundId/evidence`, which puts a feedback round into a
 * curriculum cycle as evidence through the cycle's own command path.
 */
import { Hono } from 'hono';
import {
  CommandNotAllowedError,
  NotFoundError,
  StreamHandler,
  StreamIndex,
  ValidationError,
  zodErrors,
  type Cycle,
  type IndexedStream,
  type KernelDeps,
} from '@gearbox/kernel';
import { commandContext, eventSchemasOf, readJson, requireRole, type AuthVariables, type ServiceModule } from '@gearbox/http';
import { z } from 'zod';
import { programmaDefinition, QUALITY, TOO_FEW, type Programma } from './definition.ts';
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

const ListQuery = z.object({ status: z.enum(['actief', 'beeindigd']).optional() }).strict();

function summary(s: IndexedStream): ProgrammaSummary {
  const c = s.snapshot.context as ProgrammaContext;
  return {
    id: s.id, title: c.title, year: c.year ?? null, status: s.snapshot.value === 'beeindigd' ? 'beeindigd' : 'actief',
    rounds: c.rounds.length, reviews: c.reviews.length, revisions: c.revisions.length, revision: s.revision,
  };
}

export function curriculumModule(kernel: KernelDeps, cycles: StreamHandler<Cycle>): ServiceModule & { handler: StreamHandler<Programma> } {
  const handler = new StreamHandler(programmaDefinition, kernel);
  const index = new StreamIndex(programmaDefinition, summary);
  const routes = new Hono<{ Variables: AuthVariables }>();

  routes.post('/programmas/:id/feedback/:roundId/evidence', async (c) => {
    const ctx = commandContext(c);
    requireRole(ctx.actor, QUALITY, 'add evidence to a cycle');
    const parsed = FeedbackEvidenceRequest.safeParse(await readJson(c));
    if (!parsed.success) throw new ValidationError(zodErrors(parsed.error));
    const programma = await handler.get(ctx, c.req.param('id'));
    const raw = programma.rounds.find((r) => r.roundId === c.req.param('roundId'));
    if (!raw) throw new NotFoundError(`feedback round ${c.req.param('roundId')}`);
    const cycle = await cycles.get(ctx, parsed.data.cycleId);
    if (cycle.kind !== 'curriculum') {
      throw new CommandNotAllowedError('AddEvidence', cycle.allowed, `cycle ${cycle.id} is a ${cycle.kind} cycle; programme feedback belongs to a curriculum cycle.`);
    }
    const round = raw;
    const figures = raw.scores === null ? `n = ${raw.n}: ${TOO_FEW}` : `n = ${raw.n}; gemiddeld ${raw.mean} (${Object.entries(raw.scores).map(([k, v]) => `${k} ${v}`).join(', ')})`;
    const result = await cycles.execute(ctx, cycle.id, {
      type: 'AddEvidence',
      evidenceId: `programma-${programma.id}-${round.roundId}`.slice(0, 100),
      title: `Feedback ${round.group} op ${programma.title} (${round.date})`.slice(0, 300),
      kind: 'survey',
      effectiveAt: round.date,
      criteria: parsed.data.criteria ?? ['CUR-2'],
      summary: `${figures}${raw.summary ? ` — ${raw.summary}` : ''}`.slice(0, 4000),
    });
    return c.json({ ...result.view, newEvents: result.newEvents });
  });

  return {
    name: 'curriculum',
    basePath: '/programmas',
    definition: programmaDefinition,
    handler,
    list: (institute, _roles, query) => {
      const parsed = ListQuery.safeParse(query);
      if (!parsed.success) throw new ValidationError(zodErrors(parsed.error, 'query'));
      return index.list(institute, (p) => !parsed.data.status || p.status === parsed.data.status);
    },
    projections: [index],
    routes,
    eventSchemas: eventSchemasOf(programmaDefinition),
    openapi: [
      {
        method: 'post', path: '/api/programmas/{id}/feedback/{roundId}/evidence', tag: 'curriculum',
        summary: 'Add a feedback round as evidence (kind survey) to a curriculum cycle; groups under 5 respondents show no figures',
        roles: QUALITY, body: FeedbackEvidenceRequest,
        responses: { '200': 'The cycle after AddEvidence, with newEvents', '404': 'Unknown programme, round or cycle', '422': 'Not a curriculum cycle, or the cycle does not take evidence now' },
      },
    ],
  };
}
