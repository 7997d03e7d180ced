/**
 * Commands of an opleider (API.md "Opleiders: trainer quality"). The zod schemas are the single
 * source for validation, the event data and the OpenAPI description.
 */
import { z } from 'zod';
import { identifier, isoDate, pseudonym, says } from '@gearbox/kernel';
import { daysOfPeriod } from '@gearbox/cycles';

export const id = identifier;
export const text = (max: number) => z.string().trim().min(1).max(max);

/** A LEOH item code such as `veiligheid` or `L07`. */
export const itemCode = z.string().min(1).max(40).regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, { error: says('een itemcode: letters, cijfers, _ en -', 'an item code: letters, digits, _ and -') });

/**
 * The period an evaluation belongs to: a year, a half year, a quarter or a month
 * (`2026`, `2026-H1`, `2026-Q3`, `2026-05`). The summary selects `2026` as every period in 2026.
 */
export const period = z
  .string()
  .regex(/^[0-9]{4}(-(H[12]|Q[1-4]|0[1-9]|1[0-2]))?$/, { error: says('een periode zoals 2026, 2026-H1, 2026-Q3 of 2026-05', 'a period such as 2026, 2026-H1, 2026-Q3 or 2026-05') });

/** A pseudonymous reference to the aios, never a name: no spaces, at most 64 characters. */
export const respondent = pseudonym;

/** Scores per item; the scale and the known items come from the institute setting (checked on send). */
export const scores = z
  .record(itemCode, z.number().finite())
  .refine((s) => Object.keys(s).length > 0, { error: says('minstens één itemscore', 'at least one item score') })
  .refine((s) => Object.keys(s).length <= 200, { error: says('hoogstens 200 items', 'at most 200 items') });

/** Filled in by the server from the opleider's stream; a value sent by a client is replaced. */
const subjectId = z.string().min(1).max(200).optional().describe('set by the server; any value sent is replaced');

export const RegisterOpleider = z
  .object({ name: text(200), practice: text(200), email: z.email().max(254).optional() })
  .strict();

export const ScheduleStartvisitatie = z.object({ date: isoDate }).strict();

export const STAGES = ['telefonisch', 'bezoek'] as const;
export const OUTCOMES = ['positief', 'voorwaarden', 'negatief'] as const;
/** `date`: the day of the call or the visit, not in the future; default the day it is recorded. */
export const RecordStartvisitatie = z
  .object({ stage: z.enum(STAGES), outcome: z.enum(OUTCOMES), reportEvidenceId: id.optional(), date: isoDate.optional(), visitor: text(200).optional() })
  .strict();

export const Recognise = z.object({ until: isoDate }).strict();

/**
 * The day an evaluation was filled in: not in the future (decider.ts), not before its period began;
 * default the day it is recorded. The dossier counts it on that day, or on the last day of its
 * period when it was filled in later (an evaluation of 2026-H1 filled in on 3 July belongs to June).
 */
const filledIn = isoDate.optional().describe('de dag waarop de evaluatie is ingevuld; standaard de dag van vastleggen');
/** A period that is no period is refused by its own field; this rule then has nothing to say. */
const notBeforePeriod = (p: { period: string; date?: string }) => p.date === undefined || p.date >= (daysOfPeriod(p.period)?.from ?? p.date);
const beforePeriod = { path: ['date'], error: says('ligt vóór het begin van de periode', 'is before the period begins') };

export const RecordLeoh = z.object({ evaluationId: id, period, respondent, scores, date: filledIn }).strict().refine(notBeforePeriod, beforePeriod);

/** The opleider's own LEOH, to lay beside the aios' list in their talk. */
export const RecordZelfevaluatie = z
  .object({ evaluationId: id, period, respondent: respondent.optional(), scores, date: filledIn })
  .strict()
  .refine(notBeforePeriod, beforePeriod);

export const RecordFunctioneringsgesprek = z
  .object({ date: isoDate, summary: text(4000), agreements: z.array(text(1000)).max(50), subjectId })
  .strict();

export const ReferToCmo = z.object({ reason: text(4000), subjectId }).strict();

export const CMO_DECISIONS = ['geen-actie', 'monitoring', 'ondersteuningstraject'] as const;
export const DecideCmo = z.object({ decision: z.enum(CMO_DECISIONS), rationale: text(4000), subjectId }).strict();

export const TRAJECT_OUTCOMES = ['verbeterd', 'afscheid'] as const;
export const CloseCmoTraject = z.object({ outcome: z.enum(TRAJECT_OUTCOMES), rationale: text(4000), subjectId }).strict();

export const EndTraining = z.object({ reason: text(2000), subjectId }).strict();

/** Internal: the LEOH reactor sends this when a crucial item scored below the threshold. */
export const RaiseLeohSignal = z
  .object({
    evaluationId: id,
    period,
    items: z.array(z.object({ item: itemCode, score: z.number().finite() }).strict()).min(1),
    threshold: z.number().finite(),
  })
  .strict();

/** Internal: the scheduler sends this three months before the recognition lapses. */
export const RemindErkenning = z.object({ until: isoDate }).strict();

/** Internal: the scheduler sends this the day after the recognition's last day. */
export const LapseErkenning = z.object({ until: isoDate }).strict();

export type Out<T extends z.ZodType> = z.output<T>;
