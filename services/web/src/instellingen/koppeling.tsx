/**
 * Instellingen → Criteria-koppeling: the GEAR mapping in force, in words — which cycle kinds feed
 * which domains and criteria (also through a tag), and which events count as evidence for which
 * criteria; the admin changes a cycle kind's domains, criteria and thema-labels, and adds, changes or
 * removes an event-type rule (`PUT /gear/mapping`, If-Match).
 */
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Fieldset, FieldsetLegend, Heading2, Heading3, Paragraph, TableCell, TableRow } from '@utrecht/component-library-react/css-module';
import { api, data, type Schemas } from '../api/client.ts';
import { EVIDENCE_KIND_LABEL, KIND_LABEL } from '../cycles/labels.ts';
import { datum } from '../format.ts';
import { Field, ProblemAlert, problemParts, type Option } from '../forms.tsx';
import { Loaded } from '../loaded.tsx';
import { Rows } from '../rows.tsx';

type Mapping = Schemas['GearMapping'];
interface Names {
  domains: Option[];
  criteria: Option[];
}

/** The framework's domains and criteria by their titles, as the mapping's answer names them. */
const namesOf = (m: Mapping): Names => ({
  domains: m.domains.map((d) => ({ value: d.id, label: d.title })),
  criteria: m.domains.flatMap((d) => d.criteria.map((c) => ({ value: c.code, label: `${c.code} ${c.title}`, group: d.title }))),
});

/** `CUR-2 Het curriculum …; AN-4 …`: codes as the framework names them. */
const inWords = (codes: string[], names: Option[]) => codes.map((c) => names.find((n) => n.value === c)?.label ?? c).join('; ') || 'geen';
const kindLabel = (kind: string) => KIND_LABEL[kind as keyof typeof KIND_LABEL] ?? kind;

export function CriteriaMapping() {
  const mapping = useQuery({ queryKey: ['gear-mapping'], queryFn: () => data(api.GET('/gear/mapping')) });
  return (
    <section aria-labelledby="koppeling">
      <Heading2 id="koppeling">Criteria-koppeling</Heading2>
      <Loaded query={mapping}>
        {(m) => {
          const n = namesOf(m);
          return (
            <>
              <Paragraph>
                {m.source === 'standaard' ? `De standaardkoppeling van ${m.framework} versie ${m.version}.` : `Ingesteld door het instituut op ${datum(m.changedAt)} (${m.framework} versie ${m.version}).`}
              </Paragraph>
              <Heading3>Cycli</Heading3>
              <Rows head={['Soort cyclus', 'Telt mee in de domeinen', 'Bewijs zonder eigen criterium telt voor', 'Bewijs met een tag telt ook voor']}>
                {Object.entries(m.cycleKinds).map(([kind, rule]) => (
                  <TableRow key={kind}>
                    <TableCell>{kindLabel(kind)}</TableCell>
                    <TableCell>{inWords(rule.domains, n.domains)}</TableCell>
                    <TableCell>{inWords(rule.criteria, n.criteria)}</TableCell>
                    <TableCell>{Object.entries(rule.tags ?? {}).map(([tag, codes]) => `${tag}: ${inWords(codes, n.criteria)}`).join(' — ') || 'geen'}</TableCell>
                  </TableRow>
                ))}
              </Rows>
              <Heading3>Gebeurtenissen als bewijs</Heading3>
              <Rows head={['Bewijs', 'Soort bewijs', 'Uit', 'Telt voor']}>
                {m.eventTypes.map((e) => (
                  <TableRow key={`${e.category ?? '*'}:${e.eventType}`}>
                    <TableCell>{e.title}</TableCell>
                    <TableCell>{EVIDENCE_KIND_LABEL[e.kind] ?? e.kind}</TableCell>
                    <TableCell>{e.category ? `${e.eventType} (${e.category})` : e.eventType}</TableCell>
                    <TableCell>{inWords(e.criteria, n.criteria)}</TableCell>
                  </TableRow>
                ))}
              </Rows>
              <KindForm key={m.revision} mapping={m} names={n} />
              <EventForm key={`e${m.revision}`} mapping={m} names={n} />
            </>
          );
        }}
      </Loaded>
    </section>
  );
}

/** `PUT /gear/mapping` with the mapping's revision: the whole set of rules, of which a form changed one part. */
function useSaveMapping(mapping: Mapping) {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: (rules: Pick<Mapping, 'cycleKinds' | 'eventTypes'>) =>
      data(
        api.PUT('/gear/mapping', {
          body: { version: mapping.version, ...rules },
          params: { header: mapping.revision >= 0 ? { 'If-Match': `"${mapping.revision}"` } : {} },
        }),
      ),
    onSuccess: (saved) => queries.setQueryData(['gear-mapping'], saved),
  });
}

/** A tag rule as it is edited: `key` keeps React's rows apart while the label is typed. */
interface TagRule {
  key: number;
  tag: string;
  criteria: string[];
}
const tagRules = (rule: Mapping['cycleKinds'][string] | undefined): TagRule[] => Object.entries(rule?.tags ?? {}).map(([tag, criteria], key) => ({ key, tag, criteria }));

/** One cycle kind's domains, criteria and thema-labels (tag rules) changed; the rest of the mapping is sent as it is. */
function KindForm({ mapping, names }: { mapping: Mapping; names: Names }) {
  const kinds = Object.keys(mapping.cycleKinds);
  const [kind, setKind] = useState(kinds[0] ?? '');
  const [domains, setDomains] = useState<string[]>(mapping.cycleKinds[kind]?.domains ?? []);
  const [criteria, setCriteria] = useState<string[]>(mapping.cycleKinds[kind]?.criteria ?? []);
  const [tags, setTags] = useState<TagRule[]>(tagRules(mapping.cycleKinds[kind]));
  /** A label typed twice would merge two rules into one: said under the second, and nothing is sent. */
  const [twice, setTwice] = useState<number | undefined>();
  const save = useSaveMapping(mapping);
  const prefix = `cycleKinds.${kind}`;
  const tagPath = (t: TagRule) => `${prefix}.tags.${t.tag}`;
  const { byField, rest } = problemParts(save.error, [`${prefix}.domains`, `${prefix}.criteria`, ...tags.map(tagPath)]);
  const choose = (k: string) => {
    setKind(k);
    setDomains(mapping.cycleKinds[k]?.domains ?? []);
    setCriteria(mapping.cycleKinds[k]?.criteria ?? []);
    setTags(tagRules(mapping.cycleKinds[k]));
    save.reset();
  };
  const change = (key: number, to: Partial<TagRule>) => {
    setTwice(undefined);
    setTags((old) => old.map((t) => (t.key === key ? { ...t, ...to } : t)));
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const again = tags.find((t, i) => tags.findIndex((o) => o.tag.trim() === t.tag.trim()) < i);
    setTwice(again?.key);
    save.reset();
    if (again) return;
    const rule = { domains, criteria, ...(tags.length ? { tags: Object.fromEntries(tags.map((t) => [t.tag.trim(), t.criteria])) } : {}) };
    save.mutate({ eventTypes: mapping.eventTypes, cycleKinds: { ...mapping.cycleKinds, [kind]: rule } });
  };
  return (
    <form className="gearbox-form" onSubmit={submit} aria-label="Koppeling van een soort cyclus wijzigen">
      <Heading3>Koppeling van een soort cyclus wijzigen</Heading3>
      <Field kind="select" name="kind" label="Soort cyclus" value={kind} onChange={(v) => choose(String(v))} options={kinds.map((k) => ({ value: k, label: kindLabel(k) }))} />
      <Field kind="checkboxes" name="domains" label="Telt mee in de domeinen" value={domains} onChange={(v) => setDomains(v as string[])} options={names.domains} error={byField[`${prefix}.domains`]} />
      <Field
        kind="checkboxes"
        name="criteria"
        label="Bewijs zonder eigen criterium telt voor"
        optional
        value={criteria}
        onChange={(v) => setCriteria(v as string[])}
        options={names.criteria}
        error={byField[`${prefix}.criteria`]}
      />
      {tags.map((t, i) => {
        // The API names the rule by its label: a bad label, or a rule without criteria.
        const error = byField[tagPath(t)];
        const first = tags.findIndex((o) => o.tag.trim() === t.tag.trim());
        const label = twice === t.key ? `Dit label staat al bij thema-label ${first + 1}` : t.criteria.length ? error : undefined;
        return (
          <Fieldset key={t.key}>
            <FieldsetLegend>Thema-label {i + 1}</FieldsetLegend>
            <Field kind="text" name="tag" label="Label" description="Kleine letters en cijfers, woorden met - verbonden, zoals academisch-niveau" value={t.tag} onChange={(v) => change(t.key, { tag: String(v) })} error={label} />
            <Field kind="checkboxes" name="tagCriteria" label="Bewijs met dit label telt ook voor" value={t.criteria} onChange={(v) => change(t.key, { criteria: v as string[] })} options={names.criteria} error={t.criteria.length ? undefined : error} />
            <Button appearance="secondary-action-button" type="button" onClick={() => setTags((old) => old.filter((o) => o.key !== t.key))}>Thema-label {i + 1} verwijderen</Button>
          </Fieldset>
        );
      })}
      <Button appearance="secondary-action-button" type="button" onClick={() => setTags((old) => [...old, { key: Math.max(0, ...old.map((o) => o.key + 1)), tag: '', criteria: [] }])}>
        Thema-label toevoegen
      </Button>
      <ProblemAlert>{rest}</ProblemAlert>
      <Button appearance="primary-action-button" type="submit" busy={save.isPending}>Koppeling opslaan</Button>
    </form>
  );
}

type EventRule = Mapping['eventTypes'][number];
const NEW = 'nieuw';
const emptyRule: EventRule = { eventType: '', title: '', kind: 'document', criteria: [] };
const EVENT_FIELDS = ['title', 'eventType', 'category', 'kind', 'criteria'] as const;

/** One event-type rule changed, added or removed; the rest of the mapping is sent as it is. */
function EventForm({ mapping, names }: { mapping: Mapping; names: Names }) {
  const rules = mapping.eventTypes;
  const [at, setAt] = useState(rules.length ? '0' : NEW);
  const [rule, setRule] = useState<EventRule>(rules[0] ?? emptyRule);
  const save = useSaveMapping(mapping);
  const index = at === NEW ? rules.length : Number(at);
  const path = (f: string) => `eventTypes.${index}.${f}`;
  const { byField, rest } = problemParts(save.error, EVENT_FIELDS.map(path));
  const choose = (to: string) => {
    setAt(to);
    setRule(to === NEW ? emptyRule : rules[Number(to)]!);
    save.reset();
  };
  const set = (to: Partial<EventRule>) => setRule((old) => ({ ...old, ...to }));
  const send = (eventTypes: EventRule[]) => save.mutate({ cycleKinds: mapping.cycleKinds, eventTypes });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const { category, ...always } = rule;
    const changed = { ...always, ...(category?.trim() ? { category: category.trim() } : {}) };
    send(at === NEW ? [...rules, changed] : rules.map((r, i) => (i === index ? changed : r)));
  };
  const text = (f: 'title' | 'eventType' | 'category', label: string, description?: string) => (
    <Field kind="text" name={f} label={label} description={description} optional={f === 'category'} value={rule[f] ?? ''} onChange={(v) => set({ [f]: String(v) })} error={byField[path(f)]} />
  );
  return (
    <form className="gearbox-form" onSubmit={submit} aria-label="Gebeurtenis als bewijs wijzigen">
      <Heading3>Gebeurtenis als bewijs wijzigen</Heading3>
      <Field kind="select" name="rule" label="Regel" value={at} onChange={(v) => choose(String(v))} options={[...rules.map((r, i) => ({ value: String(i), label: r.title })), { value: NEW, label: 'Nieuwe regel' }]} />
      {text('title', 'Bewijs', 'Hoe het bewijs in het dossier heet')}
      {text('eventType', 'Gebeurtenis', 'Het soort gebeurtenis, zoals SignaalReceived, of SignaalReceived.klacht voor één soort')}
      {text('category', 'Uit', 'Alleen gebeurtenissen van dit onderdeel, zoals cycle of opleider; leeg is elk')}
      <Field kind="select" name="kind" label="Soort bewijs" value={rule.kind} onChange={(v) => set({ kind: v as EventRule['kind'] })} options={Object.entries(EVIDENCE_KIND_LABEL).map(([value, label]) => ({ value, label }))} error={byField[path('kind')]} />
      <Field kind="checkboxes" name="criteria" label="Telt voor" value={rule.criteria} onChange={(v) => set({ criteria: v as string[] })} options={names.criteria} error={byField[path('criteria')]} />
      <ProblemAlert>{rest}</ProblemAlert>
      <Button appearance="primary-action-button" type="submit" busy={save.isPending}>Regel opslaan</Button>
      {at === NEW ? null : (
        <Button appearance="secondary-action-button" type="button" onClick={() => send(rules.filter((_, i) => i !== index))}>Regel verwijderen</Button>
      )}
    </form>
  );
}
