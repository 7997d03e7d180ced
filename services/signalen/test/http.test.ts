/** Over HTTP: the signalen module mounted as the server mounts it, every answer held against its OpenAPI description. */
import { afterEach, describe, expect, it } from 'vitest';
import { rebuild } from '@gearbox/kernel';
import { memoryDeps } from '@gearbox/kernel/testing';
import { moduleApp } from '@gearbox/http/testing';
import { asServiceModule, signaalIndex, signalenModule } from '../src/module.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const QM = 'kwaliteitsmedewerker';
const body = { kind: 'klacht', title: 'Klacht over het rooster', receivedOn: '2026-02-10', summary: 'B. Bakker meldt late roosterwijzigingen.' };

async function server() {
  const deps = memoryDeps();
  cleanups.push(deps.close);
  const module = signalenModule(deps);
  const mounted = await moduleApp(asServiceModule(module), deps.store);
  cleanups.push(mounted.stop);
  return { http: mounted.http, store: deps.store, module };
}

describe('/api/v1/signalen over HTTP', () => {
  it('registers, triages, follows up and closes a complaint; lists by status and kind', async () => {
    const { http } = await server();
    const created = await http('POST', '/api/v1/signalen', QM, body);
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect(created.headers.get('location')).toBe(`/api/v1/signalen/${id}`);
    expect(created.body).toMatchObject({ status: 'ontvangen', summary: body.summary, allowed: ['Triage'], revision: 0 });
    const send = (roles: string, command: Record<string, unknown>, headers: Record<string, string> = {}) => http('POST', `/api/v1/signalen/${id}/commands`, roles, command, headers);
    expect((await send(QM, { type: 'Triage', severity: 'midden', owner: 'Klachtencoördinator' }, { 'If-Match': '"0"' })).status).toBe(200);
    expect((await send(QM, { type: 'RecordFollowUp', text: 'Gesprek met B. Bakker.' })).body).toMatchObject({ status: 'in-behandeling', followUps: [{ text: 'Gesprek met B. Bakker.' }] });
    await http('POST', '/api/v1/signalen', QM, { ...body, kind: 'weekstart', title: 'Werkdruk', receivedOn: '2026-02-20' });
    const closedNow = await send('mt', { type: 'CloseSignaal', outcome: 'Werkafspraak gemaakt.' });
    expect(closedNow.body).toMatchObject({ status: 'gesloten', allowed: [], newEvents: [{ type: 'SignaalClosed' }] });
    expect((await http('GET', '/api/v1/signalen', 'auditor')).body.items.map((s: { kind: string }) => s.kind)).toEqual(['weekstart', 'klacht']);
    expect((await http('GET', '/api/v1/signalen?status=gesloten', QM)).body.items).toEqual([
      { id, kind: 'klacht', title: body.title, receivedOn: '2026-02-10', status: 'gesloten', severity: 'midden', followUps: 1, revision: 3 },
    ]);
    expect((await http('GET', '/api/v1/signalen?kind=incident', QM)).body.items).toEqual([]);
    const bad = await http('GET', '/api/v1/signalen?status=open', QM);
    expect(bad).toMatchObject({ status: 400, body: { errors: [{ path: 'query.status' }] } });
  });

  it('shows an auditor that signals are handled, never what they say or who handles them', async () => {
    const { http } = await server();
    const id = (await http('POST', '/api/v1/signalen', QM, body)).body.id;
    await http('POST', `/api/v1/signalen/${id}/commands`, QM, { type: 'Triage', severity: 'hoog', owner: 'C. Claassen' });
    await http('POST', `/api/v1/signalen/${id}/commands`, QM, { type: 'RecordFollowUp', text: 'Gesprek met B. Bakker.' });
    const one = await http('GET', `/api/v1/signalen/${id}`, 'auditor');
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ kind: 'klacht', title: body.title, severity: 'hoog', status: 'in-behandeling', followUps: [{ at: expect.any(String) }] });
    const trail = await http('GET', `/api/v1/signalen/${id}/events`, 'auditor');
    for (const answer of [one.body, trail.body]) {
      expect(JSON.stringify(answer)).not.toMatch(/Bakker|Claassen/);
    }
    expect(JSON.stringify((await http('GET', `/api/v1/signalen/${id}/events`, 'mt')).body)).toContain('B. Bakker');
  });

  it('answers 400, 403, 404, 409 and 422 as the contract says, and appends nothing', async () => {
    const { http, store } = await server();
    const id = (await http('POST', '/api/v1/signalen', QM, body)).body.id;
    const head = await store.headPosition();
    const attempts: [string, string, string, unknown, number, Record<string, string>?][] = [
      ['POST', '/api/v1/signalen', QM, { ...body, receivedOn: '2026-03-02' }, 400],
      ['POST', '/api/v1/signalen', QM, { ...body, kind: 'lof' }, 400],
      ['POST', '/api/v1/signalen', QM, '{kapot', 400],
      ['POST', '/api/v1/signalen', 'auditor', body, 403],
      ['POST', '/api/v1/signalen', 'integratie', body, 403],
      ['GET', '/api/v1/signalen', 'cmo', undefined, 403],
      ['GET', `/api/v1/signalen/${id}`, 'mt', undefined, 404, { 'x-institute': 'amc' }],
      ['POST', `/api/v1/signalen/${id}/commands`, 'mt', { type: 'Triage', severity: 'hoog', owner: 'x' }, 404, { 'x-institute': 'amc' }],
      ['GET', '/api/v1/signalen/bestaat-niet', 'mt', undefined, 404],
      ['POST', `/api/v1/signalen/${id}/commands`, QM, { type: 'Triage', severity: 'hoog', owner: 'x' }, 409, { 'If-Match': '"7"' }],
      ['POST', `/api/v1/signalen/${id}/commands`, 'mt', { type: 'CloseSignaal', outcome: 'x' }, 422],
      ['POST', `/api/v1/signalen/${id}/commands`, QM, { type: 'Verwijder' }, 400],
    ];
    for (const [method, path, roles, payload, status, headers] of attempts) {
      const r = await http(method, path, roles, payload, headers);
      expect({ method, path, status: r.status, type: r.headers.get('content-type') }).toEqual({ method, path, status, type: 'application/problem+json' });
    }
    const future = await http('POST', '/api/v1/signalen', QM, { ...body, receivedOn: '2026-03-02' });
    expect(future.body).toMatchObject({ detail: expect.stringMatching(/^Een datum waarop iets gebeurd is, ligt niet na vandaag/), errors: [{ path: 'receivedOn', message: 'ligt na vandaag (01-03-2026)' }] });
    const english = await http('POST', '/api/v1/signalen', QM, { ...body, receivedOn: '2026-03-02' }, { 'accept-language': 'en' });
    expect(english.body.detail).toMatch(/^A date on which something happened lies neither after today/);
    const early = await http('POST', `/api/v1/signalen/${id}/commands`, 'mt', { type: 'CloseSignaal', outcome: 'x' });
    expect(early.body).toMatchObject({ allowed: ['Triage'], detail: expect.stringMatching(/nog niet beoordeeld/) });
    expect((await http('GET', '/api/v1/signalen', 'mt', undefined, { 'x-institute': 'amc' })).body.items).toEqual([]);
    expect(await store.headPosition()).toBe(head);
  });

  it('the list rebuilt from the store equals the list caught up live; the demo seeds twice without a second copy', async () => {
    const { store, module } = await server();
    await module.seed('utrecht');
    const head = await store.headPosition();
    await module.seed('utrecht');
    expect(await store.headPosition()).toBe(head);
    const rebuilt = signaalIndex();
    await rebuild(store, [rebuilt]);
    expect(rebuilt.dump()).toEqual(module.index.dump());
    expect(rebuilt.list('utrecht').map((s) => s.status).sort()).toEqual(['gesloten', 'gesloten', 'in-behandeling', 'ontvangen']);
  });
});
