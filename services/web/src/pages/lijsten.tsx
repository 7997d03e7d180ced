/**
 * Docenten, Leerplekken and Programma's: each a list, one item with what the role may read (the API
 * leaves out the rest), and the commands `allowed` names as forms. Ids are never typed: a new round,
 * course, visit or revision gets one from its text. Scores (feedback, LEOH-like rounds) come from
 * the import (`integratie`), not from a form; linking an opleider or a VGB needs a picker (not yet).
 */
import { Link, useParams } from 'react-router';
import { useQuery, useQueryClient, type UseQueryResult } from '@tanstack/react-query';
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
import type { ReactNode } from 'react';
import { api, data, type Schemas } from '../api/client.ts';
import type { paths } from '../api/schema.ts';
import { newId, type CommandSpec } from '../cycles/commands.ts';
import { AllowedForms } from '../cycles/spec-form.tsx';
import { options } from '../cycles/labels.ts';
import { datum, getal } from '../format.ts';
import { Loaded } from '../loaded.tsx';
import { useTitle } from '../layout.tsx';
import { Rows } from '../rows.tsx';
import { NietGevonden } from './volgt.tsx';

type Body<P extends keyof paths> = paths[P] extends { post: { requestBody?: { content: { 'application/json': infer B } } } } ? B : never;
type DocentCommand = Body<'/docenten/{id}/commands'>;
type LeerplekCommand = Body<'/leerplekken/{id}/commands'>;
type ProgrammaCommand = Body<'/programmas/{id}/commands'>;
/** A command's form without the id the page makes (`K`) and what the server fills. */
type Payload<C, T, K extends string = never> = Omit<Extract<C, { type: T }>, 'type' | 'subjectId' | K>;
/** The commands that have a form: per type its spec, typed against the API's union. */
type Forms<C extends { type: string }, T extends C['type'], Ids extends Partial<Record<T, string>>> = {
  [K in T]: CommandSpec<Payload<C, K, K extends keyof Ids ? Ids[K] & string : never>>;
};

/** Per command the id it gets: its field, the field whose text it is made from, and the ids already used. */
type IdRule<E> = { field: string; from: string; taken: (item: E) => string[] };

/** A textarea of one entry per line is the command's list. */
const LIST_FIELDS = ['agreements', 'peers', 'visitors'];
function asCommand<E>(item: E, body: Record<string, unknown>, rule: IdRule<E> | undefined): Record<string, unknown> {
  const out = { ...body };
  for (const f of LIST_FIELDS) if (typeof out[f] === 'string') out[f] = String(out[f]).split('\n').map((l) => l.trim()).filter(Boolean);
  if (rule) out[rule.field] = newId(String(body[rule.from] ?? ''), rule.taken(item));
  return out;
}

const reason = { name: 'reason', label: 'Reden', kind: 'textarea' } as const;
const perLine = 'Eén per regel';

/** `/x/:id`: one item from the API, "Niet gevonden" when it is not of this institute. */
function useOne<E>(one: string, get: (id: string) => Promise<E>): UseQueryResult<E> {
  const { id = '' } = useParams();
  return useQuery({ queryKey: [one, id], queryFn: () => get(id) });
}

/** Sends a command with the item's revision and shows the API's answer. */
function useSend<E extends { id: string; revision: number }>(one: string, lists: string, item: E, post: (id: string, revision: number, body: Record<string, unknown>) => Promise<E>, ids: Partial<Record<string, IdRule<E>>>) {
  const queries = useQueryClient();
  return async (type: string, body: Record<string, unknown>) => {
    const updated = await post(item.id, item.revision, { ...asCommand(item, body, ids[type]), type });
    queries.setQueryData([one, item.id], updated);
    void queries.invalidateQueries({ queryKey: [lists] });
  };
}

const ifMatch = (revision: number) => ({ 'If-Match': `"${revision}"` });

function Facts({ facts }: { facts: [string, ReactNode][] }) {
  return (
    <DataList>
      {facts.filter(([, v]) => v !== undefined && v !== '' && v !== null).map(([k, v]) => (
        <DataListItem key={k}><DataListKey>{k}</DataListKey><DataListValue>{v}</DataListValue></DataListItem>
      ))}
    </DataList>
  );
}

/** A section with a heading and a list, or "Nog niets vastgelegd." */
function Listed({ id, title, items }: { id: string; title: string; items: string[] }) {
  return (
    <section aria-labelledby={id}>
      <Heading2 id={id}>{title}</Heading2>
      {items.length === 0 ? <Paragraph>Nog niets vastgelegd.</Paragraph> : (
        <UnorderedList>{items.map((t, i) => <UnorderedListItem key={i}>{t}</UnorderedListItem>)}</UnorderedList>
      )}
    </section>
  );
}

/** A list page: its h1, and a table whose first column links each item to its page. */
function ListPage<I extends { id: string }>({ title, query, head, to, cells }: {
  title: string;
  query: UseQueryResult<{ items: I[] }>;
  head: string[];
  to: string;
  /** The row's texts; the first is the link's name (never an id). */
  cells: (item: I, n: number) => ReactNode[];
}) {
  useTitle(title);
  return (
    <>
      <Heading1>{title}</Heading1>
      <Loaded query={query}>
        {({ items }) => (
          <Rows head={head}>
            {items.map((item, i) => {
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
    </>
  );
}

const scores = (s: Record<string, number> | null | undefined) => Object.entries(s ?? {}).map(([k, v]) => `${k} ${getal(v)}`).join(', ');

// Docenten

type Docent = Schemas['Docent'];
const DOCENT_STATUS: Record<Docent['status'], string> = { actief: 'actief', vertrokken: 'vertrokken' };
const SOURCE = { aios: 'aios', collega: 'collega', opleider: 'opleider', leidinggevende: 'leidinggevende', zelf: 'zelf' } as const;
const DOCENT_IDS = { StartFeedbackRound: 'roundId', RecordScholing: 'scholingId', RecordIntervisie: 'intervisieId' } as const;
const DOCENT_FORMS: Forms<DocentCommand, 'StartFeedbackRound' | 'RecordJaargesprek' | 'RecordScholing' | 'RecordIntervisie' | 'DeregisterDocent', typeof DOCENT_IDS> = {
  StartFeedbackRound: {
    label: '360-feedbackronde starten',
    fields: [
      { name: 'year', label: 'Jaar', kind: 'number' },
      { name: 'sources', label: 'Bronnen', kind: 'checkboxes', choices: options(SOURCE) },
      { name: 'due', label: 'Uiterlijk klaar op', kind: 'date' },
    ],
  },
  RecordJaargesprek: {
    label: 'Jaargesprek vastleggen',
    fields: [
      { name: 'year', label: 'Jaar', kind: 'number' },
      { name: 'date', label: 'Datum', kind: 'date' },
      { name: 'agreements', label: 'Afspraken', kind: 'textarea', description: perLine },
      { name: 'summary', label: 'Samenvatting', kind: 'textarea', optional: true },
    ],
  },
  RecordScholing: {
    label: 'Scholing vastleggen',
    fields: [
      { name: 'title', label: 'Scholing', kind: 'text' },
      { name: 'hours', label: 'Uren', kind: 'number' },
      { name: 'date', label: 'Datum', kind: 'date' },
      { name: 'provider', label: 'Aanbieder', kind: 'text', optional: true },
    ],
  },
  RecordIntervisie: {
    label: 'Intervisie vastleggen',
    fields: [
      { name: 'date', label: 'Datum', kind: 'date' },
      { name: 'peers', label: 'Deelnemers', kind: 'textarea', description: perLine },
      { name: 'theme', label: 'Thema', kind: 'text', optional: true },
    ],
  },
  DeregisterDocent: { label: 'Docent uitschrijven', fields: [reason] },
};
const DOCENT_ID_RULES: Record<keyof typeof DOCENT_IDS, IdRule<Docent>> = {
  StartFeedbackRound: { field: 'roundId', from: 'year', taken: (d) => (d.rounds ?? []).map((r) => r.roundId) },
  RecordScholing: { field: 'scholingId', from: 'title', taken: (d) => (d.scholing ?? []).map((s) => s.scholingId) },
  RecordIntervisie: { field: 'intervisieId', from: 'date', taken: (d) => (d.intervisie ?? []).map((i) => i.intervisieId) },
};
const docentName = (d: { name?: string; role?: string }, n: number) => d.name ?? `Docent ${n}${d.role ? ` (${d.role})` : ''}`;

/** `/docenten`. */
export function Docenten() {
  const list = useQuery({ queryKey: ['docenten'], queryFn: () => data(api.GET('/docenten')) });
  return <ListPage title="Docenten" query={list} to="docenten" head={['Docent', 'Rol', 'Stand', 'Feedback', 'Jaargesprekken']} cells={(d, n) => [docentName(d, n), d.role, DOCENT_STATUS[d.status], d.counts.feedback, d.counts.jaargesprekken]} />;
}

/** `/docenten/:id`. */
export function DocentPage() {
  const docent = useOne('docent', (id) => data(api.GET('/docenten/{id}', { params: { path: { id } } })));
  useTitle(docent.data?.name ?? 'Docent');
  return <Loaded query={docent} notFound={<NietGevonden what="Deze docent" />}>{(d) => <DocentView docent={d} />}</Loaded>;
}

function DocentView({ docent: d }: { docent: Docent }) {
  const send = useSend('docent', 'docenten', d, (id, revision, body) => data(api.POST('/docenten/{id}/commands', { params: { path: { id }, header: ifMatch(revision) }, body: body as never })), DOCENT_ID_RULES);
  return (
    <>
      <Heading1>{docentName(d, 1)}</Heading1>
      <Facts facts={[['Rol', d.role], ['Stand', DOCENT_STATUS[d.status]], ['E-mail', d.email], ['Ingeschreven op', datum(d.registeredAt)], ['Vertrokken op', d.left ? `${datum(d.left.at)}${d.left.reason ? `: ${d.left.reason}` : ''}` : undefined], ['Scholing', d.counts ? `${getal(d.counts.scholingHours)} uur` : undefined]]} />
      <Listed id="feedback" title="Feedback van aios" items={(d.feedback ?? []).map((f) => `${datum(f.date)}, ${f.programme}: ${f.n} respondenten; ${scores(f.scores)}`)} />
      <Listed id="rondes" title="360-feedbackrondes" items={(d.rounds ?? []).map((r) => `${r.year}: ${r.sources.join(', ')}, uiterlijk ${datum(r.due)}, ${r.status === 'open' ? (r.overdue ? 'te laat' : 'open') : 'gesloten'} (${r.responses.length} reacties)`)} />
      <Listed id="jaargesprekken" title="Jaargesprekken" items={(d.jaargesprekken ?? []).map((j) => `${j.year}: ${datum(j.date)}${j.agreements?.length ? `; afspraken: ${j.agreements.join('; ')}` : ''}`)} />
      <Listed id="scholing" title="Scholing" items={(d.scholing ?? []).map((s) => `${datum(s.date)}: ${s.title} (${getal(s.hours)} uur${s.provider ? `, ${s.provider}` : ''})`)} />
      <Listed id="intervisie" title="Intervisie" items={(d.intervisie ?? []).map((i) => `${datum(i.date)}${i.theme ? `: ${i.theme}` : ''} (${i.peers.join(', ')})`)} />
      <AllowedForms forms={DOCENT_FORMS} allowed={d.allowed} revision={d.revision} send={send} />
    </>
  );
}

// Leerplekken

type Leerplek = Schemas['Leerplek'];
const LEERPLEK_KIND = { opleidingspraktijk: 'opleidingspraktijk', stageplaats: 'stageplaats' } as const;
const LEERPLEK_STATUS: Record<Leerplek['status'], string> = { actief: 'actief', geschorst: 'geschorst' };
const VISIT_KIND = { praktijkbezoek: 'praktijkbezoek', stagebezoek: 'stagebezoek', hervisitatie: 'hervisitatie' } as const;
const LEERPLEK_IDS = { LinkStageopleider: 'stageopleiderId', RecordVisit: 'visitId', RecordKlimaatMeting: 'measurementId' } as const;
const LEERPLEK_FORMS: Forms<LeerplekCommand, 'LinkStageopleider' | 'RecordVisit' | 'RecordKlimaatMeting' | 'SuspendLeerplek' | 'ReinstateLeerplek', typeof LEERPLEK_IDS> = {
  LinkStageopleider: {
    label: 'Stageopleider koppelen',
    fields: [{ name: 'name', label: 'Naam', kind: 'text' }, { name: 'specialism', label: 'Specialisme', kind: 'text', optional: true }],
  },
  RecordVisit: {
    label: 'Bezoek vastleggen',
    fields: [
      { name: 'date', label: 'Datum', kind: 'date' },
      { name: 'kind', label: 'Soort bezoek', kind: 'select', choices: options(VISIT_KIND) },
      { name: 'report', label: 'Verslag', kind: 'textarea' },
      { name: 'visitors', label: 'Bezoekers', kind: 'textarea', optional: true, description: perLine },
    ],
  },
  RecordKlimaatMeting: {
    label: 'Meting veilig leerklimaat vastleggen',
    fields: [
      { name: 'measuredAt', label: 'Gemeten op', kind: 'date' },
      { name: 'shareSafe', label: 'Voelt zich veilig (%)', kind: 'number', description: 'Van 0 tot en met 100' },
      { name: 'n', label: 'Respondenten', kind: 'number' },
      { name: 'source', label: 'Bron', kind: 'text', description: 'Bijvoorbeeld de aios-enquête' },
    ],
  },
  SuspendLeerplek: { label: 'Leerplek schorsen', fields: [reason] },
  ReinstateLeerplek: { label: 'Schorsing opheffen', fields: [reason] },
};
const LEERPLEK_ID_RULES: Record<keyof typeof LEERPLEK_IDS, IdRule<Leerplek>> = {
  LinkStageopleider: { field: 'stageopleiderId', from: 'name', taken: (l) => (l.stageopleiders ?? []).map((s) => s.stageopleiderId) },
  RecordVisit: { field: 'visitId', from: 'date', taken: (l) => (l.visits ?? []).map((v) => v.visitId) },
  RecordKlimaatMeting: { field: 'measurementId', from: 'measuredAt', taken: (l) => (l.klimaat ?? []).map((k) => k.measurementId) },
};

/** `/leerplekken`. */
export function Leerplekken() {
  const list = useQuery({ queryKey: ['leerplekken'], queryFn: () => data(api.GET('/leerplekken')) });
  return <ListPage title="Leerplekken" query={list} to="leerplekken" head={['Leerplek', 'Soort', 'Plaats', 'Stand', 'Bezoeken', 'Metingen leerklimaat']} cells={(l) => [l.name, LEERPLEK_KIND[l.kind], l.location, LEERPLEK_STATUS[l.status], l.counts?.visits ?? 0, l.counts?.klimaat ?? 0]} />;
}

/** `/leerplekken/:id`. */
export function LeerplekPage() {
  const leerplek = useOne('leerplek', (id) => data(api.GET('/leerplekken/{id}', { params: { path: { id } } })));
  useTitle(leerplek.data?.name ?? 'Leerplek');
  return <Loaded query={leerplek} notFound={<NietGevonden what="Deze leerplek" />}>{(l) => <LeerplekView leerplek={l} />}</Loaded>;
}

function LeerplekView({ leerplek: l }: { leerplek: Leerplek }) {
  const send = useSend('leerplek', 'leerplekken', l, (id, revision, body) => data(api.POST('/leerplekken/{id}/commands', { params: { path: { id }, header: ifMatch(revision) }, body: body as never })), LEERPLEK_ID_RULES);
  const last = l.klimaatLaatst;
  return (
    <>
      <Heading1>{l.name ?? 'Leerplek'}</Heading1>
      <Facts facts={[['Soort', l.kind ? LEERPLEK_KIND[l.kind] : undefined], ['Plaats', l.location], ['Specialisme', l.specialism], ['Stand', LEERPLEK_STATUS[l.status]], ['Veilig leerklimaat', last ? `${getal(last.shareSafe)}% voelt zich veilig (${last.n} respondenten, ${datum(last.measuredAt)})` : undefined]]} />
      <Listed id="stageopleiders" title="Stageopleiders" items={(l.stageopleiders ?? []).map((s) => `${s.name ?? 'stageopleider'}${s.specialism ? ` (${s.specialism})` : ''}`)} />
      <Listed id="bezoeken" title="Bezoeken" items={(l.visits ?? []).map((v) => `${datum(v.date)}, ${v.kind}: ${v.report}`)} />
      <Listed id="klimaat" title="Veilig leerklimaat" items={(l.klimaat ?? []).map((k) => `${datum(k.measuredAt)}: ${getal(k.shareSafe)}% veilig, ${k.n} respondenten (${k.source})`)} />
      <Listed id="schorsingen" title="Schorsingen" items={(l.suspensions ?? []).map((s) => `${datum(s.at)}: ${s.reason}${s.reinstated ? `; opgeheven op ${datum(s.reinstated.at)}` : ''}`)} />
      <AllowedForms forms={LEERPLEK_FORMS} allowed={l.allowed} revision={l.revision} send={send} />
    </>
  );
}

// Programma's

type Programma = Schemas['Programma'];
const PROGRAMMA_STATUS: Record<Programma['status'], string> = { actief: 'actief', beeindigd: 'beëindigd' };
const GROUP: Record<Programma['rounds'][number]['group'], string> = { aios: 'aios', docenten: 'docenten', opleiders: 'opleiders' };
const PROGRAMMA_IDS = { ReviewInCommissie: 'reviewId', ReviseProgramma: 'revisionId' } as const;
/** The forms of one programma: a review names its feedback rounds. */
const programmaForms = (p: Programma): Forms<ProgrammaCommand, 'ReviewInCommissie' | 'ReviseProgramma' | 'RetireProgramma', typeof PROGRAMMA_IDS> => ({
  ReviewInCommissie: {
    label: 'Bespreking in de commissie vastleggen',
    fields: [
      { name: 'date', label: 'Datum', kind: 'date' },
      { name: 'roundIds', label: 'Besproken feedbackrondes', kind: 'checkboxes', choices: p.rounds.map((r) => ({ value: r.roundId, label: `${datum(r.date)}, ${GROUP[r.group]}` })) },
      { name: 'conclusions', label: 'Conclusies', kind: 'textarea' },
    ],
  },
  ReviseProgramma: {
    label: 'Herziening vastleggen',
    fields: [{ name: 'summary', label: 'Wat er verandert', kind: 'textarea' }, { name: 'effectiveFrom', label: 'Geldt vanaf', kind: 'date' }],
  },
  RetireProgramma: { label: 'Programma beëindigen', fields: [reason] },
});
const PROGRAMMA_ID_RULES: Record<keyof typeof PROGRAMMA_IDS, IdRule<Programma>> = {
  ReviewInCommissie: { field: 'reviewId', from: 'date', taken: (p) => p.reviews.map((r) => r.reviewId) },
  ReviseProgramma: { field: 'revisionId', from: 'effectiveFrom', taken: (p) => p.revisions.map((r) => r.revisionId) },
};

/** `/programmas`. */
export function Programmas() {
  const list = useQuery({ queryKey: ['programmas'], queryFn: () => data(api.GET('/programmas')) });
  return <ListPage title="Programma's" query={list} to="programmas" head={['Programma', 'Jaar', 'Stand', 'Feedbackrondes', 'Besprekingen', 'Herzieningen']} cells={(p) => [p.title, p.year ?? '', PROGRAMMA_STATUS[p.status], p.rounds, p.reviews, p.revisions]} />;
}

/** `/programmas/:id`. */
export function ProgrammaPage() {
  const programma = useOne('programma', (id) => data(api.GET('/programmas/{id}', { params: { path: { id } } })));
  useTitle(programma.data?.title ?? 'Programma');
  return <Loaded query={programma} notFound={<NietGevonden what="Dit programma" />}>{(p) => <ProgrammaView programma={p} />}</Loaded>;
}

function ProgrammaView({ programma: p }: { programma: Programma }) {
  const send = useSend('programma', 'programmas', p, (id, revision, body) => data(api.POST('/programmas/{id}/commands', { params: { path: { id }, header: ifMatch(revision) }, body: body as never })), PROGRAMMA_ID_RULES);
  return (
    <>
      <Heading1>{p.title}</Heading1>
      <Facts facts={[['Omschrijving', p.description], ['Opleidingsjaar', p.year], ['Coördinator', p.coordinator], ['Stand', PROGRAMMA_STATUS[p.status]], ['Beëindigd op', p.retired ? `${datum(p.retired.at)}: ${p.retired.reason}` : undefined]]} />
      <Listed id="rondes" title="Feedbackrondes" items={p.rounds.map((r) => `${datum(r.date)}, ${GROUP[r.group]}: ${r.n} respondenten; ${r.mean === null ? 'te weinig respons' : `gemiddeld ${getal(r.mean)} (${scores(r.scores)})`}`)} />
      <Listed id="besprekingen" title="Besprekingen in de commissie" items={p.reviews.map((r) => `${datum(r.date)}: ${r.conclusions}`)} />
      <Listed id="herzieningen" title="Herzieningen" items={p.revisions.map((r) => `vanaf ${datum(r.effectiveFrom)}: ${r.summary}`)} />
      <AllowedForms forms={programmaForms(p)} allowed={p.allowed} revision={p.revision} send={send} />
    </>
  );
}
