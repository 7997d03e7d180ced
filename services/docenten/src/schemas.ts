/**
 * Commands of a docent (BRIEF.md, the docenten cycle: feedback of aios on each teaching day or
 * programme, 360-degree feedback before the jaargesprek, intervisie, scholing).
 */
import { z } from 'zod';
import { identifier, isoDate, offScale, says } from '@gearbox/kernel';

export const id = identifier;
export const text = (max: number) => z.string().trim().min(1).max(max);
const itemCode = z.string().min(1).max(40).regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, { error: says('een itemcode: letters, cijfers, _ en -', 'an item code: letters, digits, _ and -') });

export const DOCENT_ROLES = ['huisartsdocent', 'gedragswetenschapper', 'expertdocent', 'stafdocent'] as const;

/** Filled in by the server from the docent's stream; a value sent by a client is replaced. */
const subjectId = z.string().min(1).max(200).optional().describe('set by the server; any value sent is replaced');

export const RegisterDocent = z
  .object({ name: text(200), role: z.enum(DOCENT_ROLES), email: z.email().max(254).optional() })
  .strict();

const Scale = z
  .object({ min: z.number().int().min(0).max(100), max: z.number().int().min(1).max(100) })
  .strict()
  .refine((s) => s.min < s.max, { error: says('min moet kleiner zijn dan max', 'min must be below max'), path: ['max'] });

/**
 * Aggregated scores from an evaluation tool: the number of aios who answered and the mean per
 * item, on the scale given (default 1–10, the Dutch report mark).
 */
const scored = <T extends z.ZodRawShape>(shape: T) =>
  z
    .object({
      ...shape,
      n: z.number().int().min(1).max(100_000),
      scale: Scale.default({ min: 1, max: 10 }),
      scores: z.record(itemCode, z.number().finite()).refine((s) => Object.keys(s).length > 0 && Object.keys(s).length <= 100, {
        error: says('één tot honderd itemscores', 'one to a hundred item scores'),
      }),
    })
    .strict()
    .superRefine((raw, ctx) => {
      const p = raw as unknown as { scale: { min: number; max: number }; scores: Record<string, number> };
      for (const [item, score] of Object.entries(p.scores)) {
        if (score < p.scale.min || score > p.scale.max) {
          ctx.addIssue(offScale(['scores', item], p.scale));
        }
      }
    });

export const RecordAiosFeedback = scored({
  feedbackId: id,
  date: isoDate,
  /** The teaching day or programme, such as `terugkomdag-2026-03-12` or an onderwijsprogramma id. */
  programme: text(200),
});

export const SOURCES_360 = ['aios', 'collega', 'opleider', 'leidinggevende', 'zelf'] as const;
export const StartFeedbackRound = z
  .object({ roundId: id, year: z.number().int().min(2000).max(2100), sources: z.array(z.enum(SOURCES_360)).min(1).max(5), due: isoDate })
  .strict();
/** `date`: the day the feedback was given (not in the future); default the day it is recorded. */
export const Record360Feedback = scored({ roundId: id, source: z.enum(SOURCES_360), date: isoDate.optional() });
export const CloseFeedbackRound = z.object({ roundId: id }).strict();
/** Internal: sent by the deadline scheduler the day after an open round's `due`. */
export const MarkFeedbackRoundOverdue = z.object({ roundId: id, due: isoDate }).strict();

export const RecordJaargesprek = z
  .object({ year: z.number().int().min(2000).max(2100), date: isoDate, agreements: z.array(text(1000)).max(50), summary: text(4000).optional(), subjectId })
  .strict();

export const RecordScholing = z
  .object({ scholingId: id, title: text(300), hours: z.number().positive().max(1000), date: isoDate, provider: text(200).optional() })
  .strict();

/** A peer visit: the docent visited (or was visited by) colleagues. */
export const RecordIntervisie = z
  .object({ intervisieId: id, date: isoDate, peers: z.array(id).max(20), theme: text(300).optional() })
  .strict();

export const DeregisterDocent = z.object({ reason: text(2000), subjectId }).strict();
