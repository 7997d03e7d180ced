/**
 * Commands of the PDCA cycle (API.md "Quality cycles"). The zod schemas are the single source
 * for validation, the event data and the OpenAPI description.
 */
import { z } from 'zod';
import { Empty, identifier, isoDate, isoInstant, orderedPeriod, Period, says } from '@gearbox/kernel';

export { Empty, isoDate, isoInstant, orderedPeriod, Period };

export const CYCLE_KINDS = ['opleiders', 'docenten', 'leeromgeving', 'curriculum', 'organisatie'] as const;
export type CycleKind = (typeof CYCLE_KINDS)[number];

const id = identifier;
const text = (max: number) => z.string().trim().min(1).max(max);

export const StartCycle = z
  .object({
    kind: z.enum(CYCLE_KINDS),
    title: text(200),
    period: Period,
    scope: text(200).nullish().transform((s) => s ?? null),
  })
  .strict();

export const SetGoal = z.object({ goalId: id, title: text(300), description: text(4000).optional() }).strict();

/** A KPI's target: an absolute value, or a change in percent against the baseline (+20 on 70% is 84%). */
const kpiTarget = z.union(
  [
    z.object({ value: z.number().finite(), by: isoDate }).strict(),
    z.object({ changePercent: z.number().finite().min(-100).max(10_000), by: isoDate }).strict(),
  ],
  {
    error: says(
      'een streefwaarde is óf {value, by} óf {changePercent, by}: precies één van value en changePercent, met een datum by',
      'a target is either {value, by} or {changePercent, by}: exactly one of value and changePercent, with a date by',
    ),
  },
);

export const DefineKpi = z
  .object({
    kpiId: id,
    goalId: id,
    name: text(300),
    unit: text(50),
    nationalCode: text(50).optional(),
    baseline: z.object({ value: z.number().finite(), source: text(200), year: z.number().int().min(1900).max(2200) }).strict(),
    target: kpiTarget,
  })
  .strict();

export const PlanActivity = z.object({ activityId: id, title: text(300), owner: text(200), due: isoDate }).strict();
export const CompleteActivity = z.object({ activityId: id, note: text(4000).optional() }).strict();
export const WaiveActivity = z.object({ activityId: id, reason: text(2000) }).strict();

export const EVIDENCE_KINDS = ['document', 'survey', 'visit-report', 'minutes', 'dataset', 'other'] as const;
export const criterionCode = z.string().regex(/^[A-Z]{2,5}-[0-9]{1,3}[a-z]?$/, { error: says('een GEAR-criteriumcode zoals CUR-1', 'a GEAR criterion code such as CUR-1') });
export const AddEvidence = z
  .object({
    evidenceId: id,
    title: text(300),
    kind: z.enum(EVIDENCE_KINDS),
    effectiveAt: isoDate.optional(),
    uri: z.url().max(2000).optional(),
    sha256: z.string().regex(/^[a-f0-9]{64}$/, '64 lowercase hex digits').optional(),
    criteria: z.array(criterionCode).max(50).optional(),
    summary: text(4000).optional(),
  })
  .strict();

export const RecordMeasurement = z
  .object({ kpiId: id, value: z.number().finite(), source: text(200), measuredAt: isoDate })
  .strict();

export const ASSESSMENTS = ['voldoet', 'deels', 'voldoet-niet'] as const;
export const RecordFinding = z
  .object({ findingId: id, title: text(300), assessment: z.enum(ASSESSMENTS), evidenceIds: z.array(id).max(100) })
  .strict();
export const HoldReview = z
  .object({ reviewId: id, body: text(100), date: isoDate, minutesEvidenceId: id.optional() })
  .strict();
export const ExplainKpi = z.object({ kpiId: id, reason: text(2000) }).strict();

export const DecideAction = z
  .object({ actionId: id, findingId: id, title: text(300), owner: text(200), due: isoDate })
  .strict();
export const AcceptFinding = z.object({ findingId: id, rationale: text(4000) }).strict();
export const CompleteAction = z.object({ actionId: id, result: text(4000) }).strict();
export const AUDIENCES = ['aios', 'opleiders', 'docenten', 'staf', 'bestuur'] as const;
export const CommunicateOutcome = z
  .object({ audience: z.array(z.enum(AUDIENCES)).min(1).max(5), channel: text(200), summary: text(4000) })
  .strict();
export const CancelCycle = z.object({ reason: text(2000) }).strict();

/** Internal: the scheduler and reactors send these. */
export const MarkActivityOverdue = z.object({ activityId: id, due: isoDate }).strict();
export const MarkActionOverdue = z.object({ actionId: id, due: isoDate }).strict();
export const MarkManagementReviewOverdue = z.object({ due: isoDate }).strict();
export const CarriedAction = z
  .object({ fromCycleId: z.string(), actionId: id, findingId: id, title: text(300), owner: text(200), due: isoDate })
  .strict();
export const CarryOverActions = z.object({ fromCycleId: z.string(), actions: z.array(CarriedAction).min(1) }).strict();

export type StartCycleData = z.infer<typeof StartCycle>;
