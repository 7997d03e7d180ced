/**
 * Demo data for `gearbox seed-demo`: forty-two opleiders in every step of their track (two joined
 * in 2026), a year of LEOH evaluations (some with a crucial item below the threshold), signals, CMO
 * screenings in each state, and a few functioneringsgesprekken. Everything goes through the command path, with
 * Idempotency-Keys, so the ids are fixed and a second run appends nothing.
 */
import { StreamNotFoundError } from '@gearbox/eventstore';
import type { CommandContext, KernelDeps, StreamHandler } from '@gearbox/kernel';
import type { Opleider } from './definition.ts';
import { LeohSettingsStore } from './leoh-settings.ts';
import { leohSignalReactor } from './leoh-signal.ts';

export const SEED_ACTOR = { sub: 'seed-demo', name: 'Demo-gegevens', roles: ['kwaliteitsmedewerker', 'mt', 'cmo', 'integratie'] };
export const DEMO_LEOH_SETTINGS = { scale: { min: 1, max: 5 }, crucialItems: ['veiligheid', 'feedback', 'beschikbaarheid'], threshold: 3 };
export const DEMO_PERIODS = ['2025-H2', '2026-H1'] as const;
/**
 * The day an evaluation of a demo period was filled in: in its last month, or for some in the first
 * weeks after it (the dossier still counts those in the period). The seed runs on a clock after the last.
 */
const filledIn = (period: (typeof DEMO_PERIODS)[number], i: number, a: number) => {
  const late = (i + a) % 5 === 0;
  const day = String(1 + ((i * 7 + a * 3) % 27)).padStart(2, '0');
  if (period === '2025-H2') return late ? `2026-01-${day}` : `2025-12-${day}`;
  return late ? `2026-07-${day}` : `2026-06-${day}`;
};

const INITIALS = ['A.', 'B.', 'C.', 'D.', 'E.', 'F.', 'G.', 'H.', 'I.', 'J.', 'K.', 'L.', 'M.', 'N.'];
const SURNAMES = [
  'de Vries', 'Jansen', 'Bakker', 'Visser', 'Smit', 'Meijer', 'de Boer', 'Mulder', 'de Groot', 'Bos',
  'Vos', 'Peters', 'Hendriks', 'van Leeuwen', 'Dekker', 'Brouwer', 'de Wit', 'Dijkstra', 'Smits', 'de Graaf',
  'van der Meer', 'van der Linden', 'Kok', 'Jacobs', 'de Haan', 'Vermeulen', 'van den Berg', 'van Dijk', 'Koster', 'Prins',
  'Huisman', 'Peeters', 'Willems', 'Hoekstra', 'Maas', 'Verhoeven', 'Kuipers', 'van Vliet', 'Schouten', 'Post',
];
const PLACES = ['Utrecht', 'Amersfoort', 'Zeist', 'Nieuwegein', 'Houten', 'IJsselstein', 'Veenendaal', 'Woerden', 'Maarssen', 'De Bilt'];
const VISITORS = ['M. Kuipers', 'R. de Haan', 'S. Verhoeven'];
const PRACTICES = ['De Linde', 'Het Anker', 'De Wijk', 'Oost', 'Centrum', 'De Brug', 'Parkzicht', 'Het Plein', 'De Bron', 'Rijnzicht'];

/** A small deterministic generator, so the demo is the same on every run. */
export function demoRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

export interface DemoOpleider {
  id: string;
  name: string;
  practice: string;
  status: 'aangemeld' | 'startvisitatie' | 'erkend' | 'beeindigd';
}

export interface OpleidersSeed {
  opleiders: DemoOpleider[];
  evaluations: number;
  signals: number;
}

const JOINED_2026 = [
  { name: 'F. Claassen', practice: 'Huisartsenpraktijk De Meander, Utrecht', email: 'claassen@praktijk.example', call: '2026-09-08', visit: '2026-09-15', until: '2031-10-01' },
  { name: 'G. Timmermans', practice: 'Huisartsenpraktijk Lunetten, Utrecht', email: 'timmermans@praktijk.example', call: '2026-10-13', visit: '2026-11-18' },
];

/** Index → what happens to that opleider in the demo. */
const LOW = new Set([3, 11, 19, 27, 33]);
const CMO_OUTCOME: Record<number, string> = { 3: 'monitoring', 11: 'ondersteuningstraject', 19: 'geen-actie', 27: 'afscheid' };

export async function seedOpleiders(handler: StreamHandler<Opleider>, kernel: KernelDeps, options: { institute?: string } = {}): Promise<OpleidersSeed> {
  const settings = new LeohSettingsStore(kernel);
  const institute = options.institute ?? 'utrecht';
  const ctx: CommandContext = { institute, actor: SEED_ACTOR, correlationId: 'seed-demo' };
  const random = demoRandom(2026);
  const key = (k: string) => ({ idempotencyKey: `seed-demo:${k}`, requestHash: `seed-demo:${k}` });
  const send = (id: string, k: string, body: Record<string, unknown>) => handler.execute(ctx, id, body, key(k));

  if (!(await settings.current(institute))) await settings.put(ctx, DEMO_LEOH_SETTINGS);

  const opleiders: DemoOpleider[] = [];
  let evaluations = 0;
  for (let i = 0; i < 40; i++) {
    const name = `${INITIALS[i % INITIALS.length]} ${SURNAMES[i]}`;
    const practice = `Huisartsenpraktijk ${PRACTICES[i % PRACTICES.length]}, ${PLACES[(i * 3) % PLACES.length]}`;
    const email = `${SURNAMES[i]!.replace(/\s+/g, '').toLowerCase()}@praktijk.example`;
    const { view } = await handler.start(ctx, { name, practice, email }, key(`opleider-${i}`));
    const id = view.id;
    const status: DemoOpleider['status'] = i >= 38 ? 'aangemeld' : i >= 35 ? 'startvisitatie' : i === 34 ? 'beeindigd' : 'erkend';
    opleiders.push({ id, name, practice, status });
    if (status === 'aangemeld') continue;

    // By phone a week before the visit on the planned day, by one of the HAO-team.
    const month = `2025-${String(1 + (i % 9)).padStart(2, '0')}`;
    await send(id, `sv-plan-${i}`, { type: 'ScheduleStartvisitatie', date: `${month}-15` });
    if (i === 36) continue;
    await send(id, `sv-tel-${i}`, { type: 'RecordStartvisitatie', stage: 'telefonisch', outcome: 'positief', date: `${month}-08` });
    if (i === 37) continue;
    await send(id, `sv-bezoek-${i}`, {
      type: 'RecordStartvisitatie', stage: 'bezoek', outcome: i % 7 === 0 ? 'voorwaarden' : 'positief', reportEvidenceId: `startvisitatie-${i}`,
      date: `${month}-15`, visitor: VISITORS[i % VISITORS.length],
    });
    if (status === 'startvisitatie') continue;
    // Recognitions run out over the next years; a few within three months, so reminders are due.
    const until = i % 10 === 0 ? '2026-05-31' : `${2027 + (i % 5)}-${String(1 + (i % 12)).padStart(2, '0')}-01`;
    await send(id, `erkenning-${i}`, { type: 'Recognise', until });

    for (const [p, period] of DEMO_PERIODS.entries()) {
      const aiosCount = 1 + (i % 2);
      for (let a = 0; a < aiosCount; a++) {
        const respondent = `aios-${String(i * 4 + p * 2 + a).padStart(3, '0')}`;
        const low = LOW.has(i) && p === 1 && a === 0;
        const scores: Record<string, number> = {};
        for (const item of ['veiligheid', 'feedback', 'beschikbaarheid', 'leergesprek', 'rolmodel', 'observatie', 'patientenmix', 'respect', 'zelfstandigheid', 'betrokkenheid']) {
          scores[item] = Math.min(5, Math.max(1, Math.round(3.4 + random() * 1.8)));
        }
        if (low) {
          scores.veiligheid = 2;
          if (i % 2) scores.feedback = 1;
        }
        const date = filledIn(period, i, a);
        await send(id, `leoh-${i}-${period}-${a}`, { type: 'RecordLeoh', evaluationId: `leoh-${period}-${i}-${a}`, period, respondent, scores, date });
        evaluations += 1;
        if (a === 0 && i % 3 === 0) {
          const zelf = Object.fromEntries(Object.entries(scores).map(([k, v]) => [k, Math.min(5, v + (random() < 0.5 ? 0 : 1))]));
          await send(id, `zelf-${i}-${period}`, { type: 'RecordZelfevaluatie', evaluationId: `zelf-${period}-${i}`, period, respondent, scores: zelf, date });
        }
      }
    }
    if (i % 4 === 1) {
      await send(id, `gesprek-${i}`, {
        type: 'RecordFunctioneringsgesprek', date: '2026-02-10', summary: 'Jaarlijks functioneringsgesprek; LEOH-uitkomsten besproken met de aios.',
        agreements: ['Wekelijks leergesprek vastleggen', 'Om-en-om spreekuur invoeren'],
      });
    }
    if (status === 'beeindigd') await send(id, `einde-${i}`, { type: 'EndTraining', reason: 'Praktijk overgedragen; opleiderschap beëindigd.' });
  }

  // Two opleiders who joined in 2026, so the demo year has startvisitaties of its own: one recognised
  // after a positive visit, one with the visit still to come. Added after the first forty with keys
  // of their own, so a data folder seeded before keeps its history and gains only these.
  for (const [n, joined] of JOINED_2026.entries()) {
    const { view } = await handler.start(ctx, { name: joined.name, practice: joined.practice, email: joined.email }, key(`opleider-2026-${n}`));
    await send(view.id, `sv-plan-2026-${n}`, { type: 'ScheduleStartvisitatie', date: joined.visit });
    await send(view.id, `sv-tel-2026-${n}`, { type: 'RecordStartvisitatie', stage: 'telefonisch', outcome: 'positief', date: joined.call });
    if (joined.until) {
      await send(view.id, `sv-bezoek-2026-${n}`, { type: 'RecordStartvisitatie', stage: 'bezoek', outcome: 'positief', date: joined.visit, visitor: VISITORS[n % VISITORS.length] });
      await send(view.id, `erkenning-2026-${n}`, { type: 'Recognise', until: joined.until });
    }
    opleiders.push({ id: view.id, name: joined.name, practice: joined.practice, status: joined.until ? 'erkend' : 'startvisitatie' });
  }

  // Raise the signals now rather than waiting for the server's reactor; both use the same event
  // ids, so whichever comes second appends nothing.
  const reactor = leohSignalReactor(handler, settings);
  for await (const e of readLeoh(kernel, institute)) await reactor.react(e);

  await send(opleiders[8]!.id, 'verwijzing-8', { type: 'ReferToCmo', reason: 'Studiebegeleider maakt zich zorgen over de begeleiding van de aios.' });
  for (const [index, outcome] of Object.entries(CMO_OUTCOME)) {
    const id = opleiders[Number(index)]!.id;
    const decision = outcome === 'afscheid' ? 'ondersteuningstraject' : outcome;
    await send(id, `cmo-besluit-${index}`, { type: 'DecideCmo', decision, rationale: `CMO-screening besproken: ${decision}.` });
    if (outcome === 'afscheid') {
      await send(id, `cmo-sluit-${index}`, { type: 'CloseCmoTraject', outcome: 'afscheid', rationale: 'Geen verbetering na ondersteuningstraject; afscheid genomen.' });
      opleiders[Number(index)]!.status = 'beeindigd';
    }
  }
  let signals = 0;
  for (const o of opleiders) signals += (await handler.get(ctx, o.id)).signals.length;
  return { opleiders, evaluations, signals };
}

async function* readLeoh(kernel: KernelDeps, institute: string) {
  try {
    for await (const e of kernel.store.readAll({ filter: { eventTypes: ['LeohRecorded'], streamPrefixes: [`${institute}/opleider-`] } })) yield e as never;
  } catch (error) {
    if (!(error instanceof StreamNotFoundError)) throw error;
  }
}
