/**
 * What the composition root mounts for GEAR (a `ServiceModule` of packages/http): the routes
 * under /api/v1, the live GEAR projection for the server's projection runner, the schemas of the
 * events GEAR writes (GearMappingChanged, the two zelfevaluatie events), and the OpenAPI description.
 */
import type { ServiceModule } from '@gearbox/http';
import type { KernelDeps } from '@gearbox/kernel';
import {
  GEAR_MAPPING_CHANGED,
  GearLiveProjection,
  GearMappingChangedData,
  ZELFEVALUATIE_CRITERIUM,
  ZELFEVALUATIE_DOMEIN,
  ZelfevaluatieCriteriumData,
  ZelfevaluatieDomeinData,
} from '@gearbox/gear';
import { gearOpenApi, gearRoutes, type GearRouteDeps } from './routes.ts';

export function gearModule(kernel: Pick<KernelDeps, 'store' | 'keys' | 'clock' | 'ids'>, options: Pick<GearRouteDeps, 'readDocument' | 'renders'> = {}) {
  const live = new GearLiveProjection();
  return {
    name: 'gear',
    live,
    projections: [live],
    routes: gearRoutes({ kernel, live, ...options }),
    eventSchemas: {
      [GEAR_MAPPING_CHANGED]: GearMappingChangedData,
      [ZELFEVALUATIE_CRITERIUM]: ZelfevaluatieCriteriumData,
      [ZELFEVALUATIE_DOMEIN]: ZelfevaluatieDomeinData,
    },
    openapi: gearOpenApi(),
  } satisfies ServiceModule & { live: GearLiveProjection };
}

export type GearModule = ReturnType<typeof gearModule>;
