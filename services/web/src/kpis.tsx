import { Link } from 'react-router';
import { Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow } from '@utrecht/component-library-react/css-module';
import { datum, getal } from './format.ts';

export const PROGRESS_LABEL: Record<'op-koers' | 'niet-op-koers' | 'gehaald' | 'onbekend', string> = { 'op-koers': 'op koers', 'niet-op-koers': 'niet op koers', gehaald: 'gehaald', onbekend: 'nog niet gemeten' };

/** A KPI as GEAR and the jaarverslag give it: baseline → last measurement → target, and its progress. */
export interface KpiRow {
  key: string;
  name: string;
  unit: string;
  baseline: { value: number; year: number };
  latest: { value: number; measuredAt: string } | null;
  explanation?: string | null | undefined;
  targetValue: number;
  target: { by: string };
  progress: keyof typeof PROGRESS_LABEL;
  cycle?: { id: string; title: string };
}

/** KPIs as a table with a caption (its accessible name); the cycle column only when the rows name their cycle. */
export function KpiTable({ caption, rows }: { caption: string; rows: KpiRow[] }) {
  const cycles = rows.some((k) => k.cycle);
  return (
    <Table>
      <caption>{caption}</caption>
      <TableHeader>
        <TableRow>
          {['KPI', 'Nulmeting', 'Laatste meting', 'Streefwaarde', 'Voortgang', ...(cycles ? ['Cyclus'] : [])].map((h) => <TableHeaderCell key={h} scope="col">{h}</TableHeaderCell>)}
        </TableRow>
      </TableHeader>
      <TableBody>
        {rows.map((k) => (
          <TableRow key={k.key}>
            <TableCell>{k.name}</TableCell>
            <TableCell>{getal(k.baseline.value)} {k.unit} ({k.baseline.year})</TableCell>
            <TableCell>{k.latest ? `${getal(k.latest.value)} ${k.unit} (${datum(k.latest.measuredAt)})` : k.explanation ? `niet gemeten: ${k.explanation}` : '—'}</TableCell>
            <TableCell>{getal(k.targetValue)} {k.unit} op {datum(k.target.by)}</TableCell>
            <TableCell>{PROGRESS_LABEL[k.progress]}</TableCell>
            {cycles ? <TableCell>{k.cycle ? <Link className="utrecht-link" to={`/cycli/${k.cycle.id}`}>{k.cycle.title}</Link> : null}</TableCell> : null}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
