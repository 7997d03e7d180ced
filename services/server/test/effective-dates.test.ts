/**
 * Issue 12, effective dates: what happened on a day carries that day, a day still to come is
 * refused, and a period's dossier selects on it — LEOH evaluations of January–June fall in the
 * January–June dossier, also when they were typed in in July or stored before they had a date.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { world, type World } from './world.ts';

let w: World;
let qm: string;
let opleiderId: string;
const SETTING = { scale: { min: 1, max: 5 }, crucialItems: ['veiligheid'], threshold: 2 };

beforeAll(async () => {
  w = await world();
  qm = await w.token('utrecht', ['kwaliteitsmedewerker', 'mt']);
  const admin = await w.token('utrecht', ['admin']);
  expect((await w.call('PUT', '/api/v1/settings/leoh', { token: admin, body: SETTING })).status).toBe(200);
  const created = await w.call('POST', '/api/v1/opleiders', { token: qm, body: { name: 'Dr. A. Bakker', practice: 'Praktijk De Linde' } });
  opleiderId = created.body.id;
  for (const body of [
    { type: 'ScheduleStartvisitatie', date: '2026-02-10' },
    { type: 'RecordStartvisitatie', stage: 'telefonisch', outcome: 'positief', date: '2026-02-03' },
    { type: 'RecordStartvisitatie', stage: 'bezoek', outcome: 'positief', date: '2026-02-10' },
    { type: 'Recognise', until: '2031-03-01' },
  ]) expect((await send(body)).status).toBe(200);
});
afterAll(() => w.stop());

const send = (body: Record<string, unknown>) => w.call('POST', `/api/v1/opleiders/${opleiderId}/commands`, { token: qm, body });
const leoh = (evaluationId: string, period: string, date?: string) =>
  send({ type: 'RecordLeoh', evaluationId, period, respondent: `aios-${evaluationId}`, scores: { veiligheid: 4 }, ...(date ? { date } : {}) });

/** The LEOH line of criterion LO-4 in the JSON dossier of a period. */
async function leohLine(from: string, to: string) {
  const auditor = await w.token('utrecht', ['auditor']);
  const res = await w.call('GET', `/api/v1/gear/export?format=json&from=${from}&to=${to}`, { token: auditor });
  expect(res.status).toBe(200);
  const criteria = (res.body.domains as { criteria: { code: string; evidence: { id: string; count?: number; effectiveFrom?: string; effectiveAt: string }[] }[] }[]).flatMap((d) => d.criteria);
  return criteria.find((c) => c.code === 'LO-4')!.evidence.find((e) => e.id === 'opleider:LeohRecorded');
}

describe('effective dates over HTTP', () => {
  it('a half-year dossier holds the LEOH evaluations of that half year and not those of the other, whenever they were typed in', async () => {
    // Typed in on 3 July: one filled in on 20 June, one with no date (the day it is recorded, capped at the period's end), one of an old stored shape.
    w.clock.set('2026-07-03T09:00:00Z');
    expect((await leoh('h1-a', '2026-H1', '2026-06-20')).status).toBe(200);
    expect((await leoh('h1-b', '2026-H1')).status).toBe(200);
    // As stored before evaluations had a date: the store gets it without one.
    const append = w.gearbox.store.appendToStream.bind(w.gearbox.store);
    w.gearbox.store.appendToStream = (stream, events, options) =>
      append(stream, events.map((e) => (e.type === 'LeohRecorded' ? { ...e, data: Object.fromEntries(Object.entries(e.data as object).filter(([k]) => k !== 'date')) } : e)), options);
    try {
      expect((await leoh('h1-old', '2026-H1')).status).toBe(200);
    } finally {
      w.gearbox.store.appendToStream = append;
    }
    w.clock.set('2027-01-10T09:00:00Z');
    expect((await leoh('h2-a', '2026-H2', '2026-12-15')).status).toBe(200);
    expect((await leoh('h2-b', '2026-H2', '2027-01-08')).status).toBe(200);

    // The opleider shows each evaluation's day: the stored one without a date reads as the day it was recorded.
    const view = await w.call('GET', `/api/v1/opleiders/${opleiderId}`, { token: qm });
    expect(view.body.leoh.map((e: { evaluationId: string; date: string }) => [e.evaluationId, e.date])).toEqual([
      ['h1-a', '2026-06-20'], ['h1-b', '2026-07-03'], ['h1-old', '2026-07-03'], ['h2-a', '2026-12-15'], ['h2-b', '2027-01-08'],
    ]);

    expect(await leohLine('2026-01-01', '2026-06-30')).toMatchObject({ count: 3, effectiveFrom: '2026-06-20', effectiveAt: '2026-06-30' });
    expect(await leohLine('2026-07-01', '2026-12-31')).toMatchObject({ count: 2, effectiveFrom: '2026-12-15', effectiveAt: '2026-12-31' });
    expect(await leohLine('2026-01-01', '2026-12-31')).toMatchObject({ count: 5 });
    expect(await leohLine('2027-01-01', '2027-06-30')).toBeUndefined();
  });

  it('a day still to come is a 400 in Dutch naming the field, and nothing is stored', async () => {
    w.clock.set('2027-01-10T09:00:00Z');
    const before = await w.gearbox.store.headPosition();
    const future = await leoh('later', '2027-H1', '2027-01-11');
    expect(future.status).toBe(400);
    expect(future.headers.get('content-type')).toContain('application/problem+json');
    expect(future.body.detail).toBe('Een datum waarop iets gebeurd is, ligt niet na vandaag en niet vóór 2000; er is niets vastgelegd.');
    expect(future.body.errors).toEqual([{ path: 'date', message: 'ligt na vandaag (10-01-2027)' }]);

    const cycle = await w.call('POST', '/api/v1/cycles', { token: qm, body: { kind: 'leeromgeving', title: 'Leeromgeving 2027', period: { from: '2027-01-01', to: '2027-12-31' } } });
    const cycleId = cycle.body.id;
    for (const body of [
      { type: 'SetGoal', goalId: 'g', title: 'Veilig klimaat' },
      { type: 'DefineKpi', kpiId: 'k', goalId: 'g', name: 'veilig', unit: '%', baseline: { value: 70, source: 'NIVEL', year: 2018 }, target: { changePercent: 20, by: '2027-12-31' } },
      { type: 'PlanActivity', activityId: 'a', title: 'Enquête', owner: 'Kwaliteitsmedewerker', due: '2027-06-30' },
      { type: 'ApprovePlan' },
    ]) expect((await w.call('POST', `/api/v1/cycles/${cycleId}/commands`, { token: qm, body })).status).toBe(200);
    const afterPlan = await w.gearbox.store.headPosition();
    const measurement = await w.call('POST', `/api/v1/cycles/${cycleId}/commands`, { token: qm, body: { type: 'RecordMeasurement', kpiId: 'k', value: 80, source: 'enquête', measuredAt: '2027-02-01' } });
    expect(measurement.status).toBe(400);
    expect(measurement.body.errors).toEqual([{ path: 'measuredAt', message: 'ligt na vandaag (10-01-2027)' }]);
    const english = await w.call('POST', `/api/v1/cycles/${cycleId}/commands`, {
      token: qm, headers: { 'Accept-Language': 'en' }, body: { type: 'RecordMeasurement', kpiId: 'k', value: 80, source: 'enquête', measuredAt: '1999-02-01' },
    });
    expect(english.body.errors).toEqual([{ path: 'measuredAt', message: 'is before 2000-01-01' }]);
    expect(await w.gearbox.store.headPosition()).toBe(afterPlan);
    expect(afterPlan).toBeGreaterThan(before);
    const today = await w.call('POST', `/api/v1/cycles/${cycleId}/commands`, { token: qm, body: { type: 'RecordMeasurement', kpiId: 'k', value: 80, source: 'enquête', measuredAt: '2027-01-10' } });
    expect(today.body.kpis[0].latest).toMatchObject({ value: 80, measuredAt: '2027-01-10' });
  });

  it('publishes KpiDefined as the store holds it: goalId optional, as older events lack it', async () => {
    const published = await w.call('GET', '/api/v1/schemas/KpiDefined', { token: qm });
    expect(published.status).toBe(200);
    expect(published.body.properties).toHaveProperty('goalId');
    expect(published.body.required).toEqual(expect.arrayContaining(['kpiId', 'name', 'unit', 'baseline', 'target']));
    expect(published.body.required).not.toContain('goalId');
  });
});
