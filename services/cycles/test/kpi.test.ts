import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { as, detailsOf, given, type GivenEvent } from '@gearbox/kernel/testing';
import { type Cycle, cycleDefinition } from '../src/definition.ts';
import { expectedOn, latestOf, progressOf, PROGRESS, targetValueOf, type Progress } from '../src/kpi.ts';
import { CycleSchema } from '../src/views.ts';
import * as f from './fixtures.ts';

const cycle = (...events: GivenEvent[]) => given(cycleDefinition, ...events);
const qm = as('kwaliteitsmedewerker');
const baseline = { value: 70, source: 'NIVEL-enquête', year: 2018 };
const defineKpi = (extra: Record<string, unknown>) => ({ type: 'DefineKpi', kpiId: 'veilig', goalId: 'g1', name: 'aios die het opleidingsklimaat veilig vinden', unit: '%', baseline, ...extra });
const kpiOf = async (...events: GivenEvent[]) => {
  // Any command answers the cycle; evidence is allowed in do.
  const { view } = await cycle(...events).when({ type: 'AddEvidence', evidenceId: 'e-x', title: 'x', kind: 'other' }, qm).then(['EvidenceAdded']);
  return (view as Cycle).kpis;
};

describe('DefineKpi', () => {
  it('takes a target relative to the baseline and answers its value: NIVEL 2018 70% and +20% gives 84%', async () => {
    const { view } = await cycle(f.started, f.goal)
      .when(defineKpi({ nationalCode: 'KLIMAAT-1', target: { changePercent: 20, by: '2027-12-31' } }), qm)
      .then([['KpiDefined', { goalId: 'g1', target: { changePercent: 20, by: '2027-12-31' } }]]);
    const [kpi] = (view as Cycle).kpis;
    expect(kpi).toMatchObject({ kpiId: 'veilig', goalId: 'g1', nationalCode: 'KLIMAAT-1', target: { changePercent: 20, by: '2027-12-31' }, targetValue: 84, latest: null, progress: 'onbekend' });
    expect(CycleSchema.safeParse(view).success).toBe(true);
  });

  it('refuses a goal that is not in the cycle (422, Dutch and English)', async () => {
    const error = await cycle(f.started, f.goal).when(defineKpi({ goalId: 'g9', target: { value: 84, by: '2027-12-31' } }), qm).thenError(422);
    expect(detailsOf(error)).toEqual({ nl: 'Doel g9 hoort niet bij deze cyclus.', en: 'goal g9 is not in this cycle.' });
  });

  it('refuses a KPI without goal, and a target with both or neither of value and changePercent (400)', async () => {
    await cycle(f.started, f.goal).when({ ...defineKpi({ target: { value: 84, by: '2027-12-31' } }), goalId: undefined }, qm).thenError(400);
    for (const target of [{ value: 84, changePercent: 20, by: '2027-12-31' }, { by: '2027-12-31' }]) {
      const error = await cycle(f.started, f.goal).when(defineKpi({ target }), qm).thenError(400);
      const [field] = (error.extensions as { errors: { path: string; message: { nl: string; en: string } }[] }).errors;
      expect(field).toMatchObject({ path: 'target', message: { nl: expect.stringMatching(/óf \{value, by\} óf \{changePercent, by\}/), en: expect.stringMatching(/exactly one of value and changePercent/) } });
    }
  });

  it('still reads a KpiDefined recorded before goals and relative targets: goal null, the target as it was', async () => {
    const old: GivenEvent = ['KpiDefined', { kpiId: 'k0', name: 'oud', unit: '%', baseline: { value: 60, source: 'NIVEL', year: 2018 }, target: { value: 72, by: '2027-12-31' } }];
    const [kpi] = await kpiOf(f.started, f.goal, old, f.activity, f.approved, ['MeasurementRecorded', { kpiId: 'k0', value: 67, source: 'enquête', measuredAt: '2023-12-31' }]);
    expect(kpi).toMatchObject({ kpiId: 'k0', goalId: null, targetValue: 72, latest: { value: 67, measuredAt: '2023-12-31', source: 'enquête' }, progress: 'op-koers' });
  });

  it('answers the latest measurement by measuredAt, not by when it was recorded', async () => {
    const measured = (value: number, measuredAt: string): GivenEvent => ['MeasurementRecorded', { kpiId: 'k1', value, source: 'enquête', measuredAt }];
    const [kpi] = await kpiOf(...f.inDo, measured(75, '2027-06-30'), measured(61, '2026-01-15'));
    expect(kpi).toMatchObject({ targetValue: 72, latest: { value: 75, measuredAt: '2027-06-30' }, progress: 'gehaald' });
  });
});

describe('target value', () => {
  it.each([
    [{ value: 84, by: '2027-12-31' }, 70, 84],
    [{ changePercent: 20, by: '2027-12-31' }, 70, 84],
    [{ changePercent: 15, by: '2027-12-31' }, 6.8, 7.82],
    [{ changePercent: -25, by: '2027-12-31' }, 8, 6],
    [{ changePercent: 10, by: '2027-12-31' }, 3.333, 3.67],
    [{ changePercent: 0, by: '2027-12-31' }, 50, 50],
  ])('%j on a baseline of %d is %d', (target, value, expected) => {
    expect(targetValueOf({ value }, target)).toBe(expected);
  });
});

describe('progress', () => {
  // Baseline 70 at the end of 2018, target 84 by the end of 2027: the line gains 14 points in 9 years.
  const up = { baseline: { value: 70, year: 2018 }, targetValue: 84, target: { by: '2027-12-31' } };
  const down = { baseline: { value: 8, year: 2025 }, targetValue: 5, target: { by: '2026-12-31' } };
  // One point a day through 2026, up or down: on 10 April (day 100) the line stands at 100, or at 265.
  const daily = { baseline: { value: 0, year: 2025 }, targetValue: 365, target: { by: '2026-12-31' } };
  const dailyDown = { ...daily, baseline: { value: 365, year: 2025 }, targetValue: 0 };
  const m = (value: number, measuredAt: string) => ({ value, measuredAt });

  it.each<[string, typeof up, ReturnType<typeof m> | null, Progress]>([
    ['unmeasured', up, null, 'onbekend'],
    ['at the target before its date', up, m(84, '2026-06-30'), 'gehaald'],
    ['above the target', up, m(90, '2022-01-01'), 'gehaald'],
    ['on the line', daily, m(100, '2026-04-10'), 'op-koers'],
    ['just behind the line', daily, m(99.5, '2026-04-10'), 'niet-op-koers'],
    ['lower is better, on the line', dailyDown, m(265, '2026-04-10'), 'op-koers'],
    ['lower is better, just behind the line', dailyDown, m(265.5, '2026-04-10'), 'niet-op-koers'],
    ['ahead of the line', up, m(80, '2023-06-30'), 'op-koers'],
    ['behind the line', up, m(74, '2025-06-30'), 'niet-op-koers'],
    ['after the date without the target', up, m(83.9, '2028-03-01'), 'niet-op-koers'],
    ['at the baseline before the line starts', up, m(70, '2018-06-30'), 'op-koers'],
    ['below the baseline before the line starts', up, m(69, '2018-06-30'), 'niet-op-koers'],
    ['lower is better, reached', down, m(4.8, '2026-10-01'), 'gehaald'],
    ['lower is better, ahead of the line', down, m(6, '2026-07-02'), 'op-koers'],
    ['lower is better, behind', down, m(7.5, '2026-07-02'), 'niet-op-koers'],
  ])('%s', (_label, kpi, latest, expected) => {
    expect(progressOf(kpi, latest)).toBe(expected);
  });

  it('expects the baseline until the end of its year and the target from its date on', () => {
    expect(expectedOn(up, '2010-01-01')).toBe(70);
    expect(expectedOn(up, '2018-12-31')).toBe(70);
    expect(expectedOn(up, '2027-12-31')).toBe(84);
    expect(expectedOn(up, '2030-01-01')).toBe(84);
    expect(expectedOn({ ...up, target: { by: '2017-01-01' } }, '2020-01-01')).toBe(84);
  });

  it('takes the latest measurement by date; of two on one day the one recorded last', () => {
    const r = (value: number, measuredAt: string) => ({ value, measuredAt, source: `s${value}` });
    expect(latestOf([r(1, '2026-05-01'), r(2, '2026-07-01'), r(3, '2026-06-01')])).toEqual(r(2, '2026-07-01'));
    expect(latestOf([r(1, '2026-07-01'), r(2, '2026-07-01')])).toEqual(r(2, '2026-07-01'));
    expect(latestOf([])).toBeNull();
  });

  const date = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2040-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
  const value = fc.double({ min: -1000, max: 1000, noNaN: true });
  const kpi = fc.record({ baseline: fc.record({ value, year: fc.integer({ min: 2000, max: 2035 }) }), targetValue: value, target: fc.record({ by: date }) });
  const rank: Record<Progress, number> = { onbekend: -1, 'niet-op-koers': 0, 'op-koers': 1, gehaald: 2 };

  it('is gehaald exactly when the latest measurement reaches the target, in the target’s direction', () => {
    fc.assert(
      fc.property(kpi, value, date, (k, v, at) => {
        const up = k.targetValue >= k.baseline.value;
        expect(progressOf(k, m(v, at)) === 'gehaald').toBe(up ? v >= k.targetValue : v <= k.targetValue);
      }),
    );
  });

  it('never gets worse when the measurement moves toward the target', () => {
    fc.assert(
      fc.property(kpi, value, fc.double({ min: 0, max: 1000, noNaN: true }), date, (k, v, step, at) => {
        const better = k.targetValue >= k.baseline.value ? v + step : v - step;
        expect(rank[progressOf(k, m(better, at))]).toBeGreaterThanOrEqual(rank[progressOf(k, m(v, at))]);
      }),
    );
  });

  it('calls a measurement on the line on course, and is the same when every value is mirrored', () => {
    fc.assert(
      fc.property(kpi, value, date, (k, v, at) => {
        fc.pre(k.targetValue !== k.baseline.value);
        expect(['op-koers', 'gehaald']).toContain(progressOf(k, m(expectedOn(k, at), at)));
        const mirrored = { ...k, baseline: { ...k.baseline, value: -k.baseline.value }, targetValue: -k.targetValue };
        expect(progressOf(mirrored, m(-v, at))).toBe(progressOf(k, m(v, at)));
      }),
    );
  });

  it('answers one of the four words, onbekend only without a measurement', () => {
    fc.assert(
      fc.property(kpi, fc.option(fc.record({ value, measuredAt: date }), { nil: null }), (k, latest) => {
        const p = progressOf(k, latest);
        expect(PROGRESS).toContain(p);
        expect(p === 'onbekend').toBe(latest === null);
      }),
    );
  });
});
