/**
 * Each cycle command as a form: its Dutch label (the submit button's name, UI.md) and its fields.
 * Typed against the command union generated from /openapi.json: a command the API adds and this
 * table lacks, or a field name it does not have, fails the type-check. Ids are never typed by a
 * person: a new goal, activity or finding gets one made from its title, and an existing one is picked
 * from the cycle's own (or, for GEAR criteria, from the framework).
 */
import type { Cycle, CycleCommand } from '../api/client.ts';
import type { FieldKind, Option } from '../forms.tsx';
import { parseDatum, parseGetal } from '../format.ts';
import { ASSESSMENT_LABEL, AUDIENCE_LABEL, EVIDENCE_KIND_LABEL, options } from './labels.ts';

type CommandType = CycleCommand['type'];
type Payload<T extends CommandType> = Omit<Extract<CycleCommand, { type: T }>, 'type'>;
/** `title`, or `baseline.value` for a nested field. */
type FieldName<P> = { [K in keyof P & string]: NonNullable<P[K]> extends unknown[] ? K : NonNullable<P[K]> extends object ? `${K}.${KeysOf<NonNullable<P[K]>>}` : K }[keyof P & string];
/** Every key of every branch of a union (a KPI's target is a value or a change). */
type KeysOf<T> = T extends unknown ? keyof T & string : never;

/** A field that only steers the form (which fields show) and is not sent, e.g. `keuze.streefwaarde`. */
type LocalName = `${typeof LOCAL}${string}`;
const LOCAL = 'keuze.';

/** Choices from outside the cycle, loaded by the page that shows the form. */
export interface Lookups {
  /** The framework's criteria, `CUR-2: title`, grouped per domain. */
  criteria: Option[];
  /** The thema-labels the criteria mapping has rules for in the cycle's kind, each with the criteria it adds. */
  tags: Option[];
}

export interface FieldSpec<P = Record<string, unknown>> {
  name: FieldName<P> | LocalName;
  label: string;
  kind: FieldKind;
  optional?: boolean;
  description?: string;
  /** Fixed choices (a select or checkboxes). */
  choices?: Option[];
  /** Choices from the cycle: its goals, open activities, evidence … */
  options?: (cycle: Cycle) => Option[];
  /** Choices the page loads (`lookups` of the form). */
  lookup?: keyof Lookups;
  /** What the field starts with (a select's first choice); empty otherwise. */
  initial?: string;
  /** Shown, and sent, only while another field has this value. */
  when?: { field: LocalName; is: string };
}

export interface CommandSpec<P = Record<string, unknown>> {
  label: string;
  fields: FieldSpec<P>[];
  /** The id field filled from another field's text, unique within the cycle. */
  newId?: { field: keyof P & string; from: FieldName<P>; taken: (cycle: Cycle) => string[] };
}

const openActivities = (c: Cycle) => c.activities.filter((a) => a.status === 'open').map((a) => ({ value: a.activityId, label: a.title }));
const kpis = (c: Cycle) => c.kpis.map((k) => ({ value: k.kpiId, label: k.name }));
const evidence = (c: Cycle) => c.evidence.map((e) => ({ value: e.evidenceId, label: e.title }));
const findings = (c: Cycle) => c.findings.map((f) => ({ value: f.findingId, label: `${f.title} (${ASSESSMENT_LABEL[f.assessment]})` }));
const openActions = (c: Cycle) => [...c.actions, ...c.carriedOver].filter((a) => a.status === 'open').map((a) => ({ value: a.actionId, label: a.title }));
const reason = { name: 'reason', label: 'Reden', kind: 'textarea' } as const;

export const COMMANDS: { [T in CommandType]: CommandSpec<Payload<T>> } = {
  SetGoal: {
    label: 'Doel vastleggen',
    fields: [{ name: 'title', label: 'Doel', kind: 'text' }, { name: 'description', label: 'Toelichting', kind: 'textarea', optional: true }],
    newId: { field: 'goalId', from: 'title', taken: (c) => c.goals.map((g) => g.goalId) },
  },
  DefineKpi: {
    label: 'KPI vastleggen',
    fields: [
      { name: 'name', label: 'Naam van de KPI', kind: 'text' },
      { name: 'goalId', label: 'Hoort bij doel', kind: 'select', options: (c) => c.goals.map((g) => ({ value: g.goalId, label: g.title })) },
      { name: 'unit', label: 'Eenheid', kind: 'text', description: 'Bijvoorbeeld % of rapportcijfer' },
      {
        name: 'nationalCode',
        label: 'Landelijke code',
        kind: 'text',
        optional: true,
        description: 'De landelijke code die de KPI vergelijkbaar maakt in de benchmark, bijvoorbeeld nivel-veilig-klimaat; zonder code vergelijkt de benchmark op naam',
      },
      { name: 'baseline.value', label: 'Nulmeting', kind: 'number' },
      { name: 'baseline.source', label: 'Bron van de nulmeting', kind: 'text' },
      { name: 'baseline.year', label: 'Jaar van de nulmeting', kind: 'number' },
      { name: 'keuze.streefwaarde', label: 'Streefwaarde als', kind: 'select', initial: 'value', choices: [{ value: 'value', label: 'een vaste waarde' }, { value: 'changePercent', label: 'een verandering in procent' }] },
      { name: 'target.value', label: 'Streefwaarde', kind: 'number', when: { field: 'keuze.streefwaarde', is: 'value' } },
      {
        name: 'target.changePercent',
        label: 'Verandering in procent',
        kind: 'number',
        description: 'Ten opzichte van de nulmeting: 10 is tien procent hoger, -5 vijf procent lager',
        when: { field: 'keuze.streefwaarde', is: 'changePercent' },
      },
      { name: 'target.by', label: 'Te halen op', kind: 'date' },
    ],
    newId: { field: 'kpiId', from: 'name', taken: (c) => c.kpis.map((k) => k.kpiId) },
  },
  PlanActivity: {
    label: 'Activiteit plannen',
    fields: [{ name: 'title', label: 'Activiteit', kind: 'text' }, { name: 'owner', label: 'Eigenaar', kind: 'text' }, { name: 'due', label: 'Uiterlijk klaar op', kind: 'date' }],
    newId: { field: 'activityId', from: 'title', taken: (c) => c.activities.map((a) => a.activityId) },
  },
  ApprovePlan: { label: 'Plan goedkeuren', fields: [] },
  CompleteActivity: {
    label: 'Activiteit afronden',
    fields: [{ name: 'activityId', label: 'Activiteit', kind: 'select', options: openActivities }, { name: 'note', label: 'Notitie', kind: 'textarea', optional: true }],
  },
  WaiveActivity: { label: 'Activiteit laten vervallen', fields: [{ name: 'activityId', label: 'Activiteit', kind: 'select', options: openActivities }, reason] },
  AddEvidence: {
    label: 'Bewijs toevoegen',
    fields: [
      { name: 'title', label: 'Titel van het bewijs', kind: 'text' },
      { name: 'kind', label: 'Soort bewijs', kind: 'select', choices: options(EVIDENCE_KIND_LABEL) },
      { name: 'effectiveAt', label: 'Geldt per', kind: 'date', optional: true, description: 'De dag waarop het bewijs betrekking heeft; leeg is vandaag' },
      { name: 'criteria', label: 'Telt voor de GEAR-criteria', kind: 'checkboxes', optional: true, lookup: 'criteria', description: 'Niets gekozen: de criteria die bij deze soort cyclus horen' },
      { name: 'documentId', label: 'Bestand', kind: 'document', optional: true },
      { name: 'uri', label: 'Of een link naar het document', kind: 'text', optional: true },
      { name: 'summary', label: 'Samenvatting', kind: 'textarea', optional: true },
      { name: 'tags', label: 'Thema-labels', kind: 'checkboxes', optional: true, lookup: 'tags', description: 'Het bewijs telt dan ook voor de criteria die de criteria-koppeling aan het label geeft' },
    ],
    newId: { field: 'evidenceId', from: 'title', taken: (c) => c.evidence.map((e) => e.evidenceId) },
  },
  RecordMeasurement: {
    label: 'Meting vastleggen',
    fields: [
      { name: 'kpiId', label: 'KPI', kind: 'select', options: kpis },
      { name: 'value', label: 'Gemeten waarde', kind: 'number' },
      { name: 'source', label: 'Bron', kind: 'text' },
      { name: 'measuredAt', label: 'Gemeten op', kind: 'date' },
      { name: 'n', label: 'Aantal respondenten', kind: 'number', optional: true, description: 'Onder 5 respondenten wordt de gemeten waarde niet gedeeld in de benchmark' },
    ],
  },
  StartCheck: { label: 'Check starten', fields: [] },
  RecordFinding: {
    label: 'Bevinding vastleggen',
    fields: [
      { name: 'title', label: 'Bevinding', kind: 'text' },
      { name: 'assessment', label: 'Oordeel', kind: 'select', choices: options(ASSESSMENT_LABEL) },
      { name: 'evidenceIds', label: 'Onderbouwd met', kind: 'checkboxes', options: evidence },
    ],
    newId: { field: 'findingId', from: 'title', taken: (c) => c.findings.map((f) => f.findingId) },
  },
  HoldReview: {
    label: 'Bespreking vastleggen',
    fields: [
      { name: 'body', label: 'Besproken door', kind: 'text', description: 'Bijvoorbeeld curriculumcommissie, mt of management-review' },
      { name: 'date', label: 'Datum', kind: 'date' },
      { name: 'minutesEvidenceId', label: 'Notulen', kind: 'select', optional: true, options: evidence },
    ],
    newId: { field: 'reviewId', from: 'body', taken: (c) => c.reviews.map((r) => r.reviewId) },
  },
  ExplainKpi: {
    label: 'KPI toelichten',
    fields: [{ name: 'kpiId', label: 'KPI', kind: 'select', options: (c) => kpis({ ...c, kpis: c.kpis.filter((k) => !k.latest && !k.explanation) }) }, reason],
  },
  CompleteCheck: { label: 'Check afronden', fields: [] },
  DecideAction: {
    label: 'Verbeteractie besluiten',
    fields: [
      { name: 'findingId', label: 'Naar aanleiding van bevinding', kind: 'select', options: findings },
      { name: 'title', label: 'Verbeteractie', kind: 'text' },
      { name: 'owner', label: 'Eigenaar', kind: 'text' },
      { name: 'due', label: 'Uiterlijk klaar op', kind: 'date' },
    ],
    newId: { field: 'actionId', from: 'title', taken: (c) => [...c.actions, ...c.carriedOver].map((a) => a.actionId) },
  },
  AcceptFinding: {
    label: 'Bevinding accepteren',
    fields: [{ name: 'findingId', label: 'Bevinding', kind: 'select', options: findings }, { name: 'rationale', label: 'Onderbouwing', kind: 'textarea' }],
  },
  CompleteAction: {
    label: 'Verbeteractie afronden',
    fields: [{ name: 'actionId', label: 'Verbeteractie', kind: 'select', options: openActions }, { name: 'result', label: 'Resultaat', kind: 'textarea' }],
  },
  CommunicateOutcome: {
    label: 'Uitkomst communiceren',
    fields: [
      { name: 'audience', label: 'Gedeeld met', kind: 'checkboxes', choices: options(AUDIENCE_LABEL) },
      { name: 'channel', label: 'Kanaal', kind: 'text', description: 'Bijvoorbeeld nieuwsbrief of terugkomdag' },
      { name: 'summary', label: 'Samenvatting', kind: 'textarea' },
    ],
  },
  CloseCycle: { label: 'Cyclus afsluiten', fields: [] },
  CancelCycle: { label: 'Cyclus annuleren', fields: [reason] },
};

/** The step that moves a cycle to its next phase: shown also while it is blocked, so the page can say why. */
export const NEXT_STEP: Partial<Record<Cycle['phase'], CommandType>> = { plan: 'ApprovePlan', do: 'StartCheck', check: 'CompleteCheck', act: 'CloseCycle' };

/** A command's form with its names as plain strings, for the one component that renders them all. */
export interface Form {
  label: string;
  fields: (Omit<FieldSpec, 'name'> & { name: string })[];
  newId?: { field: string; from: string; taken: (cycle: Cycle) => string[] };
}

/** The form of a command type the API names in `allowed`, or undefined for one this UI does not know. */
export function formOf(type: string): Form | undefined {
  return Object.hasOwn(COMMANDS, type) ? (COMMANDS[type as CommandType] as unknown as Form) : undefined;
}

/** `Enquête onder aios` → `enquete-onder-aios`, or `-2`, `-3` … when the cycle has it already. */
export function newId(text: string, taken: string[]): string {
  const base = text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || 'item';
  let id = base;
  for (let n = 2; taken.includes(id); n++) id = `${base}-${n}`;
  return id;
}

/** Whether a field shows (and is sent) with these values: not when it steers only, or waits for another's choice. */
export function shown(field: Form['fields'][number], values: Record<string, string | string[]>): boolean {
  return !field.when || values[field.when.field] === field.when.is;
}

/** The values a form starts with: each field's `initial`, or empty. */
export function initialValues(spec: Form): Record<string, string | string[]> {
  return Object.fromEntries(spec.fields.map((f) => [f.name, f.kind === 'checkboxes' ? [] : (f.initial ?? '')]));
}

const lines = (text: string) => text.split('\n').map((l) => l.trim()).filter(Boolean);

/** The form's text values as the command's payload: nested names, numbers with a comma, a list per line, empty optionals left out. */
export function payload(spec: Form, typedValues: Record<string, string | string[]>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const values = { ...initialValues(spec), ...typedValues };
  for (const f of spec.fields) {
    if (f.name.startsWith(LOCAL) || !shown(f, values)) continue;
    const typed = values[f.name] ?? (f.kind === 'checkboxes' ? [] : '');
    const raw = f.kind === 'lines' && typeof typed === 'string' ? lines(typed) : typed;
    if (f.optional && (raw === '' || (Array.isArray(raw) && raw.length === 0))) continue;
    const value = typeof raw !== 'string' ? raw : f.kind === 'number' ? parseGetal(raw) : f.kind === 'date' ? parseDatum(raw) : raw;
    const [head, tail] = f.name.split('.') as [string, string | undefined];
    if (tail) out[head] = { ...(out[head] as object | undefined), [tail]: value };
    else out[head] = value;
  }
  return out;
}
