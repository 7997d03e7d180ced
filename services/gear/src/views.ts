/** The answers of the GEAR routes as zod schemas, for the OpenAPI description. */
import { z } from 'zod';
import { binary, instant, type Matches } from '@gearbox/http';
import { isoDate } from '@gearbox/kernel';
import { kpiBaseline, kpiTargetAsSet, PROGRESS } from '@gearbox/cycles';
import { CONTENT_TYPES, GearMappingChangedData, OORDELEN, STATUSES, type GearView, type VerifyResult } from '@gearbox/gear';

const status = z.enum(STATUSES);
const cycleRef = z.object({ id: z.string(), title: z.string(), kind: z.string() });
const measurement = z.object({ value: z.number(), source: z.string(), measuredAt: isoDate });
const counted = Object.fromEntries(STATUSES.map((s) => [s, z.number().int()])) as Record<(typeof STATUSES)[number], z.ZodNumber>;

const reflection = {
  text: z.string(),
  by: z.object({ sub: z.string(), roles: z.array(z.string()) }).describe('Wie het schreef: persoons-id en rollen (de naam blijft versleuteld in het event)'),
  at: instant,
  revision: z.number().int().describe('Revisie van deze zelfevaluatie; stuur haar terug in If-Match'),
};

export const DomeinZelfevaluatieSchema = z.object(reflection).meta({ id: 'DomeinZelfevaluatie' });

export const CriteriumZelfevaluatieSchema = z
  .object({ ...reflection, oordeel: z.enum(OORDELEN), sterktes: z.array(z.string()), verbeterpunten: z.array(z.string()) })
  .meta({ id: 'CriteriumZelfevaluatie' });

export const GearViewSchema = z
  .object({
    framework: z.string(),
    version: z.string(),
    asOf: instant,
    position: z.string(),
    period: z.object({ from: isoDate.nullable(), to: isoDate.nullable() }).describe('Op effectiveAt; null: open'),
    mapping: z.object({ source: z.enum(['standaard', 'instelling']), revision: z.number().int() }),
    summary: z
      .object({ ...counted, criteria: z.number().int(), gaps: z.number().int(), openFindings: z.number().int(), openActions: z.number().int(), overdueActions: z.number().int() })
      .describe('Elke bevinding en actie één keer geteld, hoeveel domeinen ze ook raakt'),
    domains: z.array(
      z.object({
        id: z.string(),
        title: z.string(),
        core: z.boolean(),
        zelfevaluatie: DomeinZelfevaluatieSchema.nullable(),
        criteria: z.array(
          z.object({
            code: z.string(),
            title: z.string(),
            theme: z.string().optional(),
            status,
            zelfevaluatie: CriteriumZelfevaluatieSchema.nullable(),
            afwijking: z.boolean().describe('Oordeel van de zelfevaluatie en berekende status spreken elkaar tegen (docs/gear.md)'),
            afwijkingReden: z.string().optional(),
            evidence: z.array(
              z.object({
                id: z.string(),
                title: z.string(),
                kind: z.string(),
                effectiveAt: isoDate,
                count: z.number().int().optional().describe('Bij een geteld eventtype: hoeveel events in de periode'),
                herkomst: z.string().describe('Waar het bewijs vandaan komt, in woorden (zoals in het dossier)'),
                documentId: z.string().optional().describe('Het gekoppelde document (AddEvidence {documentId}): GET /api/v1/documents/{documentId}'),
                source: z.object({ streamId: z.string(), revision: z.number().int(), eventId: z.string() }),
              }),
            ),
          }),
        ),
        kpis: z.array(
          z.object({
            id: z.string(),
            goalId: z.string().nullable().describe('null: gedefinieerd voordat een KPI bij een doel hoorde'),
            name: z.string(),
            unit: z.string(),
            baseline: kpiBaseline,
            target: kpiTargetAsSet,
            targetValue: z.number().describe('De streefwaarde als getal; bij changePercent berekend op de nulmeting, op 2 decimalen'),
            measurements: z.array(z.object({ value: z.number(), source: z.string(), measuredAt: isoDate })),
            latest: measurement.nullable().describe('De meting met de laatste measuredAt'),
            progress: z.enum(PROGRESS).describe('gehaald, op-koers (op of boven de lijn van nulmeting naar streefwaarde), niet-op-koers, onbekend (geen meting)'),
            explanation: z.string().optional(),
            cycle: cycleRef,
          }),
        ).describe("De KPI's van de criteria van dit domein, elk één keer"),
        summary: z
          .object({
            statuses: z.object(counted),
            openFindings: z.number().int(),
            openActions: z.number().int(),
            overdueActions: z.number().int(),
            kpis: z.object(Object.fromEntries(PROGRESS.map((p) => [p, z.number().int()])) as Record<(typeof PROGRESS)[number], z.ZodNumber>),
          })
          .describe('Per domein, elke bevinding, KPI en actie één keer geteld'),
        openFindings: z.number().int(),
        openActions: z.number().int(),
        cycles: z.object({ total: z.number().int(), closed: z.number().int() }),
      }),
    ),
    gaps: z.array(z.object({ code: z.string(), title: z.string(), domain: z.string() })),
  })
  .meta({ id: 'GearView' });

export const VerifyResultSchema = z
  .object({
    valid: z.boolean(),
    problems: z.array(z.object({ code: z.string().describe('manifest-missing, file-changed, chain-mismatch, rebuild-mismatch, …'), message: z.string(), file: z.string().optional() })),
    store: z.object({ position: z.string(), eventCount: z.number().int(), chainHead: z.string() }).optional().describe('Wat de store zegt op de positie van het manifest'),
  })
  .meta({ id: 'VerifyResult' });

export const GearMappingView = GearMappingChangedData.extend({
  source: z.enum(['standaard', 'instelling']).describe('standaard: de standaard van het kader; instelling: door het instituut gezet'),
  revision: z.number().int().describe('-1 zolang de standaard geldt'),
  changedAt: instant.nullable(),
  domains: z
    .array(z.object({ id: z.string(), title: z.string(), criteria: z.array(z.object({ code: z.string(), title: z.string() })) }))
    .describe('De domeinen en criteria van deze versie van het kader met hun titels, om de koppeling in woorden te lezen'),
}).meta({ id: 'GearMapping' });

/** The export's media types, one per format. */
export const exportContent = Object.fromEntries(
  Object.entries(CONTENT_TYPES).map(([format, type]) => {
    const mediaType = type.split(';')[0]!;
    return [mediaType, format === 'json' ? z.record(z.string(), z.unknown()).describe('dossier.json') : binary(mediaType)];
  }),
);

true satisfies Matches<typeof GearViewSchema, GearView>;
true satisfies Matches<typeof VerifyResultSchema, VerifyResult>;
