/**
 * Signalen (complaints, weekstart signals, incidents): the list with filters, a new signal, and one
 * signal with Triage, RecordFollowUp and CloseSignaal as forms when `allowed` names them.
 */
import { Link, useNavigate, useParams } from 'react-router';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Button,
  DataList,
  DataListItem,
  DataListKey,
  DataListValue,
  Heading1,
  Heading2,
  Paragraph,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  UnorderedList,
  UnorderedListItem,
} from '@utrecht/component-library-react/css-module';
import { api, data, type Schemas } from '../api/client.ts';
import type { paths } from '../api/schema.ts';
import type { CommandSpec, Form } from '../cycles/commands.ts';
import { AllowedForms, NewPage } from '../cycles/spec-form.tsx';
import { options } from '../cycles/labels.ts';
import { datum } from '../format.ts';
import { Field, Filters } from '../forms.tsx';
import { Loaded } from '../loaded.tsx';
import { useTitle } from '../layout.tsx';
import { useSession } from '../session.tsx';
import { useUrlFilter } from '../url-filter.ts';
import { NietGevonden } from './volgt.tsx';

type Signaal = Schemas['Signaal'];
type NewSignaal = paths['/signalen']['post']['requestBody']['content']['application/json'];
type SignaalCommand = NonNullable<paths['/signalen/{id}/commands']['post']['requestBody']>['content']['application/json'];
type Payload<T extends SignaalCommand['type']> = Omit<Extract<SignaalCommand, { type: T }>, 'type'>;

const KIND: Record<Signaal['kind'], string> = { klacht: 'klacht', weekstart: 'weekstart', incident: 'incident', overig: 'overig' };
const STATUS: Record<Signaal['status'], string> = { ontvangen: 'ontvangen', 'in-behandeling': 'in behandeling', gesloten: 'gesloten' };
const SEVERITY: Record<NonNullable<Signaal['severity']>, string> = { laag: 'laag', midden: 'midden', hoog: 'hoog' };
/** Who registers and handles signals (the API's roles for ReceiveSignaal). */
const STAFF = ['kwaliteitsmedewerker', 'mt'];

const NEW_SIGNAAL: CommandSpec<NewSignaal> = {
  label: 'Nieuw signaal',
  fields: [
    { name: 'title', label: 'Titel', kind: 'text', description: 'Kort en zonder namen, bijvoorbeeld Klacht over de planning van de terugkomdag' },
    { name: 'kind', label: 'Soort', kind: 'select', choices: options(KIND) },
    { name: 'receivedOn', label: 'Ontvangen op', kind: 'date' },
    { name: 'summary', label: 'Samenvatting', kind: 'textarea', description: 'Wat er gemeld is. Noem geen namen als dat niet nodig is: de tekst is persoonsgegevens zodra hij iemand noemt' },
  ],
};

/** Each command as a form, typed against the API's command union like the cycle commands. */
const COMMANDS: { [T in SignaalCommand['type']]: CommandSpec<Payload<T>> } = {
  Triage: {
    label: 'Signaal beoordelen',
    fields: [
      { name: 'severity', label: 'Ernst', kind: 'select', choices: options(SEVERITY) },
      { name: 'owner', label: 'Behandelaar', kind: 'text', description: 'Een naam of een functie' },
    ],
  },
  RecordFollowUp: {
    label: 'Opvolging vastleggen',
    fields: [
      { name: 'text', label: 'Wat er is gedaan', kind: 'textarea' },
      { name: 'actionRef', label: 'Verbeteractie', kind: 'text', optional: true, description: 'De verbeteractie in een cyclus die hieruit volgt, als die er is' },
    ],
  },
  CloseSignaal: { label: 'Signaal sluiten', fields: [{ name: 'outcome', label: 'Uitkomst', kind: 'textarea' }] },
};

/** `/signalen?status=&soort=`. */
export function Signalen() {
  useTitle('Signalen');
  const navigate = useNavigate();
  const { session } = useSession();
  const [params, filter] = useUrlFilter();
  const status = (params.get('status') ?? '') as Signaal['status'] | '';
  const kind = (params.get('soort') ?? '') as Signaal['kind'] | '';
  const query = { ...(status ? { status } : {}), ...(kind ? { kind } : {}) };
  const list = useQuery({ queryKey: ['signalen', query], queryFn: () => data(api.GET('/signalen', { params: { query } })) });
  return (
    <>
      <Heading1>Signalen</Heading1>
      {session.user.roles.some((r) => STAFF.includes(r)) ? <Button appearance="primary-action-button" onClick={() => navigate('/signalen/nieuw')}>Nieuw signaal</Button> : null}
      <Filters>
        <Field kind="select" name="status" label="Stand" filter value={status} onChange={filter('status')} options={options(STATUS)} />
        <Field kind="select" name="soort" label="Soort" filter value={kind} onChange={filter('soort')} options={options(KIND)} />
      </Filters>
      <Loaded query={list}>
        {({ items }) =>
          items.length === 0 ? (
            <Paragraph>Geen signalen met deze filters.</Paragraph>
          ) : (
            <Table>
              <TableHeader>
                <TableRow>
                  {['Titel', 'Soort', 'Ontvangen op', 'Stand', 'Ernst', 'Opvolgingen'].map((h) => <TableHeaderCell key={h} scope="col">{h}</TableHeaderCell>)}
                </TableRow>
              </TableHeader>
              <TableBody>
                {items.map((s) => (
                  <TableRow key={s.id}>
                    <TableCell><Link className="utrecht-link" to={`/signalen/${s.id}`}>{s.title}</Link></TableCell>
                    <TableCell>{KIND[s.kind]}</TableCell>
                    <TableCell>{datum(s.receivedOn)}</TableCell>
                    <TableCell>{STATUS[s.status]}</TableCell>
                    <TableCell>{s.severity ? SEVERITY[s.severity] : 'nog niet beoordeeld'}</TableCell>
                    <TableCell>{s.followUps}</TableCell>
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

/** `/signalen/nieuw`. */
export function NieuwSignaal() {
  return <NewPage form={NEW_SIGNAAL as unknown as Form} create={(body) => data(api.POST('/signalen', { body: body as never }))} one="signaal" lists="signalen" to={(id) => `/signalen/${id}`} />;
}

/** `/signalen/:id`. */
export function SignaalPage() {
  const { id = '' } = useParams();
  const signaal = useQuery({ queryKey: ['signaal', id], queryFn: () => data(api.GET('/signalen/{id}', { params: { path: { id } } })) });
  useTitle(signaal.data?.title ?? 'Signaal');
  return <Loaded query={signaal} notFound={<NietGevonden what="Dit signaal" />}>{(s) => <SignaalView signaal={s} />}</Loaded>;
}

function SignaalView({ signaal: s }: { signaal: Signaal }) {
  const queries = useQueryClient();
  const send = async (type: SignaalCommand['type'], body: Record<string, unknown>) => {
    const updated = await data(api.POST('/signalen/{id}/commands', { params: { path: { id: s.id }, header: { 'If-Match': `"${s.revision}"` } }, body: { ...body, type } as never }));
    queries.setQueryData(['signaal', s.id], updated);
    void queries.invalidateQueries({ queryKey: ['signalen'] });
  };
  return (
    <>
      <Heading1>{s.title}</Heading1>
      <DataList>
        <DataListItem><DataListKey>Soort</DataListKey><DataListValue>{KIND[s.kind]}</DataListValue></DataListItem>
        <DataListItem><DataListKey>Ontvangen op</DataListKey><DataListValue>{datum(s.receivedOn)}</DataListValue></DataListItem>
        <DataListItem><DataListKey>Stand</DataListKey><DataListValue>{STATUS[s.status]}</DataListValue></DataListItem>
        <DataListItem><DataListKey>Ernst</DataListKey><DataListValue>{s.severity ? SEVERITY[s.severity] : 'nog niet beoordeeld'}</DataListValue></DataListItem>
        {s.owner ? <DataListItem><DataListKey>Behandelaar</DataListKey><DataListValue>{s.owner}</DataListValue></DataListItem> : null}
        {s.summary ? <DataListItem><DataListKey>Samenvatting</DataListKey><DataListValue>{s.summary}</DataListValue></DataListItem> : null}
        {s.closed ? <DataListItem><DataListKey>Gesloten op</DataListKey><DataListValue>{datum(s.closed.at)}{s.closed.outcome ? `: ${s.closed.outcome}` : ''}</DataListValue></DataListItem> : null}
      </DataList>
      <AllowedForms forms={COMMANDS} allowed={s.allowed} revision={s.revision} send={send} />
      <section aria-labelledby="opvolging">
        <Heading2 id="opvolging">Opvolging</Heading2>
        {s.followUps.length === 0 ? <Paragraph>Nog niets vastgelegd.</Paragraph> : (
          <UnorderedList>
            {s.followUps.map((f, i) => <UnorderedListItem key={i}>{datum(f.at)}: {f.text ?? 'opvolging vastgelegd'}{f.actionRef ? ` (verbeteractie ${f.actionRef})` : ''}</UnorderedListItem>)}
          </UnorderedList>
        )}
      </section>
    </>
  );
}
