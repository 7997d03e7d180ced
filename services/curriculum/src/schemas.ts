/** Onderwijsprogramma's (BRIEF.md "curriculum"): registered, evaluated by aios, docenten and opleiders, revised. */
import { z } from 'zod';
import { identifier, isoDate, says } from '@gearbox/kernel';
import { criterionCode } from '@gearbox/cycles';

const id = identifier;
const text = (max: number) => z.string().trim().min(1).max(max);

export const FEEDBACK_GROUPS = ['aios', 'docenten', 'opleiders'] as const;

export const RegisterProgramma = z
  .object({
    title: text(200),
    description: text(4000).optional(),
    /** Opleidingsjaar 1, 2 or 3, or absent for the whole training. */
    year: z.union([z.literal(1), z.literal(2), z.literal(3)]).optional(),
    coordinator: text(200).optional(),
  })
  .strict();

export const RecordFeedbackRound = z
  .object({
    roundId: id,
    group: z.enum(FEEDBACK_GROUPS),
    date: isoDate,
    /** Respondents. */
    n: z.number().int().min(0).max(100_000),
    /** Mean score per item, on a 1–10 scale. */
    scores: z.record(z.string().trim().min(1).max(100), z.number().min(1).max(10)).refine((s) => Object.keys(s).length > 0 && Object.keys(s).length <= 50, { error: says('tussen 1 en 50 items', 'between 1 and 50 items') }),
    summary: text(4000).optional(),
  })
  .strict();

export const ReviewInCommissie = z
  .object({ reviewId: id, date: isoDate, conclusions: text(4000), roundIds: z.array(id).min(1).max(50) })
  .strict();

export const ReviseProgramma = z.object({ revisionId: id, summary: text(4000), effectiveFrom: isoDate }).strict();
export const RetireProgramma = z.object({ reason: text(2000) }).strict();

export const FeedbackEvidenceRequest = z.object({ cycleId: id, criteria: z.array(criterionCode).max(20).optional() }).strict();
