/**
 * Onderwijsprogramma's as a module: `/api/v1/programmas` (register, list, one, trail, commands) and
 * `POST /api/v1/programmas/:id/feedback/:roundId/evidence`, which puts a feedback round into a
 * curriculum cycle as evidence through the cycle's own command path.
 */
import { Hono } from 'hono';
import { NotFoundError, StreamHandler, StreamIndex, ValidationError, zodErrors, type IndexedStream, type KernelDeps, text } from '@gearbox/kernel';
import { addEvidence, CycleWithNewEvents, type Cycle } from '@gearbox/cycles';
import { commandContext, commandOptions, eventSchemasOf, readJson, requireRole, type AuthVariables, type ServiceModule } from '@gearbox/http';
import { z } from 'zod';
import { programmaDefinition, QUALITY, type Programma } from './definition.ts';
import { feedbackSource } from './evidence.ts';
import type { ProgrammaContext } from './machine.ts';
import { FeedbackEvidenceRequest } from './schemas.ts';
import { ProgrammaSchema, ProgrammaSummarySchema } from './views.ts';

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
    requireRole(ctx.actor, QUALITY, text('bewijs aan een cyclus toevoegen', 'add evidence to a cycle'));
    const body = await readJson(c);
    const parsed = FeedbackEvidenceRequest.safeParse(body);
    if (!parsed.success) throw new ValidationError(zodErrors(parsed.error));
    const [id, roundId] = [c.req.param('id'), c.req.param('roundId')];
    if (!ID.test(id)) throw new NotFoundError(`onderwijsprogramma ${id.slice(0, 100)}`);
    const programma = await handler.get(ctx, id);
    const round = programma.rounds.find((r) => r.roundId === roundId);
    if (!round) throw new NotFoundError(text(`feedbackronde ${roundId.slice(0, 100)}`, `feedback round ${roundId.slice(0, 100)}`));
    const source = feedbackSource(programma, round, new URL(c.req.url).origin);
    // If-Match and Idempotency-Key apply to the cycle, the stream this request writes to.
    const { cycle } = await addEvidence(cycles, ctx, parsed.data, source, commandOptions(c, body));
    c.header('ETag', `"${cycle.revision}"`);
    return c.json(cycle);
  });

  return {
    name: 'curriculum',
    basePath: '/programmas',
    definition: programmaDefinition,
    handler,
    index,
    views: { view: ProgrammaSchema, summary: ProgrammaSummarySchema, listQuery: ProgrammaListQuery },
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
        method: 'post', path: '/api/v1/programmas/{id}/feedback/{roundId}/evidence', tag: 'programmas', operationId: 'addFeedbackRoundEvidence',
        summary:
          'Een feedbackronde als bewijs (AddEvidence, soort survey, effectiveAt de datum van de ronde, criteria standaard CUR-2, uri naar het event van de ronde) aan een curriculumcyclus toevoegen. ' +
          'De samenvatting geeft n en gemiddelde scores; een groep onder 5 respondenten toont alleen n en "te weinig respons". If-Match en Idempotency-Key gaan over de cyclus. ' +
          'Dezelfde ronde nog eens naar dezelfde cyclus geeft de cyclus zoals hij is en voegt niets toe (een herhaling maakt af wat een mislukte liet liggen).',
        roles: QUALITY, body: FeedbackEvidenceRequest, headers: ['If-Match', 'Idempotency-Key'],
        responses: {
          '200': {
            description: 'De cyclus na AddEvidence, met newEvents (het bewijs-event van de ronde, ook als een eerder verzoek het toevoegde); ETag: de revisie van de cyclus',
            schema: CycleWithNewEvents,
            headers: ['ETag'],
          },
          '404': 'Onbekend programma, onbekende ronde of cyclus (ook: van een ander instituut)',
          '409': 'If-Match is verouderd voor de cyclus',
          '422': 'Geen curriculumcyclus, de cyclus neemt nu geen bewijs aan, een ander bewijsstuk heeft dit evidenceId, of een Idempotency-Key al gebruikt met een andere body',
        },
      },
    ],
  };
}
