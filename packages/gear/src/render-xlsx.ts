/**
 * dossier.xlsx (exceljs): an overview sheet, one sheet per domain (a row per criterion and
 * evidence), and sheets for KPIs, actions and gaps. Document dates come from the dossier's asOf
 * and the file is re-zipped, stored, with fixed entry times (zip.ts), so the same dossier gives the
 * same bytes on any runtime.
 */
import ExcelJS from 'exceljs';
import { ASSESSMENT_LABELS, STATUS_LABELS, type Dossier } from './dossier.ts';
import { KIND_LABELS, PHASE_LABELS, periodText } from './render-html.ts';
import { normaliseZip } from './zip.ts';
import { contactText } from '@gearbox/kernel';

export const SHEET_OVERVIEW = 'Overzicht';
export const SHEET_KPIS = "KPI's";
export const SHEET_ACTIONS = 'Acties';
export const SHEET_GAPS = 'Lacunes';

export const DOMAIN_COLUMNS = [
  'Criterium',
  'Omschrijving',
  'Status',
  'Bewijs',
  'Soort',
  'Datum',
  'Aantal',
  'Cyclus',
  'Stream',
  'Revisie',
  'Event-id',
  'Positie',
] as const;

function header(sheet: ExcelJS.Worksheet, names: readonly string[], widths: number[]): void {
  sheet.columns = names.map((name, i) => ({ header: name, key: `c${i}`, width: widths[i] ?? 14 }));
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
}

export async function renderXlsx(d: Dossier): Promise<Uint8Array> {
  const date = new Date(d.asOf);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'gearbox';
  wb.lastModifiedBy = 'gearbox';
  wb.created = date;
  wb.modified = date;
  wb.lastPrinted = date;
  wb.title = `GEAR-dossier ${d.instituteName}`;
  wb.subject = `Kader ${d.version}, stand per ${d.asOf}`;

  const overview = wb.addWorksheet(SHEET_OVERVIEW);
  header(overview, ['Veld', 'Waarde'], [34, 90]);
  const rows: [string, string | number][] = [
    ['Instituut', d.instituteName],
    ['Id van het instituut', d.institute],
    ...(d.instituteContact ? [['Contact', contactText(d.instituteContact)] as [string, string]] : []),
    ['Kader', `${d.frameworkTitle} (${d.framework})`],
    ['Versie van het kader', d.version],
    ['Periode', periodText(d.period)],
    ['Stand per (asOf)', d.asOf],
    ['Positie in de eventstore', d.position],
    ['Aantal events', d.eventCount],
    ['Kop van de hashketen', d.chainHead ?? ''],
    ['Koppeling', d.mapping.source === 'standaard' ? 'standaard' : `instelling, revisie ${d.mapping.revision}`],
    ['Criteria', d.summary.criteria],
    ...(['voldoet', 'voldoet-deels', 'voldoet-niet', 'in-uitvoering', 'geen-bewijs'] as const).map((s): [string, number] => [`Status: ${STATUS_LABELS[s]}`, d.summary[s]]),
    ['Lacunes', d.summary.gaps],
    ['Open bevindingen', d.summary.openFindings],
    ['Open acties', d.summary.openActions],
    ['Toelichting', d.frameworkNote],
  ];
  for (const [k, v] of rows) overview.addRow([k, v]);

  for (const domain of d.domains) {
    const sheet = wb.addWorksheet(domain.sheet);
    header(sheet, DOMAIN_COLUMNS, [11, 60, 14, 50, 14, 12, 8, 30, 40, 8, 38, 10]);
    for (const c of domain.criteria) {
      if (c.evidence.length === 0) {
        sheet.addRow([c.code, c.title, STATUS_LABELS[c.status], '', '', '', null, '', '', null, '', '']);
        continue;
      }
      for (const e of c.evidence) {
        sheet.addRow([
          c.code,
          c.title,
          STATUS_LABELS[c.status],
          e.title,
          KIND_LABELS[e.kind] ?? e.kind,
          e.effectiveAt,
          e.count ?? 1,
          e.cycle?.title ?? '',
          e.source.streamId,
          e.source.revision,
          e.source.eventId,
          e.source.position,
        ]);
      }
    }
  }

  const kpis = wb.addWorksheet(SHEET_KPIS);
  header(
    kpis,
    ['Domein', 'Cyclus', 'KPI', 'Eenheid', 'Nulmeting', 'Bron nulmeting', 'Jaar', 'Streefwaarde', 'Uiterlijk', 'Laatste meting', 'Gemeten op', 'Metingen', 'Toelichting'],
    [30, 30, 50, 10, 11, 24, 7, 12, 12, 14, 12, 10, 40],
  );
  for (const domain of d.domains) {
    for (const k of domain.kpis) {
      const last = k.measurements.at(-1);
      kpis.addRow([domain.title, k.cycle.title, k.name, k.unit, k.baseline.value, k.baseline.source, k.baseline.year, k.target.value, k.target.by, last?.value ?? null, last?.measuredAt ?? '', k.measurements.length, k.explanation ?? '']);
    }
  }

  const actions = wb.addWorksheet(SHEET_ACTIONS);
  header(actions, ['Domeinen', 'Cyclus', 'Actie', 'Bevinding', 'Omschrijving', 'Deadline', 'Status', 'Te laat'], [40, 30, 16, 16, 50, 12, 10, 8]);
  const seen = new Map<string, { domains: string[]; row: (string | number)[] }>();
  for (const domain of d.domains) {
    for (const a of domain.actions) {
      const found = seen.get(a.id);
      if (found) found.domains.push(domain.code);
      else seen.set(a.id, { domains: [domain.code], row: [a.cycle.title, a.actionId, a.findingId, a.title, a.due, a.status, a.overdue ? 'ja' : 'nee'] });
    }
  }
  for (const { domains, row } of seen.values()) actions.addRow([domains.join(', '), ...row]);

  const findings = wb.addWorksheet('Open bevindingen');
  header(findings, ['Domein', 'Cyclus', 'Bevinding', 'Oordeel', 'Criteria'], [30, 30, 60, 14, 24]);
  for (const domain of d.domains) {
    for (const f of domain.findings) findings.addRow([domain.title, f.cycle.title, f.title, ASSESSMENT_LABELS[f.assessment], f.criteria.join(', ')]);
  }

  const cycles = wb.addWorksheet('Cycli');
  header(cycles, ['Domein', 'Cyclus', 'Soort', 'Van', 'Tot', 'Fase', 'Bewijs', 'Bevindingen'], [30, 40, 14, 12, 12, 12, 8, 12]);
  for (const domain of d.domains) {
    for (const c of domain.cycleList) cycles.addRow([domain.title, c.title, c.kind, c.period.from, c.period.to, PHASE_LABELS[c.phase] ?? c.phase, c.evidence, c.findings]);
  }

  const gaps = wb.addWorksheet(SHEET_GAPS);
  header(gaps, ['Criterium', 'Omschrijving', 'Domein'], [11, 80, 34]);
  for (const g of d.gaps) gaps.addRow([g.code, g.title, g.domain]);

  // exceljs would stamp the clock's time on every entry; it stores, and normaliseZip fixes the times.
  const buffer = await wb.xlsx.writeBuffer({ zip: { compression: 'STORE' } } as Parameters<typeof wb.xlsx.writeBuffer>[0]);
  return normaliseZip(new Uint8Array(buffer as ArrayBuffer), date);
}

