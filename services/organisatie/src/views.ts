/** The year report (`GET /api/v1/organisatie/jaarverslag`) as a zod schema, for the OpenAPI description. */
import { z } from 'zod';
import type { Matches } from '@gearbox/http';
import { kpiBaseline, kpiProgress, kpiTargetAsSet } from '@gearbox/cycles';
import { InstituteContact, isoDate } from '@gearbox/kernel';
import type { Jaarverslag } from './jaarverslag.ts';
import { RESULT_GROUPS } from './jaarverslag.ts';

const measured = z.object({ value: z.number(), measuredAt: isoDate, source: z.string() });

const kpiResult = z.object({
  kpiId: z.string(),
  name: z.string(),
  unit: z.string(),
  baseline: kpiBaseline,
  target: kpiTargetAsSet,
  targetValue: z.number(),
  measurements: z.array(measured),
  measured: measured.nullable(),
  explanation: z.string().nullable(),
  reached: z.boolean().nullable().describe('null: niet gemeten'),
  progress: kpiProgress,
});

const byGroup = Object.fromEntries(RESULT_GROUPS.map((g) => [g, z.array(kpiResult)])) as Record<(typeof RESULT_GROUPS)[number], z.ZodArray<typeof kpiResult>>;

export const JaarverslagSchema = z
  .object({
    institute: z.string(),
    instituteName: z.string().describe('de naam uit de instelling van het instituut; zonder instelling de id'),
    contact: InstituteContact.optional(),
    year: z.number().int(),
    structure: z.literal('INK'),
    doelen: z.array(
      z.object({
        cycle: z.object({ id: z.string(), kind: z.string(), title: z.string(), period: z.object({ from: isoDate, to: isoDate }), scope: z.string().nullable(), phase: z.string() }),
        goal: z.object({ goalId: z.string(), title: z.string(), description: z.string().nullable() }).nullable(),
        organisatie: z.object({ strategieEnBeleid: z.array(z.string()), medewerkers: z.array(z.string()), middelen: z.array(z.string()), processen: z.array(z.string()) }),
        resultaten: z.object(byGroup),
        onderbouwing: z.array(
          z.object({ evidenceId: z.string(), title: z.string(), kind: z.string(), effectiveAt: isoDate, criteria: z.array(z.string()), summary: z.string().nullable(), uri: z.string().nullable() }),
        ),
        behaaldeResultaten: z.array(z.string()).meta({ description: 'Behaalde resultaten in woorden: bevindingen met hun oordeel, afgeronde verbeteracties, de gedeelde uitkomst' }),
      }),
    ),
    managementReviews: z.object({
      held: z.array(z.object({ date: isoDate, cycle: z.string() })),
      overdue: z.array(z.object({ due: isoDate, cycle: z.string() })),
      planned: z.array(z.object({ due: isoDate, cycle: z.string() })),
    }),
    findings: z.array(z.object({ cycle: z.string(), title: z.string(), assessment: z.enum(['voldoet', 'deels', 'voldoet-niet']), accepted: z.boolean() })),
    actions: z.array(z.object({ cycle: z.string(), title: z.string(), due: isoDate, status: z.enum(['open', 'completed']), overdue: z.boolean() })),
    cycles: z.object({ total: z.number().int(), closed: z.number().int() }),
    landelijkeVergelijking: z
      .array(
        z.object({
          nationalCode: z.string().optional(),
          name: z.string(),
          unit: z.string().optional(),
          institutes: z.array(
            z.object({ institute: z.string(), own: z.boolean(), measuredAt: isoDate, n: z.number().optional(), value: z.number().optional(), suppressed: z.literal(true).optional() }),
          ),
        }),
      )
      .optional()
      .describe('De landelijke benchmark (GET /api/v1/benchmark): per gedeelde KPI de laatste meting per instituut in het jaar; onder 5 respondenten zonder waarde'),
  })
  .meta({ id: 'Jaarverslag' });

true satisfies Matches<typeof JaarverslagSchema, Jaarverslag>;
