/**
 * What other institutes may read of a cycle (docs/sharing.md): its kind and period, its phase
 * changes, and its KPIs with their measurements. Titles, scopes, goals, sources, reasons and
 * owners are free text and stay home; a measurement's value leaves only from five respondents on.
 * Every event type not named here is private.
 */
import { z } from 'zod';
import type { SharingPolicy } from '@gearbox/kernel';
import * as s from './schemas.ts';

const phaseChange = (name: string): SharingPolicy => ({ name, version: 1, data: z.object({}) });

export const cycleSharing: Record<string, SharingPolicy> = {
  CycleStarted: { name: 'cycle-started', version: 1, data: z.object({ kind: s.StartCycle.shape.kind, period: s.Period }) },
  PlanApproved: phaseChange('cycle-plan-approved'),
  CheckStarted: phaseChange('cycle-check-started'),
  CheckCompleted: phaseChange('cycle-check-completed'),
  CycleClosed: phaseChange('cycle-closed'),
  CycleCancelled: phaseChange('cycle-cancelled'),
  KpiDefined: {
    name: 'kpi-defined',
    version: 1,
    // The name and unit are what the national benchmark compares by when there is no nationalCode (API.md).
    data: z.object({
      ...pick(s.DefineKpi.shape, 'kpiId', 'name', 'unit', 'nationalCode', 'target'),
      baseline: z.object(pick(s.DefineKpi.shape.baseline.shape, 'value', 'year')),
    }),
  },
  MeasurementRecorded: {
    name: 'kpi-measured',
    version: 1,
    data: z.object(pick(s.RecordMeasurement.shape, 'kpiId', 'value', 'measuredAt', 'n')),
    aggregate: { respondents: 'n', values: ['value'] },
  },
};

function pick<Shape extends z.ZodRawShape, K extends keyof Shape>(shape: Shape, ...keys: K[]): Pick<Shape, K> {
  return Object.fromEntries(keys.map((k) => [k, shape[k]])) as Pick<Shape, K>;
}
