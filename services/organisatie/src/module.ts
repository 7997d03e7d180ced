/** The organisatie module: `GET /api/v1/organisatie/jaarverslag?year=YYYY[&format=html]`. */
import { Hono } from 'hono';
import { z } from 'zod';
import { type IndexedStream } from '@gearbox/kernel';
import { CYCLE_READERS, type CycleContext } from '@gearbox/cycles';
import { readQuery, requireRole, type AuthVariables, type ServiceModule } from '@gearbox/http';
import { buildJaarverslag } from './jaarverslag.ts';
import { renderJaarverslag } from './jaarverslag-html.ts';

export const JaarverslagQuery = z
  .object({
    year: z.coerce.number().int().min(2000).max(2100),
    format: z.enum(['json', 'html']).optional(),
  })
  .strict();

/** `cycles(institute)`: the institute's cycles from the cycle read model, with their phase. */
export function organisatieModule(cycles: (institute: string) => IndexedStream[], phaseOf: (value: unknown) => string): ServiceModule {
  const routes = new Hono<{ Variables: AuthVariables }>();
  routes.get('/organisatie/jaarverslag', (c) => {
    requireRole(c.get('actor'), CYCLE_READERS, 'read the year report');
    const { year, format } = readQuery(c, JaarverslagQuery);
    const institute = c.get('institute');
    const report = buildJaarverslag(
      institute,
      year,
      cycles(institute).map((s) => ({ id: s.id, phase: phaseOf(s.snapshot.value), context: s.snapshot.context as CycleContext })),
    );
    const wantsHtml = format === 'html' || (format === undefined && /text\/html/.test(c.req.header('Accept') ?? ''));
    return wantsHtml ? c.html(renderJaarverslag(report)) : c.json(report);
  });
  return {
    name: 'organisatie',
    routes,
    openapi: [
      {
        method: 'get', path: '/api/v1/organisatie/jaarverslag', tag: 'organisatie', roles: CYCLE_READERS, query: JaarverslagQuery,
        summary:
          'The year report in INK structure, built from the events of every cycle whose period overlaps the year: per goal strategie en beleid, medewerkers, ' +
          'middelen, processen and the results (KPIs with baseline, target, measurements) for staf, opleiders, aios, maatschappij, financiers; management ' +
          'reviews held, overdue and planned; findings and actions. Mapping rules: services/organisatie/README.md.',
        responses: { '200': 'The year report as JSON; as printable Dutch HTML with format=html, or with Accept: text/html when format is absent' },
      },
    ],
  };
}
