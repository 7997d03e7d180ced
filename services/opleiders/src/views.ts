/** The answers of the opleiders routes as zod schemas, for the OpenAPI description. */
import { z } from 'zod';
import { instant, viewStamp, type Matches } from '@gearbox/http';
import { isoDate } from '@gearbox/kernel';
import { evidenceAdded } from '@gearbox/cycles';
import type { Opleider } from './definition.ts';
import type { ImportResult } from './leoh-import.ts';
import { LeohSettingsData } from './leoh-settings.ts';
import { TOO_FEW, type CmoQueueItem, type LeohSummary } from './read-models.ts';
import type { StartvisitatieFigures } from './evidence.ts';
import { CMO_DECISIONS, OUTCOMES, STAGES } from './schemas.ts';
import { OPLEIDING_STATUSES } from './machine.ts';

const scores = z.record(z.string(), z.number());
const untilAt = z.object({ until: isoDate, at: instant });

const evaluation = { evaluationId: z.string(), period: z.string(), respondent: z.string(), scores, date: isoDate.describe('De dag waarop de evaluatie is ingevuld'), recordedAt: instant };

const signal = z.object({
  evaluationId: z.string(),
  period: z.string(),
  items: z.array(z.object({ item: z.string(), score: z.number() })),
  threshold: z.number(),
  raisedAt: instant,
  screeningId: z.string(),
});

/** A CMO file as the CMO and the MT see it. */
const cmoFile = z.object({
  screeningId: z.string(),
  status: z.enum(['screening', 'monitoring', 'ondersteuningstraject', 'afgesloten']),
  openedAt: instant,
  openedBy: z.enum(['signaal', 'verwijzing']),
  signals: z.array(z.string()),
  referral: z.object({ reason: z.string(), at: instant }).optional(),
  decisions: z.array(z.object({ decision: z.enum(CMO_DECISIONS), rationale: z.string().optional().meta({ description: 'Alleen voor de rol cmo' }), at: instant, by: z.string() })),
  closed: z.object({ outcome: z.enum(['geen-actie', 'verbeterd', 'afscheid', 'beeindigd']), rationale: z.string().optional(), at: instant }).optional(),
});

/** A CMO file as any role sees it: others see whether it is open (`lopend`), not what was decided. */
const cmoSeen = cmoFile.partial().extend({ status: z.enum(['screening', 'monitoring', 'ondersteuningstraject', 'lopend', 'afgesloten']), openedAt: instant, closed: cmoFile.shape.closed.unwrap().partial({ outcome: true }).optional() });

export const OpleiderSchema = z
  .object({
    id: z.string(),
    status: z.enum(OPLEIDING_STATUSES),
    subjectId: z.string().optional(),
    name: z.string().optional(),
    practice: z.string().optional(),
    email: z.string().optional(),
    registeredAt: instant.optional(),
    startvisitatie: z
      .object({
        status: z.enum(['niet-gepland', 'gepland', 'telefonisch', 'bezocht', 'negatief']),
        date: isoDate.optional(),
        stages: z.array(
          z.object({
            stage: z.enum(STAGES),
            outcome: z.enum(OUTCOMES),
            reportEvidenceId: z.string().optional(),
            date: isoDate.describe('De dag van het gesprek of het bezoek'),
            visitor: z.string().optional().describe('Wie belde of bezocht; niet voor een auditor'),
            at: instant,
          }),
        ),
      })
      .optional(),
    recognisedUntil: isoDate.optional(),
    recognitions: z.array(untilAt).optional(),
    reminders: z.array(untilAt).optional(),
    lapses: z.array(untilAt).optional().describe('Erkenningen die zonder verlenging zijn verlopen'),
    leoh: z.array(z.object({ ...evaluation, zelf: z.object({ evaluationId: z.string(), scores }).optional() })).optional(),
    zelfevaluaties: z.array(z.object({ ...evaluation, respondent: z.string().optional() })).optional(),
    signals: z.array(signal).optional(),
    cmo: cmoSeen.optional(),
    cmoHistory: z.array(cmoSeen).optional(),
    gesprekken: z.array(z.object({ date: isoDate, summary: z.string().optional(), agreements: z.array(z.string()).optional(), at: instant })).optional(),
    ended: z.object({ at: instant, reason: z.string().optional(), by: z.enum(['mt', 'cmo']) }).optional(),
    counts: z.object({ leoh: z.number().int(), zelfevaluaties: z.number().int(), signals: z.number().int(), gesprekken: z.number().int(), cmoFiles: z.number().int() }).optional(),
    definitionVersion: z.number().int().optional(),
    ...viewStamp,
  })
  .describe('Wat een rol niet mag zien ontbreekt: een auditor ziet statussen en aantallen, een kwaliteitsmedewerker geen CMO-besluiten of samenvattingen van gesprekken')
  .meta({ id: 'Opleider' });

export const OpleiderSummarySchema = z
  .object({
    id: z.string(),
    practice: z.string(),
    status: z.enum(OPLEIDING_STATUSES),
    recognisedUntil: isoDate.optional(),
    counts: z.object({ leoh: z.number().int(), signals: z.number().int() }),
    cmo: z.object({ status: cmoSeen.shape.status, openedAt: instant }).optional(),
    revision: z.number().int(),
    name: z.string().optional().describe('Niet voor een auditor'),
  })
  .meta({ id: 'OpleiderSummary' });

export const LeohSetting = LeohSettingsData.extend({ revision: z.number().int(), setAt: instant }).meta({ id: 'LeohSetting' });

export const CmoQueue = z
  .object({ items: z.array(z.object({ opleiderId: z.string(), name: z.string(), practice: z.string(), status: z.enum(OPLEIDING_STATUSES), cmo: cmoFile, signals: z.array(signal) })) })
  .meta({ id: 'CmoQueue' });

const tooFew = z.literal(TOO_FEW);

export const LeohSummarySchema = z
  .object({
    period: z.string().nullable(),
    minRespondents: z.number().int(),
    scale: z.object({ min: z.number().int(), max: z.number().int() }).nullable(),
    threshold: z.number().nullable(),
    crucialItems: z.array(z.string()),
    respondents: z.union([z.number().int(), tooFew]),
    items: z.array(
      z.union([
        z.object({ item: z.string(), title: z.string().optional(), respondents: z.number().int(), n: z.number().int(), mean: z.number(), distribution: z.record(z.string(), z.number().int()) }),
        z.object({ item: z.string(), title: z.string().optional(), result: tooFew }),
      ]),
    ),
    opleidersWithSignals: z.array(
      z.object({ opleiderId: z.string(), name: z.string().optional(), practice: z.string().optional(), signals: z.number().int(), items: z.array(z.string()), cmo: z.string().optional() }),
    ),
  })
  .meta({ id: 'LeohSummary' });

export const LeohImportResult = z
  .object({
    recorded: z.number().int(),
    duplicates: z.number().int(),
    refused: z.number().int(),
    results: z.array(
      z.object({
        evaluationId: z.string(),
        opleiderId: z.string(),
        status: z.enum(['recorded', 'duplicate', 'refused']),
        problem: z.object({ status: z.number().int(), detail: z.string() }).optional(),
      }),
    ),
  })
  .meta({ id: 'LeohImportResult' });

export const StartvisitatieFiguresSchema = z
  .object({
    from: isoDate,
    to: isoDate,
    nieuweOpleiders: z.number().int(),
    bezocht: z.number().int(),
    outcomes: z.object({ positief: z.number().int(), voorwaarden: z.number().int(), negatief: z.number().int() }),
    share: z.number().nullable().describe('% nieuwe opleiders met een afgeronde startvisitatie; null zonder nieuwe opleiders'),
    reports: z.array(z.string()),
  })
  .meta({ id: 'StartvisitatieFigures' });

export const LeohEvidenceAdded = evidenceAdded(LeohSummarySchema, 'LeohEvidenceAdded');
export const StartvisitatieEvidenceAdded = evidenceAdded(StartvisitatieFiguresSchema, 'StartvisitatieEvidenceAdded');

true satisfies Matches<typeof OpleiderSchema, Opleider & { revision: number; allowed: string[] }>;
true satisfies Matches<typeof CmoQueue.shape.items.element, CmoQueueItem>;
true satisfies Matches<typeof LeohSummarySchema, LeohSummary>;
true satisfies Matches<typeof LeohImportResult.shape.results.element, ImportResult>;
true satisfies Matches<typeof StartvisitatieFiguresSchema, StartvisitatieFigures>;
