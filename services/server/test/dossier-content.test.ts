/**
 * The dossier's content, not only its hashes (issue 12): the demo institute through the API, plus one
 * cycle of our own with an absolute and a relative KPI target and a finding on two criteria of one
 * domain. Read as an auditor reads it: the reflection before the evidence, no ids before the
 * appendix "Verantwoording", each finding counted once, progress in words, Dutch dates and numbers.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DOSSIER_FORMAT, MANIFEST_FILE, unzipFiles, zipFiles, type NamedFile } from '@gearbox/gear';
import { DEMO_CRITERION_REFLECTIONS } from '../src/demo-zelfevaluatie.ts';
import { DEMO_INSTITUTE, seedDemo, type DemoSummary } from '../src/seed-demo.ts';
import { world, type World } from './world.ts';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
const HASH = /\b[0-9a-f]{64}\b/;
const REFLECTION = 'Het curriculum sluit aan op het landelijk opleidingsplan; de evaluaties van de terugkomdagen worden elk kwartaal besproken.';
const DOMAIN_REFLECTION = 'Het curriculumdomein is op orde, met één duidelijk verbeterpunt in de toetsing van het onderzoeksproject.';

function pdftotext(pdf: Uint8Array): string {
  const dir = mkdtempSync(join(tmpdir(), 'dossier-content-'));
  try {
    writeFileSync(join(dir, 'dossier.pdf'), pdf);
    return execFileSync('pdftotext', ['-layout', join(dir, 'dossier.pdf'), '-'], { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('the demo dossier reads as a self-evaluation', () => {
  let w: World;
  let seeded: DemoSummary;
  let qm: string;
  let cycleId: string;
  let dossier: any;
  let html: string;
  let pdf: string;

  const command = async (body: Record<string, unknown>) => {
    const res = await w.call('POST', `/api/v1/cycles/${cycleId}/commands`, { token: qm, body });
    expect(res.status, `${body.type}: ${JSON.stringify(res.body)}`).toBe(200);
  };
  const download = async (format: string) => {
    const res = await fetch(`${w.base}/api/v1/gear/export?format=${format}`, { headers: { Authorization: `Bearer ${qm}` } });
    expect(res.status).toBe(200);
    return new Uint8Array(await res.arrayBuffer());
  };
  const verify = async (zip: Uint8Array) => {
    const res = await fetch(`${w.base}/api/v1/gear/verify`, { method: 'POST', headers: { Authorization: `Bearer ${qm}`, 'Content-Type': 'application/zip' }, body: Buffer.from(zip) });
    expect(res.status).toBe(200);
    return (await res.json()) as { valid: boolean; problems: { code: string; message: string; file?: string }[] };
  };

  beforeAll(async () => {
    w = await world();
    w.clock.set('2026-11-20T09:00:00Z');
    seeded = await seedDemo(w.gearbox);
    qm = await w.token(DEMO_INSTITUTE, ['kwaliteitsmedewerker', 'mt']);
    const started = await w.call('POST', '/api/v1/cycles', { token: qm, body: { kind: 'curriculum', title: 'Curriculum toetsing 2026', period: { from: '2026-01-01', to: '2026-12-31' } } });
    expect(started.status).toBe(201);
    cycleId = started.body.id;
    await command({ type: 'SetGoal', goalId: 'toetsing', title: 'Toetsing van het onderzoeksproject op orde' });
    // Absolute: 50 → 60 in 2026. Relative: 40 + 25% = 50.
    await command({ type: 'DefineKpi', kpiId: 'toetsplan', goalId: 'toetsing', name: 'onderdelen met een toetsplan', unit: '%', baseline: { value: 50, source: 'inventarisatie', year: 2025 }, target: { value: 60, by: '2026-12-31' } });
    await command({ type: 'DefineKpi', kpiId: 'beoordelaars', goalId: 'toetsing', name: 'getrainde beoordelaars', unit: 'aantal', baseline: { value: 40, source: 'scholingsregister', year: 2025 }, target: { changePercent: 25, by: '2026-12-31' } });
    await command({ type: 'PlanActivity', activityId: 'inventarisatie', title: 'Inventarisatie toetsplannen', owner: 'Toetscommissie', due: '2026-06-30' });
    await command({ type: 'ApprovePlan' });
    await command({ type: 'CompleteActivity', activityId: 'inventarisatie', note: 'Gedaan.' });
    await command({ type: 'AddEvidence', evidenceId: 'toetsplannen', title: 'Inventarisatie toetsplannen voorjaar', kind: 'survey', effectiveAt: '2026-04-14', criteria: ['CUR-1', 'CUR-2'] });
    // On 30-09 the straight line from 50 (31-12-2025) to 60 (31-12-2026) stands at 57,48: 58 is on track.
    await command({ type: 'RecordMeasurement', kpiId: 'toetsplan', value: 58, source: 'inventarisatie', measuredAt: '2026-09-30' });
    await command({ type: 'RecordMeasurement', kpiId: 'beoordelaars', value: 50.5, source: 'scholingsregister', measuredAt: '2026-10-01' });
    await command({ type: 'StartCheck' });
    await command({ type: 'RecordFinding', findingId: 'onderzoek', title: 'Onderzoeksproject ontbreekt in twee toetsplannen', assessment: 'deels', evidenceIds: ['toetsplannen'] });
    await command({ type: 'HoldReview', reviewId: 'toetscommissie', body: 'toetscommissie', date: '2026-10-15' });
    await command({ type: 'CompleteCheck' });
    await command({ type: 'DecideAction', actionId: 'toetsplan-aanvullen', findingId: 'onderzoek', title: 'Onderzoeksproject opnemen in de toetsplannen', owner: 'Toetscommissie', due: '2027-03-31' });

    const put = await w.call('PUT', '/api/v1/gear/criteria/CUR-2/zelfevaluatie', { token: qm, body: { text: REFLECTION, oordeel: 'voldoet', sterktes: ['Vaste evaluatiecyclus'], verbeterpunten: ['Toetsing onderzoeksproject'] } });
    expect(put.status).toBe(200);
    expect((await w.call('PUT', '/api/v1/gear/domains/curriculum/zelfevaluatie', { token: qm, body: { text: DOMAIN_REFLECTION } })).status).toBe(200);

    dossier = JSON.parse(Buffer.from(await download('json')).toString('utf8'));
    html = Buffer.from(await download('html')).toString('utf8');
    pdf = pdftotext(await download('pdf'));
  });
  afterAll(() => w.stop());

  const curriculum = () => dossier.domains.find((d: any) => d.id === 'curriculum');
  const criterion = (code: string) => dossier.domains.flatMap((d: any) => d.criteria).find((c: any) => c.code === code);
  const article = (code: string) => html.slice(html.indexOf(`<article id="criterium-${code}">`), html.indexOf('</article>', html.indexOf(`<article id="criterium-${code}">`)));

  test('the demo year: every core domain has evidence on each criterion (but the gap AN-3) and a reflection on the domain and each criterion', () => {
    for (const domain of dossier.domains) {
      expect(domain.zelfevaluatie?.text, domain.id).toBeTruthy();
      for (const c of domain.criteria) expect(c.zelfevaluatie, c.code).not.toBeNull();
      if (!domain.core) continue;
      for (const c of domain.criteria) if (c.code !== 'AN-3') expect(c.evidence.length, c.code).toBeGreaterThan(0);
    }
    expect(dossier.domains.filter((d: any) => d.core).map((d: any) => d.id)).toEqual(['curriculum', 'leeromgeving', 'toetsing-beoordeling']);
    // Leeromgeving has a cycle of its own (closed), and the safe-climate KPI shows there, under the safe climate.
    const leeromgeving = dossier.domains.find((d: any) => d.id === 'leeromgeving');
    expect(leeromgeving.cycles).toEqual({ total: 1, closed: 1 });
    expect(leeromgeving.kpis.map((k: any) => k.kpiId)).toContain('veilig-klimaat');
    expect(criterion('LO-3').kpis.map((k: any) => k.kpiId)).toContain('veilig-klimaat');
  });

  test('the deliberate gaps are shown as gaps, with the institute\'s own words; an oordeel without evidence is flagged', () => {
    expect(dossier.gaps.map((g: any) => g.code)).toEqual(['AN-3', 'OMM-4']);
    expect(dossier.summary).toMatchObject({ gaps: 2, 'geen-bewijs': 2 });
    expect(criterion('AN-3')).toMatchObject({ status: 'geen-bewijs', evidence: [], afwijking: false, zelfevaluatie: { oordeel: 'voldoet-niet' } });
    expect(criterion('OMM-4')).toMatchObject({ status: 'geen-bewijs', afwijking: true, afwijkingReden: 'De zelfevaluatie zegt "voldoet deels", maar er is geen bewijs.' });
    const gap = article('AN-3');
    expect(gap).toContain('geen bewijs');
    expect(gap).toContain(DEMO_CRITERION_REFLECTIONS['AN-3']!.text.slice(0, 80));
    expect(article('OMM-4')).toContain('Afwijking: De zelfevaluatie zegt &quot;voldoet deels&quot;, maar er is geen bewijs.');
    // No other reflection of the demo contradicts its evidence: CUR-1 and CUR-2 meet this test's own "deels" finding.
    const flagged = dossier.domains.flatMap((d: any) => d.criteria).filter((c: any) => c.afwijking).map((c: any) => c.code);
    expect(flagged).toEqual(['CUR-1', 'CUR-2', 'OMM-4']);
  });

  test('a half-year dossier takes the KPI measurements and the LEOH evaluations of that half year', async () => {
    const json = async (period: string) => JSON.parse(Buffer.from(await download(`json&${period}`)).toString('utf8'));
    const [h1, h2] = [await json('from=2026-01-01&to=2026-06-30'), await json('from=2026-07-01&to=2026-12-31')];
    const kpi = (d: any, kpiId: string) => d.domains.find((x: any) => x.id === 'curriculum').kpis.find((k: any) => k.kpiId === kpiId);
    expect(kpi(h1, 'veilig-klimaat')).toMatchObject({ measurements: [{ value: 79, measuredAt: '2026-06-30' }], latest: { value: 79 }, progress: 'niet-op-koers' });
    expect(kpi(h2, 'veilig-klimaat')).toMatchObject({ measurements: [], latest: null, progress: 'onbekend' });
    expect(kpi(h1, 'toetsplan')).toMatchObject({ measurements: [], latest: null, progress: 'onbekend' });
    expect(kpi(h2, 'toetsplan')).toMatchObject({ latest: { value: 58, measuredAt: '2026-09-30' }, progress: 'op-koers' });
    expect(Buffer.from(await download('html&from=2026-07-01&to=2026-12-31')).toString('utf8')).toMatch(/aios die het opleidingsklimaat veilig vinden<\/strong> — <span class="progress p-onbekend">nog niet gemeten/);

    // The demo's LEOH evaluations of 2026-H1, some typed in in July, all count in January–June; those of 2025-H2 do not.
    let firstHalf = 0;
    for await (const e of w.gearbox.store.readAll({ filter: { eventTypes: ['LeohRecorded'], streamPrefixes: [`${DEMO_INSTITUTE}/opleider-`] } })) {
      if ((e.data as { period: string }).period === '2026-H1') firstHalf += 1;
    }
    expect(firstHalf).toBeGreaterThan(40);
    const leoh = h1.domains.flatMap((d: any) => d.criteria).find((c: any) => c.code === 'LO-4').evidence.find((e: any) => e.id === 'opleider:LeohRecorded');
    expect(leoh).toMatchObject({ count: firstHalf, effectiveAt: '2026-06-30' });
    expect(leoh.effectiveFrom >= '2026-06-01').toBe(true);
  });

  test('the cycle answer carries the evidence tags; deadline labels say their dates as dd-mm-jjjj', async () => {
    const cycle = await w.call('GET', `/api/v1/cycles/${seeded.curriculumCycleId}`, { token: qm });
    expect(cycle.status).toBe(200);
    expect(cycle.body.evidence.find((e: any) => e.evidenceId === 'leerlijn-wetenschap')).toMatchObject({ tags: ['academisch-niveau'] });
    expect(cycle.body.evidence.find((e: any) => e.evidenceId === 'evaluaties-2026').tags).toBeUndefined();

    const deadlines = await w.call('GET', '/api/v1/deadlines', { token: qm });
    expect(deadlines.status).toBe(200);
    const labels = deadlines.body.items.map((d: any) => d.label as string);
    expect(labels).toContain('Erkenning verloopt op 31-05-2026');
    expect(labels).toContain('Erkenning eindigt na 31-05-2026');
    for (const label of labels) expect(label).not.toMatch(/\d{4}-\d{2}-\d{2}/);
  });

  test('the demo\'s decision list is an uploaded PDF, linked as evidence, in the dossier and, with documents=true, in the zip', async () => {
    const organisatie = await w.call('GET', `/api/v1/cycles/${seeded.organisatieCycleId}`, { token: qm });
    const evidence = organisatie.body.evidence.find((e: any) => e.evidenceId === 'besluitenlijst-mr-najaar');
    expect(evidence).toMatchObject({ documentId: expect.any(String), sha256: expect.stringMatching(/^[0-9a-f]{64}$/), criteria: ['VKB-3', 'VKB-4'] });
    const res = await fetch(`${w.base}/api/v1/documents/${evidence.documentId}`, { headers: { Authorization: `Bearer ${qm}` } });
    expect(res.headers.get('Content-Type')).toBe('application/pdf');
    const pdfBytes = new Uint8Array(await res.arrayBuffer());
    expect(createHash('sha256').update(pdfBytes).digest('hex')).toBe(evidence.sha256);
    expect(pdftotext(pdfBytes).replace(/\s+/g, ' ')).toContain('79% van de aios vindt het opleidingsklimaat veilig');
    expect(criterion('VKB-3').evidence.map((e: any) => e.title)).toContain('Besluitenlijst managementreview najaar 2026');

    const zip = await download('zip&documents=true');
    expect(unzipFiles(zip).map((f) => f.name)).toContain(`documents/${evidence.sha256.slice(0, 12)}-besluitenlijst-managementreview-najaar-2026.pdf`);
    expect(await verify(zip)).toMatchObject({ valid: true, problems: [] });
    // A second seed finds the document (and every reflection) and appends nothing.
    const head = await w.gearbox.store.headPosition();
    expect(await seedDemo(w.gearbox)).toEqual(seeded);
    expect(await w.gearbox.store.headPosition()).toBe(head);
  });

  test('verify: a dossier of an earlier format is not "rebuild-mismatch" but says the rebuild cannot be done; files and chain are still checked', async () => {
    const zip = await download('zip');
    const files = unzipFiles(zip);
    const manifest = JSON.parse(Buffer.from(files.find((f) => f.name === MANIFEST_FILE)!.bytes).toString('utf8'));
    expect(manifest.format).toBe(DOSSIER_FORMAT);
    // As an earlier gearbox wrote it: no format, and a dossier.html of its own renderer, listed as such.
    const older = (edit: (m: any) => void = () => {}, entry?: (f: NamedFile) => NamedFile) => {
      const html = Buffer.from(Buffer.from(files.find((f) => f.name === 'dossier.html')!.bytes).toString('utf8').replace('</body>', '<!-- een eerdere renderer --></body>'));
      const hashed = files.filter((f) => f.name !== MANIFEST_FILE).map((f) => (f.name === 'dossier.html' ? { ...f, bytes: html } : f));
      const { format: _format, ...old } = manifest;
      old.files = hashed.map((f) => ({ name: f.name, sha256: createHash('sha256').update(f.bytes).digest('hex'), bytes: f.bytes.length }));
      edit(old);
      return zipFiles([...hashed.map(entry ?? ((f) => f)), { name: MANIFEST_FILE, bytes: Buffer.from(JSON.stringify(old)) }], new Date(manifest.asOf));
    };
    const result = await verify(older());
    expect(result.valid).toBe(false);
    expect(result.problems.map((p) => p.code)).toEqual(['format-unsupported']);
    expect(result.problems[0]!.message).toContain('Dit dossier heeft dossierformaat 1; deze versie van gearbox maakt formaat 2');
    expect(result.problems[0]!.message).not.toMatch(/wijkt af/);
    // The files against the manifest, and the manifest against the store's chain, still count.
    const changed = await verify(older(undefined, (f) => (f.name === 'dossier.json' ? { ...f, bytes: Buffer.concat([f.bytes, Buffer.from(' ')]) } : f)));
    expect(changed.problems.map((p) => [p.code, p.file])).toEqual([['file-changed', 'dossier.json'], ['format-unsupported', undefined]]);
    const chain = await verify(older((m) => (m.chainHead = 'f'.repeat(64))));
    expect(chain.problems.map((p) => p.code)).toEqual(['chain-mismatch', 'format-unsupported']);
  });

  test('html: per criterion the reflection comes before its evidence; the domain reflection before its criteria', () => {
    const article = html.slice(html.indexOf('<article id="criterium-CUR-2">'), html.indexOf('</article>', html.indexOf('<article id="criterium-CUR-2">')));
    expect(article).toContain(REFLECTION);
    expect(article.indexOf(REFLECTION)).toBeLessThan(article.indexOf('Inventarisatie toetsplannen voorjaar'));
    expect(article).toContain('Sterktes');
    // Its oordeel (voldoet) and the finding (voldoet deels) disagree: the flag in words.
    expect(article).toContain('Afwijking: De zelfevaluatie zegt &quot;voldoet&quot;, de bevindingen zeggen &quot;voldoet deels&quot;.');
    const section = html.indexOf('<section class="domain" id="domein-curriculum">');
    expect(html.indexOf(DOMAIN_REFLECTION, section)).toBeLessThan(html.indexOf('<article id="criterium-CUR-1">'));
    // Then evidence → KPIs → findings → actions, in that order.
    const order = ['Inventarisatie toetsplannen voorjaar', 'onderdelen met een toetsplan', 'Onderzoeksproject ontbreekt', 'Onderzoeksproject opnemen'].map((t) => article.indexOf(t));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  test('pdf: the reflection text comes before the evidence of its criterion', () => {
    const flat = pdf.replace(/\s+/g, ' ');
    // The domain's page: its reflection, then its criteria (the contents page names them too).
    const domain = flat.indexOf(DOMAIN_REFLECTION.slice(0, 40));
    const at = flat.indexOf('CUR-2 — ', domain);
    expect(domain).toBeGreaterThan(0);
    expect(at).toBeGreaterThan(domain);
    const reflection = flat.indexOf('Het curriculum sluit aan op het landelijk', at);
    expect(reflection).toBeGreaterThan(at);
    expect(reflection).toBeLessThan(flat.indexOf('Inventarisatie toetsplannen voorjaar', at));
  });

  test('no UUID, hash, event position or API link before the "Verantwoording" heading; they are all in it', () => {
    const heading = html.indexOf('<h2>Verantwoording</h2>');
    expect(heading).toBeGreaterThan(0);
    const [body, appendix] = [html.slice(0, heading), html.slice(heading)];
    expect(body).not.toMatch(UUID);
    expect(body).not.toMatch(HASH);
    // "positie" as a word: the event position ("positief" is Dutch for positive).
    expect(body).not.toMatch(/\bpositie\b|Kop van de hashketen/i);
    expect(html).not.toMatch(/href="\/api\//);
    expect(html).not.toContain('/api/');
    const evidence = criterion('CUR-2').evidence.find((e: any) => e.title === 'Inventarisatie toetsplannen voorjaar');
    expect(appendix).toContain(evidence.source.eventId);
    expect(appendix).toContain(evidence.source.streamId);
    expect(appendix).toContain(dossier.chainHead);

    const end = pdf.lastIndexOf('Verantwoording');
    expect(end).toBeGreaterThan(0);
    expect(pdf.slice(0, end)).not.toMatch(UUID);
    expect(pdf.slice(0, end)).not.toMatch(HASH);
    expect(pdf.slice(0, end)).not.toMatch(/\bpositie\b|hashketen/i);
    expect(pdf.slice(end).replace(/\s+/g, '')).toContain(evidence.source.eventId);
  });

  test('each finding and action counted once per domain and once in the summary, however many criteria it touches', () => {
    const finding = `${cycleId}/onderzoek`;
    expect(criterion('CUR-1').findings.map((f: any) => f.id)).toContain(finding);
    expect(criterion('CUR-2').findings.map((f: any) => f.id)).toContain(finding);
    const cur = curriculum();
    expect(cur.findings.filter((f: any) => f.id === finding)).toHaveLength(1);
    for (const domain of dossier.domains) {
      const open = new Set(domain.criteria.flatMap((c: any) => c.findings.filter((f: any) => f.open).map((f: any) => f.id)));
      expect(domain.summary.openFindings, domain.id).toBe(open.size);
      expect(domain.openFindings, domain.id).toBe(open.size);
      const actions = new Set(domain.criteria.flatMap((c: any) => c.actions.filter((a: any) => a.status === 'open').map((a: any) => a.id)));
      expect(domain.summary.openActions, domain.id).toBe(actions.size);
    }
    // It touches no criterion of Toetsing en beoordeling, so it is not counted there.
    expect(dossier.domains.find((d: any) => d.id === 'toetsing-beoordeling').findings.map((f: any) => f.id)).not.toContain(finding);
    const all = new Set(dossier.domains.flatMap((d: any) => d.criteria.flatMap((c: any) => c.findings.filter((f: any) => f.open).map((f: any) => f.id))));
    expect(dossier.summary.openFindings).toBe(all.size);
    expect(html).toMatch(/Curriculum<\/a><\/td><td>ja<\/td><td>\d+ criteria: [^<]*<br>\d+ open bevinding/);
  });

  test('KPI progress: absolute and relative targets, in dossier.json, the GEAR view and in words', async () => {
    const kpis = curriculum().kpis;
    const absolute = kpis.find((k: any) => k.kpiId === 'toetsplan');
    const relative = kpis.find((k: any) => k.kpiId === 'beoordelaars');
    expect(absolute).toMatchObject({ goalId: 'toetsing', target: { value: 60, by: '2026-12-31' }, targetValue: 60, latest: { value: 58, measuredAt: '2026-09-30' }, progress: 'op-koers' });
    expect(relative).toMatchObject({ goalId: 'toetsing', target: { changePercent: 25 }, targetValue: 50, latest: { value: 50.5 }, progress: 'gehaald' });
    // The demo's safe-climate KPI: 70% + 20% = 84, measured 79 in June 2026: behind the line.
    expect(kpis.find((k: any) => k.kpiId === 'veilig-klimaat')).toMatchObject({ targetValue: 84, progress: 'niet-op-koers' });
    expect(curriculum().kpis.filter((k: any) => k.id === absolute.id)).toHaveLength(1);
    expect(curriculum().summary.kpis['op-koers']).toBeGreaterThanOrEqual(1);

    const view = await w.call('GET', '/api/v1/gear', { token: qm });
    expect(view.status).toBe(200);
    const viewKpi = view.body.domains.find((d: any) => d.id === 'curriculum').kpis.find((k: any) => k.id === absolute.id);
    expect(viewKpi).toMatchObject({ goalId: 'toetsing', targetValue: 60, latest: { value: 58 }, progress: 'op-koers' });

    expect(html).toContain('nulmeting 50% (inventarisatie, 2025) → laatste meting 58% op 30-09-2026 (inventarisatie; 1 meting) → streefwaarde 60% uiterlijk 31-12-2026');
    expect(html).toContain('streefwaarde 50 aantal (+25% op de nulmeting) uiterlijk 31-12-2026');
    expect(html).toMatch(/getrainde beoordelaars<\/strong> — <span class="progress p-gehaald">gehaald<\/span>/);
    expect(pdf.replace(/\s+/g, ' ')).toContain('onderdelen met een toetsplan — op koers');
  });

  test('Dutch: dd-mm-jjjj dates, a decimal comma, singular and plural, no English words', () => {
    for (const [name, text] of [['html', html], ['pdf', pdf.replace(/\s+/g, ' ')]] as const) {
      expect(text, name).toContain('Cyclus Curriculum toetsing 2026, enquête van 14-04-2026');
      expect(text, name).toContain('laatste meting 50,5 aantal op 01-10-2026');
      expect(text, name).not.toContain('50.5');
      expect(text, name).not.toMatch(/\b1 metingen\b|\b1 registraties\b|\b1 criteria\b/);
      expect(text, name).not.toMatch(/\b(survey|minutes|visit-report|dataset|fase check|version)\b/i);
      // Only the appendix (ISO instants of the store) may hold an ISO date.
      expect(text.slice(0, text.lastIndexOf('Verantwoording')), name).not.toMatch(/\b20\d\d-\d\d-\d\d\b/);
    }
    expect(html).toContain('eigenaar: afgeschermd (persoonsgegeven); deadline 31-03-2027; open');
    // dossier.json keeps machine values.
    expect(criterion('CUR-2').evidence.find((e: any) => e.title === 'Inventarisatie toetsplannen voorjaar').effectiveAt).toBe('2026-04-14');
  });
});
