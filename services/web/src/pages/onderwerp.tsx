/**
 * What the subject pages (Opleiders, Docenten, Leerplekken, Programma's) share: a list with its
 * filters in the URL and a "Nieuwe …" button, one item from the API, its facts, and its audit trail
 * (`…/events`: who did what when, in words).
 */
import { Link, useNavigate, useParams } from 'react-router';
import { useQuery, useQueryClient, type UseQueryResult } from '@tanstack/react-query';
import {
  Button,
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
import type { ReactNode } from 'react';
import type { Schemas } from '../api/client.ts';
import { options } from '../cycles/labels.ts';
import { datumTijd } from '../format.ts';
import { Field, Filters } from '../forms.tsx';
import { Loaded } from '../loaded.tsx';
import { useTitle } from '../layout.tsx';
import { Rows } from '../rows.tsx';
import { useSession } from '../session.tsx';
import { useUrlFilter } from '../url-filter.ts';

/** Who registers subjects (API.md: `kwaliteitsmedewerker`, and the MT, who may all it may). */
const STAFF = ['kwaliteitsmedewerker', 'mt'];

export const ifMatch = (revision: number) => ({ 'If-Match': `"${revision}"` });

/** `/x/:id`: one item from the API (a 404, also for another institute's id, is "Niet gevonden"). */
export function useOne<E>(one: string, get: (id: string) => Promise<E>): UseQueryResult<E> {
  const { id = '' } = useParams();
  return useQuery({ queryKey: [one, id], queryFn: () => get(id) });
}

/**
 * Sends a command with the item's revision: the answer becomes the item, the lists and its audit
 * trail are read again. `shape` turns the form's values into the command (ids, lists).
 */
export function useSend<E extends { id: string; revision: number }>(one: string, lists: string[], item: E, post: (id: string, revision: number, body: Record<string, unknown>) => Promise<E>) {
  const queries = useQueryClient();
  return async (type: string, body: Record<string, unknown>) => {
    const updated = await post(item.id, item.revision, { ...body, type });
    queries.setQueryData([one, item.id], updated);
    for (const list of lists) void queries.invalidateQueries({ queryKey: [list] });
    void queries.invalidateQueries({ queryKey: ['historie', one, item.id] });
  };
}

export function Facts({ facts }: { facts: [string, ReactNode][] }) {
  return (
    <DataList>
      {facts.filter(([, v]) => v !== undefined && v !== '' && v !== null).map(([k, v]) => (
        <DataListItem key={k}><DataListKey>{k}</DataListKey><DataListValue>{v}</DataListValue></DataListItem>
      ))}
    </DataList>
  );
}

/** A section with a heading and a list, or "Nog niets vastgelegd."; `note` says where its data come from. */
export function Listed({ id, title, items, note }: { id: string; title: string; items: string[]; note?: string }) {
  return (
    <section aria-labelledby={id}>
      <Heading2 id={id}>{title}</Heading2>
      {note ? <Paragraph>{note}</Paragraph> : null}
      {items.length === 0 ? <Paragraph>Nog niets vastgelegd.</Paragraph> : (
        <UnorderedList>{items.map((t, i) => <UnorderedListItem key={i}>{t}</UnorderedListItem>)}</UnorderedList>
      )}
    </section>
  );
}

/** A filter of a list: its name in the URL, the API's query parameter it fills, and the choices. */
export interface Filter<Q> {
  url: string;
  param: keyof Q & string;
  label: string;
  choices: Record<string, string>;
}

/** A list page: its h1, "Nieuwe …" for staff, the filters (in the URL), a table whose first column links each item to its page. */
export function ListPage<I extends { id: string }, Q extends object>({ title, list, load, filters = [], create, head, to, cells, children }: {
  title: string;
  /** The query key of the lists (`docenten`). */
  list: string;
  load: (query: Q) => Promise<{ items: I[] }>;
  filters?: Filter<Q>[];
  /** The button to the new-item page, e.g. "Nieuwe docent" (for kwaliteitsmedewerker and MT). */
  create?: string;
  head: string[];
  /** The path of the pages (`docenten`): items at `/docenten/:id`, the new one at `/docenten/nieuw`. */
  to: string;
  /** The row's texts; the first is the link's name (never an id). */
  cells: (item: I, n: number) => ReactNode[];
  children?: ReactNode;
}) {
  useTitle(title);
  const navigate = useNavigate();
  const { session } = useSession();
  const [params, filter] = useUrlFilter();
  const query = Object.fromEntries(filters.flatMap((f) => (params.get(f.url) ? [[f.param, params.get(f.url)]] : []))) as Q;
  const items = useQuery({ queryKey: [list, query], queryFn: () => load(query) });
  return (
    <>
      <Heading1>{title}</Heading1>
      {create && session.user.roles.some((r) => STAFF.includes(r)) ? <Button appearance="primary-action-button" onClick={() => navigate(`/${to}/nieuw`)}>{create}</Button> : null}
      {filters.length ? (
        <Filters>
          {filters.map((f) => <Field key={f.url} kind="select" name={f.url} label={f.label} filter value={params.get(f.url) ?? ''} onChange={filter(f.url)} options={options(f.choices)} />)}
        </Filters>
      ) : null}
      <Loaded query={items}>
        {({ items: found }) => found.length === 0 ? <Paragraph>Niets gevonden met deze filters.</Paragraph> : (
          <Rows head={head}>
            {found.map((item, i) => {
              const [name, ...rest] = cells(item, i + 1);
              return (
                <TableRow key={item.id}>
                  <TableCell><Link className="utrecht-link" to={`/${to}/${item.id}`}>{name}</Link></TableCell>
                  {rest.map((c, j) => <TableCell key={head[j + 1]}>{c}</TableCell>)}
                </TableRow>
              );
            })}
          </Rows>
        )}
      </Loaded>
      {children}
    </>
  );
}

type EventName = { [K in keyof Schemas]: K extends `${infer E}Data` ? E : never }[keyof Schemas];

/** Each event of these subjects in words; typed against the API's event schemas (`<type>Data`). */
const EVENT: Partial<Record<EventName, string>> = {
  OpleiderRegistered: 'opleider aangemeld',
  StartvisitatieScheduled: 'startvisitatie gepland',
  StartvisitatieRecorded: 'startvisitatie vastgelegd',
  OpleiderRecognised: 'erkend',
  ErkenningReminderDue: 'herinnering: de erkenning verloopt binnenkort',
  ErkenningLapsed: 'erkenning verlopen',
  LeohRecorded: 'LEOH-evaluatie ingelezen',
  ZelfevaluatieRecorded: 'zelfevaluatie ingelezen',
  LeohSignalRaised: 'LEOH-signaal afgegeven',
  FunctioneringsgesprekRecorded: 'functioneringsgesprek vastgelegd',
  CmoReferred: 'naar de CMO verwezen',
  CmoDecided: 'CMO-besluit vastgelegd',
  CmoTrajectClosed: 'CMO-traject afgesloten',
  TrainingEnded: 'opleiderschap beëindigd',
  DocentRegistered: 'docent ingeschreven',
  AiosFeedbackRecorded: 'feedback van aios ingelezen',
  FeedbackRoundStarted: '360-feedbackronde gestart',
  Feedback360Recorded: '360-feedback ingelezen',
  FeedbackRoundClosed: '360-feedbackronde gesloten',
  FeedbackRoundOverdue: '360-feedbackronde te laat',
  JaargesprekRecorded: 'jaargesprek vastgelegd',
  ScholingRecorded: 'scholing vastgelegd',
  IntervisieRecorded: 'intervisie vastgelegd',
  DocentDeregistered: 'docent uitgeschreven',
  LeerplekRegistered: 'leerplek ingeschreven',
  OpleiderLinked: 'opleider gekoppeld',
  OpleiderUnlinked: 'opleider ontkoppeld',
  StageopleiderLinked: 'stageopleider gekoppeld',
  StageopleiderUnlinked: 'stageopleider ontkoppeld',
  VisitRecorded: 'bezoek vastgelegd',
  KlimaatGemeten: 'meting veilig leerklimaat vastgelegd',
  VgbRecorded: 'VGB in de driehoek vastgelegd',
  LeerplekSuspended: 'leerplek geschorst',
  LeerplekReinstated: 'schorsing opgeheven',
  ProgrammaRegistered: 'programma ingeschreven',
  FeedbackRoundRecorded: 'feedbackronde ingelezen',
  ReviewedInCommissie: 'besproken in de commissie',
  ProgrammaRevised: 'programma herzien',
  ProgrammaRetired: 'programma beëindigd',
};

/** "Geschiedenis": the item's events, oldest first — when, who, what. */
export function AuditTrail({ one, id, load }: { one: string; id: string; load: () => Promise<{ items: Schemas['EventRecord'][] }> }) {
  const events = useQuery({ queryKey: ['historie', one, id], queryFn: load });
  return (
    <section aria-labelledby="historie">
      <Heading2 id="historie">Geschiedenis</Heading2>
      <Loaded query={events}>
        {({ items }) => (
          <Rows head={['Wanneer', 'Wie', 'Wat']}>
            {items.map((e) => (
              <TableRow key={e.id}>
                <TableCell>{datumTijd(e.time)}</TableCell>
                <TableCell>{e.actor.name}</TableCell>
                <TableCell>{EVENT[e.type as EventName] ?? 'gewijzigd'}</TableCell>
              </TableRow>
            ))}
          </Rows>
        )}
      </Loaded>
    </section>
  );
}
