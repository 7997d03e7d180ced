import { describe, expect, test } from 'vitest';
import { unzipFiles, type Dossier } from '@gearbox/gear';
import { curriculumCycle, setup, tokenFor } from './setup.ts';

const CRITERION = (code: string) => `/api/v1/gear/criteria/${code}/zelfevaluatie`;
const DOMAIN = (id: string) => `/api/v1/gear/domains/${id}/zelfevaluatie`;
const REFLECTION = { text: 'Feedback van aios wordt elk half jaar besproken.', oordeel: 'voldoet', sterktes: ['vaste feedbackrondes'], verbeterpunten: ['terugkoppeling aan aios'] };

type Setup = ReturnType<typeof setup>;
const criterionOf = (view: { domains: { criteria: { code: string }[] }[] }, code: string) =>
  view.domains.flatMap((d) => d.criteria).find((c) => c.code === code) as Record<string, any>;
const viewAt = async (s: Setup, asOf?: string) => (await s.checked('GET', `/api/v1/gear${asOf ? `?asOf=${encodeURIComponent(asOf)}` : ''}`, 'auditor')).body;

describe('zelfevaluatie over HTTP', () => {
  test('a kwaliteitsmedewerker and the MT record it per criterion and per domain; GET /gear shows it with who and when', async () => {
    const s = setup();
    const put = await s.checked('PUT', CRITERION('CUR-2'), 'kwaliteitsmedewerker', REFLECTION);
    expect(put.status).toBe(200);
    expect(put.headers.get('etag')).toBe('"0"');
    const by = { sub: 'user-kwaliteitsmedewerker', roles: ['kwaliteitsmedewerker'] };
    expect(put.body).toEqual({ ...REFLECTION, by, at: s.clock().toISOString(), revision: 0 });
    const domain = await s.checked('PUT', DOMAIN('curriculum'), 'mt', { text: 'Het curriculum sluit aan op de praktijk.' });
    expect(domain.status).toBe(200);
    expect(domain.body).toEqual({ text: 'Het curriculum sluit aan op de praktijk.', by: { sub: 'user-mt', roles: ['mt'] }, at: s.clock().toISOString(), revision: 0 });

    const view = await viewAt(s);
    expect(criterionOf(view, 'CUR-2').zelfevaluatie).toEqual(put.body);
    expect(criterionOf(view, 'CUR-1')).toMatchObject({ zelfevaluatie: null, afwijking: false });
    expect(view.domains[1]).toMatchObject({ id: 'curriculum', zelfevaluatie: domain.body });
    expect(view.domains[0].zelfevaluatie).toBeNull();
  });

  test('roles: auditor, cmo, admin, integratie and partner get 403 and nothing is stored', async () => {
    const s = setup();
    for (const roles of ['auditor', 'cmo', 'admin', 'integratie', 'partner']) {
      expect((await s.checked('PUT', CRITERION('CUR-2'), roles, REFLECTION)).status, roles).toBe(403);
      expect((await s.checked('PUT', DOMAIN('curriculum'), roles, { text: 'x' })).status, roles).toBe(403);
    }
    expect(await s.store.headPosition()).toBe(0n);
  });

  test('an unknown criterion code or domain is a 404 in Dutch, and nothing is stored', async () => {
    const s = setup();
    const code = await s.checked('PUT', CRITERION('XYZ-9'), 'mt', REFLECTION);
    expect(code.status).toBe(404);
    expect(code.headers.get('content-type')).toBe('application/problem+json');
    expect(code.body).toMatchObject({ status: 404, detail: 'criterium XYZ-9 van raamwerk werkversie-2026.1 is niet gevonden.' });
    expect((await s.checked('PUT', DOMAIN('bestaat-niet'), 'mt', { text: 'x' })).status).toBe(404);
    expect(await s.store.headPosition()).toBe(0n);
  });

  test('a bad body is a 400 naming each field in Dutch, and nothing is stored', async () => {
    const s = setup();
    const cases: [unknown, string][] = [
      [{ text: 'Goed.' }, 'oordeel'],
      [{ ...REFLECTION, oordeel: 'deels' }, 'oordeel'],
      [{ ...REFLECTION, text: '   ' }, 'text'],
      [{ ...REFLECTION, sterktes: [''] }, 'sterktes.0'],
      [{ ...REFLECTION, status: 'voldoet' }, '(body)'],
    ];
    for (const [body, path] of cases) {
      const r = await s.checked('PUT', CRITERION('CUR-2'), 'mt', body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.errors.map((e: { path: string }) => e.path), JSON.stringify(body)).toContain(path);
    }
    const domain = await s.checked('PUT', DOMAIN('curriculum'), 'mt', {});
    expect(domain.body).toMatchObject({ status: 400, title: 'Ongeldig verzoek', errors: [{ path: 'text' }] });
    const english = await s.checked('PUT', DOMAIN('curriculum'), 'mt', {}, { 'Accept-Language': 'en' });
    expect(english.body).toMatchObject({ title: 'Invalid request', errors: [{ path: 'text' }] });
    expect(domain.body.errors[0].message).not.toBe(english.body.errors[0].message);
    expect(await s.store.headPosition()).toBe(0n);
  });

  test('If-Match: a stale revision of this reflection is a 409 that stores nothing; another criterion\'s change does not make it stale', async () => {
    const s = setup();
    await s.checked('PUT', CRITERION('CUR-2'), 'mt', REFLECTION);
    const first = await s.checked('PUT', CRITERION('CUR-1'), 'mt', REFLECTION, { 'If-Match': '"0"' });
    expect(first.body).toMatchObject({ status: 409, currentRevision: -1 });
    await s.checked('PUT', CRITERION('CUR-1'), 'mt', REFLECTION);
    const head = await s.store.headPosition();
    const stale = await s.checked('PUT', CRITERION('CUR-2'), 'mt', { ...REFLECTION, text: 'Later.' }, { 'If-Match': '"3"' });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ status: 409, currentRevision: 0 });
    expect(await s.store.headPosition()).toBe(head);
    const fresh = await s.checked('PUT', CRITERION('CUR-2'), 'mt', { ...REFLECTION, text: 'Later.' }, { 'If-Match': '"0"' });
    expect(fresh.body).toMatchObject({ text: 'Later.', revision: 1 });
    expect(fresh.headers.get('etag')).toBe('"1"');
    expect((await s.checked('PUT', DOMAIN('curriculum'), 'mt', { text: 'x' }, { 'If-Match': '"2"' })).status).toBe(409);
  });

  test('asOf shows the text as it stood then: none before the first, the first before the second', async () => {
    const s = setup();
    const before = s.clock().toISOString();
    s.clock.advance(60_000);
    await s.checked('PUT', CRITERION('CUR-2'), 'kwaliteitsmedewerker', REFLECTION);
    await s.checked('PUT', DOMAIN('curriculum'), 'kwaliteitsmedewerker', { text: 'Eerste versie.' });
    const between = s.clock().toISOString();
    s.clock.advance(60_000);
    await s.checked('PUT', CRITERION('CUR-2'), 'mt', { text: 'Herzien na de audit.', oordeel: 'voldoet-deels' });
    await s.checked('PUT', DOMAIN('curriculum'), 'mt', { text: 'Tweede versie.' });

    const then = await viewAt(s, before);
    expect(criterionOf(then, 'CUR-2').zelfevaluatie).toBeNull();
    expect(then.domains[1].zelfevaluatie).toBeNull();
    const middle = await viewAt(s, between);
    expect(criterionOf(middle, 'CUR-2').zelfevaluatie).toMatchObject({ text: REFLECTION.text, oordeel: 'voldoet', revision: 0 });
    expect(middle.domains[1].zelfevaluatie).toMatchObject({ text: 'Eerste versie.' });
    const now = await viewAt(s);
    expect(criterionOf(now, 'CUR-2').zelfevaluatie).toMatchObject({ text: 'Herzien na de audit.', oordeel: 'voldoet-deels', sterktes: [], verbeterpunten: [], by: { sub: 'user-mt' }, revision: 1 });
    expect(now.domains[1].zelfevaluatie).toMatchObject({ text: 'Tweede versie.', revision: 1 });
  });

  test('afwijking flags where the oordeel and the computed status disagree, with the reason in Dutch', async () => {
    const s = setup();
    await curriculumCycle(s); // CUR-2: a finding "voldoet"; TB-1: evidence, no finding; VKB-1: no evidence
    await s.checked('PUT', CRITERION('CUR-2'), 'mt', { text: 'Nog niet op orde.', oordeel: 'voldoet-niet' });
    await s.checked('PUT', CRITERION('TB-1'), 'mt', { text: 'Het toetsplan werkt.', oordeel: 'voldoet' });
    await s.checked('PUT', CRITERION('VKB-1'), 'mt', { text: 'Onze visie is helder.', oordeel: 'voldoet' });
    await s.checked('PUT', CRITERION('VKB-2'), 'mt', { text: 'Nog geen beleid.', oordeel: 'voldoet-niet' });
    let view = await viewAt(s);
    expect(criterionOf(view, 'CUR-2')).toMatchObject({ status: 'voldoet', afwijking: true, afwijkingReden: 'De zelfevaluatie zegt "voldoet niet", de bevindingen zeggen "voldoet".' });
    expect(criterionOf(view, 'VKB-1')).toMatchObject({ status: 'geen-bewijs', afwijking: true, afwijkingReden: 'De zelfevaluatie zegt "voldoet", maar er is geen bewijs.' });
    for (const code of ['TB-1', 'VKB-2']) {
      expect(criterionOf(view, code).afwijking, code).toBe(false);
      expect(criterionOf(view, code), code).not.toHaveProperty('afwijkingReden');
    }
    await s.checked('PUT', CRITERION('CUR-2'), 'mt', { text: 'Op orde.', oordeel: 'voldoet' });
    view = await viewAt(s);
    expect(criterionOf(view, 'CUR-2')).toMatchObject({ status: 'voldoet', afwijking: false });
  });

  test('the dossier carries the reflections, and verify finds it valid, also after a later change', async () => {
    const s = setup();
    await curriculumCycle(s);
    await s.checked('PUT', CRITERION('CUR-2'), 'kwaliteitsmedewerker', { ...REFLECTION, oordeel: 'voldoet-deels' });
    await s.checked('PUT', DOMAIN('curriculum'), 'kwaliteitsmedewerker', { text: 'Het curriculum sluit aan op de praktijk.' });
    const token = tokenFor('auditor');
    const asOf = encodeURIComponent(s.clock().toISOString());
    const zip = new Uint8Array(await (await s.raw('GET', `/api/v1/gear/export?asOf=${asOf}`, token)).arrayBuffer());
    const file = (name: string) => Buffer.from(unzipFiles(zip).find((f) => f.name === name)!.bytes).toString('utf8');
    const dossier: Dossier = JSON.parse(file('dossier.json'));
    const curriculum = dossier.domains.find((d) => d.id === 'curriculum')!;
    expect(curriculum.zelfevaluatie).toMatchObject({ text: 'Het curriculum sluit aan op de praktijk.', by: { sub: 'user-kwaliteitsmedewerker' } });
    expect(curriculum.criteria.find((c) => c.code === 'CUR-2')).toMatchObject({
      status: 'voldoet',
      zelfevaluatie: { text: REFLECTION.text, oordeel: 'voldoet-deels', sterktes: REFLECTION.sterktes, verbeterpunten: REFLECTION.verbeterpunten },
      afwijking: true,
    });
    const html = file('dossier.html');
    const from = html.slice(html.indexOf('<article id="criterium-CUR-2">'));
    const cur2 = from.slice(0, from.indexOf('</article>'));
    expect(cur2).toContain(`<p class="tekst">${REFLECTION.text}</p>`);
    expect(cur2).toContain('<p class="afwijking">Afwijking: De zelfevaluatie zegt &quot;voldoet deels&quot;, de bevindingen zeggen &quot;voldoet&quot;.</p>');
    expect(html).toContain('<p class="tekst">Het curriculum sluit aan op de praktijk.</p>');
    expect(await (await s.raw('POST', '/api/v1/gear/verify', token, zip)).json()).toMatchObject({ valid: true, problems: [] });
    s.clock.advance(60_000);
    await s.checked('PUT', CRITERION('CUR-2'), 'mt', { text: 'Later herzien.', oordeel: 'voldoet' });
    expect(await (await s.raw('POST', '/api/v1/gear/verify', token, zip)).json()).toMatchObject({ valid: true, problems: [] });
  });
});
