import { Link } from 'react-router';
import { useQueries, useQuery } from '@tanstack/react-query';
import { Heading1, Heading2, Paragraph, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, UnorderedList, UnorderedListItem } from '@utrecht/component-library-react/css-module';
import { api, data } from '../api/client.ts';
import { datum } from '../format.ts';
import { Loaded } from '../loaded.tsx';
import { useTitle } from '../layout.tsx';
import { ASSESSMENT_LABEL, PHASES } from '../cycles/labels.ts';

/** `/`: what is due and late, cycles by phase, open findings and actions, new signalen (UI.md). */
export default function Overzicht() {
  useTitle('Overzicht');
  const deadlines = useQuery({ queryKey: ['deadlines'], queryFn: () => data(api.GET('/deadlines')) });
  const cycles = useQuery({ queryKey: ['cycles', {}], queryFn: () => data(api.GET('/cycles')) });
  const signalen = useQuery({ queryKey: ['signalen', { status: 'ontvangen' }], queryFn: () => data(api.GET('/signalen', { params: { query: { status: 'ontvangen' } } })) });
  const active = (cycles.data?.items ?? []).filter((c) => c.phase === 'check' || c.phase === 'act');
  const details = useQueries({
    queries: active.map((c) => ({ queryKey: ['cycle', c.id], queryFn: () => data(api.GET('/cycles/{id}', { params: { path: { id: c.id } } })) })),
  });
  const open = details.flatMap((q) => {
    const c = q.data;
    if (!c) return [];
    const handled = new Set([...c.actions.map((a) => a.findingId)]);
    return [
      ...c.findings.filter((f) => f.assessment !== 'voldoet' && !f.acceptance && !handled.has(f.findingId)).map((f) => ({ cycle: c, key: `f-${f.findingId}`, text: `Bevinding: ${f.title} (${ASSESSMENT_LABEL[f.assessment]})` })),
      ...[...c.actions, ...c.carriedOver].filter((a) => a.status === 'open').map((a) => ({ cycle: c, key: `a-${a.actionId}`, text: `Verbeteractie: ${a.title}, uiterlijk ${datum(a.due)}` })),
    ];
  });
  return (
    <>
      <Heading1>Overzicht</Heading1>
      <section aria-labelledby="termijnen">
        <Heading2 id="termijnen">Mijn termijnen</Heading2>
        <Loaded query={deadlines}>
          {({ items }) =>
            items.length === 0 ? (
              <Paragraph>Er staat niets open.</Paragraph>
            ) : (
              <Table>
                <TableHeader>
                  <TableRow><TableHeaderCell scope="col">Wat</TableHeaderCell><TableHeaderCell scope="col">Uiterlijk</TableHeaderCell><TableHeaderCell scope="col">Stand</TableHeaderCell></TableRow>
                </TableHeader>
                <TableBody>
                  {items.map((d) => (
                    <TableRow key={d.id}>
                      <TableCell>{d.cycleId ? <Link className="utrecht-link" to={`/cycli/${d.cycleId}`}>{d.label}</Link> : d.label}{d.name ? ` (${d.name})` : ''}</TableCell>
                      <TableCell>{datum(d.due)}</TableCell>
                      <TableCell>{d.overdue ? <strong>te laat</strong> : 'op tijd'}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            )
          }
        </Loaded>
      </section>
      <section aria-labelledby="fasen">
        <Heading2 id="fasen">Cycli per fase</Heading2>
        <Loaded query={cycles}>
          {({ items }) => (
            <UnorderedList>
              {PHASES.map(({ phase, label }) => (
                <UnorderedListItem key={phase}>
                  <Link className="utrecht-link" to={`/cycli?fase=${phase}`}>{label}: {items.filter((c) => c.phase === phase).length}</Link>
                </UnorderedListItem>
              ))}
            </UnorderedList>
          )}
        </Loaded>
      </section>
      <section aria-labelledby="open">
        <Heading2 id="open">Open bevindingen en verbeteracties</Heading2>
        {open.length === 0 ? (
          <Paragraph>Geen open bevindingen of verbeteracties.</Paragraph>
        ) : (
          <UnorderedList>
            {open.map((o) => (
              <UnorderedListItem key={`${o.cycle.id}-${o.key}`}>
                {o.text} — <Link className="utrecht-link" to={`/cycli/${o.cycle.id}`}>{o.cycle.title}</Link>
              </UnorderedListItem>
            ))}
          </UnorderedList>
        )}
      </section>
      <section aria-labelledby="signalen">
        <Heading2 id="signalen">Nieuwe signalen</Heading2>
        <Loaded query={signalen}>
          {({ items }) =>
            items.length === 0 ? (
              <Paragraph>Geen signalen die nog beoordeeld moeten worden.</Paragraph>
            ) : (
              <UnorderedList>
                {items.map((x) => (
                  <UnorderedListItem key={x.id}>
                    <Link className="utrecht-link" to={`/signalen/${x.id}`}>{x.title}</Link> ({x.kind}, ontvangen op {datum(x.receivedOn)})
                  </UnorderedListItem>
                ))}
              </UnorderedList>
            )
          }
        </Loaded>
      </section>
    </>
  );
}
