/**
 * Commands of a leerplek (BRIEF.md, the leeromgeving cycle: training practices and internship
 * sites, their opleiders and stageopleiders, visits, the safe learning climate, VGB in the triangle).
 */
import { z } from 'zod';
import { identifier, isoDate, pseudonym } from '@gearbox/kernel';

export const id = identifier;
export const text = (max: number) => z.string().trim().min(1).max(max);
/** A pseudonymous reference to an aios, never a name. */
export const aiosRef = pseudonym;

export const LEERPLEK_KINDS = ['opleidingspraktijk', 'stageplaats'] as const;

export const RegisterLeerplek = z
  .object({
    kind: z.enum(LEERPLEK_KINDS),
    /** The practice or the hospital department, such as "Huisartsenpraktijk De Linde" or "UMC Utrecht, SEH". */
    name: text(200),
    location: text(200).optional(),
    /** For a stageplaats: the specialism, such as `kindergeneeskunde`. */
    specialism: text(100).optional(),
  })
  .strict();

/** An opleider registered at /api/v1/opleiders, training aios in this practice. */
export const LinkOpleider = z.object({ opleiderId: id }).strict();
export const UnlinkOpleider = z.object({ opleiderId: id, reason: text(1000).optional() }).strict();

/** The trainer at an internship site; not registered elsewhere, so the name is kept here (sealed). */
export const LinkStageopleider = z.object({ stageopleiderId: id, name: text(200), specialism: text(100).optional() }).strict();
export const UnlinkStageopleider = z.object({ stageopleiderId: id }).strict();

export const VISIT_KINDS = ['praktijkbezoek', 'stagebezoek', 'hervisitatie'] as const;
export const RecordVisit = z
  .object({
    visitId: id,
    date: isoDate,
    kind: z.enum(VISIT_KINDS),
    /** A short report of the visit; the full report may live elsewhere (reportUri, reportSha256). */
    report: text(4000),
    reportUri: z.url().max(2000).optional(),
    reportSha256: z.string().regex(/^[a-f0-9]{64}$/, '64 lowercase hex digits').optional(),
    /** Docenten (ids from /api/v1/docenten) who made the visit. */
    visitors: z.array(id).max(10).optional(),
  })
  .strict();

/**
 * A measurement of the safe learning climate: the share of aios who find it safe (0–100 %), out of
 * n respondents, from a source such as the NIVEL survey or the institute's own questionnaire.
 */
export const RecordKlimaatMeting = z
  .object({
    measurementId: id,
    measuredAt: isoDate,
    shareSafe: z.number().min(0).max(100),
    n: z.number().int().min(1).max(100_000),
    source: text(200),
  })
  .strict();

/** A voortgangsgesprek in the triangle aios–opleider–docent (AMC jaarverslag: "VGB in de driehoek"). */
export const RecordVgb = z
  .object({
    vgbId: id,
    date: isoDate,
    aios: aiosRef,
    opleiderId: id,
    docentId: id,
    /** Notes about the aios; sealed under the aios' pseudonym. */
    notes: text(4000).optional(),
  })
  .strict();

export const SuspendLeerplek = z.object({ reason: text(2000) }).strict();
export const ReinstateLeerplek = z.object({ reason: text(2000) }).strict();
