/**
 * The demo's one uploaded document: the decision list of the autumn management review, a one-page
 * PDF written here with pdfkit. Byte for byte the same on every run (fixed dates, no compression,
 * only the standard fonts), so its sha256 is fixed and a second seed finds it instead of uploading it again.
 */
import PDFDocument from 'pdfkit';

export const DEMO_DOCUMENT = { filename: 'besluitenlijst-managementreview-najaar-2026.pdf', mediaType: 'application/pdf' };

const DECISIONS: [string, string][] = [
  ['Veilig opleidingsklimaat', '79% van de aios vindt het opleidingsklimaat veilig (eigen enquête juni 2026, n = 118); de streefwaarde van 84% in 2027 vraagt een versnelling. Besluit: de training "begeleiden en beoordelen" wordt in 2027 verplicht voor nieuwe opleiders.'],
  ['VGB in de driehoek', '86% van de eerstejaars had een VGB in de driehoek (streefwaarde 90%). Besluit: de VGB wordt bij de start van het opleidingsjaar ingepland; eigenaar: praktijkbegeleiders jaar 1, gereed 15-12-2026.'],
  ['Klachten en signalen', 'Eén klacht (roosterwijzigingen) afgehandeld met een werkafspraak; het incident in de avonddienst leidde tot een afspraak met de huisartsenpost over bereikbare supervisie.'],
  ['Academisch niveau in de praktijk', 'Er is nog geen zicht op hoe aios en opleiders richtlijnen en wetenschappelijke inzichten in de praktijk gebruiken. Besluit: in 2027 een opdracht "kritisch bekeken" in het leergesprek opnemen en de opbrengst meten.'],
  ['Middelen', 'De ICT-ondersteuning van de LEOH-evaluaties is op orde; de begroting 2027 wordt in december vastgesteld.'],
];

export async function demoDocument(): Promise<Uint8Array> {
  const date = new Date('2026-09-18T12:00:00Z');
  const doc = new PDFDocument({
    size: 'A4',
    margin: 56,
    compress: false,
    lang: 'nl-NL',
    info: { Title: 'Besluitenlijst managementreview najaar 2026', Author: 'Huisartsopleiding Demo', Creator: 'gearbox demo', Producer: 'gearbox (PDFKit)', CreationDate: date, ModDate: date },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });
  doc.font('Helvetica-Bold').fontSize(16).text('Besluitenlijst managementreview najaar 2026');
  doc.font('Helvetica').fontSize(10).moveDown(0.3).text('Huisartsopleiding Demo · 18-09-2026 · vastgesteld door het MT');
  doc.moveDown();
  for (const [i, [topic, decision]] of DECISIONS.entries()) {
    doc.font('Helvetica-Bold').fontSize(11).text(`${i + 1}. ${topic}`);
    doc.font('Helvetica').fontSize(10).text(decision, { align: 'left' }).moveDown(0.6);
  }
  doc.moveDown().fontSize(9).fillColor('#555555').text('De voortgang van de besluiten wordt besproken in de managementreview voorjaar 2027.');
  doc.end();
  await ended;
  return Buffer.concat(chunks);
}
