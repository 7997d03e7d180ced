/**
 * Benchmark: the shared KPIs of the institutes this one follows (peers) beside its own, from
 * GET /api/v1/benchmark. A value of fewer than five respondents stays with its institute.
 */
import { useQuery } from '@tanstack/react-query';
import { Heading1, Heading2, Paragraph, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow } from '@utrecht/component-library-react/css-module';
import { api, data } from '../api/client.ts';
import { datum, getal } from '../format.ts';
import { Loaded } from '../loaded.tsx';
import { useTitle } from '../layout.tsx';

/** `/benchmark`. */
export default function Benchmark() {
  useTitle('Benchmark');
  const benchmark = useQuery({ queryKey: ['benchmark'], queryFn: () => data(api.GET('/benchmark')) });
  return (
    <>
      <Heading1>Benchmark</Heading1>
      <Paragraph>De gedeelde KPI's van andere huisartsopleidingen naast die van uw instituut. Een waarde van minder dan vijf respondenten blijft bij het instituut.</Paragraph>
      <Loaded query={benchmark}>
        {({ items }) =>
          items.length === 0 ? (
            <Paragraph>Nog niets te vergelijken: er zijn geen andere instituten gekoppeld, of zij delen nog geen KPI's.</Paragraph>
          ) : (
            items.map((kpi, k) => (
              <section key={`${kpi.nationalCode ?? kpi.name}-${k}`} aria-labelledby={`kpi-${k}`}>
                <Heading2 id={`kpi-${k}`}>{kpi.name}{kpi.unit ? ` (${kpi.unit})` : ''}</Heading2>
                <Table>
                  <TableHeader>
                    <TableRow>{['Instituut', 'Waarde', 'Respondenten', 'Gemeten op'].map((h) => <TableHeaderCell key={h} scope="col">{h}</TableHeaderCell>)}</TableRow>
                  </TableHeader>
                  <TableBody>
                    {kpi.institutes.map((i) => (
                      <TableRow key={i.institute}>
                        <TableCell>{i.own ? `${i.institute} (eigen instituut)` : i.institute}</TableCell>
                        <TableCell>{i.suppressed || i.value === undefined ? 'te weinig respons' : getal(i.value)}</TableCell>
                        <TableCell>{i.n ?? ''}</TableCell>
                        <TableCell>{datum(i.measuredAt)}</TableCell>
                      </TableRow>
                    ))}
                  </TableBody>
                </Table>
              </section>
            ))
          )
        }
      </Loaded>
    </>
  );
}
