import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_INSTITUTE, DEMO_SEEDED_AT, seedDemo } from '../src/seed-demo.ts';
import { world, type World } from './world.ts';

const PATH = '/api/v1/settings/institute';
let w: World;
let admin: string;
let auditor: string;
let qm: string;
beforeAll(async () => {
  w = await world();
  admin = await w.token('nijmegen', ['admin']);
  auditor = await w.token('nijmegen', ['auditor']);
  qm = await w.token('nijmegen', ['kwaliteitsmedewerker', 'mt']);
});
afterAll(() => w.stop());

const unset = (institute: string) => ({ name: institute, revision: -1, setAt: null });

describe('PUT/GET /api/v1/settings/institute', () => {
  it('without a setting every role of the institute reads the tenant id as the name, revision -1 and no ETag; partner may not', async () => {
    for (const roles of [['auditor'], ['cmo'], ['integratie'], ['admin']] as const) {
      const res = await w.call('GET', PATH, { token: await w.token('tiel', [...roles]) });
      expect(res.status, roles[0]).toBe(200);
      expect(res.body).toEqual(unset('tiel'));
      expect(res.headers.get('ETag')).toBeNull();
    }
    expect((await w.call('GET', PATH, { token: await w.token('tiel', ['partner']) })).status).toBe(403);
  });

  it('only admin sets it; bad input is a 400 in Dutch or English that changes nothing', async () => {
    const name = { name: 'Huisartsopleiding Nijmegen' };
    const forbidden = await w.call('PUT', PATH, { token: qm, body: name });
    expect(forbidden.status).toBe(403);
    expect(forbidden.headers.get('content-type')).toContain('application/problem+json');
    const bad = [
      {},
      { name: '   ' },
      { name: 'x'.repeat(201) },
      { name: 'N', colour: 'blauw' },
      { name: 'N', contact: { email: 'geen-adres' } },
      { name: 'N', contact: { url: 'javascript:alert(1)' } },
      { name: 'N', contact: { phone: 'bel me' } },
      { name: 'N', contact: { fax: '030' } },
    ];
    for (const body of bad) {
      const res = await w.call('PUT', PATH, { token: admin, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    }
    const english = await w.call('PUT', PATH, { token: admin, body: { name: 'N', contact: { url: 'ftp://x.example' } }, headers: { 'Accept-Language': 'en' } });
    expect(english.body.errors).toEqual([expect.objectContaining({ path: 'contact.url', message: 'an http or https address' })]);
    const dutch = await w.call('PUT', PATH, { token: admin, body: { name: 'N', contact: { url: 'ftp://x.example' } } });
    expect(dutch.body.errors).toEqual([expect.objectContaining({ path: 'contact.url', message: 'een http- of https-adres' })]);
    expect((await w.call('GET', PATH, { token: auditor })).body).toEqual(unset('nijmegen'));
  });

  it('admin sets it with ETag; a stale If-Match is 409 and changes nothing; another institute does not see it', async () => {
    const first = { name: 'Huisartsopleiding Nijmegen', shortName: 'HON', contact: { email: 'kwaliteit@hon.example', url: 'https://hon.example' } };
    const put = await w.call('PUT', PATH, { token: admin, body: first });
    expect(put.status).toBe(200);
    expect(put.headers.get('ETag')).toBe('"0"');
    expect(put.body).toEqual({ ...first, revision: 0, setAt: '2026-03-01T09:00:00.000Z' });
    const read = await w.call('GET', PATH, { token: auditor });
    expect(read.body).toEqual(put.body);
    expect(read.headers.get('ETag')).toBe('"0"');

    const stale = await w.call('PUT', PATH, { token: admin, body: { name: 'Later' }, headers: { 'If-Match': '"3"' } });
    expect(stale.status).toBe(409);
    expect((await w.call('GET', PATH, { token: auditor })).body.name).toBe(first.name);

    const next = await w.call('PUT', PATH, { token: admin, body: { name: 'Huisartsgeneeskunde Nijmegen' }, headers: { 'If-Match': '"0"' } });
    expect(next.status).toBe(200);
    expect(next.body).toMatchObject({ name: 'Huisartsgeneeskunde Nijmegen', revision: 1 });
    expect(next.body.contact).toBeUndefined();
    expect((await w.call('PUT', PATH, { token: admin, body: first, headers: { 'If-Match': '"0"' } })).status).toBe(409);

    const other = await w.call('GET', PATH, { token: await w.token('zwolle', ['admin']) });
    expect(other.body).toEqual(unset('zwolle'));
  });

  it('the jaarverslag and the dossier carry the name; an export at an earlier instant the name as it was, and it verifies', async () => {
    const boss = await w.token('assen', ['admin']);
    const mt = await w.token('assen', ['kwaliteitsmedewerker', 'mt']);
    await w.call('POST', '/api/v1/cycles', { token: mt, body: { kind: 'organisatie', title: 'Jaarplan 2026', period: { from: '2026-01-01', to: '2026-12-31' } } });
    w.clock.set('2026-03-02T09:00:00Z');
    await w.call('PUT', PATH, { token: boss, body: { name: 'Huisartsopleiding Assen', contact: { phone: '0592 11 22 33' } } });
    w.clock.set('2026-03-03T09:00:00Z');
    const report = await w.call('GET', '/api/v1/organisatie/jaarverslag?year=2026', { token: mt });
    expect(report.body).toMatchObject({ institute: 'assen', instituteName: 'Huisartsopleiding Assen', contact: { phone: '0592 11 22 33' } });
    const html = await w.call('GET', '/api/v1/organisatie/jaarverslag?year=2026&format=html', { token: mt });
    expect(html.body).toContain('<title>Jaarverslag 2026 — Huisartsopleiding Assen</title>');
    expect(html.body).toContain('Huisartsopleiding Assen · 0592 11 22 33');

    const earlier = await w.call('GET', '/api/v1/gear/export?format=json&asOf=2026-03-01T12:00:00Z', { token: mt });
    expect(earlier.body).toMatchObject({ institute: 'assen', instituteName: 'assen' });
    const now = await w.call('GET', '/api/v1/gear/export?format=json', { token: mt });
    expect(now.body).toMatchObject({ institute: 'assen', instituteName: 'Huisartsopleiding Assen', instituteContact: { phone: '0592 11 22 33' } });

    w.clock.set('2026-03-04T09:00:00Z');
    await w.call('PUT', PATH, { token: boss, body: { name: 'Huisartsgeneeskunde Assen' } });
    const zip = await fetch(`${w.base}/api/v1/gear/export?asOf=2026-03-03T09:00:00Z`, { headers: { Authorization: `Bearer ${mt}` } });
    const body = new Uint8Array(await zip.arrayBuffer());
    const then = await w.call('GET', '/api/v1/gear/export?format=json&asOf=2026-03-03T09:00:00Z', { token: mt });
    expect(then.body.instituteName).toBe('Huisartsopleiding Assen');
    const verified = await fetch(`${w.base}/api/v1/gear/verify`, { method: 'POST', body, headers: { Authorization: `Bearer ${mt}`, 'Content-Type': 'application/zip' } });
    expect(await verified.json()).toEqual({ valid: true, problems: [], store: expect.any(Object) });
    w.clock.set('2026-03-01T09:00:00Z');
  });
});

describe('the demo seed', () => {
  it('names the demo institute "Huisartsopleiding Demo" once: a second run appends nothing', { timeout: 120_000 }, async () => {
    w.clock.set(DEMO_SEEDED_AT);
    await seedDemo(w.gearbox);
    const head = await w.gearbox.store.headPosition();
    const demo = await w.call('GET', PATH, { token: await w.token(DEMO_INSTITUTE, ['auditor']) });
    expect(demo.body).toMatchObject({ name: 'Huisartsopleiding Demo', revision: 0 });
    await seedDemo(w.gearbox);
    expect(await w.gearbox.store.headPosition()).toBe(head);
  });
});
