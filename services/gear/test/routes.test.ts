import { describe, expect, test } from 'vitest';
import { rebuild } from '@gearbox/kernel';
import { DOSSIER_FILES, sha256, unzipFiles, zipFiles, type Manifest } from '@gearbox/gear';
import { MAX_VERIFY_BYTES } from '../src/routes.ts';
import { curriculumCycle, setup, tokenFor } from './setup.ts';

describe('GEAR over HTTP', () => {
  test('cycles run through the API show up per domain and criterion, with their source event', async () => {
    const s = setup();
    const id = await curriculumCycle(s);
    const view = await s.http('GET', '/api/v1/gear', 'auditor');
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({ framework: 'GEAR', version: 'werkversie-2026.1', asOf: s.clock().toISOString(), position: String(await s.store.headPosition()) });
    expect(view.body.domains.map((d: { id: string }) => d.id)).toEqual(['visie-kwaliteitsbeleid', 'curriculum', 'leeromgeving', 'toetsing-beoordeling', 'organisatie-management-medewerkers']);
    const curriculum = view.body.domains[1];
    expect(curriculum.cycles).toEqual({ total: 1, closed: 1 });
    const cur2 = curriculum.criteria.find((c: { code: string }) => c.code === 'CUR-2');
    expect(cur2).toMatchObject({ status: 'voldoet', evidence: [{ id: `${id}/fb`, title: "Feedback aios op programma's", kind: 'survey', source: { streamId: `utrecht/cycle-${id}`, revision: 4 } }] });
    const trail = await s.http('GET', `/api/v1/cycles/${id}/events`, 'auditor');
    expect(trail.body.items[4]).toMatchObject({ id: cur2.evidence[0].source.eventId, type: 'EvidenceAdded' });
    expect(view.body.domains[3].criteria.find((c: { code: string }) => c.code === 'TB-1').status).toBe('in-uitvoering');
  });

  test('the live state answers "now" exactly as a read of the store does', async () => {
    const s = setup();
    await curriculumCycle(s);
    await rebuild(s.store, [s.gear.live]);
    const live = await s.http('GET', '/api/v1/gear', 'mt');
    const read = await s.http('GET', `/api/v1/gear?asOf=${encodeURIComponent(s.clock().toISOString())}`, 'mt');
    expect(live.body).toEqual(read.body);
    s.clock.advance(1000);
    await s.http('POST', '/api/v1/cycles', 'kwaliteitsmedewerker', { kind: 'organisatie', title: 'Jaarplan', period: { from: '2025-01-01', to: '2025-12-31' } });
    // The live state is behind the store now, so the route reads the store instead of answering stale.
    const fresh = await s.http('GET', '/api/v1/gear', 'mt');
    expect(fresh.body.domains[0].cycles).toEqual({ total: 1, closed: 0 });
  });

  test('an auditor exports the zip and verifies it; an edited file is found', async () => {
    const s = setup();
    await curriculumCycle(s);
    const auditor = tokenFor('auditor');
    const before = await s.store.headPosition();
    const response = await s.raw('GET', `/api/v1/gear/export?from=2025-01-01&to=2025-12-31&asOf=${encodeURIComponent(s.clock().toISOString())}`, auditor);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/zip');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="gear-dossier-utrecht-2026-03-01.zip"');
    expect(await s.store.headPosition()).toBe(before);
    const zip = new Uint8Array(await response.arrayBuffer());
    const files = unzipFiles(zip);
    const manifest: Manifest = JSON.parse(Buffer.from(files.find((f) => f.name === 'manifest.json')!.bytes).toString('utf8'));
    expect(manifest).toMatchObject({ institute: 'utrecht', period: { from: '2025-01-01', to: '2025-12-31' }, position: response.headers.get('x-gear-position'), chainHead: response.headers.get('x-gear-chain-head') });
    for (const entry of manifest.files) expect(sha256(files.find((f) => f.name === entry.name)!.bytes)).toBe(entry.sha256);

    const ok = await s.raw('POST', '/api/v1/gear/verify', auditor, zip);
    expect(await ok.json()).toMatchObject({ valid: true, problems: [] });
    const manifestOnly = await s.raw('POST', '/api/v1/gear/verify', auditor, JSON.stringify(manifest), 'application/json');
    expect(await manifestOnly.json()).toMatchObject({ valid: true, problems: [] });
    const edited = files.map((f) => (f.name === 'dossier.json' ? { name: f.name, bytes: Buffer.from(Buffer.from(f.bytes).toString('utf8').replace('voldoet', 'voldoet niet')) } : f));
    const bad = await s.raw('POST', '/api/v1/gear/verify', auditor, zipFiles(edited, new Date(manifest.asOf)));
    expect(bad.headers.get('content-language')).toBe('nl');
    expect(await bad.json()).toMatchObject({
      valid: false,
      problems: [{ code: 'file-changed', file: 'dossier.json', message: 'dossier.json klopt niet met zijn sha256 en grootte in het manifest.' }],
    });
    const headers = { authorization: `Bearer ${await auditor}`, 'content-type': 'application/zip', 'accept-language': 'en' };
    const english = await s.app.request('/api/v1/gear/verify', { method: 'POST', headers, body: zipFiles(edited, new Date(manifest.asOf)) });
    expect(english.headers.get('content-language')).toBe('en');
    expect(await english.json()).toMatchObject({
      valid: false,
      problems: [{ code: 'file-changed', file: 'dossier.json', message: 'dossier.json does not match its sha256 and size in the manifest.' }],
    });
    const other = await s.raw('POST', '/api/v1/gear/verify', tokenFor('auditor', 'amc'), zip);
    expect(await other.json()).toMatchObject({ valid: false, problems: [{ code: 'institute-mismatch' }] });
  });

  test('every single format downloads as its own type, equal to the zip\'s copy', async () => {
    const s = setup();
    await curriculumCycle(s);
    const token = tokenFor('kwaliteitsmedewerker');
    const asOf = encodeURIComponent(s.clock().toISOString());
    const zip = unzipFiles(new Uint8Array(await (await s.raw('GET', `/api/v1/gear/export?asOf=${asOf}`, token)).arrayBuffer()));
    const types = { json: 'application/json; charset=utf-8', html: 'text/html; charset=utf-8', pdf: 'application/pdf', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' };
    for (const [format, type] of Object.entries(types)) {
      const r = await s.raw('GET', `/api/v1/gear/export?asOf=${asOf}&format=${format}`, token);
      expect(r.headers.get('content-type')).toBe(type);
      const bytes = new Uint8Array(await r.arrayBuffer());
      expect(sha256(bytes)).toBe(sha256(zip.find((f) => f.name === DOSSIER_FILES[format as keyof typeof DOSSIER_FILES])!.bytes));
    }
  });

  test('roles: readers read and export, never write; only admin changes the mapping; others get 403, no token 401', async () => {
    const s = setup();
    for (const roles of ['cmo', 'partner', 'integratie', 'admin']) {
      expect((await s.http('GET', '/api/v1/gear', roles)).status, roles).toBe(403);
      expect((await s.http('GET', '/api/v1/gear/export?format=json', roles)).status, roles).toBe(403);
    }
    expect((await s.http('POST', '/api/v1/gear/verify', 'partner', { institute: 'utrecht' })).status).toBe(403);
    expect((await s.app.request('/api/v1/gear')).status).toBe(401);
    for (const roles of ['auditor', 'mt', 'kwaliteitsmedewerker']) {
      expect((await s.http('PUT', '/api/v1/gear/mapping', roles, {})).status, roles).toBe(403);
    }
    expect((await s.http('POST', '/api/v1/cycles', 'auditor', { kind: 'curriculum', title: 'x', period: { from: '2025-01-01', to: '2025-12-31' } })).status).toBe(403);
    expect(await s.store.headPosition()).toBe(0n);
  });

  test('the mapping: GET shows the default with revision -1; admin PUTs with If-Match; the view follows it', async () => {
    const s = setup();
    await curriculumCycle(s);
    const initial = await s.http('GET', '/api/v1/gear/mapping', 'auditor');
    expect(initial.body).toMatchObject({ source: 'standaard', revision: -1, version: 'werkversie-2026.1' });
    expect(initial.headers.get('etag')).toBeNull();
    // The framework's names come along, so a client can say the mapping in words (no GEAR read right needed).
    expect(initial.body.domains.map((d: { id: string }) => d.id)).toEqual(['visie-kwaliteitsbeleid', 'curriculum', 'leeromgeving', 'toetsing-beoordeling', 'organisatie-management-medewerkers']);
    expect(initial.body.domains[1].criteria[0]).toEqual({ code: 'CUR-1', title: expect.stringMatching(/\S/) });
    const kinds = { ...initial.body.cycleKinds, curriculum: { domains: ['curriculum'], criteria: ['CUR-1'] } };
    const put = await s.http('PUT', '/api/v1/gear/mapping', 'admin', { cycleKinds: kinds });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ source: 'instelling', revision: 0 });
    expect(put.headers.get('etag')).toBe('"0"');
    expect((await s.http('PUT', '/api/v1/gear/mapping', 'admin', { cycleKinds: kinds }, { 'If-Match': '"3"' })).body).toMatchObject({ status: 409, currentRevision: 0 });
    expect((await s.http('PUT', '/api/v1/gear/mapping', 'admin', { cycleKinds: kinds }, { 'If-Match': '"0"' })).body).toMatchObject({ revision: 1 });
    const bad = await s.http('PUT', '/api/v1/gear/mapping', 'admin', { version: 'bestaat-niet' });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toBe('application/problem+json');
    const view = await s.http('GET', '/api/v1/gear', 'mt');
    expect(view.body.domains[3].cycles).toEqual({ total: 0, closed: 0 });
    expect(view.body.mapping).toEqual({ source: 'instelling', revision: 1 });
  });

  test('bad queries and bodies are 400 problems, and another institute sees nothing of utrecht', async () => {
    const s = setup();
    await curriculumCycle(s);
    const bad = await s.http('GET', '/api/v1/gear?asOf=gisteren', 'mt');
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('query.asOf');
    expect((await s.http('GET', '/api/v1/gear/export?format=docx', 'mt')).status).toBe(400);
    expect((await s.http('GET', '/api/v1/gear/export?from=2025-12-01&to=2025-01-01', 'mt')).status).toBe(400);
    expect((await s.raw('POST', '/api/v1/gear/verify', tokenFor('mt'))).status).toBe(400);
    const huge = await s.raw('POST', '/api/v1/gear/verify', tokenFor('mt'), new Uint8Array(MAX_VERIFY_BYTES + 1));
    expect(huge.status).toBe(413);
    expect(await huge.json()).toMatchObject({ type: 'https://gearbox.dev/problems/too-large', title: 'Inhoud te groot', status: 413 });
    const garbage = await s.raw('POST', '/api/v1/gear/verify', tokenFor('mt'), 'geen dossier', 'text/plain');
    expect(await garbage.json()).toMatchObject({ valid: false, problems: [{ code: 'not-a-dossier' }] });
    const amc = await s.http('GET', '/api/v1/gear', 'auditor', undefined, { 'x-institute': 'amc' });
    expect(amc.body.position).toBe('0');
    expect(amc.body.domains.every((d: { cycles: { total: number } }) => d.cycles.total === 0)).toBe(true);
  });
});
