import { useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Button,
  DataList,
  DataListItem,
  DataListKey,
  DataListValue,
  Heading1,
  Heading2,
  Heading3,
  Paragraph,
  UnorderedList,
  UnorderedListItem,
} from '@utrecht/component-library-react/css-module';
import { api, data, type Schemas } from '../api/client.ts';
import type { CommandSpec, Form } from '../cycles/commands.ts';
import { SpecForm } from '../cycles/spec-form.tsx';
import { options } from '../cycles/labels.ts';
import { aantal, datum, eindeVanDag, parseDatum } from '../format.ts';
import { KpiTable } from '../kpis.tsx';
import { DocumentDownload } from '../files.tsx';
import { Field, problemParts } from '../forms.tsx';
import { Loaded } from '../loaded.tsx';
import { useTitle } from '../layout.tsx';
import { useSession } from '../session.tsx';

type View = Schemas['GearView'];
type Domain = View['domains'][number];
type Criterion = Domain['criteria'][number];

const STATUS_LABEL: Record<Criterion['status'], string> = {
  'geen-bewijs': 'geen bewijs',
  'in-uitvoering': 'in uitvoering',
  voldoet: 'voldoet',
  'voldoet-deels': 'voldoet deels',
  'voldoet-niet': 'voldoet niet',
};
const OORDEEL_LABEL: Record<Schemas['CriteriumZelfevaluatieInput']['oordeel'], string> = { voldoet: 'voldoet', 'voldoet-deels': 'voldoet deels', 'voldoet-niet': 'voldoet niet' };

// The editors, typed against the API's request bodies like the command forms.
const CRITERION_FORM: CommandSpec<Schemas['CriteriumZelfevaluatieInput']> = {
  label: 'Zelfevaluatie',
  fields: [
    { name: 'oordeel', label: 'Oordeel van het instituut', kind: 'select', choices: options(OORDEEL_LABEL) },
    { name: 'text', label: 'Toelichting', kind: 'textarea', description: 'Wat het instituut zelf over dit criterium zegt; de auditor leest dit eerst' },
    { name: 'sterktes', label: 'Sterktes', kind: 'lines', optional: true },
    { name: 'verbeterpunten', label: 'Verbeterpunten', kind: 'lines', optional: true },
  ],
};
const DOMAIN_FORM: CommandSpec<Schemas['DomeinZelfevaluatieInput']> = {
  label: 'Reflectie op het domein',
  fields: [{ name: 'text', label: 'Reflectie', kind: 'textarea' }],
};

const WRITERS = ['kwaliteitsmedewerker', 'mt'];

/** The filter fields: the URL's name (a day, `2026-06-30`), the API's query parameter, the label. */
const FILTERS = [
  { param: 'van', query: 'from', label: 'Periode van', description: 'Bewijs vanaf deze dag; leeg is vanaf het begin' },
  { param: 'tot', query: 'to', label: 'Periode tot en met', description: 'Leeg is tot nu' },
  { param: 'stand', query: 'asOf', label: 'Stand per', description: 'Leeg is vandaag' },
] as const;

/** `/gear?van=&tot=&stand=`: the framework's domains and criteria with status, the institute's own oordeel, evidence and KPIs. */
export default function Gear() {
  useTitle('GEAR');
  const [params, setParams] = useSearchParams();
  const chosen = Object.fromEntries(FILTERS.map((f) => [f.param, params.get(f.param) ?? ''])) as Record<(typeof FILTERS)[number]['param'], string>;
  const query = useQuery({
    queryKey: ['gear', chosen],
    queryFn: () => {
      const { van, tot, stand } = chosen;
      const asOf = /^\d{4}-\d{2}-\d{2}$/.test(stand) ? eindeVanDag(stand) : stand;
      return data(api.GET('/gear', { params: { query: { ...(van ? { from: van } : {}), ...(tot ? { to: tot } : {}), ...(asOf ? { asOf } : {}) } } }));
    },
  });
  const [typed, setTyped] = useState<Record<string, string>>(() => Object.fromEntries(FILTERS.map((f) => [f.param, datum(chosen[f.param])])));
  const { byField } = problemParts(query.error, FILTERS.map((f) => f.query));
  const show = (e: FormEvent) => {
    e.preventDefault();
    setParams(Object.fromEntries(FILTERS.filter((f) => typed[f.param]?.trim()).map((f) => [f.param, parseDatum(typed[f.param]!)])));
  };
  return (
    <>
      <Heading1>GEAR</Heading1>
      <form className="gearbox-filters gearbox-noprint" aria-label="Periode en stand" onSubmit={show}>
        {FILTERS.map((f) => (
          <Field key={f.param} kind="date" name={f.param} label={f.label} optional description={f.description} value={typed[f.param] ?? ''} onChange={(v) => setTyped((old) => ({ ...old, [f.param]: String(v) }))} error={byField[f.query]} />
        ))}
        <Button appearance="secondary-action-button" type="submit">Tonen</Button>
      </form>
      <Loaded query={query}>{(view) => <GearView view={view} editable={!chosen.stand} />}</Loaded>
    </>
  );
}

/** `vanaf 01-07-2026 tot en met 31-12-2026`, either end left out when open; empty for all time. */
const periode = (p: View['period']) => [p.from && `vanaf ${datum(p.from)}`, p.to && `tot en met ${datum(p.to)}`].filter(Boolean).join(' ');

function GearView({ view, editable }: { view: View; editable: boolean }) {
  const { session } = useSession();
  const mayWrite = editable && session.user.roles.some((r) => WRITERS.includes(r));
  const s = view.summary;
  return (
    <>
      <Paragraph>
        {view.framework} ({view.version}), stand per {datum(view.asOf)}
        {periode(view.period) ? `, bewijs ${periode(view.period)}` : ''}. {s.criteria} criteria: {s.voldoet} voldoet, {s['voldoet-deels']} voldoet deels, {s['voldoet-niet']} voldoet niet,{' '}
        {s['in-uitvoering']} in uitvoering, {s['geen-bewijs']} zonder bewijs. {aantal(s.openFindings, 'open bevinding', 'open bevindingen')},{' '}
        {aantal(s.openActions, 'open verbeteractie', 'open verbeteracties')} ({s.overdueActions} te laat).
      </Paragraph>
      {editable ? null : <Paragraph>Dit is de stand van toen; een zelfevaluatie schrijven kan alleen in de stand van vandaag.</Paragraph>}
      {view.domains.map((d) => <DomainSection key={d.id} domain={d} mayWrite={mayWrite} />)}
    </>
  );
}

function DomainSection({ domain: d, mayWrite }: { domain: Domain; mayWrite: boolean }) {
  const queries = useQueryClient();
  const saved = () => void queries.invalidateQueries({ queryKey: ['gear'] });
  const k = d.summary.kpis;
  return (
    <section aria-labelledby={`domein-${d.id}`} className="gearbox-domain">
      <Heading2 id={`domein-${d.id}`}>{d.title}</Heading2>
      <Paragraph>
        {aantal(d.criteria.length, 'criterium', 'criteria')}; {aantal(d.summary.openFindings, 'open bevinding', 'open bevindingen')},{' '}
        {aantal(d.summary.openActions, 'open verbeteractie', 'open verbeteracties')}; cycli: {d.cycles.closed} van {d.cycles.total} afgesloten.
        {d.kpis.length ? ` KPI's: ${k.gehaald} gehaald, ${k['op-koers']} op koers, ${k['niet-op-koers']} niet op koers, ${k.onbekend} nog niet gemeten.` : ''}
      </Paragraph>
      {d.zelfevaluatie ? <Paragraph><strong>Reflectie van het instituut</strong> ({datum(d.zelfevaluatie.at)}): {d.zelfevaluatie.text}</Paragraph> : null}
      {mayWrite ? (
        <Editor
          name={`Reflectie op ${d.title}`}
          form={DOMAIN_FORM as unknown as Form}
          initial={d.zelfevaluatie ? { text: d.zelfevaluatie.text } : undefined}
          send={(body) => data(api.PUT('/gear/domains/{id}/zelfevaluatie', { params: { path: { id: d.id }, header: ifMatch(d.zelfevaluatie) }, body: body as never })).then(saved)}
        />
      ) : null}
      {d.criteria.map((c) => <CriterionView key={c.code} criterion={c} mayWrite={mayWrite} onSaved={saved} />)}
      {d.kpis.length ? <KpiTable caption={`KPI's van ${d.title}`} rows={d.kpis.map((k) => ({ ...k, key: `${k.cycle.id}-${k.id}` }))} /> : null}
    </section>
  );
}

const ifMatch = (z: { revision: number } | null) => (z ? { 'If-Match': `"${z.revision}"` } : {});

function CriterionView({ criterion: c, mayWrite, onSaved }: { criterion: Criterion; mayWrite: boolean; onSaved: () => void }) {
  const z = c.zelfevaluatie;
  return (
    <article className="gearbox-criterion" aria-labelledby={`criterium-${c.code}`}>
      <Heading3 id={`criterium-${c.code}`}>{c.code}: {c.title}</Heading3>
      <DataList>
        <DataListItem><DataListKey>Berekende status</DataListKey><DataListValue>{STATUS_LABEL[c.status]}</DataListValue></DataListItem>
        <DataListItem>
          <DataListKey>Oordeel van het instituut</DataListKey>
          <DataListValue>{z ? `${OORDEEL_LABEL[z.oordeel]} (${datum(z.at)})` : 'nog geen zelfevaluatie'}</DataListValue>
        </DataListItem>
      </DataList>
      {c.afwijking ? <Paragraph className="gearbox-blocked"><strong>Afwijking:</strong> {c.afwijkingReden ?? 'het oordeel van het instituut en de berekende status spreken elkaar tegen.'}</Paragraph> : null}
      {z ? <Paragraph>{z.text}</Paragraph> : null}
      <Points name={`Sterktes van ${c.code}`} title="Sterktes" points={z?.sterktes} />
      <Points name={`Verbeterpunten van ${c.code}`} title="Verbeterpunten" points={z?.verbeterpunten} />
      {c.evidence.length === 0 ? <Paragraph>Nog geen bewijs.</Paragraph> : (
        <>
          <Paragraph><strong>Bewijs</strong></Paragraph>
          <UnorderedList aria-label={`Bewijs bij ${c.code}`}>
            {c.evidence.map((e) => (
              <UnorderedListItem key={e.id}>
                {e.title}: {e.herkomst}
                {e.documentId ? <DocumentDownload documentId={e.documentId} title={e.title} /> : null}
              </UnorderedListItem>
            ))}
          </UnorderedList>
        </>
      )}
      {mayWrite ? (
        <Editor
          name={`Zelfevaluatie ${c.code}`}
          form={CRITERION_FORM as unknown as Form}
          initial={z ? { oordeel: z.oordeel, text: z.text, sterktes: z.sterktes.join('\n'), verbeterpunten: z.verbeterpunten.join('\n') } : undefined}
          send={(body) => data(api.PUT('/gear/criteria/{code}/zelfevaluatie', { params: { path: { code: c.code }, header: ifMatch(z) }, body: body as never })).then(onSaved)}
        />
      ) : null}
    </article>
  );
}

/** The institute's strengths or points to improve, as a list named for the criterion. */
function Points({ name, title, points }: { name: string; title: string; points: string[] | undefined }) {
  if (!points?.length) return null;
  return (
    <>
      <Paragraph><strong>{title}</strong></Paragraph>
      <UnorderedList aria-label={name}>{points.map((p, i) => <UnorderedListItem key={i}>{p}</UnorderedListItem>)}</UnorderedList>
    </>
  );
}

/** A closed editor behind a button, so 28 criteria stay readable; open, it is one form with "Opslaan". */
function Editor({ name, form, initial, send }: { name: string; form: Form; initial: Record<string, string> | undefined; send: (body: Record<string, unknown>) => Promise<unknown> }) {
  const [open, setOpen] = useState(false);
  return (
    <div className="gearbox-noprint">
      <Button appearance="subtle-button" aria-expanded={open} onClick={() => setOpen(!open)}>
        {open ? `${name} sluiten` : `${name} ${initial ? 'bewerken' : 'schrijven'}`}
      </Button>
      {open ? <SpecForm form={{ ...form, label: name }} heading={false} submit="Opslaan" initial={initial} send={send} onDone={() => setOpen(false)} /> : null}
    </div>
  );
}
