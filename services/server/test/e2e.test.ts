import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { world, type World } from './world.ts';

let w: World;
let qm: string;
let mt: string;
let auditor: string;
let otherInstitute: string;
beforeAll(async () => {
  w = await world();
  qm = await w.token('utrecht', ['kwaliteitsmedewerker']);
  mt = await w.token('utrecht', ['mt']);
  auditor = await w.token('utrecht', ['auditor']);
  otherInstitute = await w.token('amc', ['kwaliteitsmedewerker', 'mt']);
});
afterAll(() => w.stop());

const start = { kind: 'curriculum', title: 'Curriculum 2026', period: { from: '2026-01-01', to: '2026-12-31' } };

async function newCycle(body: Record<string, unknown> = start): Promise<string> {
  const res = await w.call('POST', '/api/v1/cycles', { token: qm, body });
  expect(res.status).toBe(201);
  return res.body.id;
}
const command = (id: string, body: Record<string, unknown>, token = mt, headers: Record<string, string> = {}) =>
  w.call('POST', `/api/v1/cycles/${id}/commands`, { token, body, headers });
const trailLength = async (id: string) => (await w.call('GET', `/api/v1/cycles/${id}/events`, { token: qm })).body.items.length;

describe('a full cycle over HTTP', () => {
  it('runs from POST to CloseCycle, with allowed and the trail at every step', async () => {
    const created = await w.call('POST', '/api/v1/cycles', { token: qm, body: { ...start, scope: 'jaar-1' } });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe(`/api/v1/cycles/${created.body.id}`);
    expect(created.body).toMatchObject({ kind: 'curriculum', phase: 'plan', revision: 0, scope: 'jaar-1', definitionVersion: 1 });
    expect(created.body.newEvents.map((e: { type: string }) => e.type)).toEqual(['CycleStarted']);
    const id = created.body.id;
    const steps: [Record<string, unknown>, string][] = [
      [{ type: 'SetGoal', goalId: 'g1', title: 'Veilig opleidingsklimaat' }, 'plan'],
      [{ type: 'DefineKpi', kpiId: 'k1', goalId: 'g1', name: 'aios die het opleidingsklimaat veilig vinden', unit: '%', baseline: { value: 70, source: 'NIVEL-enquête', year: 2018 }, target: { value: 84, by: '2027-12-31' } }, 'plan'],
      [{ type: 'PlanActivity', activityId: 'a1', title: 'Enquête', owner: 'A. de Vries', due: '2026-06-30' }, 'plan'],
      [{ type: 'ApprovePlan' }, 'do'],
      [{ type: 'CompleteActivity', activityId: 'a1' }, 'do'],
      [{ type: 'AddEvidence', evidenceId: 'e1', title: 'Enquêteresultaten', kind: 'survey', effectiveAt: '2026-06-30', criteria: ['CUR-1'] }, 'do'],
      [{ type: 'RecordMeasurement', kpiId: 'k1', value: 79, source: 'enquête', measuredAt: '2026-02-27' }, 'do'],
      [{ type: 'StartCheck' }, 'check'],
      [{ type: 'RecordFinding', findingId: 'f1', title: 'Deels gehaald', assessment: 'deels', evidenceIds: ['e1'] }, 'check'],
      [{ type: 'HoldReview', reviewId: 'r1', body: 'curriculumcommissie', date: '2026-02-20' }, 'check'],
      [{ type: 'CompleteCheck' }, 'act'],
      [{ type: 'DecideAction', actionId: 'x1', findingId: 'f1', title: 'Training', owner: 'B. Jansen', due: '2027-03-01' }, 'act'],
      [{ type: 'CommunicateOutcome', audience: ['aios', 'opleiders'], channel: 'nieuwsbrief', summary: 'Resultaten gedeeld' }, 'act'],
      [{ type: 'CloseCycle' }, 'closed'],
    ];
    for (const [i, [body, phase]] of steps.entries()) {
      const res = await command(id, body);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body.phase).toBe(phase);
      expect(res.body.revision).toBe(i + 1);
      expect(res.body.newEvents).toHaveLength(1);
      expect(res.headers.get('etag')).toBe(`"${i + 1}"`);
    }
    const closed = await w.call('GET', `/api/v1/cycles/${id}`, { token: auditor });
    expect(closed.body).toMatchObject({ phase: 'closed', allowed: [] });
    expect(closed.body.actions[0]).toMatchObject({ actionId: 'x1', owner: 'B. Jansen', status: 'open' });
    expect(await trailLength(id)).toBe(steps.length + 1);
    const list = await w.call('GET', '/api/v1/cycles?kind=curriculum&phase=closed', { token: auditor });
    expect(list.body.items.map((c: { id: string }) => c.id)).toContain(id);
  });
});

describe('every error is problem+json with its status', () => {
  it('400: invalid payload lists the fields, and appends nothing', async () => {
    const id = await newCycle();
    const res = await command(id, { type: 'PlanActivity', activityId: 'a1', title: '', owner: 'x', due: 'morgen' }, qm);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['due', 'title']);
    expect(await trailLength(id)).toBe(1);
  });

  it('400: a body that is not JSON, and a bad list filter', async () => {
    const id = await newCycle();
    expect((await w.call('POST', `/api/v1/cycles/${id}/commands`, { token: qm, body: '{"type":', headers: { 'Content-Type': 'application/json' } })).status).toBe(400);
    expect((await w.call('POST', '/api/v1/cycles', { token: qm, body: 'kind=curriculum', headers: { 'Content-Type': 'text/plain' } })).status).toBe(400);
    const bad = await w.call('GET', '/api/v1/cycles?kind=tandarts', { token: qm });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('query.kind');
  });

  it('401: no token, a bad signature, an expired token, missing claims', async () => {
    expect((await w.call('GET', '/api/v1/cycles')).status).toBe(401);
    expect((await w.call('GET', '/api/v1/cycles', { token: `${qm.slice(0, -3)}abc` })).status).toBe(401);
    const { signToken } = await import('@gearbox/http');
    const { SECRET } = await import('./world.ts');
    const expired = await signToken({ institute: 'utrecht', roles: ['mt'], sub: 'u', name: 'n' }, SECRET, '-1h');
    const res = await w.call('GET', '/api/v1/cycles', { token: expired });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
  });

  it('403: a valid token without the role, and appends nothing', async () => {
    const id = await newCycle();
    const res = await command(id, { type: 'SetGoal', goalId: 'g1', title: 't' }, auditor);
    expect(res.status).toBe(403);
    expect((await command(id, { type: 'SetGoal', goalId: 'g1', title: 't' }, qm)).status).toBe(200);
    expect((await command(id, { type: 'ApprovePlan' }, qm)).status).toBe(403);
    expect((await w.call('POST', '/api/v1/cycles', { token: auditor, body: start })).status).toBe(403);
    expect(await trailLength(id)).toBe(2);
  });

  it('404: another institute\'s cycle does not exist for you', async () => {
    const id = await newCycle();
    expect((await w.call('GET', `/api/v1/cycles/${id}`, { token: otherInstitute })).status).toBe(404);
    expect((await w.call('GET', `/api/v1/cycles/${id}/events`, { token: otherInstitute })).status).toBe(404);
    expect((await command(id, { type: 'SetGoal', goalId: 'g1', title: 't' }, otherInstitute)).status).toBe(404);
    const theirs = await w.call('GET', '/api/v1/cycles', { token: otherInstitute });
    expect(theirs.body.items.map((c: { id: string }) => c.id)).not.toContain(id);
    expect(await trailLength(id)).toBe(1);
  });

  it('409: If-Match with a stale revision answers the current one', async () => {
    const id = await newCycle();
    expect((await command(id, { type: 'SetGoal', goalId: 'g1', title: 't' }, qm, { 'If-Match': '"0"' })).status).toBe(200);
    const stale = await command(id, { type: 'SetGoal', goalId: 'g2', title: 't' }, qm, { 'If-Match': '"0"' });
    expect(stale.status).toBe(409);
    expect(stale.body.currentRevision).toBe(1);
    expect((await command(id, { type: 'SetGoal', goalId: 'g2', title: 't' }, qm, { 'If-Match': 'nonsense' })).status).toBe(400);
    expect(await trailLength(id)).toBe(2);
  });

  it('422: not allowed in this phase, with allowed[], and appends nothing', async () => {
    const id = await newCycle();
    const res = await command(id, { type: 'StartCheck' }, mt);
    expect(res.status).toBe(422);
    expect(res.body.allowed).toEqual(['SetGoal', 'DefineKpi', 'PlanActivity', 'CancelCycle']);
    expect(await trailLength(id)).toBe(1);
  });

  it('Idempotency-Key: a retry answers the first result; another body with the key is a 422', async () => {
    const id = await newCycle();
    const headers = { 'Idempotency-Key': 'retry-1' };
    const first = await command(id, { type: 'SetGoal', goalId: 'g1', title: 'Doel' }, qm, headers);
    const again = await command(id, { title: 'Doel', goalId: 'g1', type: 'SetGoal' }, qm, headers);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(await trailLength(id)).toBe(2);
    const reused = await command(id, { type: 'SetGoal', goalId: 'g2', title: 'Ander doel' }, qm, headers);
    expect(reused.status).toBe(422);
    expect(reused.body.type).toMatch(/idempotency-key-reused$/);
    expect(await trailLength(id)).toBe(2);
  });
});

describe('concurrency', () => {
  it('200 parallel commands without If-Match on one cycle over HTTP: 200 successes, a contiguous trail', async () => {
    const id = await newCycle();
    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, i) => command(id, { type: 'SetGoal', goalId: `g${i}`, title: `Doel ${i}` }, qm)),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(200).fill(200));
    // Each answer is the cycle right after its own command: 200 different revisions, 1 to 200.
    expect(answers.map((a) => a.body.revision as number).sort((a, b) => a - b)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    const cycle = await w.call('GET', `/api/v1/cycles/${id}`, { token: qm });
    expect(cycle.body.goals).toHaveLength(200);
    const trail = await w.call('GET', `/api/v1/cycles/${id}/events`, { token: qm });
    expect(trail.body.items.map((e: { revision: number }) => e.revision)).toEqual(Array.from({ length: 201 }, (_, i) => i));
  });

  it('20 parallel commands with the same If-Match: exactly one wins, the rest are 409 with the new revision', async () => {
    const id = await newCycle();
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => command(id, { type: 'SetGoal', goalId: `g${i}`, title: `Doel ${i}` }, qm, { 'If-Match': '"0"' })),
    );
    expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
    const conflicts = answers.filter((a) => a.status === 409);
    expect(conflicts).toHaveLength(19);
    for (const c of conflicts) expect(c.body.currentRevision).toBe(1);
    expect(await trailLength(id)).toBe(2);
  });

  it('10 parallel retries with one Idempotency-Key: one append, ten identical answers', async () => {
    const id = await newCycle();
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => command(id, { type: 'SetGoal', goalId: 'g', title: 'Doel' }, qm, { 'Idempotency-Key': 'parallel-retry' })),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200));
    for (const a of answers) expect(a.body).toEqual(answers[0]!.body);
    expect(await trailLength(id)).toBe(2);
    const starts = await Promise.all(Array.from({ length: 10 }, () => w.call('POST', '/api/v1/cycles', { token: qm, body: start, headers: { 'Idempotency-Key': 'parallel-start' } })));
    expect(new Set(starts.map((s) => `${s.status} ${s.body.id}`)).size).toBe(1);
    expect(starts[0]!.status).toBe(201);
  });

  it('parallel requests with one Idempotency-Key but two bodies: one body lands, the other body gets 422', async () => {
    const id = await newCycle();
    const bodies = [{ type: 'SetGoal', goalId: 'g', title: 'Doel A' }, { type: 'SetGoal', goalId: 'g', title: 'Doel B' }];
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) => command(id, bodies[i % 2]!, qm, { 'Idempotency-Key': 'parallel-two-bodies' })),
    );
    const won = answers.filter((a) => a.status === 200);
    const lost = answers.filter((a) => a.status !== 200);
    expect(won.length).toBeGreaterThan(0);
    for (const a of lost) expect(a.status).toBe(422);
    const title = won[0]!.body.goals[0].title;
    expect(won.length).toBe(answers.filter((_, i) => bodies[i % 2]!.title === title).length);
    for (const a of won) expect(a.body).toEqual(won[0]!.body);
    expect(await trailLength(id)).toBe(2);
  });
});

describe('operations', () => {
  it('healthz, readyz, metrics, openapi, docs and schemas', async () => {
    expect((await w.call('GET', '/healthz')).body).toEqual({ status: 'ok' });
    expect((await w.call('GET', '/readyz')).body.status).toBe('ready');
    const metrics = await w.call('GET', '/metrics');
    expect(metrics.body).toContain('gearbox_commands_total{type="SetGoal",outcome="ok"}');
    expect(metrics.body).toContain('gearbox_command_duration_seconds_bucket');
    const doc = (await w.call('GET', '/openapi.json')).body;
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.servers[0].url).toBe('/api/v1');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/cycles', '/cycles/{id}', '/cycles/{id}/events', '/cycles/{id}/commands', '/opleiders']));
    const commands = doc.paths['/cycles/{id}/commands'].post.requestBody.content['application/json'].schema;
    expect(JSON.stringify(commands)).toContain('"const":"ApprovePlan"');
    expect((await w.call('GET', '/docs')).body).toContain('<title>gearbox API-documentatie</title>');
    const schemas = await w.call('GET', '/api/v1/schemas', { token: qm });
    expect(schemas.body.items.map((s: { type: string }) => s.type)).toEqual(expect.arrayContaining(['CycleStarted', 'EvidenceAdded', 'CycleClosed']));
    const evidence = await w.call('GET', '/api/v1/schemas/EvidenceAdded', { token: qm });
    expect(evidence.body.properties.kind.enum).toEqual(['document', 'survey', 'visit-report', 'minutes', 'dataset', 'other']);
    expect((await w.call('GET', '/api/v1/schemas/Nope', { token: qm })).status).toBe(404);
  });

  it('an admin forgets a person: names read as [vergeten], the erasure is in the trail', async () => {
    const person = await w.token('utrecht', ['kwaliteitsmedewerker'], 'u-anna', 'Anna de Jong');
    const res = await w.call('POST', '/api/v1/cycles', { token: person, body: start });
    const id = res.body.id;
    await command(id, { type: 'PlanActivity', activityId: 'a1', title: 'Enquête', owner: 'Anna de Jong', due: '2026-06-30' }, person);
    const admin = await w.token('utrecht', ['admin'], 'u-admin', 'Beheerder');
    expect((await w.call('DELETE', '/api/v1/subjects/u-anna', { token: qm })).status).toBe(403);
    const erased = await w.call('DELETE', '/api/v1/subjects/u-anna', { token: admin });
    expect(erased.status).toBe(200);
    expect(erased.body.keysDeleted).toBe(1);
    expect((await w.call('DELETE', `/api/v1/subjects/${encodeURIComponent('owner:Anna de Jong')}`, { token: admin })).body.keysDeleted).toBe(1);
    const trail = await w.call('GET', `/api/v1/cycles/${id}/events`, { token: qm });
    expect(trail.body.items.map((e: { actor: { name: string } }) => e.actor.name)).toEqual(['[vergeten]', '[vergeten]']);
    expect((await w.call('GET', `/api/v1/cycles/${id}`, { token: qm })).body.activities[0].owner).toBe('[vergeten]');
    const log = await w.call('GET', '/api/v1/subjects/erasures', { token: admin });
    expect(log.body.items.map((e: { erasedBy: string }) => e.erasedBy)).toEqual(['u-admin', 'u-admin']);
    // Forgetting again is still known here (the erasure log has it); nothing more to delete.
    expect((await w.call('DELETE', '/api/v1/subjects/u-anna', { token: admin })).body.keysDeleted).toBe(0);
  });

  it('a subject of another institute, or one never seen, is 404 to an admin, and nothing is written', async () => {
    const person = await w.token('utrecht', ['kwaliteitsmedewerker'], 'u-bram', 'Bram Bakker');
    const id = (await w.call('POST', '/api/v1/cycles', { token: person, body: start })).body.id;
    const amcAdmin = await w.token('amc', ['admin'], 'u-amc-admin', 'Beheerder AMC');
    const head = await w.gearbox.store.headPosition();
    for (const subject of ['u-bram', 'u-niemand', encodeURIComponent('owner:Bram Bakker')]) {
      const answer = await w.call('DELETE', `/api/v1/subjects/${subject}`, { token: amcAdmin });
      expect(answer.status).toBe(404);
      expect(answer.body.type).toBe('https://gearbox.dev/problems/not-found');
    }
    expect(await w.gearbox.store.headPosition()).toBe(head);
    expect((await w.call('GET', '/api/v1/subjects/erasures', { token: amcAdmin })).body.items).toEqual([]);
    // The person's own institute still reads the name: nothing of theirs was erased.
    const trail = await w.call('GET', `/api/v1/cycles/${id}/events`, { token: qm });
    expect(trail.body.items.map((e: { actor: { name: string } }) => e.actor.name)).toEqual(['Bram Bakker']);
  });
});
