/**
 * Instellingen → Criteria-koppeling: the GEAR mapping in force, in words — which cycle kinds feed
 * which domains and criteria (also through a tag), and which events count as evidence for which
 * criteria; the admin changes a cycle kind's domains and criteria (`PUT /gear/mapping`, If-Match).
 */
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Heading2, Heading3, Paragraph, TableCell, TableRow } from '@utrecht/component-library-react/css-module';
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
  criteria: m.domains.flatMap((d) => d.criteria.map((c) => ({ value: c.code, label: `${c.code} ${c.title}` }))),
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
            </>
          );
        }}
      </Loaded>
    </section>
  );
}

/** One cycle kind's domains and criteria changed; the rest of the mapping is sent as it is. */
function KindForm({ mapping, names }: { mapping: Mapping; names: Names }) {
  const queries = useQueryClient();
  const kinds = Object.keys(mapping.cycleKinds);
  const [kind, setKind] = useState(kinds[0] ?? '');
  const [domains, setDomains] = useState<string[]>(mapping.cycleKinds[kind]?.domains ?? []);
  const [criteria, setCriteria] = useState<string[]>(mapping.cycleKinds[kind]?.criteria ?? []);
  const save = useMutation({
    mutationFn: () =>
      data(
        api.PUT('/gear/mapping', {
          body: { version: mapping.version, eventTypes: mapping.eventTypes, cycleKinds: { ...mapping.cycleKinds, [kind]: { ...mapping.cycleKinds[kind]!, domains, criteria } } },
          params: { header: mapping.revision >= 0 ? { 'If-Match': `"${mapping.revision}"` } : {} },
        }),
      ),
    onSuccess: (saved) => queries.setQueryData(['gear-mapping'], saved),
  });
  const prefix = `cycleKinds.${kind}`;
  const { byField, rest } = problemParts(save.error, [`${prefix}.domains`, `${prefix}.criteria`]);
  const choose = (k: string) => {
    setKind(k);
    setDomains(mapping.cycleKinds[k]?.domains ?? []);
    setCriteria(mapping.cycleKinds[k]?.criteria ?? []);
    save.reset();
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
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
      <ProblemAlert>{rest}</ProblemAlert>
      <Button appearance="primary-action-button" type="submit" busy={save.isPending}>Koppeling opslaan</Button>
    </form>
  );
}
