/**
 * dossier.pdf (pdfkit): the dossier as a self-evaluation. Title page, table of contents with page
 * numbers and links, a summary, one section per domain (its reflection and summary, then per
 * criterion reflection → evidence → KPIs → findings → improvement actions), the theme, the gaps,
 * and the appendix "Verantwoording" with every id, position, hash and the chain head; the body
 * names sources by number only. "Pagina x van y" on every page. In Dutch.
 * Deterministic: the document dates (and so the file ID pdfkit derives from them) are the
 * dossier's asOf, never the clock; content streams are not compressed (see below).
 */
import PDFDocument from 'pdfkit';
import { STATUS_LABELS, type Dossier } from './dossier.ts';
import { contactText } from '@gearbox/kernel';
import {
  aantal,
  actionText,
  afwijkingText,
  CYCLE_KIND_LABELS,
  datum,
  domainSummaryLines,
  dossierIdentity,
  evidenceText,
  findingText,
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
  // A heading is never left alone at the foot of a page: without room for a few lines under it, it starts the next page.
  const keepRoom = (points: number) => {
    if (doc.y + points > doc.page.height - doc.page.margins.bottom) doc.addPage();
  };
  const heading = (text: string, size: number) => {
    doc.font(BOLD).fontSize(size).fillColor('#123a5a').text(text, { width });
    doc.moveDown(0.3).fillColor('#000000');
  };
  const body = (text: string, size = 10, color = '#000000') => {
    doc.font(REGULAR).fontSize(size).fillColor(color).text(winAnsi(text), { width });
    doc.fillColor('#000000');
  };
  // Provenance lines are ids, never wrapped: pdfkit's line breaking is most of a big dossier's time.
  const provenance = (text: string) => {
    doc.font(REGULAR).fontSize(7).fillColor('#555555').text(winAnsi(text), { width, lineBreak: false });
    doc.fillColor('#000000');
  };

  // Title page.
  const v = new Verantwoording(d);
  doc.moveDown(8);
  doc.font(BOLD).fontSize(28).fillColor('#123a5a').text('GEAR-dossier', { width, align: 'center' });
  doc.moveDown(0.5);
  doc.font(REGULAR).fontSize(18).fillColor('#000000').text(d.instituteName, { width, align: 'center' });
  if (d.instituteContact) body(contactText(d.instituteContact), 10, '#555555');
  doc.moveDown(2);
  body(`Kader: ${d.frameworkTitle}`, 12);
  body(`Periode: ${periodText(d.period)}`, 12);
  body(`Stand per: ${tijdstip(d.asOf)}`, 12);
  doc.moveDown(1);
  body(d.frameworkNote, 9, '#555555');

  // Contents pages, filled in at the end when every page number is known.
  const tocLines = 4 + d.domains.reduce((n, x) => n + 1 + x.criteria.length, 0);
  const tocPages = Math.ceil(tocLines / TOC_LINES_PER_PAGE);
  const tocStart = pageNow() + 1;
  for (let i = 0; i < tocPages; i++) doc.addPage();

  doc.addPage();
  anchor('Samenvatting', 0, 'samenvatting');
  heading('Samenvatting', 18);
  const s = d.summary;
  body(`Criteria: ${s.criteria}. Voldoet: ${s.voldoet}; voldoet deels: ${s['voldoet-deels']}; voldoet niet: ${s['voldoet-niet']}; in uitvoering: ${s['in-uitvoering']}; geen bewijs: ${s['geen-bewijs']}.`);
  body(`Lacunes (criteria zonder bewijs in de periode): ${s.gaps}. Open bevindingen: ${s.openFindings}. Open verbeteracties: ${s.openActions}, waarvan te laat: ${s.overdueActions}.`);
  body(d.mapping.source === 'standaard' ? 'Koppeling van cycli aan domeinen: de standaardkoppeling van het kader.' : `Koppeling van cycli aan domeinen: ingesteld door het instituut (${datum(d.mapping.changedAt ?? '')}).`);
  doc.moveDown(0.5);
  for (const x of d.domains) {
    doc.font(BOLD).fontSize(10).text(`${x.code} ${x.title}${x.core ? ' (kerndomein)' : ''}`, { width });
    for (const line of domainSummaryLines(x)) body(`   ${line}`, 9, '#333333');
  }

  const sub = (text: string) => {
    keepRoom(36);
    doc.font(BOLD).fontSize(9).fillColor('#123a5a').text(text, { width });
    doc.fillColor('#000000');
  };
  const item = (text: string, color = '#000000') => body(`• ${text}`, 9, color);
  for (const x of d.domains) {
    doc.addPage();
    anchor(`${x.code} — ${x.title}`, 0, `domein-${x.id}`);
    heading(`${x.code} — ${x.title}${x.core ? ' (kerndomein)' : ''}`, 18);
    if (x.zelfevaluatie) {
      sub(reflectionHeading(x.zelfevaluatie));
      body(x.zelfevaluatie.text);
    } else body('Nog geen zelfevaluatie.', 9, '#555555');
    doc.moveDown(0.3);
    sub('Samenvatting');
    for (const line of domainSummaryLines(x)) body(line, 9);
    doc.moveDown(0.5);
    for (const c of x.criteria) {
      keepRoom(90);
      anchor(`${c.code} — ${STATUS_LABELS[c.status]}`, 1, `criterium-${c.code}`);
      heading(`${c.code} — ${STATUS_LABELS[c.status]}${c.theme ? ' (thema academisch niveau)' : ''}`, 12);
      body(c.title);
      if (c.zelfevaluatie) {
        sub(reflectionHeading(c.zelfevaluatie, c));
        body(c.zelfevaluatie.text, 9);
        if (c.zelfevaluatie.sterktes.length) body(`Sterktes: ${c.zelfevaluatie.sterktes.join('; ')}`, 9);
        if (c.zelfevaluatie.verbeterpunten.length) body(`Verbeterpunten: ${c.zelfevaluatie.verbeterpunten.join('; ')}`, 9);
        body(afwijkingText(c)!, 9, c.afwijking ? '#8a1c1c' : '#555555');
      } else body('Nog geen zelfevaluatie.', 9, '#555555');
      if (c.evidence.length === 0) body('Geen bewijs in deze periode.', 9, '#555555');
      else sub(`Bewijs (${c.evidence.length})`);
      const omitted = Math.max(0, c.evidence.length - PDF_EVIDENCE_PER_CRITERION);
      if (omitted > 0) body(`${c.evidence.length} bewijsstukken; hieronder de ${PDF_EVIDENCE_PER_CRITERION} meest recente. Alle ${c.evidence.length} staan in dossier.html, dossier.json en dossier.xlsx.`, 9, '#555555');
      for (const e of c.evidence.slice(omitted)) item(`${evidenceText(e)} ${v.ref(e.source)}`);
      if (c.kpis.length) sub("KPI's");
      for (const k of c.kpis) item(`${k.name} — ${PROGRESS_LABELS[k.progress]}: ${kpiText(k)} ${v.ref(k.source)}`);
      if (c.findings.length) sub('Bevindingen');
      for (const f of c.findings) item(`${findingText(f)} ${v.ref(f.source)}`);
      if (c.actions.length) sub('Verbeteracties');
      for (const a of c.actions) item(`${actionText(a)} ${v.ref(a.source)}`, a.overdue ? '#8a1c1c' : '#000000');
      doc.moveDown(0.5);
    }
    keepRoom(60);
    heading('Cycli', 12);
    if (x.cycleList.length === 0) body('Geen cycli in deze periode.', 9, '#555555');
    for (const c of x.cycleList) {
      item(`${c.title} (${label(CYCLE_KIND_LABELS, c.kind)}, ${datum(c.period.from)} – ${datum(c.period.to)}, fase ${label(PHASE_LABELS, c.phase)}): ${aantal(c.evidence, 'bewijsstuk', 'bewijsstukken')}, ${aantal(c.findings, 'bevinding', 'bevindingen')} ${v.ref(c.source)}`);
    }
  }

  doc.addPage();
  anchor(`Thema: ${d.theme.title}`, 0, 'thema');
  heading(`Thema: ${d.theme.title}`, 18);
  body(d.theme.description);
  doc.moveDown(0.5);
  for (const c of d.theme.criteria) item(`${c.code}: ${STATUS_LABELS[c.status]}`);
  doc.moveDown(1);
  anchor('Lacunes', 0, 'lacunes');
  heading('Lacunes', 18);
  body(`Criteria zonder bewijs in de periode (${periodText(d.period)}):`);
  if (d.gaps.length === 0) body('Geen lacunes.');
  for (const g of d.gaps) item(`${g.code} — ${g.title}`);
  if (d.unknownCriteria.length) {
    doc.moveDown(0.5);
    body(`Bewijs noemt criteriumcodes die dit kader niet kent: ${d.unknownCriteria.map((u) => u.code).join(', ')} (de bewijsstukken staan in de verantwoording).`);
  }

  doc.addPage();
  anchor('Verantwoording', 0, 'verantwoording');
  heading('Verantwoording', 18);
  for (const [k, val] of dossierIdentity(d)) provenance(`${k}: ${val}`);
  for (const u of d.unknownCriteria) provenance(`Onbekende criteriumcode ${u.code}: ${u.evidence.join(', ')}`);
  doc.moveDown(0.5);
  body(VERANTWOORDING_INTRO, 9, '#555555');
  doc.moveDown(0.5);
  for (const e of v.entries) {
    body(`[${e.nr}] ${e.what}`, 8);
    provenance(`   ${e.source.streamId} rev. ${e.source.revision}, event ${e.source.eventId}, positie ${e.source.position}`);
    if (e.sha256) provenance(`   sha256 ${e.sha256}`);
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
      .text(`GEAR-dossier ${d.instituteName} · stand per ${tijdstip(d.asOf)} · Pagina ${i + 1} van ${total}`, MARGIN.left, doc.page.height - 40, {
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

/** Helvetica's WinAnsi has no arrow: "»" stands in for "→". */
const winAnsi = (text: string) => text.replaceAll('→', '»');

/** The text cut with an ellipsis so it fits on one line of the given width. */
function fit(doc: PDFKit.PDFDocument, text: string, width: number): string {
  if (doc.widthOfString(text) <= width) return text;
  let cut = text;
  while (cut.length > 1 && doc.widthOfString(`${cut}…`) > width) cut = cut.slice(0, -1);
  return `${cut}…`;
}
