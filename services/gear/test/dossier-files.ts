/**
 * Reading a dossier's files back the way an auditor would: the PDF through poppler (pdfinfo,
 * pdftoppm, pdftotext; `.ci/run` installs poppler-utils), every XML part of the workbook as text.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipFiles } from '@gearbox/gear';

export const hasPoppler = () => spawnSync('pdftoppm', ['-v']).status === 0;

function withPdf<T>(pdf: Uint8Array, work: (file: string, dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'gear-e2e-pdf-'));
  try {
    const file = join(dir, 'dossier.pdf');
    writeFileSync(file, pdf);
    return work(file, dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The page count the PDF declares, as pdfinfo reads it. */
export const pdfPages = (pdf: Uint8Array): number =>
  withPdf(pdf, (file) => Number(/^Pages:\s+(\d+)$/m.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))?.[1]));

/** Renders every page to PNG with pdftoppm; the number of images written. */
export const renderedPages = (pdf: Uint8Array): number =>
  withPdf(pdf, (file, dir) => {
    execFileSync('pdftoppm', ['-r', '20', '-png', file, join(dir, 'page')]);
    return readdirSync(dir).filter((name) => name.endsWith('.png')).length;
  });

/** The text of every page, one string per page (pdftotext separates pages by form feeds). */
export const pdfPageTexts = (pdf: Uint8Array): string[] =>
  withPdf(pdf, (file) => execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).split('\f').slice(0, -1));

/** Every part of an .xlsx (the sheets, shared strings, document properties) as one text. */
export const workbookText = (xlsx: Uint8Array): string =>
  unzipFiles(xlsx)
    .map((part) => Buffer.from(part.bytes).toString('utf8'))
    .join('\n');
