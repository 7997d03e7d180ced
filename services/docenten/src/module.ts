/**
 * Everything the composition root needs to run docenten: handler, read model, routes, event
 * schemas and the demo seed. Mount `routes` under `/api/v1` before the generic stream routes
 * (packages/http `ServiceModule`).
 */
import { z } from 'zod';
import type { ServiceModule } from '@gearbox/http';
import { StreamHandler, type KernelDeps } from '@gearbox/kernel';
import type { Cycle } from '@gearbox/cycles';
import { docentDeadlines } from './deadlines.ts';
import { docentCommands, docentDefinition } from './definition.ts';
import { docentIndex } from './read-models.ts';
import { DocentListParams, docentenRoutes, docentList, docentenOpenApi } from './routes.ts';
import { DocentSchema, DocentSummarySchema } from './views.ts';
import { RegisterDocent } from './schemas.ts';
import { seedDocenten } from './seed.ts';

export const docentEventSchemas: Record<string, z.ZodType> = {
  [docentDefinition.start.event]: RegisterDocent.extend({ subjectId: z.string() }),
  ...Object.fromEntries(Object.values(docentCommands).map((spec) => [spec.event, spec.schema])),
};

export function docentenModule(kernel: KernelDeps, cycles: StreamHandler<Cycle>) {
  const handler = new StreamHandler(docentDefinition, kernel);
  const index = docentIndex();
  const routeDeps = { index, keys: kernel.keys, cycles };
  return {
    name: 'docenten',
    basePath: '/docenten',
    definition: docentDefinition,
    handler,
    index,
    list: docentList(routeDeps),
    views: { view: DocentSchema, summary: DocentSummarySchema, listQuery: DocentListParams },
    projections: [index],
    reactors: [],
    deadlineRules: [docentDeadlines],
    people: (institute: string) => index.entries(institute).map((e) => ({ kind: 'docent', name: (e.snapshot.context as { name: unknown }).name })),
    routes: docentenRoutes(routeDeps),
    openapi: docentenOpenApi(),
    eventSchemas: docentEventSchemas,
    seed: (institute?: string) => seedDocenten(handler, institute ? { institute } : {}),
  };
}

export type DocentenModule = ReturnType<typeof docentenModule>;

/** Checked by the compiler: the module is a ServiceModule the server can mount. */
export const asServiceModule = (m: DocentenModule): ServiceModule => m;
