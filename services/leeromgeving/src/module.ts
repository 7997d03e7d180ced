/**
 * Everything the composition root needs to run leerplekken: handler, read model, routes, event
 * schemas and the demo seed. Mount `routes` under `/api/v1` before the generic stream routes
 * (packages/http `ServiceModule`).
 */
import type { z } from 'zod';
import type { ServiceModule } from '@gearbox/http';
import { StreamHandler, type KernelDeps } from '@gearbox/kernel';
import type { Cycle } from '@gearbox/cycles';
import { leerplekCommands, leerplekDefinition } from './definition.ts';
import { leerplekIndex } from './read-models.ts';
import { LeerplekListParams, leerplekkenRoutes, leerplekList, leerplekkenOpenApi } from './routes.ts';
import { LeerplekSchema, LeerplekSummarySchema } from './views.ts';
import { RegisterLeerplek } from './schemas.ts';
import { seedLeerplekken } from './seed.ts';

export const leerplekEventSchemas: Record<string, z.ZodType> = {
  [leerplekDefinition.start.event]: RegisterLeerplek,
  ...Object.fromEntries(Object.values(leerplekCommands).map((spec) => [spec.event, spec.schema])),
};

export function leeromgevingModule(kernel: KernelDeps, cycles: StreamHandler<Cycle>) {
  const handler = new StreamHandler(leerplekDefinition, kernel);
  const index = leerplekIndex();
  const routeDeps = { index, cycles };
  return {
    name: 'leeromgeving',
    basePath: '/leerplekken',
    definition: leerplekDefinition,
    handler,
    index,
    list: leerplekList(routeDeps),
    views: { view: LeerplekSchema, summary: LeerplekSummarySchema, listQuery: LeerplekListParams },
    projections: [index],
    reactors: [],
    deadlineRules: [],
    routes: leerplekkenRoutes(routeDeps),
    openapi: leerplekkenOpenApi(),
    eventSchemas: leerplekEventSchemas,
    /** Needs the opleiders (with their practice) and docenten ids from the other seeds. */
    seed: (input: Parameters<typeof seedLeerplekken>[1], institute?: string) => seedLeerplekken(handler, input, institute ? { institute } : {}),
  };
}

export type LeeromgevingModule = ReturnType<typeof leeromgevingModule>;

/** Checked by the compiler: the module is a ServiceModule the server can mount. */
export const asServiceModule = (m: LeeromgevingModule): ServiceModule => m;
