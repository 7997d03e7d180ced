/** The answers of the docenten routes as zod schemas, for the OpenAPI description. */
import { z } from 'zod';
import { instant, viewStamp, type Matches } from '@gearbox/http';
import { isoDate } from '@gearbox/kernel';
import { evidenceAdded } from '@gearbox/cycles';
import type { Docent } from './definition.ts';
import { TOO_FEW, type DocentenAggregate } from './read-models.ts';
import { DOCENT_ROLES } from './schemas.ts';

const STATUSES = ['actief', 'vertrokken'] as const;
const scale = z.object({ min: z.number(), max: z.number() });
const scores = z.record(z.string(), z.number());

export const DocentSchema = z
  .object({
    id: z.string(),
    status: z.enum(STATUSES),
    subjectId: z.string().optional(),
    name: z.string().optional(),
    role: z.string().optional().describe(`Een van ${DOCENT_ROLES.join(', ')}`),
    email: z.string().optional(),
    registeredAt: instant.optional(),
    feedback: z
      .array(z.object({ feedbackId: z.string(), date: isoDate, programme: z.string(), n: z.number().int(), scale, scores, recordedAt: instant }))
      .optional(),
    rounds: z
      .array(
        z.object({
          roundId: z.string(),
          year: z.number().int(),
          sources: z.array(z.string()),
          due: isoDate,
          status: z.enum(['open', 'gesloten']),
          responses: z.array(z.object({ source: z.string(), n: z.number().int(), scale, scores, date: isoDate.describe('De dag waarop de feedback is gegeven'), recordedAt: instant })),
          closedAt: instant.optional(),
          overdue: z.literal(true).optional(),
        }),
      )
      .optional(),
    jaargesprekken: z
      .array(z.object({ year: z.number().int(), date: isoDate, agreements: z.array(z.string()).optional(), summary: z.string().optional(), at: instant }))
      .optional()
      .describe('Wat is afgesproken alleen voor het MT'),
    scholing: z.array(z.object({ scholingId: z.string(), title: z.string(), hours: z.number(), date: isoDate, provider: z.string().optional() })).optional(),
    intervisie: z.array(z.object({ intervisieId: z.string(), date: isoDate, peers: z.array(z.string()), theme: z.string().optional() })).optional(),
    left: z.object({ at: instant, reason: z.string().optional() }).optional(),
    counts: z
      .object({ feedback: z.number().int(), rounds: z.number().int(), jaargesprekken: z.number().int(), scholingHours: z.number(), intervisie: z.number().int() })
      .optional(),
    definitionVersion: z.number().int().optional(),
    ...viewStamp,
  })
  .describe('Wat een rol niet mag zien ontbreekt: een auditor ziet statussen en aantallen')
  .meta({ id: 'Docent' });

export const DocentSummarySchema = z
  .object({
    id: z.string(),
    role: z.string(),
    status: z.enum(STATUSES),
    counts: z.object({ feedback: z.number().int(), jaargesprekken: z.number().int() }),
    revision: z.number().int(),
    name: z.string().optional().describe('Niet voor een auditor'),
  })
  .meta({ id: 'DocentSummary' });

const tooFew = z.literal(TOO_FEW);
const items = z.record(z.string(), z.number()).describe('Per item 0–100 (de plaats op zijn schaal), gewogen naar respondenten');

export const DocentenAggregateSchema = z
  .object({
    from: isoDate,
    to: isoDate,
    docenten: z.number().int(),
    feedback: z.object({
      sessions: z.number().int(),
      respondents: z.union([z.number().int(), tooFew]),
      items: z.union([items, tooFew]),
      overall: z.number().nullable(),
      programmes: z.array(z.object({ programme: z.string(), sessions: z.number().int(), respondents: z.union([z.number().int(), tooFew]), items: items.optional() })),
    }),
    rounds360: z.object({ started: z.number().int(), closed: z.number().int() }),
    jaargesprekken: z.object({ held: z.number().int(), share: z.number().nullable() }),
    scholing: z.object({ courses: z.number().int(), hours: z.number() }),
    intervisie: z.number().int(),
  })
  .meta({ id: 'DocentenAggregate' });

export const DocentenEvidenceAdded = evidenceAdded(DocentenAggregateSchema, 'DocentenEvidenceAdded');

true satisfies Matches<typeof DocentSchema, Docent & { revision: number; allowed: string[] }>;
true satisfies Matches<typeof DocentenAggregateSchema, DocentenAggregate>;
