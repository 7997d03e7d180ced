import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { world, type World } from './world.ts';

let w: World;
let qm: string;
let auditor: string;
beforeAll(async () => {
  w = await world();
  qm = await w.token('zwolle', ['kwaliteitsmedewerker', 'mt']);
  auditor = await w.token('zwolle', ['auditor']);
});
afterAll(() => w.stop());

type Item = { what: string; label: string; due: string; overdue: boolean; opleiderId?: string; name?: string };

/** A recognised opleider, after a startvisitatie by phone and a visit on the given days. */
async function recognised(name: string, until: string) {
  const created = await w.call('POST', '/api/v1/opleiders', { token: qm, body: { name, practice: 'Praktijk Oost' } });
  const id = created.body.id as string;
  const send = (body: Record<string, unknown>) => w.call('POST', `/api/v1/opleiders/${id}/commands`, { token: qm, body });
  for (const body of [
    { type: 'ScheduleStartvisitatie', date: '2026-02-10' },
    { type: 'RecordStartvisitatie', stage: 'telefonisch', outcome: 'positief', date: '2026-02-03' },
    { type: 'RecordStartvisitatie', stage: 'bezoek', outcome: 'positief', date: '2026-02-10', visitor: 'M. Jansen' },
    { type: 'Recognise', until },
  ]) {
    expect((await send(body)).status).toBe(200);
  }
  return { id, send };
}

const erkenningen = async (token: string, id: string) =>
  ((await w.call('GET', '/api/v1/deadlines', { token })).body.items as Item[]).filter((d) => d.opleiderId === id);

describe('an erkenning lapses on its end date', () => {
  it('is listed until then, lapses the day after once (verlopen, Recognise allowed), and is done after', async () => {
    const { id, send } = await recognised('Dr. E. Visser', '2026-05-31');
    expect(await erkenningen(qm, id)).toEqual([
      expect.objectContaining({ label: 'Erkenning verloopt op 31-05-2026', due: '2026-02-27', overdue: false, name: 'Dr. E. Visser' }),
      expect.objectContaining({ label: 'Erkenning eindigt na 31-05-2026', due: '2026-05-31', overdue: false, name: 'Dr. E. Visser' }),
    ]);
    // An auditor sees the deadlines, not the name.
    expect((await erkenningen(auditor, id)).map((d) => d.name)).toEqual([undefined, undefined]);

    w.clock.set('2026-05-31T22:00:00Z');
    expect(await w.gearbox.scheduler.tick()).toBe(1); // the reminder, not yet the lapse
    expect((await w.call('GET', `/api/v1/opleiders/${id}`, { token: qm })).body.status).toBe('erkend');

    w.clock.set('2026-06-01T06:00:00Z');
    expect(await w.gearbox.scheduler.tick()).toBe(1);
    expect(await w.gearbox.scheduler.tick()).toBe(0);
    const lapsed = await w.call('GET', `/api/v1/opleiders/${id}`, { token: qm });
    expect(lapsed.body).toMatchObject({ status: 'verlopen', recognisedUntil: '2026-05-31', lapses: [{ until: '2026-05-31' }] });
    expect(lapsed.body.allowed).toContain('Recognise');
    expect(lapsed.body.allowed).not.toContain('RecordFunctioneringsgesprek');
    expect(await erkenningen(qm, id)).toEqual([]);
    const trail = await w.call('GET', `/api/v1/opleiders/${id}/events`, { token: qm });
    expect(trail.body.items.filter((e: { type: string }) => e.type === 'ErkenningLapsed')).toHaveLength(1);
    // Clients cannot send the scheduler's command.
    expect((await send({ type: 'LapseErkenning', until: '2026-05-31' })).status).toBe(400);

    expect((await send({ type: 'Recognise', until: '2031-05-31' })).status).toBe(200);
    expect((await w.call('GET', `/api/v1/opleiders/${id}`, { token: qm })).body.status).toBe('erkend');
    expect((await erkenningen(qm, id)).map((d) => d.due)).toEqual(['2031-02-27', '2031-05-31']);
    w.clock.set('2026-03-01T09:00:00Z');
  });

  it('a renewal before the date moves the deadline, and the old date never lapses', async () => {
    const { id, send } = await recognised('Dr. F. de Boer', '2026-04-30');
    expect((await send({ type: 'Recognise', until: '2031-04-30' })).status).toBe(200);
    expect((await erkenningen(qm, id)).map((d) => d.due)).toEqual(['2031-01-29', '2031-04-30']);
    w.clock.set('2026-05-02T08:00:00Z');
    await w.gearbox.scheduler.tick();
    const trail = await w.call('GET', `/api/v1/opleiders/${id}/events`, { token: qm });
    expect(trail.body.items.map((e: { type: string }) => e.type)).not.toContain('ErkenningLapsed');
    expect((await w.call('GET', `/api/v1/opleiders/${id}`, { token: qm })).body.status).toBe('erkend');
    w.clock.set('2026-03-01T09:00:00Z');
  });
});

describe('a startvisitatie carries its day and its visitor', () => {
  it('shows them in the opleider, hides the visitor from an auditor, and refuses a day still to come', async () => {
    const { id } = await recognised('Dr. G. Smit', '2031-01-31');
    const seen = await w.call('GET', `/api/v1/opleiders/${id}`, { token: qm });
    expect(seen.body.startvisitatie.stages.map((s: { stage: string; date: string; visitor?: string }) => [s.stage, s.date, s.visitor])).toEqual([
      ['telefonisch', '2026-02-03', undefined],
      ['bezoek', '2026-02-10', 'M. Jansen'],
    ]);
    const forAuditor = await w.call('GET', `/api/v1/opleiders/${id}`, { token: auditor });
    expect(forAuditor.body.startvisitatie.stages[1]).toEqual(expect.not.objectContaining({ visitor: expect.anything() }));
    expect(forAuditor.body.startvisitatie.stages[1].date).toBe('2026-02-10');

    // The visitor is forgotten on their own, the opleider stays.
    const admin = await w.token('zwolle', ['admin']);
    expect((await w.call('DELETE', `/api/v1/subjects/${encodeURIComponent('owner:M. Jansen')}`, { token: admin })).body.keysDeleted).toBe(1);
    const forgotten = await w.call('GET', `/api/v1/opleiders/${id}`, { token: qm });
    expect(forgotten.body.startvisitatie.stages[1].visitor).toBe('[vergeten]');
    expect(forgotten.body.name).toBe('Dr. G. Smit');

    const other = await w.call('POST', '/api/v1/opleiders', { token: qm, body: { name: 'Dr. H. Mulder', practice: 'Praktijk West' } });
    const path = `/api/v1/opleiders/${other.body.id}/commands`;
    await w.call('POST', path, { token: qm, body: { type: 'ScheduleStartvisitatie', date: '2026-03-05' } });
    const future = await w.call('POST', path, { token: qm, body: { type: 'RecordStartvisitatie', stage: 'telefonisch', outcome: 'positief', date: '2026-03-02' } });
    expect(future.status).toBe(400);
    expect(future.headers.get('content-type')).toMatch(/problem\+json/);
    expect(future.body.detail).toMatch(/ligt niet na vandaag/);
    const unchanged = await w.call('GET', `/api/v1/opleiders/${other.body.id}`, { token: qm });
    expect(unchanged.body.startvisitatie).toEqual({ status: 'gepland', date: '2026-03-05', stages: [] });
  });
});
