/**
 * End to end over HTTP, as the server runs it: the module's routes and its stream routes behind the
 * real token check, its projections and its LEOH reactor running on the store.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteCheckpoints, ReactorRunner, StreamHandler } from '@gearbox/kernel';
import { cycleDefinition } from '@gearbox/cycles';
import { asServiceModule, opleidersModule } from '../src/module.ts';
import { LEOH_SIGNAL_REACTOR } from '../src/leoh-signal.ts';
import { moduleApp } from '@gearbox/http/testing';
import { SETTINGS, world } from './world.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function server() {
  const w = world();
  cleanups.push(() => w.close());
  const mod = asServiceModule(opleidersModule(w.deps, new StreamHandler(cycleDefinition, w.deps)));
  const { http, projections, stop } = await moduleApp(mod, w.store);
  cleanups.push(stop);
  const checkpoints = openSqliteCheckpoints(':memory:');
  const reactors = new ReactorRunner(w.store, mod.reactors!, checkpoints, undefined, (e) => projections.waitFor(e.position));
  reactors.start();
  cleanups.push(async () => {
    await reactors.stop();
    checkpoints.close();
  });
  const reacted = async () => {
    const head = await w.store.headPosition();
    const until = Date.now() + 5000;
    while ((reactors.processed(LEOH_SIGNAL_REACTOR) ?? 0n) < head && Date.now() < until) {
      // The reactor only sees its own event types; check whether any is still ahead of it.
      let ahead = false;
      for await (const _ of w.store.readAll({ fromPosition: (reactors.processed(LEOH_SIGNAL_REACTOR) ?? 0n) + 1n, filter: { eventTypes: ['LeohRecorded', 'LeohSettingsSet'] }, maxCount: 1 })) ahead = true;
      if (!ahead) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    await projections.waitFor(await w.store.headPosition());
  };
  return { w, http, reacted };
}

describe('opleiders over HTTP', () => {
  it('from registration to a CMO decision, with the headers and errors of the cycles', async () => {
    const { http, reacted } = await server();
    expect((await http('PUT', '/api/v1/settings/leoh', 'admin', SETTINGS)).status).toBe(200);

    const created = await http('POST', '/api/v1/opleiders', 'kwaliteitsmedewerker', { name: 'Dr. J. de Vries', practice: 'Praktijk Oost', email: 'jdv@example.nl' });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect(created.headers.get('location')).toBe(`/api/v1/opleiders/${id}`);
    expect(created.body).toMatchObject({ status: 'aangemeld', revision: 0, allowed: ['ScheduleStartvisitatie', 'ReferToCmo'] });
    expect(created.body.newEvents[0].data).toMatchObject({ name: 'Dr. J. de Vries', subjectId: created.body.subjectId });

    const send = (roles: string, body: Record<string, unknown>, headers: Record<string, string> = {}) => http('POST', `/api/v1/opleiders/${id}/commands`, roles, body, headers);
    expect((await send('kwaliteitsmedewerker', { type: 'ScheduleStartvisitatie', date: '2026-03-10' }, { 'If-Match': '"0"' })).status).toBe(200);
    const stale = await send('kwaliteitsmedewerker', { type: 'RecordStartvisitatie', stage: 'telefonisch', outcome: 'positief' }, { 'If-Match': '"0"' });
    expect(stale.body).toMatchObject({ status: 409, currentRevision: 1 });
    const early = await send('kwaliteitsmedewerker', { type: 'Recognise', until: '2031-01-01' });
    expect(early.body).toMatchObject({ status: 422, allowed: ['ScheduleStartvisitatie', 'RecordStartvisitatie', 'ReferToCmo'] });
    const key = { 'Idempotency-Key': 'sv-tel-1' };
    const phone = await send('kwaliteitsmedewerker', { type: 'RecordStartvisitatie', stage: 'telefonisch', outcome: 'positief' }, key);
    const retry = await send('kwaliteitsmedewerker', { type: 'RecordStartvisitatie', stage: 'telefonisch', outcome: 'positief' }, key);
    expect(retry.body.revision).toBe(phone.body.revision);
    expect(retry.body.newEvents.map((e: { id: string }) => e.id)).toEqual(phone.body.newEvents.map((e: { id: string }) => e.id));
    expect((await send('kwaliteitsmedewerker', { type: 'RecordStartvisitatie', stage: 'bezoek', outcome: 'positief' }, key)).status).toBe(422);
    await send('kwaliteitsmedewerker', { type: 'RecordStartvisitatie', stage: 'bezoek', outcome: 'positief' });
    expect((await send('auditor', { type: 'Recognise', until: '2031-01-01' })).status).toBe(403);
    expect((await send('kwaliteitsmedewerker', { type: 'Recognise', until: '1 januari' })).status).toBe(400);
    expect((await send('kwaliteitsmedewerker', { type: 'Recognise', until: '2031-01-01' })).body.status).toBe('erkend');

    const low = await send('integratie', { type: 'RecordLeoh', evaluationId: 'e1', period: '2026-H1', respondent: 'aios-17', scores: { veiligheid: 1, feedback: 4 } });
    expect(low.status).toBe(200);
    expect(low.body).toEqual({ id, status: 'erkend', revision: 5, allowed: ['RecordLeoh', 'RecordZelfevaluatie'], newEvents: [expect.objectContaining({ type: 'LeohRecorded', data: { evaluationId: 'e1', period: '2026-H1' } })] });
    expect((await send('integratie', { type: 'RecordLeoh', evaluationId: 'e2', period: '2026-H1', respondent: 'aios-18', scores: { veiligheid: 6 } })).body).toMatchObject({ status: 400, errors: [{ path: 'scores.veiligheid' }] });
    await reacted();

    const queue = await http('GET', '/api/v1/cmo/queue', 'cmo');
    expect(queue.body.items).toMatchObject([{ opleiderId: id, name: 'Dr. J. de Vries', cmo: { status: 'screening', signals: ['e1'] } }]);
    const decided = await send('cmo', { type: 'DecideCmo', decision: 'ondersteuningstraject', rationale: 'Coaching door ervaren opleider' });
    expect(decided.body.cmo).toMatchObject({ status: 'ondersteuningstraject', decisions: [{ rationale: 'Coaching door ervaren opleider' }] });

    const asQm = await http('GET', `/api/v1/opleiders/${id}`, 'kwaliteitsmedewerker');
    expect(asQm.headers.get('etag')).toBe(`"${asQm.body.revision}"`);
    expect(asQm.body.cmo).toEqual(expect.objectContaining({ status: 'lopend' }));
    expect(JSON.stringify(asQm.body)).not.toContain('Coaching');
    const trail = await http('GET', `/api/v1/opleiders/${id}/events`, 'kwaliteitsmedewerker');
    expect(trail.body.items.map((e: { type: string }) => e.type)).toContain('LeohSignalRaised');
    expect(JSON.stringify(trail.body)).not.toContain('Coaching');
    const asAuditor = await http('GET', `/api/v1/opleiders/${id}`, 'auditor');
    expect(asAuditor.body).not.toHaveProperty('name');
    expect(asAuditor.body.counts).toMatchObject({ leoh: 1, signals: 1 });

    // The MT sees the CMO's decision in the queue and on the opleider, never its rationale (UI.md).
    const mtQueue = await http('GET', '/api/v1/cmo/queue', 'mt');
    expect(mtQueue.body.items).toMatchObject([{ opleiderId: id, cmo: { status: 'ondersteuningstraject', decisions: [{ decision: 'ondersteuningstraject' }] } }]);
    expect((await http('GET', '/api/v1/cmo/queue', 'cmo')).body.items[0].cmo.decisions[0].rationale).toBe('Coaching door ervaren opleider');
    const asMt = await http('GET', `/api/v1/opleiders/${id}`, 'mt');
    expect(asMt.body.cmo.decisions).toMatchObject([{ decision: 'ondersteuningstraject' }]);
    expect(JSON.stringify([mtQueue.body, asMt.body, (await http('GET', `/api/v1/opleiders/${id}/events`, 'mt')).body])).not.toContain('Coaching');

    const list = await http('GET', '/api/v1/opleiders?cmo=open', 'mt');
    expect(list.body.items).toMatchObject([{ id, name: 'Dr. J. de Vries', cmo: { status: 'ondersteuningstraject' } }]);
    expect((await http('GET', '/api/v1/opleiders?status=gek', 'mt')).status).toBe(400);
    expect((await http('GET', '/api/v1/opleiders', 'integratie')).status).toBe(403);
  });

  it('fuzzed bodies on the register and command routes never answer a 5xx', async () => {
    const { http } = await server();
    await http('PUT', '/api/v1/settings/leoh', 'admin', SETTINGS);
    const id = (await http('POST', '/api/v1/opleiders', 'mt', { name: 'A', practice: 'P' })).body.id as string;
    const types = ['ScheduleStartvisitatie', 'RecordStartvisitatie', 'Recognise', 'RecordLeoh', 'RecordZelfevaluatie', 'RecordFunctioneringsgesprek', 'ReferToCmo', 'DecideCmo', 'CloseCmoTraject', 'EndTraining', 'RaiseLeohSignal', 'RemindErkenning', 'LapseErkenning'];
    const body = fc.oneof(
      fc.string(),
      fc.jsonValue().map((v) => JSON.stringify(v)),
      fc.record({ type: fc.constantFrom(...types), date: fc.string(), stage: fc.string(), outcome: fc.string(), visitor: fc.jsonValue(), until: fc.string(), evaluationId: fc.string(), period: fc.string(), respondent: fc.string(), scores: fc.jsonValue(), decision: fc.string(), rationale: fc.jsonValue(), subjectId: fc.jsonValue() }, { requiredKeys: ['type'] }).map((v) => JSON.stringify(v)),
    );
    await fc.assert(
      fc.asyncProperty(body, fc.constantFrom('mt', 'cmo', 'integratie', 'kwaliteitsmedewerker'), fc.boolean(), async (b, roles, register) => {
        const r = register ? await http('POST', '/api/v1/opleiders', roles, b) : await http('POST', `/api/v1/opleiders/${id}/commands`, roles, b, { 'Idempotency-Key': 'k' });
        expect(r.status, JSON.stringify(r.body)).toBeLessThan(500);
      }),
      { numRuns: 250 },
    );
  });

  it('401 without a token, 404 for another institute', async () => {
    const { http } = await server();
    const created = await http('POST', '/api/v1/opleiders', 'mt', { name: 'A', practice: 'P' });
    const other = await http('GET', `/api/v1/opleiders/${created.body.id}`, 'mt', undefined, { 'x-institute': 'amc' });
    expect(other.status).toBe(404);
    expect((await http('POST', `/api/v1/opleiders/${created.body.id}/commands`, 'mt', { type: 'EndTraining', reason: 'x' }, { 'x-institute': 'amc' })).status).toBe(404);
    expect((await http('GET', '/api/v1/cmo/queue', 'cmo', undefined, { authorization: 'Bearer nope' })).status).toBe(401);
  });
});
