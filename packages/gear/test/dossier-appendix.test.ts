import ExcelJS from 'exceljs';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { DATE_FORMAT, exportDossier, NUMBER_FORMAT, SHEET_VERANTWOORDING, unzipFiles, type Dossier } from '../src/index.ts';
import { pdfText } from './files.ts';
import { INSTITUTE, MT, demoHistory, runCycle, world, type World } from './history.ts';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}/;

let w: World;
let dossier: Dossier;
let wb: ExcelJS.Workbook;
let html: string;
let pdf: string;

beforeAll(async () => {
  w = world();
  await demoHistory(w);
  // A KPI measured at a value with decimals, for the number format.
  await runCycle(w, { kind: 'docenten', title: 'Docenten 2025', period: { from: '2025-01-01', to: '2025-12-31' }, kpi: { kpiId: 'cijfer', name: 'Gemiddeld cijfer aios voor docenten', measured: 71.25 }, until: 'do' });
  const zip = await exportDossier(w.store, { institute: INSTITUTE });
  const files = new Map(unzipFiles(zip.body).map((f) => [f.name, Buffer.from(f.bytes)]));
  dossier = JSON.parse(files.get('dossier.json')!.toString('utf8'));
  html = files.get('dossier.html')!.toString('utf8');
  pdf = pdfText(files.get('dossier.pdf')!);
  wb = new ExcelJS.Workbook();
  await wb.xlsx.load(files.get('dossier.xlsx') as unknown as ArrayBuffer);
});
afterAll(() => w.close());

const cells = (sheet: ExcelJS.Worksheet) => {
  const out: ExcelJS.Cell[] = [];
  sheet.eachRow((row) => row.eachCell((cell) => out.push(cell)));
  return out;
};

test('dossier.xlsx: no id, event position or hash in the body sheets; all of them in "Verantwoording"', () => {
  const body = wb.worksheets.filter((s) => s.name !== SHEET_VERANTWOORDING);
  expect(body.length).toBeGreaterThan(5);
  for (const sheet of body) {
    for (const cell of cells(sheet)) {
      expect(String(cell.value ?? ''), `${sheet.name}!${cell.address}`).not.toMatch(UUID);
      expect(String(cell.value ?? ''), `${sheet.name}!${cell.address}`).not.toMatch(/[0-9a-f]{64}|positie|hashketen|Event-id/i);
    }
  }
  const appendix = cells(wb.getWorksheet(SHEET_VERANTWOORDING)!).map((c) => String(c.value));
  const evidence = dossier.domains.flatMap((d) => d.criteria.flatMap((c) => c.evidence));
  expect(evidence.length).toBeGreaterThan(3);
  for (const e of evidence) expect(appendix).toContain(e.source.eventId);
  expect(appendix).toContain(dossier.chainHead);
});

test('dossier.xlsx: dates are dates shown dd-mm-jjjj, decimal numbers have a number format; no ISO date as text', () => {
  let dates = 0;
  let decimals = 0;
  for (const sheet of wb.worksheets.filter((s) => s.name !== SHEET_VERANTWOORDING)) {
    for (const cell of cells(sheet)) {
      if (cell.value instanceof Date) {
        dates += 1;
        expect(cell.numFmt, `${sheet.name}!${cell.address}`).toBe(DATE_FORMAT);
      } else if (typeof cell.value === 'number' && !Number.isInteger(cell.value)) {
        decimals += 1;
        expect(cell.numFmt, `${sheet.name}!${cell.address}`).toBe(NUMBER_FORMAT);
      } else expect(String(cell.value ?? ''), `${sheet.name}!${cell.address}`).not.toMatch(ISO_DAY);
    }
  }
  expect(dates).toBeGreaterThan(5);
  expect(decimals).toBeGreaterThan(0);
  const measured = [] as unknown[];
  wb.getWorksheet("KPI's")!.eachRow((row) => row.getCell(3).value === 'Gemiddeld cijfer aios voor docenten' && measured.push(row.getCell(11).value));
  expect(measured).toEqual([71.25]);
});

test('every format numbers a source the same way: the html, pdf and xlsx reference of an evidence line agree', () => {
  const e = dossier.domains.find((d) => d.id === 'leeromgeving')!.criteria.find((c) => c.code === 'LO-3')!.evidence[0]!;
  const nr = new RegExp(`${e.title}[^<]*<span class="ref">(\\[\\d+\\])</span>`).exec(html)![1]!;
  const refs: unknown[] = [];
  wb.getWorksheet('LO Leeromgeving')!.eachRow((row) => row.getCell(5).value === e.title && refs.push(row.getCell(10).value));
  expect(refs).toEqual([nr]);
  expect(pdf).toContain(`${e.title} (enquête) — ${e.herkomst} ${nr}`);
  expect(pdf.slice(pdf.lastIndexOf('Verantwoording'))).toContain(`${nr} Bewijs: ${e.title}`);
  expect(html).toContain('71,25%');
  expect(pdf).toContain('71,25%');
});

test('an overdue improvement action is marked late in the domain summary, the criterion and every format', async () => {
  const w2 = world();
  const curriculum = await runCycle(w2, {
    kind: 'curriculum',
    title: 'Curriculum 2025',
    period: { from: '2025-01-01', to: '2025-12-31' },
    evidence: [{ evidenceId: 'toetsplan', title: 'Toetsplan 2025', effectiveAt: '2025-02-01', criteria: ['TB-1'] }],
    findings: [{ findingId: 'f-toets', title: 'Toetsplan dekt wetenschappelijke vorming maar deels', assessment: 'deels', evidenceIds: ['toetsplan'] }],
    until: 'check',
  });
  await w2.cycles.execute(w2.ctx(MT), curriculum, { type: 'DecideAction', actionId: 'a-toets', findingId: 'f-toets', title: 'Onderzoeksproject opnemen in toetsplan', owner: 'B. Jansen', due: '2025-12-31' });
  const system = { institute: INSTITUTE, actor: { sub: 'system', name: 'gearbox', roles: ['system'] }, correlationId: 'deadline' };
  await w2.cycles.execute(system, curriculum, { type: 'MarkActionOverdue', actionId: 'a-toets', due: '2025-12-31' }, { internal: true });
  const zip = await exportDossier(w2.store, { institute: INSTITUTE });
  const files = new Map(unzipFiles(zip.body).map((f) => [f.name, Buffer.from(f.bytes)]));
  const d: Dossier = JSON.parse(files.get('dossier.json')!.toString('utf8'));
  const tb = d.domains.find((x) => x.id === 'toetsing-beoordeling')!;
  expect(tb.summary).toMatchObject({ openActions: 1, overdueActions: 1 });
  expect(d.summary.overdueActions).toBe(1);
  expect(tb.criteria.find((c) => c.code === 'TB-1')!.actions).toEqual([expect.objectContaining({ actionId: 'a-toets', overdue: true, status: 'open' })]);
  const text = 'Onderzoeksproject opnemen in toetsplan — eigenaar: afgeschermd (persoonsgegeven); deadline 31-12-2025; open, te laat (cyclus Curriculum 2025)';
  expect(files.get('dossier.html')!.toString('utf8')).toContain(`<li class="te-laat">${text}`);
  expect(files.get('dossier.html')!.toString('utf8')).toContain('1 open verbeteractie, waarvan 1 te laat.');
  expect(pdfText(files.get('dossier.pdf')!)).toContain('waarvan 1 te laat');
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(files.get('dossier.xlsx') as unknown as ArrayBuffer);
  const late: unknown[] = [];
  book.getWorksheet('Acties')!.eachRow((row) => row.getCell(3).value === 'Onderzoeksproject opnemen in toetsplan' && late.push(row.getCell(7).value));
  expect(late).toEqual(['ja']);
  await w2.close();
});
