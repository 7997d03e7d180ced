/**
 * `GET /api/v1/subjects` (admin): the people an institute keeps personal data of, named, for the
 * picker under "Persoon vergeten"; never another institute's; forgotten people leave the list.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { world, type World } from './world.ts';

let w: World;
beforeAll(async () => {
  w = await world();
});
afterAll(() => w.stop());

type Person = { subjectId: string; name: string; kind: string };
const people = async (token: string) => (await w.call('GET', '/api/v1/subjects', { token })).body.items as Person[];

describe('the people an admin can forget', () => {
  it('lists opleiders, docenten and owners by name with their subject, only of the own institute', async () => {
    const qm = await w.token('zwolle', ['kwaliteitsmedewerker', 'mt']);
    const admin = await w.token('zwolle', ['admin']);
    expect((await w.call('POST', '/api/v1/opleiders', { token: qm, body: { name: 'Dr. A. Bos', practice: 'Praktijk Oost' } })).status).toBe(201);
    expect((await w.call('POST', '/api/v1/docenten', { token: qm, body: { name: 'J. de Wit', role: 'huisartsdocent' } })).status).toBe(201);
    const cycle = await w.call('POST', '/api/v1/cycles', { token: qm, body: { kind: 'curriculum', title: 'Curriculum 2026', period: { from: '2026-01-01', to: '2026-12-31' } } });
    for (const body of [
      { type: 'SetGoal', goalId: 'g', title: 'Feedback verwerken' },
      { type: 'PlanActivity', activityId: 'a', title: 'Commissievergadering', owner: 'Curriculumcommissie', due: '2026-12-31' },
      { type: 'PlanActivity', activityId: 'b', title: 'Enquête', owner: 'curriculumcommissie ', due: '2026-12-31' },
    ]) {
      expect((await w.call('POST', `/api/v1/cycles/${cycle.body.id}/commands`, { token: qm, body })).status).toBe(200);
    }
    const other = await w.token('deventer', ['kwaliteitsmedewerker']);
    expect((await w.call('POST', '/api/v1/opleiders', { token: other, body: { name: 'Dr. C. Elders', practice: 'Praktijk West' } })).status).toBe(201);

    const listed = await people(admin);
    expect(listed.map((p) => [p.name, p.kind])).toEqual([
      ['Curriculumcommissie', 'eigenaar'],
      ['Dr. A. Bos', 'opleider'],
      ['J. de Wit', 'docent'],
    ]);
    expect(listed[0]!.subjectId).toMatch(/^owner:[0-9a-f]{24}$/);
    expect(JSON.stringify(await people(await w.token('deventer', ['admin'])))).not.toContain('Bos');

    // Only the admin; the subject id is what DELETE takes, and a forgotten person leaves the list.
    expect((await w.call('GET', '/api/v1/subjects', { token: qm })).status).toBe(403);
    const bos = listed.find((p) => p.name === 'Dr. A. Bos')!;
    expect((await w.call('DELETE', `/api/v1/subjects/${encodeURIComponent(bos.subjectId)}`, { token: admin })).status).toBe(200);
    expect((await people(admin)).map((p) => p.name)).toEqual(['Curriculumcommissie', 'J. de Wit']);
  });
});
