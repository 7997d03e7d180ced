import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { world, type World } from './world.ts';

let w: World;
let qm: string;
beforeAll(async () => {
  w = await world();
  qm = await w.token('utrecht', ['kwaliteitsmedewerker', 'mt']);
});
afterAll(() => w.stop());

describe('/api/v1/programmas', () => {
  it('registers, records feedback and puts a round into a curriculum cycle as evidence', async () => {
    const p = await w.call('POST', '/api/v1/programmas', { token: qm, body: { title: 'Terugkomdag communicatie', year: 1 } });
    expect(p.status).toBe(201);
    const id = p.body.id;
    const r = await w.call('POST', `/api/v1/programmas/${id}/commands`, { token: qm, body: { type: 'RecordFeedbackRound', roundId: 'voorjaar', group: 'aios', date: '2026-02-10', n: 24, scores: { inhoud: 7.5, werkvorm: 6.5 } } });
    expect(r.status).toBe(200);
    const small = await w.call('POST', `/api/v1/programmas/${id}/commands`, { token: qm, body: { type: 'RecordFeedbackRound', roundId: 'opleiders', group: 'opleiders', date: '2026-02-12', n: 3, scores: { inhoud: 4 } } });
    expect(small.body.rounds[1]).toMatchObject({ scores: null, note: 'te weinig respons' });

    const cycle = await w.call('POST', '/api/v1/cycles', { token: qm, body: { kind: 'curriculum', title: 'C', period: { from: '2026-01-01', to: '2026-12-31' } } });
    const cycleId = cycle.body.id;
    for (const body of [
      { type: 'SetGoal', goalId: 'g', title: 'g' },
      { type: 'PlanActivity', activityId: 'a', title: 'a', owner: 'o', due: '2026-06-01' },
      { type: 'ApprovePlan' },
    ]) expect((await w.call('POST', `/api/v1/cycles/${cycleId}/commands`, { token: qm, body })).status).toBe(200);

    const attached = await w.call('POST', `/api/v1/programmas/${id}/feedback/voorjaar/evidence`, { token: qm, body: { cycleId } });
    expect(attached.status).toBe(200);
    expect(attached.body.evidence[0]).toMatchObject({ kind: 'survey', effectiveAt: '2026-02-10', criteria: ['CUR-2'] });
    expect(attached.body.evidence[0].summary).toContain('n = 24; gemiddeld 7');
    const tooFew = await w.call('POST', `/api/v1/programmas/${id}/feedback/opleiders/evidence`, { token: qm, body: { cycleId } });
    expect(tooFew.body.evidence[1].summary).toBe('n = 3: te weinig respons');
    expect(tooFew.body.evidence[1].summary).not.toContain('4');

    const other = await w.call('POST', '/api/v1/cycles', { token: qm, body: { kind: 'organisatie', title: 'O', period: { from: '2026-01-01', to: '2026-12-31' } } });
    expect((await w.call('POST', `/api/v1/programmas/${id}/feedback/voorjaar/evidence`, { token: qm, body: { cycleId: other.body.id } })).status).toBe(422);
    expect((await w.call('POST', `/api/v1/programmas/${id}/feedback/nope/evidence`, { token: qm, body: { cycleId } })).status).toBe(404);
    expect((await w.call('POST', `/api/v1/programmas/${id}/feedback/voorjaar/evidence`, { token: await w.token('utrecht', ['auditor']), body: { cycleId } })).status).toBe(403);

    const list = await w.call('GET', '/api/v1/programmas?status=actief', { token: qm });
    expect(list.body.items).toEqual([expect.objectContaining({ id, rounds: 2 })]);
  });
});
