/**
 * Aligned text tables for benchmark results. Every row may name the row it is compared to;
 * the ratio column then shows value ÷ baseline value, so a reader sees at a glance how far a
 * subject is from what the same hardware does without it.
 */

export interface Target {
  /** What was asked, e.g. "≥ 0.50× raw". */
  goal: string;
  met: boolean;
}

export interface Row {
  /** Leading label cells, one per label header. */
  labels: string[];
  /** Measured figure in `unit` (events/s, MiB, ...). */
  value: number;
  unit: string;
  /** Row this one is compared to; a row without one is printed as a baseline. */
  baseline?: Row;
  /** Name of the baseline shown after the ratio, e.g. "raw". */
  baselineName?: string;
  target?: Target;
  /** Free text: counts, durations, settings. */
  note?: string;
}

export interface Table {
  title: string;
  labelHeaders: string[];
  rows: Row[];
}

export function formatNumber(value: number): string {
  if (value >= 100) return Math.round(value).toLocaleString('en-US');
  if (value >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

export function formatRatio(value: number, baseline: number): string {
  const ratio = value / baseline;
  return `${ratio >= 10 ? ratio.toFixed(1) : ratio.toFixed(2)}×`;
}

function ratioCell(row: Row): string {
  if (!row.baseline) return 'baseline';
  const name = row.baselineName ? ` ${row.baselineName}` : '';
  return `${formatRatio(row.value, row.baseline.value)}${name}`;
}

function targetCells(row: Row): [string, string] {
  if (!row.target) return ['', ''];
  return [row.target.goal, row.target.met ? 'pass' : 'FAIL'];
}

/** Cells of every column, header first; used both for the console and for Markdown. */
export function tableCells(table: Table): string[][] {
  const header = [...table.labelHeaders, 'result', 'ratio', 'target', '', 'note'];
  const body = table.rows.map((row) => [
    ...row.labels,
    `${formatNumber(row.value)} ${row.unit}`,
    ratioCell(row),
    ...targetCells(row),
    row.note ?? '',
  ]);
  return [header, ...body];
}

const rightAligned = (cell: string): boolean => /^[\d.,]+[ ×]/.test(cell);

export function renderTable(table: Table): string {
  const cells = tableCells(table);
  const widths = cells[0]!.map((_, column) => Math.max(...cells.map((line) => line[column]!.length)));
  const lines = cells.map((line) =>
    line
      .map((cell, column) => (rightAligned(cell) ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!)))
      .join('  ')
      .trimEnd(),
  );
  const rule = '-'.repeat(Math.max(...lines.map((line) => line.length)));
  return [table.title, rule, lines[0], rule, ...lines.slice(1), rule].join('\n');
}

/** The same table as Markdown, for pasting into docs/performance.md. */
export function renderMarkdown(table: Table): string {
  const [header, ...body] = tableCells(table);
  const line = (cells: string[]): string => `| ${cells.map((cell) => cell.replaceAll('|', '\\|')).join(' | ')} |`;
  return [line(header!), line(header!.map(() => '---')), ...body.map(line)].join('\n');
}
