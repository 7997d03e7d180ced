/**
 * Opleiders: the list with the LEOH group analysis per period, one opleider with the LEOH overview
 * per period and the actions `allowed` names as forms; and the CMO's queue of open screenings with
 * the LEOH signals behind them. What a role may not see the API leaves out; a CMO rationale is shown
 * to the CMO only (the MT reads the queue and the decisions, not why).
 */
import { Link } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import {
  DataList,
  DataListItem,
  DataListKey,
  DataListValue,
  Heading1,
  Heading2,
  Paragraph,
  TableCell,
  TableRow,
  UnorderedList,
  UnorderedListItem,
} from '@utrecht/component-library-react/css-module';
import { api, data, type Schemas } from '../api/client.ts';
import type { paths } from '../api/schema.ts';
import type { CommandSpec, Form } from '../cycles/commands.ts';
import { AllowedForms, NewPage } from '../cycles/spec-form.tsx';
import { options } from '../cycles/labels.ts';
import { datum, getal } from '../format.ts';
import { Field } from '../forms.tsx';
import { Loaded } from '../loaded.tsx';
import { Rows } from '../rows.tsx';
import { useTitle } from '../layout.tsx';
import { useSession } from '../session.tsx';
import { useUrlFilter } from '../url-filter.ts';
import { AuditTrail, ifMatch, ListPage, useOne, useSend } from './onderwerp.tsx';
import { NietGevonden } from './volgt.tsx';

type Opleider = Schemas['Opleider'];
type OpleiderCommand = NonNullable<paths['/opleiders/{id}/commands']['post']['requestBody']>['content']['application/json'];
/** LEOH and self-evaluation scores come from the LEOH import (`integratie`), not from a form. */
type FormCommand = Exclude<OpleiderCommand['type'], 'RecordLeoh' | 'RecordZelfevaluatie'>;
type Payload<T extends OpleiderCommand['type']> = Omit<Extract<OpleiderCommand, { type: T }>, 'type' | 'subjectId'>;

/** Groups under this many respondents show no figures (BRIEF.md; the API's minRespondents). */
const MIN_RESPONDENTS = 5;
const TOO_FEW = 'te weinig respons';

const STATUS: Record<Opleider['status'], string> = { aangemeld: 'aangemeld', startvisitatie: 'startvisitatie', erkend: 'erkend', verlopen: 'erkenning verlopen', beeindigd: 'beëindigd' };
const CMO_STATUS: Record<NonNullable<Opleider['cmo']>['status'], string> = {
  screening: 'screening', monitoring: 'monitoring', ondersteuningstraject: 'ondersteuningstraject', lopend: 'lopend', afgesloten: 'afgesloten',
};
const DECISION = { 'geen-actie': 'geen actie', monitoring: 'monitoring', ondersteuningstraject: 'ondersteuningstraject' } as const;
const OUTCOME = { verbeterd: 'verbeterd', afscheid: 'afscheid' } as const;
const rationale = { name: 'rationale', label: 'Onderbouwing', kind: 'textarea', description: 'Alleen de CMO en het MT lezen dit' } as const;

const COMMANDS: { [T in FormCommand]: CommandSpec<Payload<T>> } = {
  ScheduleStartvisitatie: { label: 'Startvisitatie plannen', fields: [{ name: 'date', label: 'Datum', kind: 'date' }] },
  RecordStartvisitatie: {
    label: 'Startvisitatie vastleggen',
    fields: [
      { name: 'stage', label: 'Soort', kind: 'select', choices: options({ telefonisch: 'telefonisch gesprek', bezoek: 'bezoek' }) },
      { name: 'outcome', label: 'Uitkomst', kind: 'select', choices: options({ positief: 'positief', voorwaarden: 'onder voorwaarden', negatief: 'negatief' }) },
      { name: 'date', label: 'Datum', kind: 'date', optional: true },
      { name: 'visitor', label: 'Bezoeker', kind: 'text', optional: true },
    ],
  },
  Recognise: { label: 'Erkennen', fields: [{ name: 'until', label: 'Erkend tot en met', kind: 'date' }] },
  RecordFunctioneringsgesprek: {
    label: 'Functioneringsgesprek vastleggen',
    fields: [
      { name: 'date', label: 'Datum', kind: 'date' },
      { name: 'summary', label: 'Samenvatting', kind: 'textarea' },
      { name: 'agreements', label: 'Afspraken', kind: 'textarea', description: 'Eén afspraak per regel' },
    ],
  },
  ReferToCmo: { label: 'Naar de CMO verwijzen', fields: [{ name: 'reason', label: 'Reden', kind: 'textarea' }] },
  DecideCmo: { label: 'CMO-besluit vastleggen', fields: [{ name: 'decision', label: 'Besluit', kind: 'select', choices: options(DECISION) }, rationale] },
  CloseCmoTraject: { label: 'CMO-traject afsluiten', fields: [{ name: 'outcome', label: 'Uitkomst', kind: 'select', choices: options(OUTCOME) }, rationale] },
  EndTraining: { label: 'Opleiderschap beëindigen', fields: [{ name: 'reason', label: 'Reden', kind: 'textarea' }] },
};

/** A textarea of one agreement per line is the command's list. */
const asCommand = (body: Record<string, unknown>) =>
  body.type === 'RecordFunctioneringsgesprek' ? { ...body, agreements: String(body.agreements ?? '').split('\n').map((a) => a.trim()).filter(Boolean) } : body;

type NewOpleider = paths['/opleiders']['post']['requestBody']['content']['application/json'];
const NEW_OPLEIDER: CommandSpec<NewOpleider> = {
  label: 'Nieuwe opleider',
  fields: [
    { name: 'name', label: 'Naam', kind: 'text' },
    { name: 'practice', label: 'Praktijk', kind: 'text', description: 'De naam van de praktijk en de plaats, bijvoorbeeld Huisartsenpraktijk De Linde, Utrecht' },
    { name: 'email', label: 'E-mail', kind: 'text', optional: true },
  ],
};
/** The name, or where the API leaves it out (an auditor) the practice. */
const opleiderName = (o: { name?: string; practice?: string }) => o.name ?? `Opleider van ${o.practice ?? 'een praktijk'}`;
const opleiders = (query: NonNullable<paths['/opleiders']['get']['parameters']['query']>) => data(api.GET('/opleiders', { params: { query } }));

/** `/opleiders?stand=&cmo=&periode=`: the list and the LEOH group analysis of a period. */
export function Opleiders() {
  const [params, filter] = useUrlFilter();
  const period = params.get('periode') ?? '';
  const summary = useQuery({ queryKey: ['leoh-summary', period], queryFn: () => data(api.GET('/opleiders/leoh/summary', { params: { query: period ? { period } : {} } })) });
  return (
    <ListPage
      title="Opleiders" list="opleiders" to="opleiders" create="Nieuwe opleider" load={opleiders}
      filters={[{ url: 'stand', param: 'status', label: 'Stand', choices: STATUS }, { url: 'cmo', param: 'cmo', label: 'CMO', choices: { open: 'open screening of traject' } }]}
      head={['Opleider', 'Praktijk', 'Stand', 'Erkend tot en met', 'LEOH-evaluaties', 'Signalen', 'CMO']}
      cells={(o) => [opleiderName(o), o.practice, STATUS[o.status], datum(o.recognisedUntil), o.counts.leoh, o.counts.signals, o.cmo ? CMO_STATUS[o.cmo.status] : '']}
    >
      <section aria-labelledby="leoh-groep">
        <Heading2 id="leoh-groep">LEOH-groepsanalyse</Heading2>
        <form className="gearbox-forms" onSubmit={(e) => e.preventDefault()} aria-label="Periode kiezen">
          <Field kind="text" name="periode" label="Periode" optional description="Bijvoorbeeld 2026-H1; leeg is alle perioden" value={period} onChange={filter('periode')} />
        </form>
        <Loaded query={summary}>
          {(s) => (
            <>
              <Paragraph>Respondenten: {s.respondents}. Groepen van minder dan {s.minRespondents} respondenten tonen geen cijfers.</Paragraph>
              <Rows head={['Item', 'Respondenten', 'Gemiddelde']}>
                {s.items.map((i) => (
                  <TableRow key={i.item}>
                    <TableCell>{i.title ?? i.item}</TableCell>
                    <TableCell>{'result' in i ? TOO_FEW : i.respondents}</TableCell>
                    <TableCell>{'result' in i ? TOO_FEW : getal(i.mean)}</TableCell>
                  </TableRow>
                ))}
              </Rows>
            </>
          )}
        </Loaded>
      </section>
    </ListPage>
  );
}

/** `/opleiders/nieuw`. */
export function NieuweOpleider() {
  return <NewPage form={NEW_OPLEIDER as unknown as Form} create={(body) => data(api.POST('/opleiders', { body: body as NewOpleider }))} one="opleider" lists="opleiders" to={(id) => `/opleiders/${id}`} />;
}

/** `/opleiders/:id`. */
export function OpleiderPage() {
  const opleider = useOne('opleider', (id) => data(api.GET('/opleiders/{id}', { params: { path: { id } } })));
  useTitle(opleider.data ? opleiderName(opleider.data) : 'Opleider');
  return <Loaded query={opleider} notFound={<NietGevonden what="Deze opleider" />}>{(o) => <OpleiderView opleider={o} />}</Loaded>;
}

/** LEOH per period: per item the mean of the period's evaluations, or "te weinig respons" under five. */
function leohPerPeriod(leoh: NonNullable<Opleider['leoh']>) {
  const periods = [...new Set(leoh.map((l) => l.period))].sort();
  const items = [...new Set(leoh.flatMap((l) => Object.keys(l.scores)))].sort();
  return {
    items,
    rows: periods.map((period) => {
      const of = leoh.filter((l) => l.period === period);
      const means = items.map((item) => {
        const scores = of.flatMap((l) => (item in l.scores ? [l.scores[item]!] : []));
        return of.length < MIN_RESPONDENTS || !scores.length ? TOO_FEW : getal(scores.reduce((a, b) => a + b, 0) / scores.length);
      });
      return { period, n: of.length, means };
    }),
  };
}

function OpleiderView({ opleider: o }: { opleider: Opleider }) {
  const { session } = useSession();
  const cmo = session.user.roles.includes('cmo');
  const send = useSend('opleider', ['opleiders', 'cmo-queue'], o, (id, revision, body) => data(api.POST('/opleiders/{id}/commands', { params: { path: { id }, header: ifMatch(revision) }, body: asCommand(body) as OpleiderCommand })));
  const leoh = leohPerPeriod(o.leoh ?? []);
  return (
    <>
      <Heading1>{opleiderName(o)}</Heading1>
      <DataList>
        {o.practice ? <DataListItem><DataListKey>Praktijk</DataListKey><DataListValue>{o.practice}</DataListValue></DataListItem> : null}
        <DataListItem><DataListKey>Stand</DataListKey><DataListValue>{STATUS[o.status]}</DataListValue></DataListItem>
        {o.recognisedUntil ? <DataListItem><DataListKey>Erkend tot en met</DataListKey><DataListValue>{datum(o.recognisedUntil)}</DataListValue></DataListItem> : null}
        {o.startvisitatie ? <DataListItem><DataListKey>Startvisitatie</DataListKey><DataListValue>{o.startvisitatie.status}{o.startvisitatie.date ? ` (${datum(o.startvisitatie.date)})` : ''}</DataListValue></DataListItem> : null}
      </DataList>
      <section aria-labelledby="leoh">
        <Heading2 id="leoh">LEOH per periode</Heading2>
        <Paragraph>De LEOH-evaluaties en zelfevaluaties komen uit de import van het evaluatiesysteem (de koppeling van het instituut), niet uit een formulier.</Paragraph>
        {leoh.rows.length === 0 ? <Paragraph>Geen LEOH-evaluaties.</Paragraph> : (
          <Rows head={['Periode', 'Respondenten', ...leoh.items]}>
            {leoh.rows.map((r) => (
              <TableRow key={r.period}>
                <TableCell>{r.period}</TableCell>
                <TableCell>{r.n}</TableCell>
                {r.means.map((m, i) => <TableCell key={leoh.items[i]}>{m}</TableCell>)}
              </TableRow>
            ))}
          </Rows>
        )}
      </section>
      {o.cmo ? (
        <section aria-labelledby="cmo">
          <Heading2 id="cmo">CMO</Heading2>
          <Paragraph>{CMO_STATUS[o.cmo.status]} sinds {datum(o.cmo.openedAt)}{o.cmo.openedBy === 'verwijzing' ? ', na een verwijzing' : o.cmo.openedBy === 'signaal' ? ', na een LEOH-signaal' : ''}.</Paragraph>
          {o.cmo.decisions?.length ? (
            <UnorderedList>
              {o.cmo.decisions.map((d) => <UnorderedListItem key={d.at}>{datum(d.at)}: {DECISION[d.decision]}{cmo ? ` — ${d.rationale}` : ''}</UnorderedListItem>)}
            </UnorderedList>
          ) : null}
        </section>
      ) : null}
      <Signals signals={o.signals ?? []} />
      <AllowedForms forms={COMMANDS} allowed={o.allowed} revision={o.revision} send={send} />
      <AuditTrail one="opleider" id={o.id} load={() => data(api.GET('/opleiders/{id}/events', { params: { path: { id: o.id } } }))} />
    </>
  );
}

function Signals({ signals }: { signals: NonNullable<Opleider['signals']> }) {
  if (!signals.length) return null;
  return (
    <section aria-labelledby="signalen">
      <Heading2 id="signalen">LEOH-signalen</Heading2>
      <UnorderedList>
        {signals.map((s) => (
          <UnorderedListItem key={s.evaluationId}>
            {s.period}: {s.items.map((i) => `${i.item} ${getal(i.score)}`).join(', ')} (drempel {getal(s.threshold)}), op {datum(s.raisedAt)}
          </UnorderedListItem>
        ))}
      </UnorderedList>
    </section>
  );
}

/** `/cmo`: open screenings and trajects, oldest first, with the LEOH signals behind them. */
export function Cmo() {
  useTitle('CMO');
  const queue = useQuery({ queryKey: ['cmo-queue'], queryFn: () => data(api.GET('/cmo/queue')) });
  return (
    <>
      <Heading1>CMO</Heading1>
      <Loaded query={queue}>
        {({ items }) =>
          items.length === 0 ? <Paragraph>Geen open screenings of trajecten.</Paragraph> : (
            <Rows head={['Opleider', 'Praktijk', 'Stand', 'Geopend op', 'Aanleiding', 'Laatste besluit']}>
              {items.map((q) => (
                <TableRow key={q.opleiderId}>
                  <TableCell><Link className="utrecht-link" to={`/opleiders/${q.opleiderId}`}>{q.name}</Link></TableCell>
                  <TableCell>{q.practice}</TableCell>
                  <TableCell>{CMO_STATUS[q.cmo.status]}</TableCell>
                  <TableCell>{datum(q.cmo.openedAt)}</TableCell>
                  <TableCell>
                    {q.cmo.referral ? `verwijzing: ${q.cmo.referral.reason}` : q.signals.map((s) => `LEOH ${s.period}: ${s.items.map((i) => `${i.item} ${getal(i.score)}`).join(', ')} (drempel ${getal(s.threshold)})`).join('; ')}
                  </TableCell>
                  <TableCell>{q.cmo.decisions.length ? DECISION[q.cmo.decisions.at(-1)!.decision] : 'nog geen'}</TableCell>
                </TableRow>
              ))}
            </Rows>
          )
        }
      </Loaded>
    </>
  );
}
