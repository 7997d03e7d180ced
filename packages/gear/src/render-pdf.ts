/**
 * dossier.pdf (pdfkit): title page, table of contents with page numbers and links, a summary,
 * one section per domain (criteria with status, evidence with its source event, findings, KPIs,
 * actions), the theme and the gaps; "Pagina x van y" on every page. In Dutch.
 * Deterministic: the document dates (and so the file ID pdfkit derives from them) are the
 * dossier's asOf, never the clock; content streams are not compressed (see below).
 */
import PDFDocument from 'pdfkit';
import { ASSESSMENT_LABELS, STATUS_LABELS, type Dossier, type DossierEvidence } from './dossier.ts';
import { KIND_LABELS, PHASE_LABELS, periodText } from './render-html.ts';
import type { Source } from './projection.ts';
import { contactText } from '@gearbox/kernel';

const MARGIN = { top: 56, bottom: 64, left: 56, right: 56 };
const TOC_LINES_PER_PAGE = 40;
/**
 * The PDF is the printable summary: per criterion the most recent evidence lines, and a pointer to
 * the complete list in dossier.html, .json and .xlsx (which always hold every line).
 */
export const PDF_EVIDENCE_PER_CRITERION = 50;
const REGULAR = 'Helvetica';
const BOLD = 'Helvetica-Bold';

interface TocEntry {
  title: string;
  level: number;
  dest: string;
  page: number;
}

const sourceText = (s: Source) => `bron: ${s.streamId} rev. ${s.revision}, event ${s.eventId}, positie ${s.position}`;

function evidenceText(e: DossierEvidence): string {
  const when = e.count !== undefined ? `${e.count}× van ${e.effectiveFrom} t/m ${e.effectiveAt}` : e.effectiveAt;
  const cycle = e.cycle ? ` — cyclus ${e.cycle.title}` : '';
  return `• ${e.title} (${KIND_LABELS[e.kind] ?? e.kind}, ${when})${cycle}`;
}

export async function renderPdf(d: Dossier): Promise<Uint8Array> {
  const date = new Date(d.asOf);
  const doc = new PDFDocument({
    size: 'A4',
    margins: MARGIN,
    bufferPages: true,
    // Uncompressed: pdfkit would deflate with the runtime's zlib, and another zlib version would
    // give other bytes, so a verify on another Node could not rebuild the same file. The zip compresses it.
    compress: false,
    autoFirstPage: true,
    lang: 'nl-NL',
    displayTitle: true,
    info: {
      Title: `GEAR-dossier ${d.instituteName}`,
      Author: 'gearbox',
      Subject: `GEAR-dossier, kader ${d.version}, stand per ${d.asOf}`,
      Keywords: 'GEAR, kwaliteitszorg, huisartsopleiding',
      Creator: 'gearbox',
      Producer: 'gearbox (PDFKit)',
      CreationDate: date,
      ModDate: date,
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', () => resolve());
    doc.on('error', reject);
  });

  const width = doc.page.width - MARGIN.left - MARGIN.right;
  const pageNow = () => {
    const range = doc.bufferedPageRange();
    return range.start + range.count - 1;
  };
  const toc: TocEntry[] = [];
  const anchor = (title: string, level: number, dest: string) => {
    doc.addNamedDestination(dest);
    toc.push({ title, level, dest, page: pageNow() });
  };
  const heading = (text: string, size: number) => {
    doc.font(BOLD).fontSize(size).fillColor('#123a5a').text(text, { width });
    doc.moveDown(0.3).fillColor('#000000');
  };
  const body = (text: string, size = 10, color = '#000000') => {
    doc.font(REGULAR).fontSize(size).fillColor(color).text(text, { width });
    doc.fillColor('#000000');
  };
  const small = (text: string) => body(text, 8, '#555555');
  // Provenance lines are ids, never wrapped: pdfkit's line breaking is most of a big dossier's time.
  const provenance = (text: string) => {
    doc.font(REGULAR).fontSize(7).fillColor('#555555').text(text, { width, lineBreak: false });
    doc.fillColor('#000000');
  };

  // Title page.
  doc.moveDown(8);
  doc.font(BOLD).fontSize(28).fillColor('#123a5a').text('GEAR-dossier', { width, align: 'center' });
  doc.moveDown(0.5);
  doc.font(REGULAR).fontSize(18).fillColor('#000000').text(d.instituteName, { width, align: 'center' });
  if (d.instituteContact) body(contactText(d.instituteContact), 10, '#555555');
  doc.moveDown(2);
  body(`Kader: ${d.frameworkTitle}, versie ${d.version}`, 12);
  body(`Periode: ${periodText(d.period)}`, 12);
  body(`Stand per: ${d.asOf}`, 12);
  body(`Positie in de eventstore: ${d.position} (${d.eventCount} events van het instituut)`, 12);
  body(`Kop van de hashketen: ${d.chainHead ?? '—'}`, 10);
  doc.moveDown(1);
  body(d.frameworkNote, 9, '#555555');

  // Contents pages, filled in at the end when every page number is known.
  const tocLines = 3 + d.domains.reduce((n, x) => n + 1 + x.criteria.length, 0);
  const tocPages = Math.ceil(tocLines / TOC_LINES_PER_PAGE);
  const tocStart = pageNow() + 1;
  for (let i = 0; i < tocPages; i++) doc.addPage();

  doc.addPage();
  anchor('Samenvatting', 0, 'samenvatting');
  heading('Samenvatting', 18);
  const s = d.summary;
  body(`Criteria: ${s.criteria}. Voldoet: ${s.voldoet}; voldoet deels: ${s['voldoet-deels']}; voldoet niet: ${s['voldoet-niet']}; in uitvoering: ${s['in-uitvoering']}; geen bewijs: ${s['geen-bewijs']}.`);
  body(`Lacunes (criteria zonder bewijs in de periode): ${s.gaps}. Open bevindingen: ${s.openFindings}. Open verbeteracties: ${s.openActions}.`);
  body(
    d.mapping.source === 'standaard'
      ? 'Koppeling van cycli aan domeinen: de standaardkoppeling van het kader.'
      : `Koppeling van cycli aan domeinen: ingesteld door het instituut (revisie ${d.mapping.revision}, ${d.mapping.changedAt ?? ''}).`,
  );
  doc.moveDown(0.5);
  for (const x of d.domains) {
    body(`${x.code} ${x.title}${x.core ? ' (kerndomein)' : ''}: cycli ${x.cycles.closed}/${x.cycles.total} afgesloten, open bevindingen ${x.openFindings}, open acties ${x.openActions}.`);
    body(`   ${x.criteria.map((c) => `${c.code}: ${STATUS_LABELS[c.status]}`).join(' · ')}`, 9, '#333333');
  }

  for (const x of d.domains) {
    doc.addPage();
    anchor(`${x.code} — ${x.title}`, 0, `domein-${x.id}`);
    heading(`${x.code} — ${x.title}${x.core ? ' (kerndomein)' : ''}`, 18);
    small(`Cycli: ${x.cycles.total}, afgesloten: ${x.cycles.closed} · open bevindingen: ${x.openFindings} · open acties: ${x.openActions}`);
    doc.moveDown(0.5);
    for (const c of x.criteria) {
      anchor(`${c.code} — ${STATUS_LABELS[c.status]}`, 1, `criterium-${c.code}`);
      heading(`${c.code} — ${STATUS_LABELS[c.status]}${c.theme ? ' (thema academisch niveau)' : ''}`, 12);
      body(c.title);
      if (c.evidence.length === 0) body('Geen bewijs in deze periode.', 9, '#555555');
      const omitted = Math.max(0, c.evidence.length - PDF_EVIDENCE_PER_CRITERION);
      if (omitted > 0) body(`${c.evidence.length} bewijsstukken; hieronder de ${PDF_EVIDENCE_PER_CRITERION} meest recente. Alle ${c.evidence.length} staan in dossier.html, dossier.json en dossier.xlsx.`, 9, '#555555');
      for (const e of c.evidence.slice(omitted)) {
        body(evidenceText(e), 9);
        provenance(`   ${sourceText(e.source)}`);
        if (e.sha256) provenance(`   sha256 ${e.sha256}`);
      }
      for (const f of c.findings) {
        body(`Bevinding: ${f.title} — ${ASSESSMENT_LABELS[f.assessment]} (${f.cycle.title}${f.accepted ? ', geaccepteerd' : ''}${f.open ? ', open' : ''})`, 9);
        provenance(`   ${sourceText(f.source)}`);
      }
      doc.moveDown(0.5);
    }
    heading("KPI's", 12);
    if (x.kpis.length === 0) body("Geen KPI's in deze periode.", 9, '#555555');
    for (const k of x.kpis) {
      const last = k.measurements.at(-1);
      body(`${k.name} (${k.cycle.title})`, 9);
      small(
        `   nulmeting ${k.baseline.value} ${k.unit} (${k.baseline.source}, ${k.baseline.year}) · streefwaarde ${k.target.value} ${k.unit} uiterlijk ${k.target.by} · ${
          last ? `laatste meting ${last.value} ${k.unit} op ${last.measuredAt} (${last.source}), ${k.measurements.length} metingen` : k.explanation !== undefined ? `niet gemeten: ${k.explanation}` : 'nog niet gemeten'
        }`,
      );
    }
    doc.moveDown(0.5);
    heading('Open bevindingen', 12);
    if (x.findings.length === 0) body('Geen open bevindingen.', 9, '#555555');
    for (const f of x.findings) body(`• ${f.title} — ${ASSESSMENT_LABELS[f.assessment]} (${f.cycle.title}; criteria ${f.criteria.join(', ')})`, 9);
    doc.moveDown(0.5);
    heading('Verbeteracties', 12);
    if (x.actions.length === 0) body('Geen verbeteracties.', 9, '#555555');
    for (const a of x.actions) body(`• ${a.title} — ${a.status}${a.overdue ? ' (te laat)' : ''}, deadline ${a.due} (${a.cycle.title}, bevinding ${a.findingId})`, 9);
    doc.moveDown(0.5);
    heading('Cycli', 12);
    if (x.cycleList.length === 0) body('Geen cycli in deze periode.', 9, '#555555');
    for (const c of x.cycleList) {
      body(`• ${c.title} (${c.kind}, ${c.period.from} – ${c.period.to}, fase ${PHASE_LABELS[c.phase] ?? c.phase}): ${c.evidence} bewijsstukken, ${c.findings} bevindingen`, 9);
    }
  }

  doc.addPage();
  anchor(`Thema: ${d.theme.title}`, 0, 'thema');
  heading(`Thema: ${d.theme.title}`, 18);
  body(d.theme.description);
  doc.moveDown(0.5);
  for (const c of d.theme.criteria) body(`• ${c.code} (${c.domain}): ${STATUS_LABELS[c.status]}`);
  doc.moveDown(1);
  anchor('Lacunes', 0, 'lacunes');
  heading('Lacunes', 18);
  body(`Criteria zonder bewijs in de periode (${periodText(d.period)}):`);
  if (d.gaps.length === 0) body('Geen lacunes.');
  for (const g of d.gaps) body(`• ${g.code} — ${g.title}`, 9);
  if (d.unknownCriteria.length) {
    doc.moveDown(0.5);
    body('Bewijs noemt criteriumcodes die dit kader niet kent:');
    for (const u of d.unknownCriteria) body(`• ${u.code}: ${u.evidence.join(', ')}`, 9);
  }

  // Contents, now that every page number is known.
  const total = doc.bufferedPageRange().count;
  for (let i = 0; i < tocPages; i++) {
    doc.switchToPage(tocStart + i);
    doc.x = MARGIN.left;
    doc.y = MARGIN.top;
    if (i === 0) {
      heading('Inhoud', 18);
    }
    for (const entry of toc.slice(i * TOC_LINES_PER_PAGE, (i + 1) * TOC_LINES_PER_PAGE)) {
      const indent = entry.level * 16;
      const y = doc.y;
      doc.font(entry.level === 0 ? BOLD : REGULAR).fontSize(entry.level === 0 ? 10.5 : 9.5);
      doc.text(fit(doc, entry.title, width - indent - 40), MARGIN.left + indent, y, { width: width - indent - 40, goTo: entry.dest, lineBreak: false });
      doc.text(String(entry.page + 1), MARGIN.left + width - 40, y, { width: 40, align: 'right', goTo: entry.dest, lineBreak: false });
      doc.x = MARGIN.left;
      doc.y = y + (entry.level === 0 ? 16 : 13);
    }
  }

  // Page numbers: the bottom margin is lifted while writing the footer, so it never starts a new page.
  for (let i = 0; i < total; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .font(REGULAR)
      .fontSize(8)
      .fillColor('#555555')
      .text(`GEAR-dossier ${d.instituteName} · stand per ${d.asOf} · Pagina ${i + 1} van ${total}`, MARGIN.left, doc.page.height - 40, {
        width,
        align: 'center',
        lineBreak: false,
      });
    doc.page.margins.bottom = bottom;
  }
  doc.fillColor('#000000');
  doc.end();
  await ended;
  return new Uint8Array(Buffer.concat(chunks));
}

/** The text cut with an ellipsis so it fits on one line of the given width. */
function fit(doc: PDFKit.PDFDocument, text: string, width: number): string {
  if (doc.widthOfString(text) <= width) return text;
  let cut = text;
  while (cut.length > 1 && doc.widthOfString(`${cut}…`) > width) cut = cut.slice(0, -1);
  return `${cut}…`;
}
