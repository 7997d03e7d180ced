/**
 * A five-year history of one institute (default 1,000,000 events) for the GEAR benchmark, shaped
 * like what gearbox stores: PDCA cycles of all five kinds (goals, KPIs measured monthly, activities,
 * evidence with criteria, findings, reviews, actions, communications, closes) and, in between, the
 * subjects' own events — aios feedback on docenten after each teaching day, LEOH evaluations of
 * opleiders, safe-climate measurements, VGB and visits at leerplekken, programme feedback rounds,
 * scholing and intervisie. Timestamps rise through 2021–2025; every event carries the kernel's
 * envelope with a sealed-looking actor name.
 *
 * Seeded with plain better-sqlite3 into the adapter's own schema in big transactions (a million
 * fsynced appends would take longer than the benchmark may), in time order, day by day, so the
 * generator never holds more than a day of events.
 */
import Database from 'better-sqlite3';
import { openSqliteEventStore, validateAppend } from '@gearbox/eventstore';

export const INSTITUTE = 'utrecht';
export const FIRST_DAY = Date.UTC(2021, 0, 1);
export const DAYS = 5 * 365 + 1;
/** The instant after the last event: the dossier's asOf. */
export const HISTORY_END = new Date(FIRST_DAY + DAYS * 86_400_000).toISOString();

const DOCENTEN = 80;
const OPLEIDERS = 280;
const LEERPLEKKEN = 320;
const PROGRAMMAS = 40;
const CYCLES_PER_YEAR: [kind: string, count: number][] = [['curriculum', 6], ['opleiders', 4], ['leeromgeving', 4], ['docenten', 3], ['organisatie', 1]];
const CRITERIA: Record<string, string[]> = {
  curriculum: ['CUR-1', 'CUR-2', 'CUR-3', 'CUR-4', 'AN-2', 'TB-1', 'TB-4', 'AN-4'],
  opleiders: ['LO-2', 'LO-4', 'TB-2', 'AN-3'],
  leeromgeving: ['LO-1', 'LO-3', 'LO-5', 'AN-3'],
  docenten: ['OMM-2', 'OMM-3', 'CUR-2', 'AN-5'],
  organisatie: ['VKB-1', 'VKB-2', 'VKB-3', 'VKB-5', 'OMM-1', 'OMM-4', 'AN-1'],
};

/** Share of the subjects' events per type, with the stream category it belongs to. */
const MIX: [type: string, category: string, weight: number][] = [
  ['AiosFeedbackRecorded', 'docent', 620],
  ['LeohRecorded', 'opleider', 120],
  ['KlimaatGemeten', 'leerplek', 80],
  ['VgbRecorded', 'leerplek', 50],
  ['FeedbackRoundRecorded', 'programma', 30],
  ['VisitRecorded', 'leerplek', 20],
  ['IntervisieRecorded', 'docent', 12],
  ['ScholingRecorded', 'docent', 10],
  ['FunctioneringsgesprekRecorded', 'opleider', 10],
  ['ZelfevaluatieRecorded', 'opleider', 10],
  ['JaargesprekRecorded', 'docent', 5],
  ['ReviewedInCommissie', 'programma', 3],
  ['StartvisitatieRecorded', 'opleider', 3],
  ['OpleiderRecognised', 'opleider', 3],
  ['CmoDecided', 'opleider', 1],
  ['ProgrammaRevised', 'programma', 1],
];
const SUBJECTS: Record<string, number> = { docent: DOCENTEN, opleider: OPLEIDERS, leerplek: LEERPLEKKEN, programma: PROGRAMMAS };

/** mulberry32: a small seeded PRNG, so every run generates the same history. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Planned {
  streamId: string;
  type: string;
  data: Record<string, unknown>;
  roles: string[];
}

const dayOf = (day: number) => new Date(FIRST_DAY + day * 86_400_000).toISOString().slice(0, 10);
const hex = (random: () => number, n: number) => Array.from({ length: n }, () => Math.floor(random() * 16).toString(16)).join('');
const uuid = (random: () => number) => `${hex(random, 8)}-${hex(random, 4)}-4${hex(random, 3)}-8${hex(random, 3)}-${hex(random, 12)}`;
const sealed = (random: () => number, subject: string) => ({ $pd: 1, s: subject, k: uuid(random), d: Buffer.from(hex(random, 48), 'hex').toString('base64') });

/** Every cycle's events, by the day they happen on. About a hundred events per cycle. */
function planCycles(random: () => number): Map<number, Planned[]> {
  const byDay = new Map<number, Planned[]>();
  const at = (day: number, p: Planned) => {
    const list = byDay.get(day) ?? [];
    list.push(p);
    byDay.set(day, list);
  };
  for (let year = 0; year < 5; year++) {
    const start = year * 365 + Math.floor(year / 4);
    const y = 2021 + year;
    for (const [kind, count] of CYCLES_PER_YEAR) {
      for (let n = 0; n < count; n++) {
        const streamId = `${INSTITUTE}/cycle-${uuid(random)}`;
        const q = (type: string, data: Record<string, unknown>, day: number) => at(day, { streamId, type, data, roles: ['kwaliteitsmedewerker'] });
        const mt = (type: string, data: Record<string, unknown>, day: number) => at(day, { streamId, type, data, roles: ['mt'] });
        const d0 = start + 2 + n * 3;
        q('CycleStarted', { kind, title: `${kind} ${y} — deel ${n + 1}`, period: { from: `${y}-01-01`, to: `${y}-12-31` }, scope: `deel-${n + 1}` }, d0);
        for (let g = 0; g < 3; g++) q('GoalSet', { goalId: `doel-${g}`, title: `Doel ${g + 1} van ${kind} ${y}` }, d0);
        for (let k = 0; k < 3; k++) {
          q('KpiDefined', { kpiId: `kpi-${k}`, name: `Indicator ${k + 1} (${kind})`, unit: '%', baseline: { value: 60 + k, source: 'NIVEL-enquête 2018', year: 2018 }, target: { value: 75, by: `${y}-12-31` } }, d0);
        }
        for (let a = 0; a < 8; a++) q('ActivityPlanned', { activityId: `act-${a}`, title: `Activiteit ${a + 1}`, owner: sealed(random, 'owner'), due: `${y}-11-30` }, d0 + 1);
        mt('PlanApproved', {}, d0 + 10);
        const criteria = CRITERIA[kind]!;
        for (let e = 0; e < 25; e++) {
          const day = d0 + 20 + e * 12;
          q('EvidenceAdded', {
            evidenceId: `bewijs-${e}`,
            title: `Bewijsstuk ${e + 1}: verslag ${kind} ${y}`,
            kind: ['document', 'survey', 'minutes', 'dataset', 'visit-report'][e % 5],
            effectiveAt: dayOf(day - 3),
            criteria: e % 4 === 3 ? [] : [criteria[e % criteria.length]!],
            sha256: hex(random, 64),
            summary: `Samenvatting van bewijsstuk ${e + 1} voor ${kind}.`,
          }, day);
        }
        for (let m = 0; m < 12; m++) {
          for (let k = 0; k < 3; k++) q('MeasurementRecorded', { kpiId: `kpi-${k}`, value: 60 + m + k, source: 'maandrapportage', measuredAt: dayOf(start + m * 30 + 27) }, start + m * 30 + 28);
        }
        for (let a = 0; a < 8; a++) q('ActivityCompleted', { activityId: `act-${a}` }, start + 320 + a);
        q('CheckStarted', {}, start + 330);
        for (let f = 0; f < 6; f++) {
          q('FindingRecorded', { findingId: `bevinding-${f}`, title: `Bevinding ${f + 1}`, assessment: ['voldoet', 'deels', 'voldoet', 'voldoet-niet', 'voldoet', 'deels'][f], evidenceIds: [`bewijs-${f * 4}`] }, start + 331);
        }
        q('ReviewHeld', { reviewId: 'review-1', body: kind === 'organisatie' ? 'management-review' : 'mt', date: dayOf(start + 333) }, start + 333);
        q('CheckCompleted', {}, start + 334);
        for (const f of [1, 3, 5]) mt('ActionDecided', { actionId: `actie-${f}`, findingId: `bevinding-${f}`, title: `Verbeteractie bij bevinding ${f + 1}`, owner: sealed(random, 'owner'), due: `${y + 1}-06-30` }, start + 336);
        for (const f of [1, 3]) q('ActionCompleted', { actionId: `actie-${f}`, result: 'Afgerond.' }, start + 350);
        q('OutcomeCommunicated', { audience: ['aios', 'staf'], channel: 'nieuwsbrief', summary: `Uitkomsten ${kind} ${y}.` }, start + 352);
        mt('CycleClosed', {}, start + 355);
      }
    }
  }
  return byDay;
}

function subjectEvent(random: () => number, type: string, day: number): Record<string, unknown> {
  const date = dayOf(day);
  switch (type) {
    case 'AiosFeedbackRecorded':
      return { feedbackId: uuid(random), programmaId: `programma-${Math.floor(random() * PROGRAMMAS)}`, date, respondent: `aios-${hex(random, 10)}`, scores: { inhoud: 1 + Math.floor(random() * 5), didactiek: 1 + Math.floor(random() * 5), interactie: 1 + Math.floor(random() * 5) }, comment: sealed(random, 'aios') };
    case 'LeohRecorded':
      return { evaluationId: uuid(random), period: `${date.slice(0, 4)}-H${date.slice(5, 7) <= '06' ? 1 : 2}`, respondent: `aios-${hex(random, 10)}`, scores: { veiligheid: 4, feedback: 3 + Math.floor(random() * 3), beschikbaarheid: 4, leergesprek: 3, rolmodel: 5, observatie: 3, patientenmix: 4, respect: 5, zelfstandigheid: 4, betrokkenheid: 4 } };
    case 'KlimaatGemeten':
      return { measuredAt: date, respondents: 5 + Math.floor(random() * 20), veilig: Math.round(random() * 1000) / 10, source: 'klimaatmeting' };
    case 'VgbRecorded':
    case 'VisitRecorded':
      return { date, visitId: uuid(random), summary: sealed(random, 'leerplek') };
    case 'CmoDecided':
      return { decision: 'monitoring', rationale: sealed(random, 'opleider') };
    default:
      return { date, id: uuid(random), note: `${type} op ${date}` };
  }
}

export interface GeneratedHistory {
  events: number;
  cycleEvents: number;
  streams: number;
  bytes: number;
}

/** Writes the history into a new store file at `path`. */
export async function generateHistory(path: string, total = 1_000_000): Promise<GeneratedHistory> {
  // The adapter creates its own schema, so the file is exactly what gearbox would open.
  await openSqliteEventStore({ path }).close();
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  const insert = db.prepare('INSERT INTO events (id, stream_id, revision, type, data, metadata, created, canonical) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  const random = prng(20251123);
  const cycles = planCycles(random);
  const cycleEvents = [...cycles.values()].reduce((n, l) => n + l.length, 0);
  const others = Math.max(0, total - cycleEvents);
  const weight = MIX.reduce((n, [, , w]) => n + w, 0);
  const revisions = new Map<string, number>();
  let written = 0;
  let bytes = 0;

  const writeDay = db.transaction((day: number, planned: Planned[]) => {
    const dayStart = FIRST_DAY + day * 86_400_000 + 7 * 3_600_000;
    const step = Math.max(1, Math.floor((12 * 3_600_000) / Math.max(1, planned.length)));
    planned.forEach((p, i) => {
      const revision = revisions.get(p.streamId) ?? 0;
      revisions.set(p.streamId, revision + 1);
      const time = new Date(dayStart + i * step).toISOString();
      const sub = `${p.roles[0]}-${Math.floor(random() * 12)}`;
      const metadata = {
        time,
        institute: INSTITUTE,
        actor: { sub, name: sealed(random, sub), roles: p.roles },
        correlationId: uuid(random),
        causationId: null,
        schemaVersion: 1,
        ...(revision === 0 ? { machine: { id: p.streamId.includes('/cycle-') ? 'pdca-cycle' : 'subject', version: 1 } } : {}),
      };
      // Serialised as the adapter serialises an append: canonical JSON text, so marked canonical (ADR 0014).
      const [event] = validateAppend(p.streamId, [{ id: uuid(random), type: p.type, data: p.data, metadata }]);
      const { id, data, metadata: meta, canonical } = event!;
      bytes += data.length + meta!.length;
      insert.run(id, p.streamId, revision, p.type, data, meta, dayStart + i * step, canonical ? 1 : 0);
      written++;
    });
  });

  for (let day = 0; day < DAYS; day++) {
    const quota = Math.round(((day + 1) * others) / DAYS) - Math.round((day * others) / DAYS);
    const planned: Planned[] = [...(cycles.get(day) ?? [])];
    for (let i = 0; i < quota; i++) {
      let pick = random() * weight;
      let chosen = MIX[0]!;
      for (const m of MIX) {
        pick -= m[2];
        if (pick < 0) {
          chosen = m;
          break;
        }
      }
      const [type, category] = chosen;
      const subject = Math.floor(random() * SUBJECTS[category]!);
      planned.push({ streamId: `${INSTITUTE}/${category}-${subject}`, type, data: subjectEvent(random, type, day), roles: type === 'LeohRecorded' ? ['integratie'] : ['kwaliteitsmedewerker'] });
    }
    // Subjects' events first in the day, then the cycle steps, in a stable order.
    planned.sort((a, b) => Number(a.streamId.includes('/cycle-')) - Number(b.streamId.includes('/cycle-')));
    writeDay(day, planned);
  }
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return { events: written, cycleEvents, streams: revisions.size, bytes };
}

/** The counts of a history generated earlier (GEAR_BENCH_HISTORY). */
export async function describeHistory(path: string): Promise<GeneratedHistory> {
  const db = new Database(path, { readonly: true });
  try {
    const row = db
      .prepare<[], { events: number; cycleEvents: number; streams: number; bytes: number }>(
        `SELECT count(*) AS events, sum(stream_id LIKE '%/cycle-%') AS cycleEvents, count(DISTINCT stream_id) AS streams, sum(length(data) + length(metadata)) AS bytes FROM events`,
      )
      .get()!;
    return row;
  } finally {
    db.close();
  }
}
