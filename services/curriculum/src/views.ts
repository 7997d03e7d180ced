/** The answers of `/api/v1/programmas` as zod schemas, for the OpenAPI description. */
import { z } from 'zod';
import { instant, viewStamp, type Matches } from '@gearbox/http';
import { isoDate } from '@gearbox/kernel';
import { TOO_FEW, type Programma } from './definition.ts';
import type { ProgrammaSummary } from './module.ts';

const STATUSES = ['actief', 'beeindigd'] as const;

export const ProgrammaSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    description: z.string().optional(),
    year: z.union([z.literal(1), z.literal(2), z.literal(3)]).optional(),
    coordinator: z.string().optional(),
    registeredAt: instant,
    status: z.enum(STATUSES),
    rounds: z.array(
      z.object({
        roundId: z.string(),
        group: z.enum(['aios', 'docenten', 'opleiders']),
        date: isoDate,
        n: z.number().int(),
        scores: z.record(z.string(), z.number()).nullable().describe('null bij een groep onder 5 respondenten'),
        mean: z.number().nullable(),
        note: z.literal(TOO_FEW).optional(),
        summary: z.string().optional(),
        source: z.object({ eventId: z.string(), revision: z.number().int() }),
      }),
    ),
    reviews: z.array(z.object({ reviewId: z.string(), date: isoDate, conclusions: z.string(), roundIds: z.array(z.string()) })),
    revisions: z.array(z.object({ revisionId: z.string(), summary: z.string(), effectiveFrom: isoDate })),
    retired: z.object({ reason: z.string(), at: instant }).optional(),
    definitionVersion: z.number().int(),
    ...viewStamp,
  })
  .meta({ id: 'Programma' });

export const ProgrammaSummarySchema = z
  .object({
    id: z.string(),
    title: z.string(),
    year: z.number().int().nullable(),
    status: z.enum(STATUSES),
    rounds: z.number().int(),
    reviews: z.number().int(),
    revisions: z.number().int(),
    revision: z.number().int(),
  })
  .meta({ id: 'ProgrammaSummary' });

true satisfies Matches<typeof ProgrammaSchema, Programma & { revision: number; allowed: string[] }>;
true satisfies Matches<typeof ProgrammaSummarySchema, ProgrammaSummary>;
