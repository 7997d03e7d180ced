/**
 * dossier.xlsx (exceljs): an overview sheet, one sheet per domain (per criterion its reflection,
 * evidence, KPIs, findings and actions, one row each, sources by number), sheets for KPIs, actions,
 * open findings, cycles and gaps, and the sheet "Verantwoording" with every id, position, hash and
 * the chain head; no other sheet holds an id. Dates are Excel dates shown dd-mm-jjjj, numbers are
 * numbers (a Dutch Excel shows a decimal comma). Document dates come from the dossier's asOf and the
 * file is re-zipped, stored, with fixed entry times (zip.ts), so the same dossier gives the same bytes.
 */
import ExcelJS from 'exceljs';
import { ASSESSMENT_LABELS, STATUS_LABELS, STATUSES, type Dossier } from './dossier.ts';
import { normaliseZip } from './zip.ts';
import { contactText } from '@gearbox/kernel';
import {
  actionText,
  afwijkingText,
  CYCLE_KIND_LABELS,
  domainSummaryLines,
  dossierIdentity,
  evidenceText,
  findingText,
  KIND_LABELS,
  kpiText,
  label,
  PHASE_LABELS,
  PROGRESS_LABELS,
  periodText,
  reflectionHeading,
  tijdstip,
  Verantwoording,
  VERANTWOORDING_INTRO,
} from './present.ts';

export const SHEET_OVERVIEW = 'Overzicht';
export const SHEET_KPIS = "KPI's";
export const SHEET_ACTIONS = 'Acties';
export const SHEET_GAPS = 'Lacunes';
export const SHEET_VERANTWOORDING = 'Verantwoording';

export const DOMAIN_COLUMNS = ['Criterium', 'Omschrijving', 'Status', 'Onderdeel', 'Inhoud', 'Soort', 'Datum', 'Aantal', 'Herkomst', 'Bron'] as const;

export const DATE_FORMAT = 'dd-mm-yyyy';
/** Up to two decimals; Excel shows the separator of its locale, a comma in Dutch. */
export const NUMBER_FORMAT = '0.##;-0.##;0';

type Cell = string | number | Date | null;

/** A `YYYY-MM-DD` day as an Excel date (UTC midnight, so the same day on any machine). */
const day = (iso: string | undefined): Date | null => (iso ? new Date(`${iso.slice(0, 10)}T00:00:00Z`) : null);

function header(sheet: ExcelJS.Worksheet, names: readonly string[], widths: number[]): void {
  sheet.columns = names.map((name, i) => ({ header: name, key: `c${i}`, width: widths[i] ?? 14 }));
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
}

/** Adds a row; dates get the dd-mm-jjjj format, non-integer numbers the decimal format. */
function addRow(sheet: ExcelJS.Worksheet, values: Cell[]): void {
  const row = sheet.addRow(values);
  values.forEach((v, i) => {
    if (v instanceof Date) row.getCell(i + 1).numFmt = DATE_FORMAT;
    else if (typeof v === 'number' && !Number.isInteger(v)) row.getCell(i + 1).numFmt = NUMBER_FORMAT;
  });
}

export async function renderXlsx(d: Dossier): Promise<Uint8Array> {
  const date = new Date(d.asOf);
  const v = new Verantwoording(d);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'gearbox';
  wb.lastModifiedBy = 'gearbox';
  wb.created = date;
  wb.modified = date;
  wb.lastPrinted = date;
  wb.title = `GEAR-dossier ${d.instituteName}`;
  wb.subject = `GEAR-dossier, stand per ${tijdstip(d.asOf)}`;

  const overview = wb.addWorksheet(SHEET_OVERVIEW);
  header(overview, ['Veld', 'Waarde'], [34, 90]);
  const rows: [string, Cell][] = [
    ['Instituut', d.instituteName],
    ...(d.instituteContact ? [['Contact', contactText(d.instituteContact)] as [string, string]] : []),
    ['Kader', d.frameworkTitle],
    ['Periode', periodText(d.period)],
    ['Stand per', tijdstip(d.asOf)],
    ['Koppeling', d.mapping.source === 'standaard' ? 'standaard' : 'ingesteld door het instituut'],
    ['Criteria', d.summary.criteria],
    ...STATUSES.map((st): [string, number] => [`Status: ${STATUS_LABELS[st]}`, d.summary[st]]),
    ['Lacunes', d.summary.gaps],
    ['Open bevindingen', d.summary.openFindings],
    ['Open acties', d.summary.openActions],
    ['Acties te laat', d.summary.overdueActions],
    ...d.domains.map((x): [string, string] => [`${x.code} ${x.title}`, domainSummaryLines(x).join(' ')]),
    ['Toelichting', d.frameworkNote],
  ];
  for (const r of rows) addRow(overview, r);

  for (const domain of d.domains) {
    const sheet = wb.addWorksheet(domain.sheet);
    header(sheet, DOMAIN_COLUMNS, [11, 50, 14, 16, 70, 14, 12, 8, 50, 8]);
    const line = (code: string, title: string, st: string, part: string, content: string, kind = '', when: Date | null = null, count: number | null = null, origin = '', ref = '') =>
      addRow(sheet, [code, title, st, part, content, kind, when, count, origin, ref]);
    if (domain.zelfevaluatie) line('', domain.title, '', 'Zelfevaluatie domein', domain.zelfevaluatie.text, '', day(domain.zelfevaluatie.at));
    line('', domain.title, '', 'Samenvatting', domainSummaryLines(domain).join(' '));
    for (const c of domain.criteria) {
      const st = STATUS_LABELS[c.status];
      const z = c.zelfevaluatie;
      if (z) {
        const points = [z.sterktes.length ? `Sterktes: ${z.sterktes.join('; ')}.` : '', z.verbeterpunten.length ? `Verbeterpunten: ${z.verbeterpunten.join('; ')}.` : ''].filter(Boolean).join(' ');
        line(c.code, c.title, st, 'Zelfevaluatie', [z.text, points, afwijkingText(c)].filter(Boolean).join('\n'), reflectionHeading(z, c).replace(/^Zelfevaluatie van \S+, /, ''), day(z.at));
      } else line(c.code, c.title, st, 'Zelfevaluatie', 'Nog geen zelfevaluatie.');
      if (c.evidence.length === 0) line(c.code, c.title, st, 'Bewijs', 'Geen bewijs in deze periode.');
      for (const e of c.evidence) line(c.code, c.title, st, 'Bewijs', e.title, label(KIND_LABELS, e.kind), day(e.effectiveAt), e.count ?? 1, e.herkomst, v.ref(e.source));
      for (const k of c.kpis) line(c.code, c.title, st, 'KPI', `${k.name}: ${kpiText(k)}`, PROGRESS_LABELS[k.progress], day(k.latest?.measuredAt), null, `Cyclus ${k.cycle.title}`, v.ref(k.source));
      for (const f of c.findings) line(c.code, c.title, st, 'Bevinding', findingText(f), ASSESSMENT_LABELS[f.assessment], null, null, `Cyclus ${f.cycle.title}`, v.ref(f.source));
      for (const a of c.actions) line(c.code, c.title, st, 'Verbeteractie', actionText(a), a.overdue ? 'te laat' : a.status, day(a.due), null, `Cyclus ${a.cycle.title}`, v.ref(a.source));
    }
  }

  const kpis = wb.addWorksheet(SHEET_KPIS);
  header(
    kpis,
    ['Domein', 'Cyclus', 'KPI', 'Eenheid', 'Nulmeting', 'Bron nulmeting', 'Jaar', 'Streefwaarde', 'Verandering (%)', 'Uiterlijk', 'Laatste meting', 'Gemeten op', 'Metingen', 'Voortgang', 'Toelichting', 'Bron'],
    [30, 30, 50, 10, 11, 24, 7, 12, 14, 12, 14, 12, 10, 16, 40, 8],
  );
  for (const domain of d.domains) {
    for (const k of domain.kpis) {
      const change = 'changePercent' in k.target ? k.target.changePercent : null;
      addRow(kpis, [domain.title, k.cycle.title, k.name, k.unit, k.baseline.value, k.baseline.source, k.baseline.year, k.targetValue, change, day(k.target.by), k.latest?.value ?? null, day(k.latest?.measuredAt), k.measurements.length, PROGRESS_LABELS[k.progress], k.explanation ?? '', v.ref(k.source)]);
    }
  }

  const actions = wb.addWorksheet(SHEET_ACTIONS);
  header(actions, ['Domeinen', 'Cyclus', 'Actie', 'Eigenaar', 'Deadline', 'Status', 'Te laat', 'Bron'], [20, 30, 50, 24, 12, 10, 8, 8]);
  const seen = new Map<string, { domains: string[]; row: Cell[] }>();
  for (const domain of d.domains) {
    for (const a of domain.actions) {
      const found = seen.get(a.id);
      if (found) found.domains.push(domain.code);
      else seen.set(a.id, { domains: [domain.code], row: [a.cycle.title, a.title, a.owner ?? 'afgeschermd (persoonsgegeven)', day(a.due), a.status, a.overdue ? 'ja' : 'nee', v.ref(a.source)] });
    }
  }
  for (const { domains, row } of seen.values()) addRow(actions, [domains.join(', '), ...row]);

  const findings = wb.addWorksheet('Open bevindingen');
  header(findings, ['Domein', 'Cyclus', 'Bevinding', 'Oordeel', 'Criteria', 'Bron'], [30, 30, 60, 14, 24, 8]);
  for (const domain of d.domains) {
    for (const f of domain.findings) addRow(findings, [domain.title, f.cycle.title, f.title, ASSESSMENT_LABELS[f.assessment], f.criteria.join(', '), v.ref(f.source)]);
  }

  const cycles = wb.addWorksheet('Cycli');
  header(cycles, ['Domein', 'Cyclus', 'Soort', 'Van', 'Tot', 'Fase', 'Bewijs', 'Bevindingen', 'Bron'], [30, 40, 14, 12, 12, 12, 8, 12, 8]);
  for (const domain of d.domains) {
    for (const c of domain.cycleList) addRow(cycles, [domain.title, c.title, label(CYCLE_KIND_LABELS, c.kind), day(c.period.from), day(c.period.to), label(PHASE_LABELS, c.phase), c.evidence, c.findings, v.ref(c.source)]);
  }

  const gaps = wb.addWorksheet(SHEET_GAPS);
  header(gaps, ['Criterium', 'Omschrijving', 'Domein'], [11, 80, 34]);
  const domainTitle = new Map(d.domains.map((x) => [x.id, x.title]));
  for (const g of d.gaps) addRow(gaps, [g.code, g.title, domainTitle.get(g.domain) ?? g.domain]);

  const appendix = wb.addWorksheet(SHEET_VERANTWOORDING);
  header(appendix, ['Bron', 'Wat', 'Stream', 'Revisie', 'Event-id', 'Positie', 'sha256'], [8, 50, 50, 8, 38, 10, 66]);
  for (const [k, val] of dossierIdentity(d)) addRow(appendix, ['', k, val, null, '', '', '']);
  for (const u of d.unknownCriteria) addRow(appendix, ['', `Onbekende criteriumcode ${u.code}`, u.evidence.join(', '), null, '', '', '']);
  addRow(appendix, ['', VERANTWOORDING_INTRO, '', null, '', '', '']);
  for (const e of v.entries) addRow(appendix, [`[${e.nr}]`, e.what, e.source.streamId, e.source.revision, e.source.eventId, e.source.position, e.sha256 ?? '']);

  // exceljs would stamp the clock's time on every entry; it stores, and normaliseZip fixes the times.
  const buffer = await wb.xlsx.writeBuffer({ zip: { compression: 'STORE' } } as Parameters<typeof wb.xlsx.writeBuffer>[0]);
  return normaliseZip(new Uint8Array(buffer as ArrayBuffer), date);
}
