import type { ReactNode } from 'react';
import { useParams } from 'react-router';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { DataList, DataListItem, DataListKey, DataListValue, Heading1, Heading2, Paragraph, UnorderedList, UnorderedListItem } from '@utrecht/component-library-react/css-module';
import { api, data, type Cycle } from '../api/client.ts';
import { datum, getal, opsomming } from '../format.ts';
import { DocumentDownload } from '../files.tsx';
import { Loaded } from '../loaded.tsx';
import { useTitle } from '../layout.tsx';
import { NietGevonden } from './volgt.tsx';
import { ASSESSMENT_LABEL, EVIDENCE_KIND_LABEL, KIND_LABEL, PHASE_LABEL, PHASES } from '../cycles/labels.ts';
import { formOf, NEXT_STEP, type Lookups } from '../cycles/commands.ts';
import { SpecForm } from '../cycles/spec-form.tsx';

/** `/cycli/:id`: the PDCA steps, everything recorded so far, and what this person may do now. */
export default function Cyclus() {
  const { id = '' } = useParams();
  const cycle = useQuery({ queryKey: ['cycle', id], queryFn: () => data(api.GET('/cycles/{id}', { params: { path: { id } } })) });
  useTitle(cycle.data?.title ?? 'Cyclus');
  return <Loaded query={cycle} notFound={<NietGevonden what="Deze cyclus" />}>{(c) => <CycleView cycle={c} />}</Loaded>;
}

function CycleView({ cycle }: { cycle: Cycle }) {
  return (
    <>
      <Heading1>{cycle.title}</Heading1>
      <Paragraph>
        {KIND_LABEL[cycle.kind]}, {datum(cycle.period.from)} t/m {datum(cycle.period.to)}
        {cycle.scope ? `, reikwijdte ${cycle.scope}` : ''}. Fase: {PHASE_LABEL[cycle.phase]}.
      </Paragraph>
      <Stepper phase={cycle.phase} />
      <Actions cycle={cycle} />
      <Recorded cycle={cycle} />
    </>
  );
}

function Stepper({ phase }: { phase: Cycle['phase'] }) {
  if (phase === 'cancelled') return <Paragraph><strong>Deze cyclus is geannuleerd.</strong></Paragraph>;
  const at = PHASES.findIndex((p) => p.phase === phase);
  return (
    <ol className="gearbox-stepper" aria-label="Stappen van de cyclus">
      {PHASES.map((p, i) => (
        <li key={p.phase} aria-current={i === at ? 'step' : undefined}>
          {p.label}
          <span className="gearbox-sr">{i < at ? ' (gedaan)' : i === at ? ' (nu)' : ' (nog niet)'}</span>
        </li>
      ))}
    </ol>
  );
}

/**
 * The commands in `allowed`, and the step to the next phase also while it is blocked: sending it
 * says why. Someone who may send nothing here (an auditor) sees no forms at all.
 */
function Actions({ cycle }: { cycle: Cycle }) {
  const queries = useQueryClient();
  const mapping = useMapping(cycle, cycle.allowed.includes('AddEvidence'));
  const next = cycle.allowed.length ? NEXT_STEP[cycle.phase] : undefined;
  const types = [...cycle.allowed.filter((t) => t !== next && t !== 'CancelCycle'), ...(next ? [next] : []), ...(cycle.allowed.includes('CancelCycle') ? ['CancelCycle'] : [])];
  const send = async (type: string, body: Record<string, unknown>) => {
    const updated = await data(
      api.POST('/cycles/{id}/commands', { params: { path: { id: cycle.id }, header: { 'If-Match': `"${cycle.revision}"` } }, body: { ...body, type } as never }),
    );
    queries.setQueryData(['cycle', cycle.id], updated);
    void queries.invalidateQueries({ queryKey: ['cycles'] });
    void queries.invalidateQueries({ queryKey: ['deadlines'] });
  };
  if (types.length === 0) return null;
  return (
    <section aria-labelledby="acties">
      <Heading2 id="acties">Wat u nu kunt doen</Heading2>
      <div className="gearbox-forms">
        {types.map((type) => {
          const form = formOf(type);
          if (!form) return null;
          const blocked = type === next && !cycle.allowed.includes(type);
          return (
            <SpecForm key={`${type}-${cycle.revision}`} form={form} cycle={cycle} lookups={mapping?.lookups} descriptions={mapping?.descriptions} send={(body) => send(type, body)}>
              {blocked ? <Paragraph className="gearbox-blocked">Deze stap kan nu nog niet of hoort bij een andere rol; met de knop ziet u waarom.</Paragraph> : null}
            </SpecForm>
          );
        })}
      </div>
    </section>
  );
}

function Section({ id, title, items }: { id: string; title: string; items: { key: string; text: string; extra?: ReactNode }[] }) {
  return (
    <section aria-labelledby={id}>
      <Heading2 id={id}>{title}</Heading2>
      {items.length === 0 ? <Paragraph>Nog niets vastgelegd.</Paragraph> : (
        <UnorderedList>{items.map((i) => <UnorderedListItem key={i.key}>{i.text}{i.extra}</UnorderedListItem>)}</UnorderedList>
      )}
    </section>
  );
}

const STATUS: Record<string, string> = { open: 'open', completed: 'afgerond', waived: 'vervallen' };

function Recorded({ cycle: c }: { cycle: Cycle }) {
  const evidence = new Map(c.evidence.map((e) => [e.evidenceId, e.title]));
  return (
    <>
      <Section id="doelen" title="Doelen" items={c.goals.map((g) => ({ key: g.goalId, text: g.description ? `${g.title}: ${g.description}` : g.title }))} />
      <Section
        id="kpis"
        title="KPI's"
        items={c.kpis.map((k) => ({
          key: k.kpiId,
          text: `${k.name}: nulmeting ${getal(k.baseline.value)} ${k.unit} (${k.baseline.source}, ${k.baseline.year}), streefwaarde ${getal(k.targetValue)} ${k.unit}${'changePercent' in k.target ? ` (${k.target.changePercent > 0 ? '+' : ''}${getal(k.target.changePercent)}% ten opzichte van de nulmeting)` : ''} op ${datum(k.target.by)}` +
            (k.latest ? `; laatste meting ${getal(k.latest.value)} ${k.unit} op ${datum(k.latest.measuredAt)}` : k.explanation ? `; niet gemeten: ${k.explanation}` : '; nog niet gemeten'),
        }))}
      />
      <Section
        id="activiteiten"
        title="Activiteiten"
        items={c.activities.map((a) => ({ key: a.activityId, text: `${a.title} (${a.owner}), uiterlijk ${datum(a.due)}: ${STATUS[a.status]}${a.overdue ? ', te laat' : ''}${a.note ? ` — ${a.note}` : ''}${a.reason ? ` — ${a.reason}` : ''}` }))}
      />
      <Section id="bewijs" title="Bewijs" items={c.evidence.map((e) => ({ key: e.evidenceId, extra: e.documentId ? <DocumentDownload documentId={e.documentId} title={e.title} /> : null, text: `${e.title} (${EVIDENCE_KIND_LABEL[e.kind] ?? e.kind}, per ${datum(e.effectiveAt)}${e.documentId ? ', bestand bijgevoegd' : ''})${e.summary ? `: ${e.summary}` : ''}` }))} />
      <Section
        id="bevindingen"
        title="Bevindingen"
        items={c.findings.map((f) => ({
          key: f.findingId,
          text: `${f.title}: ${ASSESSMENT_LABEL[f.assessment]}` + (f.evidenceIds.length ? `, onderbouwd met ${f.evidenceIds.map((e) => evidence.get(e) ?? e).join(', ')}` : '') + (f.acceptance ? `; geaccepteerd: ${f.acceptance.rationale}` : ''),
        }))}
      />
      <Section id="besprekingen" title="Besprekingen" items={c.reviews.map((r) => ({ key: r.reviewId, text: `${r.body} op ${datum(r.date)}` }))} />
      <Section
        id="verbeteracties"
        title="Verbeteracties"
        items={[...c.carriedOver, ...c.actions].map((a) => ({ key: a.actionId, text: `${a.title} (${a.owner}), uiterlijk ${datum(a.due)}: ${STATUS[a.status]}${a.overdue ? ', te laat' : ''}${a.result ? ` — ${a.result}` : ''}` }))}
      />
      <Section id="communicatie" title="Communicatie" items={c.communications.map((m, i) => ({ key: String(i), text: `${m.summary} (${m.channel}, aan ${m.audience.join(', ')}, ${datum(m.at)})` }))} />
      {c.closedAt ? (
        <DataList>
          <DataListItem><DataListKey>Afgesloten op</DataListKey><DataListValue>{datum(c.closedAt)}</DataListValue></DataListItem>
        </DataList>
      ) : null}
    </>
  );
}

/**
 * What "Bewijs toevoegen" chooses from the mapping in force (loaded only when the form shows): the
 * framework's criteria (`CUR-2: title` per domain), the thema-labels the cycle's kind has rules for,
 * and in words which criteria the evidence counts for when none is chosen.
 */
function useMapping(cycle: Cycle, enabled: boolean): { lookups: Lookups; descriptions: Record<string, string> } | undefined {
  const mapping = useQuery({ queryKey: ['gear-mapping'], queryFn: () => data(api.GET('/gear/mapping')), enabled, staleTime: 5 * 60_000 });
  if (!mapping.data) return undefined;
  const criteria = mapping.data.domains.flatMap((d) => d.criteria.map((c) => ({ value: c.code, label: `${c.code}: ${c.title}`, group: d.title })));
  const rule = Object.hasOwn(mapping.data.cycleKinds, cycle.kind) ? mapping.data.cycleKinds[cycle.kind] : undefined;
  const fallback = (rule?.criteria ?? []).map((code) => criteria.find((c) => c.value === code)?.label ?? code);
  const kind = `een ${KIND_LABEL[cycle.kind].toLocaleLowerCase('nl')}cyclus`;
  return {
    lookups: { criteria, tags: Object.entries(rule?.tags ?? {}).map(([tag, codes]) => ({ value: tag, label: `${tag} (telt ook voor ${opsomming(codes)})` })) },
    descriptions: {
      criteria: fallback.length
        ? `Niets gekozen: het bewijs telt voor de criteria van ${kind}: ${fallback.join('; ')}`
        : `Niets gekozen: het bewijs telt voor geen criterium (de criteria-koppeling geeft ${kind} er geen)`,
    },
  };
}
