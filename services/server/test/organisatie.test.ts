import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { world, type World } from './world.ts';

let w: World;
let qm: string;
beforeAll(async () => {
  w = await world();
  qm = await w.token('utrecht', ['kwaliteitsmedewerker', 'mt']);
});
afterAll(() => w.stop());

describe('organisatie', () => {
  it('the management review goes overdue after six months: in the cycle and in /api/v1/deadlines, once', async () => {
    const created = await w.call('POST', '/api/v1/cycles', { token: qm, body: { kind: 'organisatie', title: 'Jaarplan 2026', period: { from: '2026-01-01', to: '2026-12-31' } } });
    const id = created.body.id;
    const deadlines = await w.call('GET', '/api/v1/deadlines', { token: qm });
    expect(deadlines.body.items).toEqual([expect.objectContaining({ what: 'management-review', due: '2026-07-01', overdue: false, cycleId: id })]);

    w.clock.set('2026-07-02T08:00:00Z');
    expect(await w.gearbox.scheduler.tick()).toBe(1);
    expect(await w.gearbox.scheduler.tick()).toBe(0);
    const overdue = await w.call('GET', '/api/v1/deadlines?overdue=true', { token: qm });
    expect(overdue.body.items).toEqual([expect.objectContaining({ what: 'management-review', overdue: true })]);
    const cycle = await w.call('GET', `/api/v1/cycles/${id}`, { token: qm });
    expect(cycle.body.managementReview).toEqual({ nextDue: '2026-07-01', overdue: ['2026-07-01'] });
    const trail = await w.call('GET', `/api/v1/cycles/${id}/events`, { token: qm });
    expect(trail.body.items.filter((e: { type: string }) => e.type === 'ManagementReviewOverdue')).toHaveLength(1);

    // Holding the review sets the next one six months later.
    for (const body of [
      { type: 'SetGoal', goalId: 'g', title: 'Kwaliteitszorg' },
      { type: 'PlanActivity', activityId: 'a', title: 'Weekstart', owner: 'MT', due: '2026-12-01' },
      { type: 'ApprovePlan' },
      { type: 'HoldReview', reviewId: 'mr', body: 'management-review', date: '2026-07-02' },
    ]) expect((await w.call('POST', `/api/v1/cycles/${id}/commands`, { token: qm, body })).status).toBe(200);
    const next = await w.call('GET', '/api/v1/deadlines', { token: qm });
    expect(next.body.items.filter((d: { what: string }) => d.what === 'management-review')).toEqual([expect.objectContaining({ due: '2027-01-02', overdue: false })]);
    w.clock.set('2026-03-01T09:00:00Z');
  });

  it('serves the jaarverslag as JSON and as HTML', async () => {
    const json = await w.call('GET', '/api/v1/organisatie/jaarverslag?year=2026', { token: qm });
    expect(json.status).toBe(200);
    expect(json.body).toMatchObject({ institute: 'utrecht', year: 2026, structure: 'INK' });
    expect(json.body.managementReviews.held).toEqual([{ date: '2026-07-02', cycle: 'Jaarplan 2026' }]);
    expect(json.body.managementReviews.overdue).toEqual([{ due: '2026-07-01', cycle: 'Jaarplan 2026' }]);
    const html = await w.call('GET', '/api/v1/organisatie/jaarverslag?year=2026&format=html', { token: qm });
    expect(html.headers.get('content-type')).toContain('text/html');
    expect(html.body).toContain('Jaarverslag 2026');
    expect((await w.call('GET', '/api/v1/organisatie/jaarverslag?year=twintig', { token: qm })).status).toBe(400);
    expect((await w.call('GET', '/api/v1/organisatie/jaarverslag?year=2026', { token: await w.token('utrecht', ['cmo']) })).status).toBe(403);
    const other = await w.call('GET', '/api/v1/organisatie/jaarverslag?year=2026', { token: await w.token('amc', ['mt']) });
    expect(other.body.doelen).toEqual([]);
  });
});
