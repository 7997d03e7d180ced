/**
 * Docenten, Leerplekken and Programma's: each a list (filters in the URL, "Nieuwe …" for staff), a
 * new-item page, one item with what the role may read (the API leaves out the rest), its audit trail,
 * and the commands `allowed` names as forms. Ids are never typed: a new round, course, visit or VGB
 * gets one from its text; other things (an opleider, a docent, a round) are chosen by name.
 * Scores (aios feedback, 360 feedback, a programma's feedbackronde) come from the import
 * (`integratie`), not from a form; the page says so.
 */
import { useQuery } from '@tanstack/react-query';
import { Heading1 } from '@utrecht/component-library-react/css-module';
import { api, data, type Schemas } from '../api/client.ts';
import type { paths } from '../api/schema.ts';
import { newId, type CommandSpec, type Form } from '../cycles/commands.ts';
import { AllowedForms, NewPage } from '../cycles/spec-form.tsx';
import { options } from '../cycles/labels.ts';
import { aantal, datum, getal } from '../format.ts';
import { Loaded } from '../loaded.tsx';
import { useTitle } from '../layout.tsx';
import { AuditTrail, Facts, ifMatch, Listed, ListPage, useOne, useSend } from './onderwerp.tsx';
import { NietGevonden } from './volgt.tsx';

type Body<P extends keyof paths> = paths[P] extends { post: { requestBody?: { content: { 'application/json': infer B } } } } ? B : never;
type DocentCommand = Body<'/docenten/{id}/commands'>;
type LeerplekCommand = Body<'/leerplekken/{id}/commands'>;
type ProgrammaCommand = Body<'/programmas/{id}/commands'>;
/** A command's form without the id the page makes (`K`) and what the server fills. */
type Payload<C, T, K extends string = never> = Omit<Extract<C, { type: T }>, 'type' | 'subjectId' | K>;
/** The commands that have a form: per type its spec, typed against the API's union (all but the imported ones, so a new command fails `tsc`). */
type Forms<C extends { type: string }, T extends C['type'], Ids extends Partial<Record<T, string>>> = {
  [K in T]: CommandSpec<Payload<C, K, K extends keyof Ids ? Ids[K] & string : never>>;
};

/** Per command the id it gets: its field, the field whose text it is made from, and the ids already used. */
type IdRule<E> = { field: string; from: string; taken: (item: E) => string[] };

/** A textarea of one entry per line is the command's list. */
const LIST_FIELDS = ['agreements', 'peers', 'visitors'];
function asCommand<E>(item: E, body: Record<string, unknown>, rules: Partial<Record<string, IdRule<E>>>): Record<string, unknown> {
  const out = { ...body };
  for (const f of LIST_FIELDS) if (typeof out[f] === 'string') out[f] = String(out[f]).split('\n').map((l) => l.trim()).filter(Boolean);
  const rule = rules[String(body.type)];
  if (rule) out[rule.field] = newId(String(body[rule.from] ?? ''), rule.taken(item));
  return out;
}

const reason = { name: 'reason', label: 'Reden', kind: 'textarea' } as const;
const perLine = 'Eén per regel';
const FROM_IMPORT = 'Deze cijfers komen uit de import van het evaluatiesysteem (de koppeling van het instituut), niet uit een formulier.';

const scores = (s: Record<string, number> | null | undefined) => Object.entries(s ?? {}).map(([k, v]) => `${k} ${getal(v)}`).join(', ');

// Docenten

type Docent = Schemas['Docent'];
type NewDocent = Body<'/docenten'>;
const DOCENT_STATUS: Record<Docent['status'], string> = { actief: 'actief', vertrokken: 'vertrokken' };
const DOCENT_ROLE: Record<NewDocent['role'], string> = { huisartsdocent: 'huisartsdocent', gedragswetenschapper: 'gedragswetenschapper', expertdocent: 'expertdocent', stafdocent: 'stafdocent' };
const SOURCE = { aios: 'aios', collega: 'collega', opleider: 'opleider', leidinggevende: 'leidinggevende', zelf: 'zelf' } as const;
const DOCENT_IDS = { StartFeedbackRound: 'roundId', RecordScholing: 'scholingId', RecordIntervisie: 'intervisieId' } as const;

const NEW_DOCENT: CommandSpec<NewDocent> = {
  label: 'Nieuwe docent',
  fields: [
    { name: 'name', label: 'Naam', kind: 'text' },
    { name: 'role', label: 'Rol', kind: 'select', choices: options(DOCENT_ROLE) },
    { name: 'email', label: 'E-mail', kind: 'text', optional: true },
  ],
};

/** The forms of one docent: closing a round chooses among its open rounds. */
const docentForms = (d: Docent): Forms<DocentCommand, Exclude<DocentCommand['type'], 'RecordAiosFeedback' | 'Record360Feedback'>, typeof DOCENT_IDS> => ({
  StartFeedbackRound: {
    label: '360-feedbackronde starten',
    fields: [
      { name: 'year', label: 'Jaar', kind: 'number' },
      { name: 'sources', label: 'Bronnen', kind: 'checkboxes', choices: options(SOURCE) },
      { name: 'due', label: 'Uiterlijk klaar op', kind: 'date' },
    ],
  },
  CloseFeedbackRound: {
    label: '360-feedbackronde sluiten',
    fields: [{ name: 'roundId', label: 'Ronde', kind: 'select', choices: (d.rounds ?? []).filter((r) => r.status === 'open').map((r) => ({ value: r.roundId, label: `${r.year}, uiterlijk ${datum(r.due)}` })) }],
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
});
const DOCENT_ID_RULES: Record<keyof typeof DOCENT_IDS, IdRule<Docent>> = {
  StartFeedbackRound: { field: 'roundId', from: 'year', taken: (d) => (d.rounds ?? []).map((r) => r.roundId) },
  RecordScholing: { field: 'scholingId', from: 'title', taken: (d) => (d.scholing ?? []).map((s) => s.scholingId) },
  RecordIntervisie: { field: 'intervisieId', from: 'date', taken: (d) => (d.intervisie ?? []).map((i) => i.intervisieId) },
};
/** The name, or where the API leaves it out (an auditor) "Docent n (rol)". */
const docentName = (d: { name?: string; role?: string }, n: number) => d.name ?? `Docent ${n}${d.role ? ` (${d.role})` : ''}`;
const docenten = (query: NonNullable<paths['/docenten']['get']['parameters']['query']>) => data(api.GET('/docenten', { params: { query } }));

/** `/docenten?stand=&rol=`. */
export function Docenten() {
  return (
    <ListPage
      title="Docenten" list="docenten" to="docenten" create="Nieuwe docent" load={docenten}
      filters={[{ url: 'stand', param: 'status', label: 'Stand', choices: DOCENT_STATUS }, { url: 'rol', param: 'role', label: 'Rol', choices: DOCENT_ROLE }]}
      head={['Docent', 'Rol', 'Stand', 'Feedback', 'Jaargesprekken']}
      cells={(d, n) => [docentName(d, n), d.role, DOCENT_STATUS[d.status], d.counts.feedback, d.counts.jaargesprekken]}
    />
  );
}

/** `/docenten/nieuw`. */
export function NieuweDocent() {
  return <NewPage form={NEW_DOCENT as unknown as Form} create={(body) => data(api.POST('/docenten', { body: body as NewDocent }))} one="docent" lists="docenten" to={(id) => `/docenten/${id}`} />;
}

/** `/docenten/:id`. */
export function DocentPage() {
  const docent = useOne('docent', (id) => data(api.GET('/docenten/{id}', { params: { path: { id } } })));
  useTitle(docent.data?.name ?? 'Docent');
  return <Loaded query={docent} notFound={<NietGevonden what="Deze docent" />}>{(d) => <DocentView docent={d} />}</Loaded>;
}

function DocentView({ docent: d }: { docent: Docent }) {
  const send = useSend('docent', ['docenten'], d, (id, revision, body) => data(api.POST('/docenten/{id}/commands', { params: { path: { id }, header: ifMatch(revision) }, body: asCommand(d, body, DOCENT_ID_RULES) as DocentCommand })));
  return (
    <>
      <Heading1>{docentName(d, 1)}</Heading1>
      <Facts facts={[['Rol', d.role], ['Stand', DOCENT_STATUS[d.status]], ['E-mail', d.email], ['Ingeschreven op', datum(d.registeredAt)], ['Vertrokken op', d.left ? `${datum(d.left.at)}${d.left.reason ? `: ${d.left.reason}` : ''}` : undefined], ['Scholing', d.counts ? `${getal(d.counts.scholingHours)} uur` : undefined]]} />
      <Listed id="feedback" title="Feedback van aios" note={FROM_IMPORT} items={(d.feedback ?? []).map((f) => `${datum(f.date)}, ${f.programme}: ${f.n} respondenten; ${scores(f.scores)}`)} />
      <Listed id="rondes" title="360-feedbackrondes" note="De feedback per bron komt uit de import van het evaluatiesysteem; starten en sluiten doet u hier." items={(d.rounds ?? []).map((r) => `${r.year}: ${r.sources.join(', ')}, uiterlijk ${datum(r.due)}, ${r.status === 'open' ? (r.overdue ? 'te laat' : 'open') : 'gesloten'} (${aantal(r.responses.length, 'reactie', 'reacties')})`)} />
      <Listed id="jaargesprekken" title="Jaargesprekken" items={(d.jaargesprekken ?? []).map((j) => `${j.year}: ${datum(j.date)}${j.agreements?.length ? `; afspraken: ${j.agreements.join('; ')}` : ''}`)} />
      <Listed id="scholing" title="Scholing" items={(d.scholing ?? []).map((s) => `${datum(s.date)}: ${s.title} (${getal(s.hours)} uur${s.provider ? `, ${s.provider}` : ''})`)} />
      <Listed id="intervisie" title="Intervisie" items={(d.intervisie ?? []).map((i) => `${datum(i.date)}${i.theme ? `: ${i.theme}` : ''} (${i.peers.join(', ')})`)} />
      <AllowedForms forms={docentForms(d)} allowed={d.allowed} revision={d.revision} send={send} />
      <AuditTrail one="docent" id={d.id} load={() => data(api.GET('/docenten/{id}/events', { params: { path: { id: d.id } } }))} />
    </>
  );
}

// Leerplekken

type Leerplek = Schemas['Leerplek'];
type NewLeerplek = Body<'/leerplekken'>;
type Option = { value: string; label: string };
const LEERPLEK_KIND: Record<NewLeerplek['kind'], string> = { opleidingspraktijk: 'opleidingspraktijk', stageplaats: 'stageplaats' };
const LEERPLEK_STATUS: Record<Leerplek['status'], string> = { actief: 'actief', geschorst: 'geschorst' };
const VISIT_KIND = { praktijkbezoek: 'praktijkbezoek', stagebezoek: 'stagebezoek', hervisitatie: 'hervisitatie' } as const;
const LEERPLEK_IDS = { LinkStageopleider: 'stageopleiderId', RecordVisit: 'visitId', RecordKlimaatMeting: 'measurementId', RecordVgb: 'vgbId' } as const;

const NEW_LEERPLEK: CommandSpec<NewLeerplek> = {
  label: 'Nieuwe leerplek',
  fields: [
    { name: 'kind', label: 'Soort', kind: 'select', choices: options(LEERPLEK_KIND) },
    { name: 'name', label: 'Naam', kind: 'text', description: 'Bijvoorbeeld Huisartsenpraktijk De Linde of UMC Utrecht, kindergeneeskunde' },
    { name: 'location', label: 'Plaats', kind: 'text', optional: true },
    { name: 'specialism', label: 'Specialisme', kind: 'text', optional: true },
  ],
};

/** Whom a leerplek's forms choose among: the institute's opleiders and docenten, by name. */
interface People {
  opleiders: Option[];
  docenten: Option[];
}

/** The forms of one leerplek: linking, unlinking and a VGB choose among people by name (with search where the list is the institute's). */
const leerplekForms = (l: Leerplek, people: People): Forms<LeerplekCommand, LeerplekCommand['type'], typeof LEERPLEK_IDS> => {
  const linked = people.opleiders.filter((o) => l.opleiders?.includes(o.value));
  const stageopleiders = (l.stageopleiders ?? []).map((s) => ({ value: s.stageopleiderId, label: `${s.name ?? 'stageopleider'}${s.specialism ? ` (${s.specialism})` : ''}` }));
  return {
    LinkOpleider: { label: 'Opleider koppelen', fields: [{ name: 'opleiderId', label: 'Opleider', kind: 'search', choices: people.opleiders.filter((o) => !l.opleiders?.includes(o.value)) }] },
    UnlinkOpleider: { label: 'Opleider ontkoppelen', fields: [{ name: 'opleiderId', label: 'Opleider', kind: 'select', choices: linked }, { ...reason, optional: true }] },
    LinkStageopleider: {
      label: 'Stageopleider koppelen',
      fields: [{ name: 'name', label: 'Naam', kind: 'text' }, { name: 'specialism', label: 'Specialisme', kind: 'text', optional: true }],
    },
    UnlinkStageopleider: { label: 'Stageopleider ontkoppelen', fields: [{ name: 'stageopleiderId', label: 'Stageopleider', kind: 'select', choices: stageopleiders }] },
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
    RecordVgb: {
      label: 'VGB in de driehoek vastleggen',
      fields: [
        { name: 'date', label: 'Datum', kind: 'date' },
        { name: 'aios', label: 'Aios', kind: 'text', description: 'Het pseudoniem van de aios (bijvoorbeeld aios-012), nooit een naam' },
        { name: 'opleiderId', label: 'Opleider', kind: 'search', choices: [...linked, ...stageopleiders] },
        { name: 'docentId', label: 'Docent', kind: 'search', choices: people.docenten },
        { name: 'notes', label: 'Aantekeningen', kind: 'textarea', optional: true },
      ],
    },
    SuspendLeerplek: { label: 'Leerplek schorsen', fields: [reason] },
    ReinstateLeerplek: { label: 'Schorsing opheffen', fields: [reason] },
  };
};
const LEERPLEK_ID_RULES: Record<keyof typeof LEERPLEK_IDS, IdRule<Leerplek>> = {
  LinkStageopleider: { field: 'stageopleiderId', from: 'name', taken: (l) => (l.stageopleiders ?? []).map((s) => s.stageopleiderId) },
  RecordVisit: { field: 'visitId', from: 'date', taken: (l) => (l.visits ?? []).map((v) => v.visitId) },
  RecordKlimaatMeting: { field: 'measurementId', from: 'measuredAt', taken: (l) => (l.klimaat ?? []).map((k) => k.measurementId) },
  RecordVgb: { field: 'vgbId', from: 'date', taken: (l) => (l.vgb ?? []).map((v) => v.vgbId) },
};
const leerplekken = (query: NonNullable<paths['/leerplekken']['get']['parameters']['query']>) => data(api.GET('/leerplekken', { params: { query } }));

/** `/leerplekken?soort=&stand=`. */
export function Leerplekken() {
  return (
    <ListPage
      title="Leerplekken" list="leerplekken" to="leerplekken" create="Nieuwe leerplek" load={leerplekken}
      filters={[{ url: 'soort', param: 'kind', label: 'Soort', choices: LEERPLEK_KIND }, { url: 'stand', param: 'status', label: 'Stand', choices: LEERPLEK_STATUS }]}
      head={['Leerplek', 'Soort', 'Plaats', 'Stand', 'Bezoeken', 'Metingen leerklimaat']}
      cells={(l) => [l.name, LEERPLEK_KIND[l.kind], l.location, LEERPLEK_STATUS[l.status], l.counts?.visits ?? 0, l.counts?.klimaat ?? 0]}
    />
  );
}

/** `/leerplekken/nieuw`. */
export function NieuweLeerplek() {
  return <NewPage form={NEW_LEERPLEK as unknown as Form} create={(body) => data(api.POST('/leerplekken', { body: body as NewLeerplek }))} one="leerplek" lists="leerplekken" to={(id) => `/leerplekken/${id}`} />;
}

/** `/leerplekken/:id`. */
export function LeerplekPage() {
  const leerplek = useOne('leerplek', (id) => data(api.GET('/leerplekken/{id}', { params: { path: { id } } })));
  useTitle(leerplek.data?.name ?? 'Leerplek');
  return <Loaded query={leerplek} notFound={<NietGevonden what="Deze leerplek" />}>{(l) => <LeerplekView leerplek={l} />}</Loaded>;
}

/** The institute's opleiders and active docenten by name (an opleider whose name is withheld by its practice). */
function usePeople(): People {
  const opleiders = useQuery({ queryKey: ['opleiders', {}], queryFn: () => data(api.GET('/opleiders', { params: { query: {} } })) });
  const docenten = useQuery({ queryKey: ['docenten', { status: 'actief' }], queryFn: () => data(api.GET('/docenten', { params: { query: { status: 'actief' } } })) });
  return {
    opleiders: (opleiders.data?.items ?? []).map((o) => ({ value: o.id, label: o.name ? `${o.name} (${o.practice})` : `opleider van ${o.practice}` })),
    docenten: (docenten.data?.items ?? []).map((d, i) => ({ value: d.id, label: docentName(d, i + 1) })),
  };
}

function LeerplekView({ leerplek: l }: { leerplek: Leerplek }) {
  const people = usePeople();
  const send = useSend('leerplek', ['leerplekken'], l, (id, revision, body) => data(api.POST('/leerplekken/{id}/commands', { params: { path: { id }, header: ifMatch(revision) }, body: asCommand(l, body, LEERPLEK_ID_RULES) as LeerplekCommand })));
  const last = l.klimaatLaatst;
  const nameOf = (list: Option[], id: string, what: string) => list.find((o) => o.value === id)?.label ?? what;
  const trainers = [...people.opleiders, ...(l.stageopleiders ?? []).map((s) => ({ value: s.stageopleiderId, label: s.name ?? 'stageopleider' }))];
  return (
    <>
      <Heading1>{l.name ?? 'Leerplek'}</Heading1>
      <Facts facts={[['Soort', l.kind ? LEERPLEK_KIND[l.kind] : undefined], ['Plaats', l.location], ['Specialisme', l.specialism], ['Stand', LEERPLEK_STATUS[l.status]], ['Veilig leerklimaat', last ? `${getal(last.shareSafe)}% voelt zich veilig (${last.n} respondenten, ${datum(last.measuredAt)})` : undefined]]} />
      <Listed id="opleiders" title="Opleiders" items={(l.opleiders ?? []).map((o) => nameOf(people.opleiders, o, 'opleider'))} />
      <Listed id="stageopleiders" title="Stageopleiders" items={(l.stageopleiders ?? []).map((s) => `${s.name ?? 'stageopleider'}${s.specialism ? ` (${s.specialism})` : ''}`)} />
      <Listed id="bezoeken" title="Bezoeken" items={(l.visits ?? []).map((v) => `${datum(v.date)}, ${v.kind}: ${v.report}`)} />
      <Listed id="klimaat" title="Veilig leerklimaat" items={(l.klimaat ?? []).map((k) => `${datum(k.measuredAt)}: ${getal(k.shareSafe)}% veilig, ${k.n} respondenten (${k.source})`)} />
      <Listed id="vgb" title="VGB's in de driehoek" items={(l.vgb ?? []).map((v) => `${datum(v.date)}${v.aios ? `, ${v.aios}` : ''}: ${nameOf(trainers, v.opleiderId, 'opleider')} en ${nameOf(people.docenten, v.docentId, 'docent')}`)} />
      <Listed id="schorsingen" title="Schorsingen" items={(l.suspensions ?? []).map((s) => `${datum(s.at)}: ${s.reason}${s.reinstated ? `; opgeheven op ${datum(s.reinstated.at)}` : ''}`)} />
      <AllowedForms forms={leerplekForms(l, people)} allowed={l.allowed} revision={l.revision} send={send} />
      <AuditTrail one="leerplek" id={l.id} load={() => data(api.GET('/leerplekken/{id}/events', { params: { path: { id: l.id } } }))} />
    </>
  );
}

// Programma's

type Programma = Schemas['Programma'];
type NewProgramma = Body<'/programmas'>;
const PROGRAMMA_STATUS: Record<Programma['status'], string> = { actief: 'actief', beeindigd: 'beëindigd' };
const GROUP: Record<Programma['rounds'][number]['group'], string> = { aios: 'aios', docenten: 'docenten', opleiders: 'opleiders' };
const PROGRAMMA_IDS = { ReviewInCommissie: 'reviewId', ReviseProgramma: 'revisionId' } as const;

const NEW_PROGRAMMA: CommandSpec<NewProgramma> = {
  label: 'Nieuw programma',
  fields: [
    { name: 'title', label: 'Titel', kind: 'text' },
    { name: 'description', label: 'Omschrijving', kind: 'textarea', optional: true },
    { name: 'year', label: 'Opleidingsjaar', kind: 'number', optional: true, description: '1, 2 of 3' },
    { name: 'coordinator', label: 'Coördinator', kind: 'text', optional: true },
  ],
};

/** The forms of one programma: a review names its feedback rounds. */
const programmaForms = (p: Programma): Forms<ProgrammaCommand, Exclude<ProgrammaCommand['type'], 'RecordFeedbackRound'>, typeof PROGRAMMA_IDS> => ({
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
const programmas = (query: NonNullable<paths['/programmas']['get']['parameters']['query']>) => data(api.GET('/programmas', { params: { query } }));

/** `/programmas?stand=`. */
export function Programmas() {
  return (
    <ListPage
      title="Programma's" list="programmas" to="programmas" create="Nieuw programma" load={programmas}
      filters={[{ url: 'stand', param: 'status', label: 'Stand', choices: PROGRAMMA_STATUS }]}
      head={['Programma', 'Jaar', 'Stand', 'Feedbackrondes', 'Besprekingen', 'Herzieningen']}
      cells={(p) => [p.title, p.year ?? '', PROGRAMMA_STATUS[p.status], p.rounds, p.reviews, p.revisions]}
    />
  );
}

/** `/programmas/nieuw`. */
export function NieuwProgramma() {
  return <NewPage form={NEW_PROGRAMMA as unknown as Form} create={(body) => data(api.POST('/programmas', { body: body as NewProgramma }))} one="programma" lists="programmas" to={(id) => `/programmas/${id}`} />;
}

/** `/programmas/:id`. */
export function ProgrammaPage() {
  const programma = useOne('programma', (id) => data(api.GET('/programmas/{id}', { params: { path: { id } } })));
  useTitle(programma.data?.title ?? 'Programma');
  return <Loaded query={programma} notFound={<NietGevonden what="Dit programma" />}>{(p) => <ProgrammaView programma={p} />}</Loaded>;
}

function ProgrammaView({ programma: p }: { programma: Programma }) {
  const send = useSend('programma', ['programmas'], p, (id, revision, body) => data(api.POST('/programmas/{id}/commands', { params: { path: { id }, header: ifMatch(revision) }, body: asCommand(p, body, PROGRAMMA_ID_RULES) as ProgrammaCommand })));
  return (
    <>
      <Heading1>{p.title}</Heading1>
      <Facts facts={[['Omschrijving', p.description], ['Opleidingsjaar', p.year], ['Coördinator', p.coordinator], ['Stand', PROGRAMMA_STATUS[p.status]], ['Beëindigd op', p.retired ? `${datum(p.retired.at)}: ${p.retired.reason}` : undefined]]} />
      <Listed id="rondes" title="Feedbackrondes" note={FROM_IMPORT} items={p.rounds.map((r) => `${datum(r.date)}, ${GROUP[r.group]}: ${r.n} respondenten; ${r.mean === null ? 'te weinig respons' : `gemiddeld ${getal(r.mean)} (${scores(r.scores)})`}`)} />
      <Listed id="besprekingen" title="Besprekingen in de commissie" items={p.reviews.map((r) => `${datum(r.date)}: ${r.conclusions}`)} />
      <Listed id="herzieningen" title="Herzieningen" items={p.revisions.map((r) => `vanaf ${datum(r.effectiveFrom)}: ${r.summary}`)} />
      <AllowedForms forms={programmaForms(p)} allowed={p.allowed} revision={p.revision} send={send} />
      <AuditTrail one="programma" id={p.id} load={() => data(api.GET('/programmas/{id}/events', { params: { path: { id: p.id } } }))} />
    </>
  );
}
