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
  ],
};
const DOMAIN_FORM: CommandSpec<Schemas['DomeinZelfevaluatieInput']> = {
  label: 'Reflectie op het domein',
  fields: [{ name: 'text', label: 'Reflectie', kind: 'textarea' }],
};

const WRITERS = ['kwaliteitsmedewerker', 'mt'];

/** `/gear?stand=2026-06-30`: the framework's domains and criteria with status, the institute's own oordeel, evidence and KPIs. */
export default function Gear() {
  useTitle('GEAR');
  const [params, setParams] = useSearchParams();
  const stand = params.get('stand') ?? '';
  const query = useQuery({
    queryKey: ['gear', stand],
    queryFn: () => data(api.GET('/gear', { params: { query: stand ? { asOf: /^\d{4}-\d{2}-\d{2}$/.test(stand) ? eindeVanDag(stand) : stand } : {} } })),
  });
  const [typed, setTyped] = useState(stand ? datum(stand) : '');
  const { byField } = problemParts(query.error, ['asOf']);
  const show = (e: FormEvent) => {
    e.preventDefault();
    setParams(typed.trim() ? { stand: parseDatum(typed) } : {});
  };
  return (
    <>
      <Heading1>GEAR</Heading1>
      <form className="gearbox-filters gearbox-noprint" aria-label="Stand per" onSubmit={show}>
        <Field kind="date" name="stand" label="Stand per" optional description="Leeg is vandaag" value={typed} onChange={(v) => setTyped(String(v))} error={byField.asOf} />
        <Button appearance="secondary-action-button" type="submit">Tonen</Button>
      </form>
      <Loaded query={query}>{(view) => <GearView view={view} editable={!stand} />}</Loaded>
    </>
  );
}

function GearView({ view, editable }: { view: View; editable: boolean }) {
  const { session } = useSession();
  const mayWrite = editable && session.user.roles.some((r) => WRITERS.includes(r));
  const s = view.summary;
  return (
    <>
      <Paragraph>
        {view.framework} ({view.version}), stand per {datum(view.asOf)}. {s.criteria} criteria: {s.voldoet} voldoet, {s['voldoet-deels']} voldoet deels, {s['voldoet-niet']} voldoet niet,{' '}
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
      {c.evidence.length === 0 ? <Paragraph>Nog geen bewijs.</Paragraph> : (
        <UnorderedList aria-label={`Bewijs bij ${c.code}`}>
          {c.evidence.map((e) => <UnorderedListItem key={e.id}>{e.title}: {e.herkomst}</UnorderedListItem>)}
        </UnorderedList>
      )}
      {mayWrite ? (
        <Editor
          name={`Zelfevaluatie ${c.code}`}
          form={CRITERION_FORM as unknown as Form}
          initial={z ? { oordeel: z.oordeel, text: z.text } : undefined}
          send={(body) =>
            data(
              api.PUT('/gear/criteria/{code}/zelfevaluatie', {
                params: { path: { code: c.code }, header: ifMatch(z) },
                // What the editor does not show is kept as it was.
                body: { sterktes: z?.sterktes ?? [], verbeterpunten: z?.verbeterpunten ?? [], ...body } as never,
              }),
            ).then(onSaved)
          }
        />
      ) : null}
    </article>
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
