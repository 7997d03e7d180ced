import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { world, type World } from './world.ts';

let w: World;
let qm: string;
beforeAll(async () => {
  w = await world();
  qm = await w.token('zwolle', ['kwaliteitsmedewerker', 'mt']);
});
afterAll(() => w.stop());

describe('the 360-degree round of a docent has a durable due date', () => {
  it('goes overdue the day after `due`, once, shows in /api/v1/deadlines with a working link, and ends when the round closes', async () => {
    const created = await w.call('POST', '/api/v1/docenten', { token: qm, body: { name: 'L. de Groot', role: 'huisartsdocent' } });
    const id = created.body.id as string;
    const send = (body: Record<string, unknown>) => w.call('POST', `/api/v1/docenten/${id}/commands`, { token: qm, body });
    expect((await send({ type: 'StartFeedbackRound', roundId: 'r2026', year: 2026, sources: ['aios', 'collega'], due: '2026-05-01' })).status).toBe(200);

    const listed = await w.call('GET', '/api/v1/deadlines', { token: qm });
    const round = listed.body.items.find((d: { what: string }) => d.what === 'feedback-round');
    expect(round).toMatchObject({ label: '360-gradenfeedback 2026', due: '2026-05-01', overdue: false, docentId: id, href: `/api/v1/docenten/${id}` });
    expect((await w.call('GET', round.href, { token: qm })).status).toBe(200);

    w.clock.set('2026-05-01T23:00:00Z');
    expect(await w.gearbox.scheduler.tick()).toBe(0);
    w.clock.set('2026-05-02T08:00:00Z');
    expect(await w.gearbox.scheduler.tick()).toBe(1);
    expect(await w.gearbox.scheduler.tick()).toBe(0);
    const overdue = await w.call('GET', '/api/v1/deadlines?overdue=true', { token: qm });
    expect(overdue.body.items).toEqual([expect.objectContaining({ what: 'feedback-round', docentId: id, overdue: true })]);
    const docent = await w.call('GET', `/api/v1/docenten/${id}`, { token: qm });
    expect(docent.body.rounds).toEqual([expect.objectContaining({ roundId: 'r2026', status: 'open', overdue: true })]);
    const trail = await w.call('GET', `/api/v1/docenten/${id}/events`, { token: qm });
    expect(trail.body.items.filter((e: { type: string }) => e.type === 'FeedbackRoundOverdue')).toHaveLength(1);
    // Clients cannot send the scheduler's command.
    expect((await send({ type: 'MarkFeedbackRoundOverdue', roundId: 'r2026', due: '2026-05-01' })).status).toBe(400);

    // Late answers still count; closing the round takes it off the list.
    expect((await send({ type: 'Record360Feedback', roundId: 'r2026', source: 'collega', n: 4, scores: { samenwerking: 8 } })).status).toBe(200);
    expect((await send({ type: 'CloseFeedbackRound', roundId: 'r2026' })).status).toBe(200);
    const after = await w.call('GET', '/api/v1/deadlines', { token: qm });
    expect(after.body.items.filter((d: { what: string }) => d.what === 'feedback-round')).toEqual([]);
    w.clock.set('2026-03-01T09:00:00Z');
  });

  it('a round closed before its due date never goes overdue', async () => {
    const created = await w.call('POST', '/api/v1/docenten', { token: qm, body: { name: 'K. Smit', role: 'huisartsdocent' } });
    const id = created.body.id as string;
    const send = (body: Record<string, unknown>) => w.call('POST', `/api/v1/docenten/${id}/commands`, { token: qm, body });
    await send({ type: 'StartFeedbackRound', roundId: 'r', year: 2026, sources: ['aios'], due: '2026-06-01' });
    await send({ type: 'Record360Feedback', roundId: 'r', source: 'aios', n: 6, scores: { didactiek: 7 } });
    expect((await send({ type: 'CloseFeedbackRound', roundId: 'r' })).status).toBe(200);
    w.clock.set('2026-06-10T08:00:00Z');
    expect(await w.gearbox.scheduler.tick()).toBe(0);
    const trail = await w.call('GET', `/api/v1/docenten/${id}/events`, { token: qm });
    expect(trail.body.items.map((e: { type: string }) => e.type)).not.toContain('FeedbackRoundOverdue');
    w.clock.set('2026-03-01T09:00:00Z');
  });
});
