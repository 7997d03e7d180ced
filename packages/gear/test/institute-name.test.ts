import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { putInstituteSetting } from '@gearbox/kernel';
import { exportDossier, unzipFiles, verifyDossier, type Dossier, type ExportResult } from '../src/index.ts';
import { pdfText } from './files.ts';
import { ADMIN, INSTITUTE, runCycle, world, type World } from './history.ts';

const FIRST = { name: 'Huisartsopleiding Utrecht', shortName: 'HOU', contact: { name: 'Secretariaat', email: 'kwaliteit@hou.example', phone: '030 123 45 67', url: 'https://hou.example/' } };
const RENAMED = { name: 'Huisartsgeneeskunde Utrecht' };

const fileOf = (zip: ExportResult, name: string) => Buffer.from(unzipFiles(zip.body).find((f) => f.name === name)!.bytes);
const jsonOf = (zip: ExportResult): Dossier => JSON.parse(fileOf(zip, 'dossier.json').toString('utf8'));

describe('the institute name on the dossier', () => {
  let w: World;
  let unnamed: ExportResult;
  let named: ExportResult;
  let renamed: ExportResult;

  beforeAll(async () => {
    w = world();
    await runCycle(w, { kind: 'curriculum', title: 'Curriculum 2025', period: { from: '2025-01-01', to: '2025-12-31' }, until: 'do', evidence: [{ evidenceId: 'e', title: 'Toetsplan', criteria: ['TB-1'] }] });
    unnamed = await exportDossier(w.store, { institute: INSTITUTE, asOf: w.clock().toISOString() });
    w.clock.advance(60_000);
    await putInstituteSetting(w, w.ctx(ADMIN), FIRST);
    w.clock.advance(60_000);
    named = await exportDossier(w.store, { institute: INSTITUTE, asOf: w.clock().toISOString() });
    w.clock.advance(60_000);
    await putInstituteSetting(w, w.ctx(ADMIN), RENAMED, { ifMatch: 0 });
    w.clock.advance(60_000);
    renamed = await exportDossier(w.store, { institute: INSTITUTE, asOf: w.clock().toISOString() });
  });
  afterAll(() => w.close());

  test('without a setting the name is the tenant id; the manifest keeps the tenant id as institute', () => {
    expect(unnamed.dossier).toMatchObject({ institute: INSTITUTE, instituteName: INSTITUTE });
    expect(unnamed.dossier.instituteContact).toBeUndefined();
    expect(named.manifest.institute).toBe(INSTITUTE);
  });

  test('json, html, xlsx and pdf show the name (and the contact) in force at the dossier position', async () => {
    expect(jsonOf(named)).toMatchObject({ institute: INSTITUTE, instituteName: FIRST.name, instituteContact: FIRST.contact });
    const html = fileOf(named, 'dossier.html').toString('utf8');
    expect(html).toContain(`<h1>GEAR-dossier ${FIRST.name}</h1>`);
    expect(html).toContain('Secretariaat · kwaliteit@hou.example · 030 123 45 67 · https://hou.example/');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(fileOf(named, 'dossier.xlsx') as unknown as ArrayBuffer);
    const overview: unknown[][] = [];
    wb.worksheets[0]!.eachRow((row) => overview.push((row.values as unknown[]).slice(1)));
    expect(overview).toContainEqual(['Instituut', FIRST.name]);
    // The tenant id is an id: it is in the appendix, not on the overview.
    expect(overview.flat()).not.toContain(INSTITUTE);
    const appendix: unknown[][] = [];
    wb.getWorksheet('Verantwoording')!.eachRow((row) => appendix.push((row.values as unknown[]).slice(2, 4)));
    expect(appendix).toContainEqual(['Id van het instituut', INSTITUTE]);
    const pdf = pdfText(fileOf(named, 'dossier.pdf'));
    expect(pdf).toContain(FIRST.name);
    expect(pdf).toContain('kwaliteit@hou.example');
  });

  test('a later rename shows on later dossiers only: an earlier asOf keeps the name as it was', async () => {
    expect(renamed.dossier.instituteName).toBe(RENAMED.name);
    expect(renamed.dossier.instituteContact).toBeUndefined();
    const again = await exportDossier(w.store, { institute: INSTITUTE, asOf: named.manifest.asOf });
    expect(again.dossier.instituteName).toBe(FIRST.name);
    expect(again.manifest.files).toEqual(named.manifest.files);
  });

  test('verify rebuilds each dossier with the name at its own position: both stay valid after the rename', async () => {
    for (const zip of [unnamed, named, renamed]) expect(await verifyDossier(w.store, zip.body, { institute: INSTITUTE })).toMatchObject({ valid: true, problems: [] });
  });
});
