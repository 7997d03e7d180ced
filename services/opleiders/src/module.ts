/**
 * Everything the composition root needs to run opleiders: the handler, the read model, the LEOH
 * reactor, the erkenning deadline rule, the routes, the event schemas for `/api/v1/schemas`, and the
 * demo seed, as a `ServiceModule` (packages/http). The server mounts `routes` under `/api/v1` before
 * the generic stream routes, so that `/api/v1/opleiders/leoh/...` is not read as an opleider id.
 */
import { z } from 'zod';
import type { ServiceModule } from '@gearbox/http';
import { StreamHandler, type KernelDeps } from '@gearbox/kernel';
import type { Cycle } from '@gearbox/cycles';
import { opleiderCommands, opleiderDefinition } from './definition.ts';
import { opleiderDeadlines } from './deadlines.ts';
import { LEOH_SETTINGS_SET, LeohSettingsData, LeohSettingsStore } from './leoh-settings.ts';
import { leohSignalReactor } from './leoh-signal.ts';
import { opleiderIndex, opleiderName } from './read-models.ts';
import { OpleiderListParams, opleiderList, opleidersOpenApi, opleidersRoutes } from './routes.ts';
import { OpleiderSchema, OpleiderSummarySchema } from './views.ts';
import { RegisterOpleider } from './schemas.ts';
import { seedOpleiders } from './seed.ts';

/** The JSON shape of each event's data, by event type (personal fields shown in the clear). */
export const opleiderEventSchemas: Record<string, z.ZodType> = {
  [opleiderDefinition.start.event]: RegisterOpleider.extend({ subjectId: z.string() }),
  ...Object.fromEntries(Object.values(opleiderCommands).map((spec) => [spec.event, spec.schema])),
  [LEOH_SETTINGS_SET]: LeohSettingsData,
};

export function opleidersModule(kernel: KernelDeps, cycles: StreamHandler<Cycle>) {
  const settings = new LeohSettingsStore(kernel);
  const handler = new StreamHandler(opleiderDefinition, kernel);
  const index = opleiderIndex();
  const routeDeps = { handler, settings, index, keys: kernel.keys, cycles, clock: kernel.clock };
  return {
    name: 'opleiders',
    /** `/api/v1/opleiders`: register, list, one, events, commands (the generic stream routes). */
    basePath: '/opleiders',
    definition: opleiderDefinition,
    handler,
    settings,
    index,
    list: opleiderList(routeDeps),
    views: { view: OpleiderSchema, summary: OpleiderSummarySchema, listQuery: OpleiderListParams },
    projections: [index],
    reactors: [leohSignalReactor(handler, settings)],
    deadlineRules: [opleiderDeadlines],
    deadlineName: (institute: string, id: string, roles: readonly string[]) => opleiderName(index, kernel.keys, institute, id, roles),
    people: (institute: string) => index.entries(institute).map((e) => ({ kind: 'opleider', name: (e.snapshot.context as { name: unknown }).name })),
    routes: opleidersRoutes(routeDeps),
    eventSchemas: opleiderEventSchemas,
    openapi: opleidersOpenApi(),
    seed: (institute?: string) => seedOpleiders(handler, kernel, institute ? { institute } : {}),
  };
}

export type OpleidersModule = ReturnType<typeof opleidersModule>;

/** Checked by the compiler: the module is a ServiceModule the server can mount. */
export const asServiceModule = (m: OpleidersModule): ServiceModule => m;
