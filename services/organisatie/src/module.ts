/** The organisatie module: `GET /api/v1/organisatie/jaarverslag?year=YYYY[&format=html]`. */
import { Hono } from 'hono';
import { z } from 'zod';
import { type IndexedStream, type InstituteSettingInForce, text } from '@gearbox/kernel';
import { CYCLE_READERS, type CycleContext } from '@gearbox/cycles';
import { readQuery, requireRole, type AuthVariables, type ServiceModule } from '@gearbox/http';
import { buildJaarverslag, type VergelijkingKpi } from './jaarverslag.ts';
import { renderJaarverslag } from './jaarverslag-html.ts';
import { JaarverslagSchema } from './views.ts';

export const JaarverslagQuery = z
  .object({
    year: z.coerce.number().int().min(2000).max(2100),
    format: z.enum(['json', 'html']).optional(),
  })
  .strict();

/**
 * `cycles(institute)`: the institute's cycles from the cycle read model, with their phase;
 * `setting(institute)`: the institute setting in force, whose name heads the report.
 */
export function organisatieModule(
  cycles: (institute: string) => IndexedStream[],
  phaseOf: (value: unknown) => string,
  setting?: (institute: string) => Promise<InstituteSettingInForce>,
  benchmark?: (institute: string) => Promise<VergelijkingKpi[]>,
): ServiceModule {
  const routes = new Hono<{ Variables: AuthVariables }>();
  routes.get('/organisatie/jaarverslag', async (c) => {
    requireRole(c.get('actor'), CYCLE_READERS, text('het jaarverslag lezen', 'read the year report'));
    const { year, format } = readQuery(c, JaarverslagQuery);
    const institute = c.get('institute');
    const report = buildJaarverslag(
      institute,
      year,
      cycles(institute).map((s) => ({ id: s.id, phase: phaseOf(s.snapshot.value), context: s.snapshot.context as CycleContext })),
      (await setting?.(institute))?.setting,
      await benchmark?.(institute),
    );
    const wantsHtml = format === 'html' || (format === undefined && /text\/html/.test(c.req.header('Accept') ?? ''));
    return wantsHtml ? c.html(renderJaarverslag(report)) : c.json(report);
  });
  return {
    name: 'organisatie',
    routes,
    openapi: [
      {
        method: 'get', path: '/api/v1/organisatie/jaarverslag', tag: 'organisatie', operationId: 'getJaarverslag', roles: CYCLE_READERS, query: JaarverslagQuery,
        summary:
          'Het jaarverslag in INK-structuur, gebouwd uit de events van elke cyclus waarvan de periode het jaar overlapt: per doel strategie en beleid, medewerkers, ' +
          'middelen, processen en de resultaten (KPI\'s met nulmeting, doel, metingen) voor staf, opleiders, aios, maatschappij, financiers; managementreviews ' +
          'gehouden, te laat en gepland; bevindingen en acties. Indelingsregels: services/organisatie/README.md.',
        responses: {
          '200': {
            description: 'Het jaarverslag als JSON; als afdrukbare HTML met format=html, of met Accept: text/html als format ontbreekt',
            content: { 'application/json': JaarverslagSchema, 'text/html': z.string() },
          },
        },
      },
    ],
  };
}
