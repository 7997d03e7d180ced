/**
 * A KPI's target value, latest measurement and progress (API.md `DefineKpi`; the rule in words is in
 * services/cycles/README.md, "KPI progress"). Pure functions of the recorded facts, so every answer
 * that shows a KPI (the cycle, the jaarverslag) says the same.
 */
import { merged } from '@gearbox/kernel';
export const PROGRESS = ['op-koers', 'niet-op-koers', 'gehaald', 'onbekend'] as const;
export type Progress = (typeof PROGRESS)[number];

/** As sent: an absolute value, or a change in percent against the baseline. */
export type KpiTarget = { value: number; by: string } | { changePercent: number; by: string };
export interface KpiMeasurement { value: number; source: string; measuredAt: string }

/** Absolute as is; relative: baseline × (1 + changePercent/100), to 2 decimals (70 and +20% give 84). */
export function targetValueOf(baseline: { value: number }, target: KpiTarget): number {
  if (!('changePercent' in target)) return target.value;
  return Math.round(baseline.value * (1 + target.changePercent / 100) * 100) / 100;
}

/** The measurement with the latest `measuredAt`; of two on the same day the one recorded last. */
export function latestOf<M extends KpiMeasurement>(measurements: readonly M[]): KpiMeasurement | null {
  const last = measurements.reduce<M | null>((a, m) => (!a || m.measuredAt >= a.measuredAt ? m : a), null);
  return last && { value: last.value, measuredAt: last.measuredAt, source: last.source };
}

const day = (date: string) => Date.parse(`${date}T00:00:00Z`) / 86_400_000;
/** Float noise of the straight line (0.1 + 0.2) must not turn a value on it into a miss. */
const EPSILON = 1e-9;

interface Line { baseline: { value: number; year: number }; targetValue: number; target: { by: string } }

/**
 * Where the KPI should stand on `date`: on the straight line from the baseline at the end of its year
 * to the target value on `by`; the baseline before that line starts, the target after it ends.
 */
export function expectedOn(kpi: Line, date: string): number {
  const from = day(`${kpi.baseline.year}-12-31`);
  const to = day(kpi.target.by);
  const at = day(date);
  if (at <= from) return kpi.baseline.value;
  if (at >= to) return kpi.targetValue;
  return kpi.baseline.value + ((kpi.targetValue - kpi.baseline.value) * (at - from)) / (to - from);
}

/**
 * `gehaald` when the latest measurement reaches the target (higher is better unless the target lies
 * below the baseline), `op-koers` when it is on or ahead of the line on its measurement date,
 * `niet-op-koers` otherwise, `onbekend` without a measurement.
 */
export function progressOf(kpi: Line, latest: { value: number; measuredAt: string } | null): Progress {
  if (!latest) return 'onbekend';
  const up = kpi.targetValue >= kpi.baseline.value;
  const reaches = (bar: number, slack = 0) => (up ? latest.value >= bar - slack : latest.value <= bar + slack);
  if (reaches(kpi.targetValue)) return 'gehaald';
  return reaches(expectedOn(kpi, latest.measuredAt), EPSILON) ? 'op-koers' : 'niet-op-koers';
}

/** A KPI as answers show it: with its latest measurement and its progress. */
export function withProgress<K extends Line & { measurements: readonly KpiMeasurement[] }>(kpi: K): K & { latest: KpiMeasurement | null; progress: Progress } {
  const latest = latestOf(kpi.measurements);
  // Not { ...kpi, latest, progress }: members after a spread take V8's slow path (kernel merged()).
  return merged(kpi, { latest, progress: progressOf(kpi, latest) }) as K & { latest: KpiMeasurement | null; progress: Progress };
}
