import type { ReactNode } from 'react';
import { Table, TableBody, TableHeader, TableHeaderCell, TableRow } from '@utrecht/component-library-react/css-module';

/** A table with column headers `head` and the rows as children. */
export function Rows({ head, children }: { head: string[]; children: ReactNode }) {
  return (
    <Table>
      <TableHeader><TableRow>{head.map((h) => <TableHeaderCell key={h} scope="col">{h}</TableHeaderCell>)}</TableRow></TableHeader>
      <TableBody>{children}</TableBody>
    </Table>
  );
}
