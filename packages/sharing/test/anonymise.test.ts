/**
 * What leaves the institute: for any event, of any type, with any personal data in its private
 * fields and envelope, no personal value appears anywhere in the published bytes (the feed's JSON
 * and the Kafka message's key, headers and value); aggregates over fewer than five respondents keep
 * only that they exist.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cycleDefinition } from '@gearbox/cycles';
import { anonymise, kafkaMessage, MIN_RESPONDENTS, toCloudEvent, type SharedEvent } from '../src/index.ts';
import { meta, policies, stored } from './events.ts';

const BASE = 'https://utrecht.example.nl';

/**
 * Every personal value carries a random tail (capital, digit, six more), so that the test knows
 * them all and finding one in the output is never a coincidence; the shared fields' values never
 * look like that.
 */
const TAIL = /[A-Z][0-9][a-z0-9]{6}/;
const tail = fc.stringMatching(new RegExp(`^${TAIL.source}$`));
const personName = fc.tuple(fc.constantFrom('Piet Jansen', 'Anna de Vries', 'Mohammed El Amrani', 'Els Bakker'), tail).map(([n, t]) => `${n}${t}`);
const email = fc.tuple(tail, fc.constantFrom('example.nl', 'huisarts.nl')).map(([t, d]) => `${t}.aios@${d}`);
const subjectId = fc.oneof(tail.map((t) => `owner:${t}`), tail.map((t) => `aios-${t}`), tail.map((t) => `resp-${t}`));
const freeText = fc.tuple(personName, tail).map(([n, t]) => `Gesprek met ${n} over het functioneren (${t})`);
const personal = fc.oneof(personName, email, subjectId, freeText);

const date = fc.date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
const kpiId = fc.constantFrom('k1', 'kpi-klimaat', 'tevredenheid');

/** Every event type a cycle records; its shared fields get ordinary values, every other field a personal one. */
const sharedData: Record<string, fc.Arbitrary<Record<string, unknown>>> = {
  CycleStarted: fc.record({ kind: fc.constantFrom('opleiders', 'curriculum'), period: fc.constant({ from: '2026-01-01', to: '2026-12-31' }), title: personal, scope: personal }),
  KpiDefined: fc.record({
    kpiId,
    goalId: personal,
    name: fc.constantFrom('aios die het klimaat veilig vinden', 'doorlooptijd'),
    unit: fc.constantFrom('%', 'dagen'),
    baseline: fc.record({ value: fc.integer({ min: 0, max: 100 }), source: personal, year: fc.integer({ min: 2000, max: 2030 }) }),
    target: fc.record({ changePercent: fc.integer({ min: -50, max: 50 }), by: date }),
  }),
  MeasurementRecorded: fc.record(
    { kpiId, value: fc.double({ min: -1e6, max: 1e6, noNaN: true }), source: personal, measuredAt: date, n: fc.integer({ min: 1, max: 50 }) },
    { requiredKeys: ['kpiId', 'value', 'source', 'measuredAt'] },
  ),
};
const eventTypes = [cycleDefinition.start.event, ...Object.values(cycleDefinition.commands).map((c) => c.event)];
const anyEvent = fc
  .tuple(fc.constantFrom(...eventTypes), fc.dictionary(fc.constantFrom('owner', 'note', 'reason', 'summary', 'respondent', 'email', 'name', 'title', 'body', 'result'), personal))
  .chain(([type, extra]) => (sharedData[type] ?? fc.constant({})).map((data) => ({ type, data: { ...extra, ...data } })));
const actor = fc.record({ sub: subjectId, name: personName });

/** Every string in a value, deep. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

function published(event: SharedEvent, institute: string): string {
  const message = kafkaMessage({ position: 1n, institute, event });
  return [JSON.stringify(event), String(message.key), JSON.stringify(message.headers), String(message.value)].join('\n');
}

describe('the anonymiser', () => {
  it('lets no personal value of any event into the published bytes', () => {
    fc.assert(
      fc.property(anyEvent, actor, fc.constantFrom('utrecht', 'leiden'), ({ type, data }, who, institute) => {
        const event = stored(`${institute}/cycle-c1`, type, data, meta(institute, who));
        const ce = toCloudEvent(event, policies, BASE);
        const shared = policies.of('cycle', type);
        // A shared type is published; a private one never is.
        expect(ce !== undefined).toBe(shared !== undefined);
        if (!ce) return;
        const bytes = published(ce, institute);
        const personalValues = strings([who, data]).filter((s) => TAIL.test(s));
        expect(personalValues.length).toBeGreaterThanOrEqual(2);
        for (const value of personalValues) expect(bytes).not.toContain(value);
      }),
      { numRuns: 500 },
    );
  });

  it('withholds a measurement over fewer than five respondents, or an unknown number, and keeps that it exists', () => {
    fc.assert(
      fc.property(fc.option(fc.integer({ min: 1, max: 20 }), { nil: undefined }), fc.double({ min: 1000.001, max: 9999.999, noNaN: true }), (n, value) => {
        const data = { kpiId: 'k1', value, source: 'NIVEL', measuredAt: '2026-06-30', ...(n === undefined ? {} : { n }) };
        const out = anonymise(policies.of('cycle', 'MeasurementRecorded')!, data)!;
        if (n !== undefined && n >= MIN_RESPONDENTS) {
          expect(out).toEqual({ kpiId: 'k1', value, measuredAt: '2026-06-30', n });
        } else {
          expect(out).toEqual({ kpiId: 'k1', measuredAt: '2026-06-30', suppressed: true, ...(n === undefined ? {} : { n }) });
          expect(JSON.stringify(out)).not.toContain(String(value));
        }
      }),
    );
  });

  it('publishes what fits the published JSON Schema, and withholds data that does not fit its policy', () => {
    const kpi = policies.of('cycle', 'KpiDefined')!;
    const data = { kpiId: 'k1', goalId: 'g1', name: 'Veilig klimaat', unit: '%', baseline: { value: 70, source: 'NIVEL', year: 2018 }, target: { value: 84, by: '2026-12-31' } };
    const out = anonymise(kpi, data);
    expect(out).toEqual({ kpiId: 'k1', name: 'Veilig klimaat', unit: '%', baseline: { value: 70, year: 2018 }, target: { value: 84, by: '2026-12-31' } });
    expect(kpi.schema.safeParse(out).success).toBe(true);
    expect(anonymise(kpi, { ...data, baseline: 'geen object' })).toBeUndefined();
  });

  it('keeps exactly what a zod parse of the policy keeps, and publishes nothing of data of the wrong kind', () => {
    fc.assert(
      fc.property(anyEvent, ({ type, data }) => {
        const shared = policies.of('cycle', type);
        if (!shared) return;
        const parsed = shared.policy.data.safeParse(data);
        expect(parsed.success).toBe(true);
        expect(shared.pick(data)).toEqual(parsed.data);
      }),
      { numRuns: 300 },
    );
    const good: Record<string, Record<string, unknown>> = {
      CycleStarted: { kind: 'opleiders', period: { from: '2026-01-01', to: '2026-12-31' } },
      KpiDefined: { kpiId: 'k1', name: 'Veilig klimaat', unit: '%', baseline: { value: 70, year: 2018 }, target: { value: 84, by: '2026-12-31' } },
      MeasurementRecorded: { kpiId: 'k1', value: 80, measuredAt: '2026-06-30', n: 20 },
    };
    const wrong: [string, string, unknown][] = [
      ['CycleStarted', 'kind', 'Piet Jansen'],
      ['CycleStarted', 'period', { from: '2026-01-01', to: '2026-12-31', note: 'Piet Jansen' }],
      ['CycleStarted', 'period', '2026'],
      ['KpiDefined', 'name', { first: 'Piet', last: 'Jansen' }],
      ['KpiDefined', 'kpiId', undefined],
      ['KpiDefined', 'baseline', { value: '70', year: 2018 }],
      ['KpiDefined', 'target', { value: 84, changePercent: 20, by: '2026-12-31' }],
      ['KpiDefined', 'nationalCode', ['Piet Jansen']],
      ['MeasurementRecorded', 'value', Number.POSITIVE_INFINITY],
      ['MeasurementRecorded', 'n', [5]],
      ['MeasurementRecorded', 'measuredAt', null],
    ];
    for (const [type, field, value] of wrong) {
      const shared = policies.of('cycle', type)!;
      const data = { ...good[type], [field]: value };
      expect(shared.policy.data.safeParse(data).success, `${type}.${field}`).toBe(false);
      expect(anonymise(shared, data), `${type}.${field}`).toBeUndefined();
    }
    for (const [type, data] of Object.entries(good)) expect(anonymise(policies.of('cycle', type)!, data)).toEqual(data);
  });
});
