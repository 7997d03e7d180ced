/** The answers of `/api/v1/signalen` as zod schemas, for the OpenAPI description. */
import { z } from 'zod';
import { instant, viewStamp, type Matches } from '@gearbox/http';
import { isoDate } from '@gearbox/kernel';
import type { Signaal } from './definition.ts';
import type { SignaalSummary } from './module.ts';
import { SEVERITIES, SIGNAAL_KINDS, SIGNAAL_STATUSES } from './schemas.ts';

const STAFF_ONLY = 'alleen voor kwaliteitsmedewerker en mt';

export const SignaalSchema = z
  .object({
    id: z.string(),
    subjectId: z.string().describe('Onder dit id zijn de teksten versleuteld; DELETE /api/v1/subjects/<subjectId> vergeet ze'),
    kind: z.enum(SIGNAAL_KINDS),
    title: z.string(),
    receivedOn: isoDate,
    summary: z.string().optional().describe(`[vergeten] zodra het signaal is vergeten; ${STAFF_ONLY}`),
    registeredAt: instant,
    status: z.enum(SIGNAAL_STATUSES),
    severity: z.enum(SEVERITIES).optional(),
    owner: z.string().optional().describe(STAFF_ONLY),
    triagedAt: instant.optional(),
    followUps: z.array(z.object({ text: z.string().optional().describe(STAFF_ONLY), actionRef: z.string().optional(), at: instant })),
    closed: z.object({ outcome: z.string().optional().describe(STAFF_ONLY), at: instant }).optional(),
    definitionVersion: z.number().int(),
    ...viewStamp,
  })
  .meta({ id: 'Signaal' });

export const SignaalSummarySchema = z
  .object({
    id: z.string(),
    kind: z.enum(SIGNAAL_KINDS),
    title: z.string(),
    receivedOn: isoDate,
    status: z.enum(SIGNAAL_STATUSES),
    severity: z.enum(SEVERITIES).nullable(),
    followUps: z.number().int(),
    revision: z.number().int(),
  })
  .meta({ id: 'SignaalSummary' });

true satisfies Matches<typeof SignaalSchema, Signaal & { revision: number; allowed: string[] }>;
true satisfies Matches<typeof SignaalSummarySchema, SignaalSummary>;
