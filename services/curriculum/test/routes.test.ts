import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { rebuild } from '@gearbox/kernel';
import { programmaIndex } from '../src/module.ts';
import { curriculumApp } from './http.ts';

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const a of open.splice(0)) await a.close();
});

const QM = 'kwaliteitsmedewerker,mt';

async function setup() {
  const t = await curriculumApp();
  open.push(t);
  const p = await t.call('POST', '/api/v1/programmas', QM, { title: 'Terugkomdag communicatie', year: 1, description: 'Consultvoering met simulatiepatiënten' });
  const id = p.body.id as string;
  const rounds = [
    { type: 'RecordFeedbackRound', roundId: 'voorjaar', group: 'aios', date: '2026-02-10', n: 24, scores: { inhoud: 7.5, werkvorm: 6.5 }, summary: 'Meer oefentijd gewenst' },
    { type: 'RecordFeedbackRound', roundId: 'opleiders', group: 'opleiders', date: '2026-02-12', n: 3, scores: { inhoud: 4.2 } },
  ];
  for (const body of rounds) expect((await t.call('POST', `/api/v1/programmas/${id}/commands`, QM, body)).status).toBe(200);
  const cycle = async (kind: string, steps = true) => {
    const c = await t.call('POST', '/api/v1/cycles', QM, { kind, title: `${kind} 2026`, period: { from: '2026-01-01', to: '2026-12-31' } });
    if (steps) {
      for (const body of [
        { type: 'SetGoal', goalId: 'g', title: 'Feedback verwerkt' },
        { type: 'PlanActivity', activityId: 'a', title: 'Evalueren', owner: 'curriculumcommissie', due: '2026-06-01' },
        { type: 'ApprovePlan' },
      ]) expect((await t.call('POST', `/api/v1/cycles/${c.body.id}/commands`, QM, body)).status).toBe(200);
    }
    return c.body.id as string;
  };
  return { ...t, p, id, cycle };
}

describe('/api/v1/programmas over HTTP', () => {
  it('registers with a Location, shows a small group as "te weinig respons", lists by status', async () => {
    const { call, p, id } = await setup();
    expect(p.status).toBe(201);
    expect(p.headers.get('location')).toBe(`/api/v1/programmas/${id}`);
    const one = await call('GET', `/api/v1/programmas/${id}`, 'auditor');
    expect(one.status).toBe(200);
    expect(one.body.rounds).toMatchObject([
      { roundId: 'voorjaar', n: 24, mean: 7, scores: { inhoud: 7.5, werkvorm: 6.5 } },
      { roundId: 'opleiders', n: 3, mean: null, scores: null, note: 'te weinig respons' },
    ]);
    expect((await call('GET', '/api/v1/programmas?status=actief', 'auditor')).body.items).toEqual([
      { id, title: 'Terugkomdag communicatie', year: 1, status: 'actief', rounds: 2, reviews: 0, revisions: 0, revision: 2 },
    ]);
    expect((await call('POST', `/api/v1/programmas/${id}/commands`, 'mt', { type: 'RetireProgramma', reason: 'Opgegaan in nieuw curriculum' })).status).toBe(200);
    expect((await call('GET', '/api/v1/programmas?status=actief', 'mt')).body.items).toEqual([]);
    expect((await call('GET', '/api/v1/programmas?status=beeindigd', 'mt')).body.items).toMatchObject([{ id, status: 'beeindigd' }]);
    const bad = await call('GET', '/api/v1/programmas?status=weg', 'mt');
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('query.status');
  });

  it('the list rebuilt from the store equals the list caught up live', async () => {
    const { call, store, module } = await setup();
    await call('POST', '/api/v1/programmas', QM, { title: 'Stage-onderwijs jaar 2', year: 2 });
    const rebuilt = programmaIndex();
    await rebuild(store, [rebuilt]);
    expect(rebuilt.dump()).toEqual(module.index.dump());
    expect(rebuilt.list('utrecht')).toHaveLength(2);
  });

  it('answers 401 without a token, 403 for a role that may not, 404 for another institute', async () => {
    const { call, id } = await setup();
    expect((await call('GET', `/api/v1/programmas/${id}`, null)).status).toBe(401);
    expect((await call('POST', '/api/v1/programmas', 'auditor', { title: 'x' })).status).toBe(403);
    expect((await call('GET', '/api/v1/programmas', 'cmo')).status).toBe(403);
    expect((await call('GET', `/api/v1/programmas/${id}`, 'mt', undefined, {}, 'amc')).status).toBe(404);
    expect((await call('GET', '/api/v1/programmas', 'mt', undefined, {}, 'amc')).body.items).toEqual([]);
  });

  it('puts a feedback round into a curriculum cycle as survey evidence that links to the round\'s event', async () => {
    const { call, id, cycle } = await setup();
    const cycleId = await cycle('curriculum');
    const attached = await call('POST', `/api/v1/programmas/${id}/feedback/voorjaar/evidence`, 'kwaliteitsmedewerker', { cycleId });
    expect(attached.status).toBe(200);
    expect(attached.body.newEvents.map((e: { type: string }) => e.type)).toEqual(['EvidenceAdded']);
    const evidence = attached.body.evidence[0];
    expect(evidence).toMatchObject({
      evidenceId: `programma-${id}-voorjaar`,
      title: 'Feedback aios op Terugkomdag communicatie (10-02-2026)',
      kind: 'survey',
      effectiveAt: '2026-02-10',
      criteria: ['CUR-2'],
      summary: 'n = 24; gemiddeld 7 (inhoud 7,5, werkvorm 6,5) — Meer oefentijd gewenst',
    });
    // The uri leads to the programme's trail, and its fragment names the round's event there.
    const uri = new URL(evidence.uri);
    const events = await call('GET', uri.pathname, 'auditor');
    expect(events.body.items.find((e: { id: string }) => e.id === uri.hash.slice(1))).toMatchObject({ type: 'FeedbackRoundRecorded', data: { roundId: 'voorjaar' } });

    const small = await call('POST', `/api/v1/programmas/${id}/feedback/opleiders/evidence`, 'mt', { cycleId, criteria: ['CUR-2', 'CUR-3'] });
    expect(small.body.evidence[1]).toMatchObject({ summary: 'n = 3: te weinig respons', criteria: ['CUR-2', 'CUR-3'] });
    expect(JSON.stringify(small.body.evidence[1])).not.toContain('4.2');
  });

  it('refuses what does not fit, and appends nothing', async () => {
    const { call, id, cycle, store } = await setup();
    const cycleId = await cycle('curriculum');
    const planning = await cycle('curriculum', false);
    const organisatie = await cycle('organisatie');
    const elsewhere = (await call('POST', '/api/v1/cycles', 'mt', { kind: 'curriculum', title: 'AMC', period: { from: '2026-01-01', to: '2026-12-31' } }, {}, 'amc')).body.id;
    const first = await call('POST', `/api/v1/programmas/${id}/feedback/voorjaar/evidence`, QM, { cycleId });
    expect(first.status).toBe(200);
    const head = await store.headPosition();
    // The same round again, without an Idempotency-Key: the cycle as it is, the round's one evidence item.
    const again = await call('POST', `/api/v1/programmas/${id}/feedback/voorjaar/evidence`, QM, { cycleId });
    expect(again.status).toBe(200);
    expect(again.body.newEvents).toEqual(first.body.newEvents);
    expect(again.body.evidence).toEqual(first.body.evidence);
    expect(again.body.evidence).toHaveLength(1);
    const attempts: [string, unknown, string, number][] = [
      [`/api/v1/programmas/${id}/feedback/voorjaar/evidence`, { cycleId: organisatie }, QM, 422],
      [`/api/v1/programmas/${id}/feedback/voorjaar/evidence`, { cycleId: planning }, QM, 422],
      [`/api/v1/programmas/${id}/feedback/voorjaar/evidence`, { cycleId: elsewhere }, QM, 404],
      [`/api/v1/programmas/${id}/feedback/voorjaar/evidence`, { cycleId: 'bestaat-niet' }, QM, 404],
      [`/api/v1/programmas/${id}/feedback/najaar/evidence`, { cycleId }, QM, 404],
      [`/api/v1/programmas/onbekend/feedback/voorjaar/evidence`, { cycleId }, QM, 404],
      [`/api/v1/programmas/${encodeURIComponent('a b')}/feedback/voorjaar/evidence`, { cycleId }, QM, 404],
      [`/api/v1/programmas/${id}/feedback/voorjaar/evidence`, { cycleId }, 'auditor', 403],
      [`/api/v1/programmas/${id}/feedback/voorjaar/evidence`, { cycleId, criteria: ['curriculum'] }, QM, 400],
      [`/api/v1/programmas/${id}/feedback/voorjaar/evidence`, { cycleId, extra: 1 }, QM, 400],
      [`/api/v1/programmas/${id}/feedback/voorjaar/evidence`, '{not json', QM, 400],
    ];
    for (const [path, body, roles, status] of attempts) {
      const r = await call('POST', path, roles, body);
      expect({ path, body, status: r.status, type: r.headers.get('content-type') }).toEqual({ path, body, status, type: 'application/problem+json' });
    }
    const wrongKind = await call('POST', `/api/v1/programmas/${id}/feedback/voorjaar/evidence`, QM, { cycleId: planning });
    expect(wrongKind.body.allowed).not.toContain('AddEvidence');
    expect((await call('POST', `/api/v1/programmas/${id}/feedback/voorjaar/evidence`, QM, { cycle: cycleId })).body.errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: 'cycleId' })]),
    );
    expect(await store.headPosition()).toBe(head);
  });

  it('takes If-Match and Idempotency-Key for the cycle it writes to', async () => {
    const { call, id, cycle, store } = await setup();
    const cycleId = await cycle('curriculum');
    const path = `/api/v1/programmas/${id}/feedback/voorjaar/evidence`;
    const stale = await call('POST', path, QM, { cycleId }, { 'If-Match': '"1"' });
    expect(stale.status).toBe(409);
    expect(stale.body.currentRevision).toBe(3);
    const first = await call('POST', path, QM, { cycleId }, { 'If-Match': '"3"', 'Idempotency-Key': 'feedback-voorjaar' });
    expect(first.status).toBe(200);
    expect(first.headers.get('etag')).toBe('"4"');
    const head = await store.headPosition();
    const retry = await call('POST', path, QM, { cycleId }, { 'Idempotency-Key': 'feedback-voorjaar' });
    expect(retry.status).toBe(200);
    expect(retry.body.newEvents).toEqual(first.body.newEvents);
    const other = await call('POST', path, QM, { cycleId, criteria: ['CUR-3'] }, { 'Idempotency-Key': 'feedback-voorjaar' });
    expect(other.status).toBe(422);
    expect(await store.headPosition()).toBe(head);
  });

  it('fuzzed evidence requests never answer a 5xx', async () => {
    const { call, id, cycle } = await setup();
    const cycleId = await cycle('curriculum');
    const body = fc.oneof(
      fc.jsonValue().map((v) => JSON.stringify(v)),
      fc.string(),
      fc.record({ cycleId: fc.oneof(fc.constant(cycleId), fc.string()), criteria: fc.oneof(fc.array(fc.string()), fc.jsonValue()) }, { requiredKeys: [] }).map((v) => JSON.stringify(v)),
    );
    const round = fc.oneof(fc.constantFrom('voorjaar', 'opleiders'), fc.string({ minLength: 1, maxLength: 20 }).map(encodeURIComponent));
    await fc.assert(
      fc.asyncProperty(body, round, fc.constantFrom(QM, 'auditor', 'integratie'), async (b, r, roles) => {
        expect((await call('POST', `/api/v1/programmas/${id}/feedback/${r}/evidence`, roles, b)).status).toBeLessThan(500);
      }),
      { numRuns: 300 },
    );
  });
});
