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

/**
 * `KpiDefined` as the store holds it: events from before `goalId` was required lack it (a KPI then
 * belonged to the goal its id starts with). The published event schema (`/api/v1/schemas/KpiDefined`)
 * is this one, so that every stored event fits it; new commands still need `goalId` (DefineKpi).
 */
export const KpiDefinedData = DefineKpi.extend({ goalId: id.optional().describe('ontbreekt in KPI’s van vóór goalId verplicht werd') });

export const PlanActivity = z.object({ activityId: id, title: text(300), owner: text(200), due: isoDate }).strict();
export const CompleteActivity = z.object({ activityId: id, note: text(4000).optional() }).strict();
export const WaiveActivity = z.object({ activityId: id, reason: text(2000) }).strict();

export const EVIDENCE_KINDS = ['document', 'survey', 'visit-report', 'minutes', 'dataset', 'other'] as const;
export const criterionCode = z.string().regex(/^[A-Z]{2,5}-[0-9]{1,3}[a-z]?$/, { error: says('een GEAR-criteriumcode zoals CUR-1', 'a GEAR criterion code such as CUR-1') });
/** A tag on evidence: lower-case words joined by hyphens, as the GEAR mapping names them (`academisch-niveau`). */
export const evidenceTag = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, { error: says('kleine letters en cijfers, woorden met - verbonden, zoals academisch-niveau', 'lower-case letters and digits, words joined by -, such as academisch-niveau') }).max(50);
export const AddEvidence = z
  .object({
    evidenceId: id,
    title: text(300),
    kind: z.enum(EVIDENCE_KINDS),
    effectiveAt: isoDate.optional(),
    uri: z.url().max(2000).optional(),
    sha256: z.string().regex(/^[a-f0-9]{64}$/, '64 lowercase hex digits').optional(),
    documentId: id.optional().describe('Een geüpload document (POST /api/v1/documents); de server vult dan sha256 in'),
    criteria: z.array(criterionCode).max(50).optional(),
    summary: text(4000).optional(),
    /** Words the GEAR mapping turns into criteria (`academisch-niveau`), besides `criteria`. */
    tags: z.array(evidenceTag).min(1).max(10).optional(),
  })
  .strict();

/** `n`: the respondents (or units) the value is taken over; other institutes see the value only from five on (docs/sharing.md). */
export const RecordMeasurement = z
  .object({ kpiId: id, value: z.number().finite(), source: text(200), measuredAt: isoDate, n: z.number().int().min(1).max(1_000_000).optional() })
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

/**
 * The days of a named period: a year, a half year, a quarter or a month (`2026`, `2026-H1`,
 * `2026-Q3`, `2026-05`), as LEOH evaluations name theirs; undefined for any other text.
 */
export function daysOfPeriod(period: string): { from: string; to: string } | undefined {
  const m = /^([0-9]{4})(?:-(?:H([12])|Q([1-4])|(0[1-9]|1[0-2])))?$/.exec(period);
  if (!m) return undefined;
  const year = Number(m[1]);
  const [first, last] = m[2] ? [Number(m[2]) * 6 - 5, Number(m[2]) * 6] : m[3] ? [Number(m[3]) * 3 - 2, Number(m[3]) * 3] : m[4] ? [Number(m[4]), Number(m[4])] : [1, 12];
  const day = (month: number, d: number) => `${m[1]}-${String(month).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  return { from: day(first, 1), to: day(last, new Date(Date.UTC(year, last, 0)).getUTCDate()) };
}

export type StartCycleData = z.infer<typeof StartCycle>;
