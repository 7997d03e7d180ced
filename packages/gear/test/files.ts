/** Reading dossier files back in tests: the text of a PDF (pdfkit's content streams) and poppler (pdftoppm, pdftotext), which .ci/run installs. */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';

/** WinAnsi (cp1252) differs from Latin-1 only in 0x80–0x9F. */
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';
const winAnsi = (bytes: Buffer) => [...bytes].map((b) => (b >= 0x80 && b <= 0x9f ? CP1252_HIGH[b - 0x80]! : String.fromCharCode(b))).join('');

/**
 * The text drawn on the pages: pdfkit writes text as hex strings in TJ arrays inside content
 * streams (deflated or not), with WinAnsi codes for the standard fonts. One line per TJ.
 */
export function pdfText(pdf: Uint8Array): string {
  const raw = Buffer.from(pdf).toString('latin1');
  const lines: string[] = [];
  const stream = /stream\r?\n/g;
  let match: RegExpExecArray | null;
  while ((match = stream.exec(raw))) {
    const start = match.index + match[0].length;
    const end = raw.indexOf('endstream', start);
    if (end < 0) break;
    let content = raw.slice(start, end);
    try {
      content = inflateSync(Buffer.from(content, 'latin1')).toString('latin1');
    } catch {
      // Not deflated: the stream is the content itself.
    }
    for (const tj of content.matchAll(/\[([^\]]*)\]\s*TJ/g)) {
      lines.push([...tj[1]!.matchAll(/<([0-9a-fA-F]*)>/g)].map((h) => winAnsi(Buffer.from(h[1]!, 'hex'))).join(''));
    }
    stream.lastIndex = end;
  }
  return lines.join('\n');
}

export const hasPoppler = () => spawnSync('pdftoppm', ['-v']).status === 0;

/** Renders every page to PNG with pdftoppm; returns the number of PNG files written. */
export function renderPages(pdf: Uint8Array): number {
  const dir = mkdtempSync(join(tmpdir(), 'gear-pdf-'));
  try {
    writeFileSync(join(dir, 'dossier.pdf'), pdf);
    execFileSync('pdftoppm', ['-r', '20', '-png', join(dir, 'dossier.pdf'), join(dir, 'page')]);
    return readdirSync(dir).filter((n) => n.endsWith('.png')).length;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** pdftotext's text of one page (1-based). */
export function pageText(pdf: Uint8Array, page: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'gear-pdf-'));
  try {
    writeFileSync(join(dir, 'dossier.pdf'), pdf);
    return execFileSync('pdftotext', ['-f', String(page), '-l', String(page), join(dir, 'dossier.pdf'), '-'], { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
