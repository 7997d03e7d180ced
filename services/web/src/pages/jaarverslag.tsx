import { useNavigate, useParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { Button, Heading1, Heading2, Heading3, Paragraph, UnorderedList, UnorderedListItem } from '@utrecht/component-library-react/css-module';
import { api, data, type Schemas } from '../api/client.ts';
import { ASSESSMENT_LABEL, EVIDENCE_KIND_LABEL, KIND_LABEL } from '../cycles/labels.ts';
import { datum } from '../format.ts';
import { Field } from '../forms.tsx';
import { KpiTable } from '../kpis.tsx';
import { Loaded } from '../loaded.tsx';
import { useTitle } from '../layout.tsx';

type Jaarverslag = Schemas['Jaarverslag'];
type Doel = Jaarverslag['doelen'][number];

/** INK: the organisation's four areas and the results per party, in the seeds' words. */
const ORGANISATIE: Record<keyof Doel['organisatie'], string> = { strategieEnBeleid: 'Strategie en beleid', medewerkers: 'Medewerkers', middelen: 'Middelen', processen: 'Processen' };
const RESULTATEN: Record<keyof Doel['resultaten'], string> = { staf: 'Staf', opleiders: 'Opleiders', aios: 'Aios', maatschappij: 'Maatschappij', financiers: 'Financiers' };

const thisYear = new Date().getFullYear();
const YEARS = Array.from({ length: 6 }, (_, i) => String(thisYear - i));

/** `/jaarverslag/:jaar`: the year report, readable on screen and printable (the menu, buttons and the year picker are not printed). */
export default function JaarverslagPage() {
  const { jaar = String(thisYear) } = useParams();
  const navigate = useNavigate();
  useTitle(`Jaarverslag ${jaar}`);
  const report = useQuery({ queryKey: ['jaarverslag', jaar], queryFn: () => data(api.GET('/organisatie/jaarverslag', { params: { query: { year: Number(jaar), format: 'json' } } })) as Promise<Jaarverslag> });
  return (
    <>
      <Heading1>Jaarverslag {jaar}</Heading1>
      <div className="gearbox-filters gearbox-noprint">
        <Field kind="select" name="jaar" label="Jaar" value={jaar} onChange={(v) => navigate(`/jaarverslag/${String(v)}`)} options={YEARS.map((y) => ({ value: y, label: y }))} />
        <Button appearance="secondary-action-button" onClick={() => window.print()}>Afdrukken</Button>
      </div>
      <Loaded query={report}>{(r) => <Report report={r} />}</Loaded>
    </>
  );
}

function Report({ report: r }: { report: Jaarverslag }) {
  const open = r.actions.filter((a) => a.status === 'open');
  return (
    <>
      <Paragraph>
        {r.instituteName}. {r.cycles.total} kwaliteitscycli, waarvan {r.cycles.closed} afgesloten; {r.findings.length} bevindingen en {r.actions.length} verbeteracties ({open.length} open).
        {r.contact?.name ? ` Contact: ${[r.contact.name, r.contact.email, r.contact.phone].filter(Boolean).join(', ')}.` : ''}
      </Paragraph>
      {r.doelen.length === 0 ? <Paragraph>Geen doelen in dit jaar.</Paragraph> : r.doelen.map((d, i) => <DoelSection key={`${d.cycle.id}-${d.goal?.goalId ?? i}`} doel={d} />)}
      <section aria-labelledby="reviews">
        <Heading2 id="reviews">Managementreviews</Heading2>
        <UnorderedList>
          {r.managementReviews.held.map((m, i) => <UnorderedListItem key={`h${i}`}>Gehouden op {datum(m.date)} ({m.cycle})</UnorderedListItem>)}
          {r.managementReviews.overdue.map((m, i) => <UnorderedListItem key={`o${i}`}><strong>Te laat:</strong> gepland uiterlijk {datum(m.due)} ({m.cycle})</UnorderedListItem>)}
          {r.managementReviews.planned.map((m, i) => <UnorderedListItem key={`p${i}`}>Gepland uiterlijk {datum(m.due)} ({m.cycle})</UnorderedListItem>)}
        </UnorderedList>
      </section>
      <section aria-labelledby="bevindingen">
        <Heading2 id="bevindingen">Bevindingen</Heading2>
        {r.findings.length === 0 ? <Paragraph>Geen bevindingen.</Paragraph> : (
          <UnorderedList>{r.findings.map((f, i) => <UnorderedListItem key={i}>{f.title}: {ASSESSMENT_LABEL[f.assessment]}{f.accepted ? ', geaccepteerd' : ''} ({f.cycle})</UnorderedListItem>)}</UnorderedList>
        )}
      </section>
      <section aria-labelledby="acties">
        <Heading2 id="acties">Verbeteracties</Heading2>
        {r.actions.length === 0 ? <Paragraph>Geen verbeteracties.</Paragraph> : (
          <UnorderedList>
            {r.actions.map((a, i) => <UnorderedListItem key={i}>{a.title}, uiterlijk {datum(a.due)}: {a.status === 'open' ? 'open' : 'afgerond'}{a.overdue ? ', te laat' : ''} ({a.cycle})</UnorderedListItem>)}
          </UnorderedList>
        )}
      </section>
    </>
  );
}

function DoelSection({ doel: d }: { doel: Doel }) {
  const title = d.goal?.title ?? d.cycle.title;
  const results = (Object.keys(RESULTATEN) as (keyof Doel['resultaten'])[]).filter((k) => d.resultaten[k].length > 0);
  const areas = (Object.keys(ORGANISATIE) as (keyof Doel['organisatie'])[]).filter((k) => d.organisatie[k].length > 0);
  return (
    <section className="gearbox-domain" aria-label={title}>
      <Heading2>{title}</Heading2>
      <Paragraph>
        {KIND_LABEL[d.cycle.kind as keyof typeof KIND_LABEL] ?? d.cycle.kind}: {d.cycle.title}, {datum(d.cycle.period.from)} t/m {datum(d.cycle.period.to)}.
        {d.goal?.description ? ` ${d.goal.description}` : ''}
      </Paragraph>
      {areas.map((k) => (
        <div key={k}>
          <Heading3>{ORGANISATIE[k]}</Heading3>
          <UnorderedList>{d.organisatie[k].map((t, i) => <UnorderedListItem key={i}>{t}</UnorderedListItem>)}</UnorderedList>
        </div>
      ))}
      {results.map((k) => (
        <KpiTable
          key={k}
          caption={`Resultaten voor ${RESULTATEN[k].toLowerCase()}: ${title}`}
          rows={d.resultaten[k].map((x) => ({ ...x, key: x.kpiId, latest: x.measured }))}
        />
      ))}
      {d.onderbouwing.length ? (
        <>
          <Heading3>Onderbouwing</Heading3>
          <UnorderedList>
            {d.onderbouwing.map((e) => <UnorderedListItem key={e.evidenceId}>{e.title} ({EVIDENCE_KIND_LABEL[e.kind] ?? e.kind}, {datum(e.effectiveAt)}){e.summary ? `: ${e.summary}` : ''}</UnorderedListItem>)}
          </UnorderedList>
        </>
      ) : null}
    </section>
  );
}
