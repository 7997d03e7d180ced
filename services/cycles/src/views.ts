/** The answers of `/api/v1/cycles` as zod schemas (API.md `Cycle`, `CycleSummary`), for the OpenAPI description. */
import { z } from 'zod';
import { instant, viewStamp, withNewEvents, type Matches } from '@gearbox/http';
import { isoDate } from '@gearbox/kernel';
import type { Cycle } from './definition.ts';
import { PROGRESS } from './kpi.ts';
import type { CycleSummary } from './module.ts';
import { AddEvidence, ASSESSMENTS, AUDIENCES, CYCLE_KINDS, EVIDENCE_KINDS } from './schemas.ts';

export const PHASES = ['plan', 'do', 'check', 'act', 'closed', 'cancelled'] as const;

const period = z.object({ from: isoDate, to: isoDate });

/** A KPI's starting point and goal, as every answer that shows a KPI gives them. */
export const kpiBaseline = z.object({ value: z.number(), source: z.string(), year: z.number().int() });
export const kpiTarget = z.object({ value: z.number(), by: isoDate });
/** The target as it was set: absolute, or a change in percent against the baseline. */
export const kpiTargetAsSet = z.union([kpiTarget, z.object({ changePercent: z.number(), by: isoDate })]);
export const kpiMeasured = z.object({ value: z.number(), measuredAt: isoDate, source: z.string() });
export const kpiProgress = z
  .enum(PROGRESS)
  .describe('gehaald: de laatste meting haalt de streefwaarde; op-koers: op of voor de rechte lijn van nulmeting naar streefwaarde; onbekend: niet gemeten');

const action = z.object({
  actionId: z.string(),
  findingId: z.string(),
  title: z.string(),
  owner: z.string(),
  due: isoDate,
  status: z.enum(['open', 'completed']),
  overdue: z.boolean(),
  result: z.string().optional(),
  fromCycleId: z.string().optional(),
});

export const CycleSchema = z
  .object({
    id: z.string(),
    kind: z.enum(CYCLE_KINDS),
    title: z.string(),
    period,
    scope: z.string().nullable(),
    phase: z.enum(PHASES),
    definitionVersion: z.number().int(),
    startedAt: instant,
    closedAt: instant.optional(),
    cancelled: z.object({ reason: z.string(), at: instant }).optional(),
    goals: z.array(z.object({ goalId: z.string(), title: z.string(), description: z.string().optional() })),
    kpis: z.array(
      z.object({
        kpiId: z.string(),
        goalId: z.string().nullable().describe('null: gedefinieerd voordat een KPI bij een doel hoorde'),
        name: z.string(),
        unit: z.string(),
        nationalCode: z.string().optional(),
        baseline: kpiBaseline,
        target: kpiTargetAsSet,
        targetValue: z.number().describe('De streefwaarde als getal; bij changePercent berekend op de nulmeting, op 2 decimalen'),
        measurements: z.array(z.object({ value: z.number(), source: z.string(), measuredAt: isoDate, recordedAt: instant })),
        explanation: z.string().optional(),
        latest: kpiMeasured.nullable().describe('De meting met de laatste measuredAt'),
        progress: kpiProgress,
      }),
    ),
    activities: z.array(
      z.object({
        activityId: z.string(),
        title: z.string(),
        owner: z.string(),
        due: isoDate,
        status: z.enum(['open', 'completed', 'waived']),
        overdue: z.boolean(),
        note: z.string().optional(),
        reason: z.string().optional(),
        completedAt: instant.optional(),
      }),
    ),
    evidence: z.array(
      z.object({
        evidenceId: z.string(),
        title: z.string(),
        kind: z.string().describe(`Een van ${EVIDENCE_KINDS.join(', ')}`),
        effectiveAt: isoDate,
        uri: z.string().optional(),
        sha256: z.string().optional(),
        documentId: z.string().optional().describe('Het gekoppelde document: GET /api/v1/documents/{documentId}'),
        criteria: z.array(z.string()),
        tags: z.array(z.string()).optional().describe('Thema-labels, zoals academisch-niveau: tellen mee voor de criteria die de mapping het label geeft'),
        summary: z.string().optional(),
        source: z.object({ eventId: z.string(), revision: z.number().int() }),
      }),
    ),
    findings: z.array(
      z.object({
        findingId: z.string(),
        title: z.string(),
        assessment: z.enum(ASSESSMENTS),
        evidenceIds: z.array(z.string()),
        acceptance: z.object({ rationale: z.string(), by: z.string(), at: instant }).optional(),
      }),
    ),
    reviews: z.array(z.object({ reviewId: z.string(), body: z.string(), date: isoDate, minutesEvidenceId: z.string().optional() })),
    actions: z.array(action),
    communications: z.array(z.object({ audience: z.array(z.string().describe(`Een van ${AUDIENCES.join(', ')}`)), channel: z.string(), summary: z.string(), at: instant })),
    carriedOver: z.array(action),
    managementReview: z.object({ nextDue: isoDate, overdue: z.array(isoDate) }).nullable().describe('Organisatiecycli: de managementreview, elk half jaar'),
    ...viewStamp,
  })
  .meta({ id: 'Cycle' });

export const CycleSummarySchema = z
  .object({ id: z.string(), kind: z.enum(CYCLE_KINDS), title: z.string(), period, scope: z.string().nullable(), phase: z.enum(PHASES), revision: z.number().int(), startedAt: instant })
  .meta({ id: 'CycleSummary' });

true satisfies Matches<typeof CycleSchema, Cycle & { revision: number; allowed: string[] }>;
true satisfies Matches<typeof CycleSummarySchema, CycleSummary>;

export const DeadlineSchema = z
  .object({
    id: z.string(),
    what: z.string().describe('activity, action, management-review, erkenning, …'),
    label: z.string(),
    due: isoDate,
    overdue: z.boolean(),
    cycleId: z.string().optional(),
    opleiderId: z.string().optional(),
    docentId: z.string().optional(),
    name: z.string().optional().describe('Over wie de termijn gaat (een opleider), als de rol die naam mag zien'),
    href: z.string().describe('De stroom waar de termijn bij hoort'),
  })
  .meta({ id: 'Deadline' });

export const DeadlineList = z.object({ items: z.array(DeadlineSchema) }).meta({ id: 'DeadlineList' });

export const CycleWithNewEvents = withNewEvents(CycleSchema, 'CycleWithNewEvents');

/**
 * The answer of a route that adds a source's figures as evidence to a cycle (evidence.ts): the
 * cycle after it with the workflow's events, and the evidence with the figures it rests on.
 */
export const evidenceAdded = (content: z.ZodType, id: string) =>
  z.object({ cycle: CycleWithNewEvents, evidence: AddEvidence.extend({ sha256: z.string(), content }) }).meta({ id });
