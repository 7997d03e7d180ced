/** The answers of the leerplekken routes as zod schemas, for the OpenAPI description. */
import { z } from 'zod';
import { instant, viewStamp, type Matches } from '@gearbox/http';
import { isoDate } from '@gearbox/kernel';
import { evidenceAdded } from '@gearbox/cycles';
import type { Leerplek } from './definition.ts';
import { TOO_FEW, type BezoekFigures, type KlimaatFigures } from './read-models.ts';
import { LEERPLEK_KINDS } from './schemas.ts';

const STATUSES = ['actief', 'geschorst'] as const;
const klimaatMeting = z.object({ measurementId: z.string(), measuredAt: isoDate, shareSafe: z.number(), n: z.number().int(), source: z.string(), recordedAt: instant });
const byWhom = { reason: z.string(), at: instant, by: z.string() };

export const LeerplekSchema = z
  .object({
    id: z.string(),
    status: z.enum(STATUSES),
    kind: z.enum(LEERPLEK_KINDS).optional(),
    name: z.string().optional(),
    location: z.string().optional(),
    specialism: z.string().optional(),
    registeredAt: instant.optional(),
    opleiders: z.array(z.string()).optional(),
    stageopleiders: z.array(z.object({ stageopleiderId: z.string(), name: z.string().optional().describe('Niet voor een auditor'), specialism: z.string().optional() })).optional(),
    visits: z
      .array(
        z.object({
          visitId: z.string(),
          date: isoDate,
          kind: z.string(),
          report: z.string(),
          reportUri: z.string().optional(),
          reportSha256: z.string().optional(),
          visitors: z.array(z.string()),
          recordedAt: instant,
        }),
      )
      .optional(),
    klimaat: z.array(klimaatMeting).optional(),
    klimaatLaatst: klimaatMeting.optional().describe('De laatste meting van het veilig leerklimaat'),
    vgb: z
      .array(z.object({ vgbId: z.string(), date: isoDate, aios: z.string().optional().describe('Niet voor een auditor'), opleiderId: z.string(), docentId: z.string(), notes: z.string().optional() }))
      .optional(),
    suspensions: z.array(z.object({ ...byWhom, reinstated: z.object(byWhom).optional() })).optional(),
    counts: z
      .object({ opleiders: z.number().int(), stageopleiders: z.number().int(), visits: z.number().int(), klimaat: z.number().int(), vgb: z.number().int(), suspensions: z.number().int() })
      .optional(),
    definitionVersion: z.number().int().optional(),
    ...viewStamp,
  })
  .meta({ id: 'Leerplek' });

export const LeerplekSummarySchema = z
  .object({
    id: z.string(),
    kind: z.enum(LEERPLEK_KINDS),
    name: z.string(),
    location: z.string().optional(),
    status: z.enum(STATUSES),
    opleiders: z.array(z.string()).optional(),
    counts: z.object({ visits: z.number().int(), klimaat: z.number().int(), vgb: z.number().int() }).optional(),
    revision: z.number().int(),
  })
  .meta({ id: 'LeerplekSummary' });

const tooFew = z.literal(TOO_FEW);
const respondents = z.union([z.number().int(), tooFew]);
const shareSafe = z.union([z.number(), tooFew]).describe('% aios dat het klimaat veilig vindt, gewogen naar respondenten');

export const KlimaatFiguresSchema = z
  .object({
    from: isoDate,
    to: isoDate,
    source: z.string().nullable(),
    measurements: z.number().int(),
    leerplekken: z.number().int(),
    respondents,
    shareSafe,
    bySource: z.array(z.object({ source: z.string(), measurements: z.number().int(), respondents, shareSafe })),
  })
  .meta({ id: 'KlimaatFigures' });

export const BezoekFiguresSchema = z
  .object({
    from: isoDate,
    to: isoDate,
    leerplekken: z.number().int(),
    visits: z.record(z.string(), z.number().int()).describe('Bezoeken per soort'),
    vgb: z.object({ held: z.number().int(), praktijkenMetVgb: z.number().int(), share: z.number().nullable() }),
    suspended: z.number().int(),
  })
  .meta({ id: 'BezoekFigures' });

export const KlimaatEvidenceAdded = evidenceAdded(KlimaatFiguresSchema, 'KlimaatEvidenceAdded');
export const BezoekEvidenceAdded = evidenceAdded(BezoekFiguresSchema, 'BezoekEvidenceAdded');

true satisfies Matches<typeof LeerplekSchema, Leerplek & { revision: number; allowed: string[] }>;
true satisfies Matches<typeof KlimaatFiguresSchema, KlimaatFigures>;
true satisfies Matches<typeof BezoekFiguresSchema, BezoekFigures>;
