/** The PDCA cycles as a module: `/api/v1/cycles` for all five kinds, and `/api/v1/deadlines`. */
import { Hono } from 'hono';
import { z } from 'zod';
import { StreamIndex, type DeadlineTable, type IndexedStream, type StreamHandler, validated, text } from '@gearbox/kernel';
import { carryOverReactor, CYCLE_KINDS, CYCLE_READERS, cycleDeadlines, cycleDefinition, KpiDefinedData, phaseOf, type Cycle, type CycleContext, type CycleKind, type Phase } from './index.ts';
import { eventSchemasOf, readQuery, requireRole, type AuthVariables, type ServiceModule } from '@gearbox/http';
import { CycleSchema, CycleSummarySchema, DeadlineList } from './views.ts';

export interface CycleSummary {
  id: string;
  kind: CycleKind;
  title: string;
  period: { from: string; to: string };
  scope: string | null;
  phase: Phase;
  revision: number;
  startedAt: string;
}

export const CycleListQuery = z
  .object({
    kind: z.enum(CYCLE_KINDS).optional(),
    phase: z.enum(['plan', 'do', 'check', 'act', 'closed', 'cancelled']).optional(),
  })
  .strict();

export function cycleSummary(s: IndexedStream): CycleSummary {
  const c = s.snapshot.context as CycleContext;
  return { id: s.id, kind: c.kind, title: c.title, period: c.period, scope: c.scope, phase: phaseOf(s.snapshot.value) as Phase, revision: s.revision, startedAt: c.startedAt };
}

export const DeadlineQuery = z.object({ overdue: z.enum(['true', 'false']).optional() }).strict();

const withName = (name: string | undefined) => (name === undefined ? {} : { name });

/**
 * `pathOf(category)` is where the stream type's routes are mounted (`/api/v1/docenten` for `docent`),
 * for the deadline's link; the composition root knows it from the modules. `nameOf` names whom a
 * deadline is about (an opleider), as the caller's roles may see it.
 */
export function cyclesModule(
  handler: StreamHandler<Cycle>,
  deadlines: () => DeadlineTable,
  pathOf: (category: string) => string | undefined = () => undefined,
  nameOf: (category: string, institute: string, id: string, roles: readonly string[]) => string | undefined = () => undefined,
): ServiceModule & { index: StreamIndex<CycleSummary> } {
  const index = new StreamIndex<CycleSummary>(cycleDefinition, cycleSummary);
  const routes = new Hono<{ Variables: AuthVariables }>();
  routes.get('/deadlines', (c) => {
    requireRole(c.get('actor'), CYCLE_READERS, text('termijnen lezen', 'read deadlines'));
    const { overdue } = readQuery(c, DeadlineQuery);
    const items = deadlines()
      .list(c.get('institute'))
      .filter((d) => overdue === undefined || String(d.overdue) === overdue)
      .map((d) => ({
        id: d.id.slice(d.id.indexOf('/') + 1),
        what: d.what,
        label: d.label,
        due: d.due,
        overdue: d.overdue,
        [d.category === 'cycle' ? 'cycleId' : `${d.category}Id`]: d.streamEntityId,
        href: `${pathOf(d.category) ?? '/api/v1/cycles'}/${d.streamEntityId}`,
        ...withName(nameOf(d.category, d.institute, d.streamEntityId, c.get('actor').roles)),
      }));
    return c.json({ items });
  });
  return {
    name: 'cycles',
    basePath: '/cycles',
    definition: cycleDefinition,
    handler,
    index,
    views: { view: CycleSchema, summary: CycleSummarySchema, listQuery: CycleListQuery },
    list: (institute, _roles, query) => {
      const { kind, phase } = validated(CycleListQuery, query, 'query');
      return index.list(institute, (s) => (!kind || s.kind === kind) && (!phase || s.phase === phase));
    },
    projections: [index],
    reactors: [carryOverReactor(handler, index)],
    deadlineRules: [cycleDeadlines],
    // Owners of activities and actions, as typed (sealed under owner:<hash>).
    people: (institute) =>
      index.entries(institute).flatMap((e) => {
        const c = e.snapshot.context as CycleContext;
        return [...c.activities, ...c.actions, ...c.carriedOver].map((a) => ({ kind: 'eigenaar', name: a.owner as unknown }));
      }),
    routes,
    // KpiDefined as stored: older events lack goalId (schemas.ts).
    eventSchemas: { ...eventSchemasOf(cycleDefinition), KpiDefined: KpiDefinedData },
    openapi: [
      {
        method: 'get', path: '/api/v1/deadlines', tag: 'deadlines', operationId: 'listDeadlines', summary: 'Open termijnen van het instituut (activiteiten, acties, managementreviews, erkenningen), eerstvolgende eerst',
        roles: CYCLE_READERS, query: DeadlineQuery, responses: { '200': { description: 'De termijnen', schema: DeadlineList } },
      },
    ],
  };
}
