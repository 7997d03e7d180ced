/**
 * How the dossier reads, in one place for html, pdf and xlsx: dates as dd-mm-jjjj, numbers with a
 * decimal comma, singular and plural, Dutch labels for evidence kinds, phases and progress, and the
 * sentences for a KPI, a finding and an action. dossier.json keeps machine values (ISO dates, JSON
 * numbers); only these renderers use this module.
 */
import { datum, getal } from '@gearbox/kernel';
import { KIND_LABELS, PHASE_LABELS, type Progress } from '@gearbox/cycles';
import { ASSESSMENT_LABELS, STATUS_LABELS, STATUSES, type DossierAction, type DossierCriterion, type DossierDomain, type DossierEvidence, type DossierFinding, type DossierKpi, type Period, type Dossier } from './dossier.ts';
import type { DomainReflection } from './zelfevaluatie.ts';
import type { Source } from './projection.ts';

/** `2026-04-14` (or an instant starting with it) → `14-04-2026`. */
export { datum, getal };

/** An instant → `29-11-2026 11:44 UTC`. */
export function tijdstip(iso: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(iso);
  return m ? `${datum(m[1]!)} ${m[2]} UTC` : iso;
}

/** `1 meting`, `2 metingen`, `0 metingen`. */
export function aantal(n: number, enkelvoud: string, meervoud: string): string {
  return `${getal(n)} ${n === 1 ? enkelvoud : meervoud}`;
}

/** A value with its unit: `79%`, `7,4 rapportcijfer`. */
export function waarde(value: number, unit: string): string {
  return unit === '%' ? `${getal(value)}%` : unit ? `${getal(value)} ${unit}` : getal(value);
}

export function periodText(p: Period): string {
  if (p.from === null && p.to === null) return 'de hele geschiedenis';
  if (p.from === null) return `tot en met ${datum(p.to!)}`;
  if (p.to === null) return `vanaf ${datum(p.from)}`;
  return `${datum(p.from)} tot en met ${datum(p.to)}`;
}

export { KIND_LABELS, PHASE_LABELS };


export const CYCLE_KIND_LABELS: Record<string, string> = {
  curriculum: 'curriculum',
  organisatie: 'organisatie',
  opleiders: 'opleiders',
  docenten: 'docenten',
  leeromgeving: 'leeromgeving',
};

/** Where counted events come from, by stream category. */
export const CATEGORY_LABELS: Record<string, string> = {
  cycle: 'de kwaliteitscycli',
  opleider: 'de opleidersadministratie',
  leerplek: 'de leerplekadministratie',
  docent: 'de docentenadministratie',
  programma: "de onderwijsprogramma's",
  signaal: 'de signalen',
};

/** "Cyclus Curriculum 2026, enquête van 30-06-2026". */
export function cycleEvidenceOrigin(cycleTitle: string, kind: string, day: string): string {
  return `Cyclus ${cycleTitle}, ${label(KIND_LABELS, kind)} van ${datum(day)}`;
}

/** "104 registraties in de opleidersadministratie, van 03-01-2026 tot en met 30-06-2026". */
export function countedOrigin(category: string, count: number, from: string, to: string): string {
  const where = `${aantal(count, 'registratie', 'registraties')} in ${label(CATEGORY_LABELS, category)}`;
  return from === to ? `${where}, op ${datum(to)}` : `${where}, van ${datum(from)} tot en met ${datum(to)}`;
}

export const PROGRESS_LABELS: Record<Progress, string> = {
  'op-koers': 'op koers',
  'niet-op-koers': 'niet op koers',
  gehaald: 'gehaald',
  onbekend: 'nog niet gemeten',
};

export const label = (labels: Record<string, string>, key: string) => (Object.hasOwn(labels, key) ? labels[key]! : key);

/** A KPI as one sentence: baseline → latest → target, and its progress in words. */
export function kpiText(k: DossierKpi): string {
  const change = 'changePercent' in k.target ? ` (${k.target.changePercent > 0 ? '+' : ''}${getal(k.target.changePercent)}% op de nulmeting)` : '';
  const latest = k.latest
    ? `laatste meting ${waarde(k.latest.value, k.unit)} op ${datum(k.latest.measuredAt)} (${k.latest.source}; ${aantal(k.measurements.length, 'meting', 'metingen')})`
    : k.explanation !== undefined
      ? `niet gemeten: ${k.explanation}`
      : 'nog geen meting';
  return `nulmeting ${waarde(k.baseline.value, k.unit)} (${k.baseline.source}, ${k.baseline.year}) → ${latest} → streefwaarde ${waarde(k.targetValue, k.unit)}${change} uiterlijk ${datum(k.target.by)}`;
}

export function findingText(f: DossierFinding): string {
  const state = f.accepted ? 'geaccepteerd' : f.open ? 'open' : 'afgehandeld';
  return `${f.title} — ${ASSESSMENT_LABELS[f.assessment]}, ${state} (cyclus ${f.cycle.title})`;
}

export function actionText(a: DossierAction): string {
  const state = a.status === 'afgerond' ? 'afgerond' : a.overdue ? 'open, te laat' : 'open';
  return `${a.title} — eigenaar: ${a.owner ?? 'afgeschermd (persoonsgegeven)'}; deadline ${datum(a.due)}; ${state} (cyclus ${a.cycle.title})`;
}

export function evidenceText(e: DossierEvidence): string {
  return `${e.title} (${label(KIND_LABELS, e.kind)}) — ${e.herkomst}`;
}

/** "Zelfevaluatie van 14-04-2026, oordeel: voldoet deels". */
export function reflectionHeading(r: DomainReflection, c?: DossierCriterion): string {
  return `Zelfevaluatie van ${datum(r.at)}${c?.zelfevaluatie ? `, oordeel: ${STATUS_LABELS[c.zelfevaluatie.oordeel]}` : ''}`;
}

/** The afwijking flag in words, for a criterion with a reflection. */
export function afwijkingText(c: DossierCriterion): string | undefined {
  if (!c.zelfevaluatie) return undefined;
  return c.afwijkingReden ? `Afwijking: ${c.afwijkingReden}` : 'Oordeel en bewijs spreken elkaar niet tegen.';
}

/** A domain's summary in three lines: criteria per status, findings and actions, KPIs. */
export function domainSummaryLines(x: DossierDomain): string[] {
  const s = x.summary;
  const statuses = STATUSES.filter((st) => s.statuses[st] > 0).map((st) => `${s.statuses[st]} ${STATUS_LABELS[st]}`);
  const kpis = (['gehaald', 'op-koers', 'niet-op-koers', 'onbekend'] as const).filter((p) => s.kpis[p] > 0).map((p) => `${s.kpis[p]} ${PROGRESS_LABELS[p]}`);
  const kpiCount = x.kpis.length;
  return [
    `${aantal(x.criteria.length, 'criterium', 'criteria')}: ${statuses.join(', ')}.`,
    `${aantal(s.openFindings, 'open bevinding', 'open bevindingen')}; ${aantal(s.openActions, 'open verbeteractie', 'open verbeteracties')}${s.overdueActions ? `, waarvan ${s.overdueActions} te laat` : ''}.`,
    kpiCount ? `${aantal(kpiCount, 'KPI', "KPI's")}: ${kpis.join(', ')}.` : "Geen KPI's in deze periode.",
  ];
}

/** The "Verantwoording" lines of the dossier itself: what identifies it in the store. */
export function dossierIdentity(d: { institute: string; version: string; asOf: string; position: string; eventCount: number; chainHead: string | null; mapping: { source: string; revision: number; eventId: string | null; changedAt: string | null } }): [string, string][] {
  return [
    ['Id van het instituut', d.institute],
    ['Versie van het kader', d.version],
    ['Stand per (asOf)', d.asOf],
    ['Positie in de eventstore', d.position],
    ['Aantal events van het instituut', String(d.eventCount)],
    ['Kop van de hashketen', d.chainHead ?? '—'],
    ['Koppeling cycli → domeinen', d.mapping.source === 'standaard' ? 'standaardkoppeling van het kader' : `ingesteld door het instituut, revisie ${d.mapping.revision}, event ${d.mapping.eventId ?? ''}, ${d.mapping.changedAt ?? ''}`],
  ];
}

/**
 * The appendix "Verantwoording": every source the body refers to gets a number, in the order the
 * body names it (domains, criteria, then per criterion evidence, KPIs, findings, actions; then the
 * domain's cycles); the body shows only "[n]", the appendix the stream, revision, event id and
 * position. Numbered once for the whole dossier, so every format gives the same numbers.
 */
export class Verantwoording {
  private readonly numbers = new Map<string, number>();
  readonly entries: { nr: number; what: string; source: Source; sha256?: string }[] = [];

  constructor(d: Dossier) {
    for (const x of d.domains) {
      for (const c of x.criteria) {
        for (const e of c.evidence) this.add(e.source, `Bewijs: ${e.title}`, e.sha256);
        for (const k of c.kpis) this.add(k.source, `KPI: ${k.name}`);
        for (const f of c.findings) this.add(f.source, `Bevinding: ${f.title}`);
        for (const a of c.actions) this.add(a.source, `Verbeteractie: ${a.title}`);
      }
      for (const cy of x.cycleList) this.add(cy.source, `Cyclus: ${cy.title}`);
    }
  }

  private add(source: Source, what: string, sha256?: string): void {
    if (this.numbers.has(source.eventId)) return;
    const nr = this.entries.length + 1;
    this.numbers.set(source.eventId, nr);
    this.entries.push({ nr, what, source, ...(sha256 ? { sha256 } : {}) });
  }

  /** "[n]" for a source the constructor numbered. */
  ref(source: Source): string {
    return `[${this.numbers.get(source.eventId)}]`;
  }
}

export const VERANTWOORDING_INTRO =
  'Elke genummerde verwijzing in het dossier ([n]) is een event in de eventstore: terug te vinden met stream, revisie en event-id; de positie is zijn plaats in de eventstore en in de hashketen.';
