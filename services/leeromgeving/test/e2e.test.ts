/** End to end over HTTP: the leerplekken module's stream routes and extra routes behind the real token check. */
import { afterEach, describe, expect, it } from 'vitest';
import { StreamHandler } from '@gearbox/kernel';
import { cycleDefinition } from '@gearbox/cycles';
import { existingStreams, memoryDeps } from '@gearbox/kernel/testing';
import { asServiceModule, leeromgevingModule } from '../src/module.ts';
import { moduleApp } from '@gearbox/http/testing';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function server() {
  const deps = memoryDeps();
  cleanups.push(deps.close);
  // The opleider and docent the commands name (they are checked to exist).
  await existingStreams(deps.store, 'utrecht', 'opleider', 'op-1');
  await existingStreams(deps.store, 'utrecht', 'docent', 'd-1');
  await existingStreams(deps.store, 'amc', 'opleider', 'op-amc');
  const mounted = await moduleApp(asServiceModule(leeromgevingModule(deps, new StreamHandler(cycleDefinition, deps))), deps.store);
  cleanups.push(mounted.stop);
  return mounted.http;
}

describe('leerplekken over HTTP', () => {
  it('registers a practice, links its opleider, records a VGB and climate, suspends and reinstates', async () => {
    const http = await server();
    const created = await http('POST', '/api/v1/leerplekken', 'kwaliteitsmedewerker', { kind: 'opleidingspraktijk', name: 'Huisartsenpraktijk De Linde', location: 'Utrecht' });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect((await http('POST', '/api/v1/leerplekken', 'kwaliteitsmedewerker', { kind: 'kantoor', name: 'x' })).status).toBe(400);
    const send = (roles: string, body: Record<string, unknown>) => http('POST', `/api/v1/leerplekken/${id}/commands`, roles, body);
    // An opleider that does not exist, or exists only in another institute, cannot be linked.
    for (const opleiderId of ['op-999', 'op-amc']) {
      expect((await send('kwaliteitsmedewerker', { type: 'LinkOpleider', opleiderId })).body).toMatchObject({ status: 422, detail: `opleider ${opleiderId} bestaat niet in dit instituut.` });
    }
    expect((await send('kwaliteitsmedewerker', { type: 'LinkOpleider', opleiderId: 'op-1' })).status).toBe(200);
    expect((await send('kwaliteitsmedewerker', { type: 'RecordVgb', vgbId: 'v1', date: '2026-02-10', aios: 'aios-p1', opleiderId: 'op-1', docentId: 'd-1', notes: 'gaat goed' })).status).toBe(200);
    for (let i = 0; i < 2; i++) await send('integratie', { type: 'RecordKlimaatMeting', measurementId: `m${i}`, measuredAt: '2026-02-27', shareSafe: 70 + i * 10, n: 5, source: 'eigen enquête' });
    expect((await send('kwaliteitsmedewerker', { type: 'SuspendLeerplek', reason: 'x' })).status).toBe(403);
    const suspended = await send('mt', { type: 'SuspendLeerplek', reason: 'onvoldoende supervisie' });
    expect(suspended.body).toMatchObject({ status: 'geschorst', allowed: ['UnlinkOpleider', 'RecordVisit', 'RecordKlimaatMeting', 'ReinstateLeerplek'] });
    expect((await send('kwaliteitsmedewerker', { type: 'RecordVgb', vgbId: 'v2', date: '2026-02-12', aios: 'aios-p2', opleiderId: 'op-1', docentId: 'd-1' })).body).toMatchObject({ status: 422 });
    expect((await send('mt', { type: 'ReinstateLeerplek', reason: 'verbeterd' })).body.status).toBe('actief');
    const asAuditor = await http('GET', `/api/v1/leerplekken/${id}`, 'auditor');
    expect(asAuditor.body.vgb).toEqual([{ vgbId: 'v1', date: '2026-02-10', opleiderId: 'op-1', docentId: 'd-1' }]);
    expect((await http('GET', '/api/v1/leerplekken?kind=opleidingspraktijk&status=actief', 'mt')).body.items).toMatchObject([{ id, name: 'Huisartsenpraktijk De Linde' }]);
    expect((await http('GET', '/api/v1/leerplekken/klimaat/summary?from=2026-01-01&to=2026-12-31', 'auditor')).body).toMatchObject({ shareSafe: 75, respondents: 10 });
    expect((await http('GET', `/api/v1/leerplekken/${id}`, 'mt', undefined, { 'x-institute': 'amc' })).status).toBe(404);
  });
});
