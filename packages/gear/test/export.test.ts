import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  DOSSIER_FILES,
  DOSSIER_FORMAT,
  Manifest,
  changeMapping,
  exportDossier,
  readInstitute,
  renderPdf,
  sha256,
  unzipFiles,
  type Dossier,
  type ExportResult,
} from '../src/index.ts';
import { hasPoppler, pageText, pdfText, renderPages } from './files.ts';
import { ADMIN, INSTITUTE, KWALITEIT, MT, demoHistory, runCycle, world, type World } from './history.ts';

const AS_OF = '2025-06-01T00:00:00.000Z';
const GENERATED = new Date('2026-05-01T12:00:00.000Z');

function filesOf(zip: Uint8Array): Map<string, Uint8Array> {
  return new Map(unzipFiles(zip).map((f) => [f.name, f.bytes]));
}

/** DOS date and time of every entry in the central directory. */
function entryTimes(zip: Uint8Array): { date: number; time: number }[] {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  let eocd = zip.length - 22;
  while (eocd >= 0 && view.getUint32(eocd, true) !== 0x06054b50) eocd--;
  const count = view.getUint16(eocd + 10, true);
  let at = view.getUint32(eocd + 16, true);
  const out = [];
  for (let i = 0; i < count; i++) {
    out.push({ time: view.getUint16(at + 12, true), date: view.getUint16(at + 14, true) });
    at += 46 + view.getUint16(at + 28, true) + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  return out;
}

describe('the dossier zip', () => {
  let w: World;
  let result: ExportResult;
  let files: Map<string, Uint8Array>;
  let manifest: Manifest;
  let dossier: Dossier;

  beforeAll(async () => {
    w = world();
    await demoHistory(w);
    const before = await w.store.headPosition();
    result = await exportDossier(w.store, { institute: INSTITUTE, now: () => GENERATED });
    expect(await w.store.headPosition()).toBe(before);
    files = filesOf(result.body);
    manifest = Manifest.parse(JSON.parse(Buffer.from(files.get('manifest.json')!).toString('utf8')));
    dossier = JSON.parse(Buffer.from(files.get('dossier.json')!).toString('utf8'));
  });
  afterAll(() => w.close());

  test('holds the four dossier files and manifest.json, each file matching its sha256 and size in the manifest', () => {
    expect([...files.keys()].sort()).toEqual(['dossier.html', 'dossier.json', 'dossier.pdf', 'dossier.xlsx', 'manifest.json']);
    expect(manifest.files.map((f) => f.name)).toEqual(Object.values(DOSSIER_FILES));
    for (const entry of manifest.files) {
      const bytes = files.get(entry.name)!;
      expect(sha256(bytes), entry.name).toBe(entry.sha256);
      expect(bytes.length, entry.name).toBe(entry.bytes);
    }
  });

  test('has a manifest with the fields of API.md and the dossier format, and the chain head of the store at its position', async () => {
    const raw = JSON.parse(Buffer.from(files.get('manifest.json')!).toString('utf8'));
    expect(Object.keys(raw)).toEqual(['institute', 'framework', 'version', 'format', 'period', 'asOf', 'generatedAt', 'position', 'eventCount', 'chainHead', 'files']);
    expect(raw.format).toBe(DOSSIER_FORMAT);
    const read = await readInstitute(w.store, { institute: INSTITUTE, chain: true });
    expect(manifest).toMatchObject({
      institute: INSTITUTE,
      framework: 'GEAR',
      version: 'werkversie-2026.1',
      period: { from: null, to: null },
      asOf: GENERATED.toISOString(),
      generatedAt: GENERATED.toISOString(),
      position: read.position.toString(),
      eventCount: read.eventCount,
      chainHead: read.chain!.head,
    });
    expect(dossier).toMatchObject({ version: manifest.version, position: manifest.position, chainHead: manifest.chainHead, eventCount: manifest.eventCount });
  });

  test('dossier.xlsx reads back: a sheet per domain with per criterion its reflection, evidence, KPIs, findings and actions, plus KPIs, actions and the appendix', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(files.get('dossier.xlsx')!) as unknown as ArrayBuffer);
    const names = wb.worksheets.map((s) => s.name);
    expect(names).toEqual(['Overzicht', ...dossier.domains.map((d) => d.sheet), "KPI's", 'Acties', 'Open bevindingen', 'Cycli', 'Lacunes', 'Verantwoording']);
    for (const domain of dossier.domains) {
      const sheet = wb.getWorksheet(domain.sheet)!;
      const perCriterion = (c: Dossier['domains'][number]['criteria'][number]) => 1 + Math.max(1, c.evidence.length) + c.kpis.length + c.findings.length + c.actions.length;
      const expected = (domain.zelfevaluatie ? 2 : 1) + domain.criteria.reduce((n, c) => n + perCriterion(c), 0);
      expect(sheet.rowCount - 1, domain.id).toBe(expected);
      const codes = new Set<string>();
      sheet.eachRow((row, i) => i > 1 && row.getCell(1).value && codes.add(String(row.getCell(1).value)));
      expect([...codes]).toEqual(domain.criteria.map((c) => c.code));
    }
    const lo3 = [] as unknown[][];
    wb.getWorksheet('LO Leeromgeving')!.eachRow((row) => row.getCell(1).value === 'LO-3' && row.getCell(4).value === 'Bewijs' && lo3.push((row.values as unknown[]).slice(1)));
    const evidence = dossier.domains[2]!.criteria.find((c) => c.code === 'LO-3')!.evidence[0]!;
    expect(lo3).toEqual([['LO-3', expect.any(String), 'voldoet niet', 'Bewijs', evidence.title, 'enquête', new Date(`${evidence.effectiveAt}T00:00:00Z`), 1, evidence.herkomst, expect.stringMatching(/^\[\d+\]$/)]]);
    const kpis = wb.getWorksheet("KPI's")!;
    const kpiNames: string[] = [];
    kpis.eachRow((row, i) => i > 1 && kpiNames.push(String(row.getCell(3).value)));
    expect(kpiNames).toEqual(dossier.domains.flatMap((d) => d.kpis.map((k) => k.name)));
    const actions = wb.getWorksheet('Acties')!;
    const rows: unknown[][] = [];
    actions.eachRow((row, i) => i > 1 && rows.push(row.values as unknown[]));
    expect(rows.find((r) => r[3] === 'Onderzoeksproject opnemen in toetsplan')).toEqual([undefined, 'TB', 'Curriculum 2025', 'Onderzoeksproject opnemen in toetsplan', 'afgeschermd (persoonsgegeven)', new Date('2025-12-31T00:00:00Z'), 'open', 'nee', expect.stringMatching(/^\[\d+\]$/)]);
    actions.eachRow((row, i) => i > 1 && expect(row.getCell(5).numFmt).toBe('dd-mm-yyyy'));
    expect(wb.created.toISOString()).toBe(manifest.asOf);
  });

  test('dossier.pdf has a title page, a contents page with page numbers, and "Pagina x van y" on every page', () => {
    const pdf = files.get('dossier.pdf')!;
    const pages = (Buffer.from(pdf).toString('latin1').match(/\/Type \/Page\b(?!s)/g) ?? []).length;
    expect(pages).toBeGreaterThanOrEqual(2 + dossier.domains.length);
    const text = pdfText(pdf);
    expect(text).toContain('GEAR-dossier');
    expect(text).toContain('Inhoud');
    for (let i = 1; i <= pages; i++) expect(text).toContain(`Pagina ${i} van ${pages}`);
    for (const domain of dossier.domains) expect(text).toContain(`${domain.code} — ${domain.title}`);
    // .ci/run installs poppler-utils: the rendering is part of the check, never skipped.
    expect(hasPoppler(), 'pdftoppm is not installed (apt-get install poppler-utils)').toBe(true);
    expect(renderPages(pdf)).toBe(pages);
    expect(pageText(pdf, 1)).toMatch(/GEAR-dossier[\s\S]*Pagina 1 van/);
    expect(pageText(pdf, 2)).toMatch(/Inhoud[\s\S]*Samenvatting\s+3/);
  });

  test('dossier.html is Dutch and navigable: domain → criterion → evidence → its numbered source in the appendix, no link into the API', () => {
    const html = Buffer.from(files.get('dossier.html')!).toString('utf8');
    expect(html).toMatch(/^<!doctype html>\n<html lang="nl">/);
    const ids = new Set([...html.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]));
    const links = [...html.matchAll(/href="#([^"]+)"/g)].map((m) => m[1]!);
    expect(links.length).toBeGreaterThan(20);
    for (const link of links) expect(ids.has(link), `#${link}`).toBe(true);
    for (const domain of dossier.domains) {
      expect(links).toContain(`domein-${domain.id}`);
      for (const c of domain.criteria) expect(links).toContain(`criterium-${c.code}`);
    }
    const cycleEvidence = dossier.domains[1]!.criteria[1]!.evidence[0]!;
    const line = new RegExp(`<li>${cycleEvidence.title}[^<]*<span class="ref">\\[(\\d+)\\]</span>`).exec(html);
    expect(line).not.toBeNull();
    expect(html).toContain(`<tr id="v${line![1]}"><td>${line![1]}</td><td>Bewijs: ${cycleEvidence.title}</td><td><code>${cycleEvidence.source.streamId}</code></td><td>${cycleEvidence.source.revision}</td><td><code>${cycleEvidence.source.eventId}</code></td><td>${cycleEvidence.source.position}</td></tr>`);
    expect(html).not.toContain('href="/api/');
    expect(html).toContain('Lacunes');
  });

  test('never contains actor names, owners, an opleider\'s name, a pseudonym\'s scores or CMO rationale', async () => {
    const xlsxText = unzipFiles(files.get('dossier.xlsx')!).map((f) => Buffer.from(f.bytes).toString('utf8')).join('\n');
    const texts = {
      json: Buffer.from(files.get('dossier.json')!).toString('utf8'),
      html: Buffer.from(files.get('dossier.html')!).toString('utf8'),
      xlsx: xlsxText,
      pdf: pdfText(files.get('dossier.pdf')!),
      manifest: Buffer.from(files.get('manifest.json')!).toString('utf8'),
    };
    const secrets = [KWALITEIT.name, MT.name, 'A. de Vries', 'B. Jansen', 'C. de Boer', 'Olga Opleider', 'VERTROUWELIJK', 'Jan Jansen', 'resp-7f'];
    for (const [name, text] of Object.entries(texts)) {
      for (const secret of secrets) expect(text.includes(secret), `${secret} in ${name}`).toBe(false);
    }
    // The same check is not vacuous: the evidence titles written by the quality staff are there.
    expect(texts.pdf).toContain('Toetsplan 2025');
    expect(texts.xlsx).toContain('Toetsplan 2025');
  });

  test('a single format is that file alone, byte-identical to its copy in the zip', async () => {
    for (const format of ['json', 'html', 'pdf', 'xlsx'] as const) {
      const single = await exportDossier(w.store, { institute: INSTITUTE, format, asOf: GENERATED.toISOString(), now: () => GENERATED });
      expect(single.filename).toBe(`gear-dossier-utrecht-2026-05-01.${format}`);
      expect(sha256(single.body), format).toBe(sha256(files.get(DOSSIER_FILES[format])!));
    }
  });
});

test('dossier.pdf prints the most recent evidence of a long list and points to the complete one', async () => {
  const w = world();
  await demoHistory(w);
  const { dossier } = await exportDossier(w.store, { institute: INSTITUTE, format: 'json' });
  const criterion = dossier.domains[0]!.criteria[0]!;
  const template = dossier.domains[1]!.criteria[1]!.evidence[0]!;
  criterion.evidence = Array.from({ length: 60 }, (_, i) => ({ ...template, id: `e-${i}`, title: `Bewijsstuk nummer ${i}`, effectiveAt: `2025-03-${String((i % 28) + 1).padStart(2, '0')}` }));
  const text = pdfText(await renderPdf(dossier));
  expect(text).toContain('60 bewijsstukken; hieronder de 50 meest recente. Alle 60 staan in dossier.html, dossier.json en dossier.xlsx.');
  expect(text).toContain('Bewijsstuk nummer 59');
  expect(text).toContain('Bewijsstuk nummer 10 ');
  expect(text).not.toContain('Bewijsstuk nummer 9 ');
  await w.close();
});

test('dossier.html escapes what people typed and links only web addresses', async () => {
  const w = world();
  await runCycle(w, {
    kind: 'curriculum',
    title: 'Curriculum <b>2025</b>',
    period: { from: '2025-01-01', to: '2025-12-31' },
    evidence: [
      { evidenceId: 'a', title: '<script>alert(1)</script>', uri: 'javascript:alert(1)', criteria: ['CUR-1'] },
      { evidenceId: 'b', title: 'Verslag', uri: 'https://example.org/verslag.pdf', criteria: ['CUR-1'] },
    ],
    until: 'do',
  });
  const { body } = await exportDossier(w.store, { institute: INSTITUTE, format: 'html' });
  const html = Buffer.from(body).toString('utf8');
  expect(html).not.toContain('<script>');
  expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  expect(html).not.toMatch(/href="javascript:/i);
  expect(html).toContain('href="https://example.org/verslag.pdf"');
  expect(html).toContain('Curriculum &lt;b&gt;2025&lt;/b&gt;');
  await w.close();
});

describe('reproducibility', () => {
  test('for a fixed asOf every dossier file is byte-identical between runs; only generatedAt changes', async () => {
    const w = world();
    await demoHistory(w);
    const asOf = w.clock().toISOString();
    const a = await exportDossier(w.store, { institute: INSTITUTE, asOf, now: () => new Date('2026-01-01T00:00:00Z') });
    const b = await exportDossier(w.store, { institute: INSTITUTE, asOf, now: () => new Date('2026-03-01T00:00:00Z') });
    const fa = filesOf(a.body);
    const fb = filesOf(b.body);
    for (const name of Object.values(DOSSIER_FILES)) expect(Buffer.compare(fa.get(name)!, fb.get(name)!), name).toBe(0);
    const { generatedAt: ga, ...ma } = a.manifest;
    const { generatedAt: gb, ...mb } = b.manifest;
    expect(ga).not.toBe(gb);
    expect(ma).toEqual(mb);
    await w.close();
  });

  test('the same asOf gives the same dossier after later events, a later mapping change and later cycles', async () => {
    const w = world();
    await demoHistory(w);
    const asOf = w.clock().toISOString();
    const first = await exportDossier(w.store, { institute: INSTITUTE, asOf, from: '2025-01-01', to: '2025-12-31' });
    w.clock.advance(86_400_000);
    await runCycle(w, { kind: 'docenten', title: 'Docenten 2025', period: { from: '2025-01-01', to: '2025-12-31' }, evidence: [{ evidenceId: 'e', title: 'Scholingsplan', criteria: ['OMM-3'], effectiveAt: '2025-03-01' }],
      findings: [{ findingId: 'f', title: 'Scholing op orde', assessment: 'voldoet', evidenceIds: ['e'] }],
    });
    await changeMapping(w, w.ctx(ADMIN), { eventTypes: [] });
    const again = await exportDossier(w.store, { institute: INSTITUTE, asOf, from: '2025-01-01', to: '2025-12-31' });
    expect(again.manifest.files).toEqual(first.manifest.files);
    expect(again.manifest.position).toBe(first.manifest.position);
    const later = await exportDossier(w.store, { institute: INSTITUTE, from: '2025-01-01', to: '2025-12-31' });
    expect(later.manifest.files.find((f) => f.name === 'dossier.json')!.sha256).not.toBe(first.manifest.files[0]!.sha256);
    expect(later.dossier.mapping.source).toBe('instelling');
    await w.close();
  });

  test('zip entries carry the asOf as their time, whatever the clock', async () => {
    const w = world();
    await runCycle(w, { kind: 'curriculum', title: 'C', period: { from: '2025-01-01', to: '2025-12-31' }, until: 'do' });
    const result = await exportDossier(w.store, { institute: INSTITUTE, asOf: AS_OF });
    const date = ((2025 - 1980) << 9) | (6 << 5) | 1;
    expect(entryTimes(result.body)).toEqual(Array(5).fill({ date, time: 0 }));
    const xlsx = filesOf(result.body).get('dossier.xlsx')!;
    expect(new Set(entryTimes(xlsx).map((t) => t.date))).toEqual(new Set([date]));
    await w.close();
  });

  test('refuses a period that ends before it starts, or an asOf that is no instant', async () => {
    const w = world();
    await expect(exportDossier(w.store, { institute: INSTITUTE, from: '2025-12-01', to: '2025-01-01' })).rejects.toMatchObject({ status: 400 });
    await expect(exportDossier(w.store, { institute: INSTITUTE, asOf: 'gisteren' })).rejects.toMatchObject({ status: 400 });
    await w.close();
  });
});
