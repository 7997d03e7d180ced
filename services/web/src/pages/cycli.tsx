import { Link, useNavigate } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { Button, Heading1, Paragraph, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow } from '@utrecht/component-library-react/css-module';
import { api, data, type Cycle } from '../api/client.ts';
import { datum } from '../format.ts';
import { Field, Filters } from '../forms.tsx';
import { Loaded } from '../loaded.tsx';
import { useTitle } from '../layout.tsx';
import { useUrlFilter } from '../url-filter.ts';
import { KIND_LABEL, options, PHASE_LABEL } from '../cycles/labels.ts';

/** `/cycli?soort=&fase=`: the filters live in the URL, so a filtered list can be mailed. */
export default function Cycli() {
  useTitle('Cycli');
  const navigate = useNavigate();
  const [params, filter] = useUrlFilter();
  const kind = (params.get('soort') ?? '') as Cycle['kind'] | '';
  const phase = (params.get('fase') ?? '') as Cycle['phase'] | '';
  const query = { ...(kind ? { kind } : {}), ...(phase ? { phase } : {}) };
  const cycles = useQuery({ queryKey: ['cycles', query], queryFn: () => data(api.GET('/cycles', { params: { query } })) });
  return (
    <>
      <Heading1>Cycli</Heading1>
      <Button appearance="primary-action-button" onClick={() => navigate('/cycli/nieuw')}>Nieuwe cyclus</Button>
      <Filters>
        <Field kind="select" name="soort" label="Soort" filter value={kind} onChange={filter('soort')} options={options(KIND_LABEL)} />
        <Field kind="select" name="fase" label="Fase" filter value={phase} onChange={filter('fase')} options={options(PHASE_LABEL)} />
      </Filters>
      <Loaded query={cycles}>
        {({ items }) =>
          items.length === 0 ? (
            <Paragraph>Geen cycli met deze filters.</Paragraph>
          ) : (
            <Table>
              <TableHeader>
                <TableRow>
                  <TableHeaderCell scope="col">Titel</TableHeaderCell>
                  <TableHeaderCell scope="col">Soort</TableHeaderCell>
                  <TableHeaderCell scope="col">Fase</TableHeaderCell>
                  <TableHeaderCell scope="col">Periode</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {items.map((c) => (
                  <TableRow key={c.id}>
                    <TableCell><Link className="utrecht-link" to={`/cycli/${c.id}`}>{c.title}</Link></TableCell>
                    <TableCell>{KIND_LABEL[c.kind]}</TableCell>
                    <TableCell>{PHASE_LABEL[c.phase]}</TableCell>
                    <TableCell>{datum(c.period.from)} t/m {datum(c.period.to)}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )
        }
      </Loaded>
    </>
  );
}
