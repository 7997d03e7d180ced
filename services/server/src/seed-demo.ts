/**
 * The demo institute `demo`, with Dutch data drawn from the seeds (Utrecht meerjarenbeleidsplan,
 * AMC jaarverslag): a curriculum cycle in check with the KPIs the Utrecht plan names, an
 * organisatie year plan with two management reviews, and opleiders, docenten and leerplekken.
 * Everything goes through the command path with Idempotency-Keys, so a second run appends nothing.
 */
import { instituteSettingAt, putInstituteSetting, type CommandContext, type StreamHandler } from '@gearbox/kernel';
import type { Cycle } from '@gearbox/cycles';
import type { OpleidersModule } from '@gearbox/opleiders';
import type { Gearbox } from './app.ts';

export const DEMO_INSTITUTE = 'demo';
/** API.md: `demo` seeds this display name. */
export const DEMO_INSTITUTE_NAME = 'Huisartsopleiding Demo';
const ACTOR = { sub: 'demo-kwaliteit', name: 'Demo Kwaliteitsmedewerker', roles: ['kwaliteitsmedewerker', 'mt'] };

type Command = Record<string, unknown> & { type: string };

async function runCycle(cycles: StreamHandler<Cycle>, ctx: CommandContext, key: string, start: Record<string, unknown>, commands: Command[]): Promise<string> {
  const { view } = await cycles.start(ctx, start, { idempotencyKey: `demo:${key}`, requestHash: `demo:${key}` });
  for (const [i, command] of commands.entries()) {
    await cycles.execute(ctx, view.id, command, { idempotencyKey: `demo:${key}:${i}`, requestHash: `demo:${key}:${i}` });
  }
  return view.id;
}

// The plan's targets are relative to NIVEL 2018 ("met 20% gestegen", "met 15% gestegen"); the
// baseline figures themselves are not in the plan, so 70% and 6,8 are illustrative.
export const curriculumCycle: Command[] = [
  { type: 'SetGoal', goalId: 'veilig-klimaat', title: 'Een veilig opleidingsklimaat voor alle aios', description: 'Meerjarenbeleidsplan Utrecht: het aandeel aios dat het opleidingsklimaat veilig vindt stijgt.' },
  { type: 'SetGoal', goalId: 'tevredenheid-onderwijs', title: 'Hogere tevredenheid van derdejaars over het onderwijs' },
  {
    type: 'DefineKpi', kpiId: 'veilig-klimaat', goalId: 'veilig-klimaat', name: 'aios die het opleidingsklimaat veilig vinden', unit: '%',
    baseline: { value: 70, source: 'NIVEL-enquête', year: 2018 }, target: { changePercent: 20, by: '2027-12-31' },
  },
  {
    type: 'DefineKpi', kpiId: 'tevredenheid-derdejaars', goalId: 'tevredenheid-onderwijs', name: 'tevredenheid derdejaars over het onderwijs', unit: 'rapportcijfer',
    baseline: { value: 6.8, source: 'NIVEL-enquête', year: 2018 }, target: { changePercent: 15, by: '2027-12-31' },
  },
  { type: 'PlanActivity', activityId: 'evaluatie-terugkomdag', title: 'Evaluatie van elke terugkomdag door aios, docenten en opleiders', owner: 'Onderwijscoördinator', due: '2026-06-30' },
  { type: 'PlanActivity', activityId: 'bespreking-commissie', title: 'Bespreking evaluaties in de curriculumcommissie', owner: 'Curriculumcommissie', due: '2026-09-30' },
  { type: 'ApprovePlan' },
  { type: 'CompleteActivity', activityId: 'evaluatie-terugkomdag', note: 'Alle terugkomdagen geëvalueerd; respons 71%.' },
  { type: 'AddEvidence', evidenceId: 'evaluaties-2026', title: 'Evaluaties terugkomdagen voorjaar 2026', kind: 'survey', effectiveAt: '2026-06-30', criteria: ['CUR-2'], summary: 'n = 96 aios; gemiddeld 7,4.' },
  { type: 'RecordMeasurement', kpiId: 'veilig-klimaat', value: 79, source: 'eigen enquête', measuredAt: '2026-06-30' },
  { type: 'RecordMeasurement', kpiId: 'tevredenheid-derdejaars', value: 7.4, source: 'evaluatie derdejaars', measuredAt: '2026-06-30' },
  { type: 'CompleteActivity', activityId: 'bespreking-commissie', note: 'Besproken op 15 september.' },
  { type: 'AddEvidence', evidenceId: 'notulen-commissie', title: 'Notulen curriculumcommissie 15 september 2026', kind: 'minutes', effectiveAt: '2026-09-15', criteria: ['CUR-1'] },
  { type: 'StartCheck' },
  { type: 'RecordFinding', findingId: 'klimaat-stijgt', title: 'Veilig opleidingsklimaat stijgt, doel nog niet gehaald', assessment: 'deels', evidenceIds: ['evaluaties-2026'] },
];

export const organisatieCycle: Command[] = [
  { type: 'SetGoal', goalId: 'kwaliteitszorg', title: 'Kwaliteitszorg ingericht volgens PDCA, afgestemd op de GEAR-domeinen' },
  { type: 'SetGoal', goalId: 'formatie', title: 'Formatie en inzetbaarheid van staf op orde' },
  { type: 'PlanActivity', activityId: 'weekstart', title: 'Signalen uit de wekelijkse weekstart vastleggen', owner: 'Management team', due: '2026-12-15' },
  { type: 'PlanActivity', activityId: 'jaarverslag', title: 'Jaarverslag 2025 in INK-structuur', owner: 'Kwaliteitsmedewerker', due: '2026-04-01' },
  { type: 'ApprovePlan' },
  { type: 'CompleteActivity', activityId: 'jaarverslag', note: 'Vastgesteld door het MT.' },
  { type: 'AddEvidence', evidenceId: 'jaarverslag-2025', title: 'Jaarverslag 2025', kind: 'document', effectiveAt: '2026-03-28', criteria: ['VKB-1'] },
  { type: 'AddEvidence', evidenceId: 'notulen-mr-1', title: 'Notulen managementreview voorjaar', kind: 'minutes', effectiveAt: '2026-03-20' },
  { type: 'HoldReview', reviewId: 'managementreview-voorjaar', body: 'management-review', date: '2026-03-20', minutesEvidenceId: 'notulen-mr-1' },
  { type: 'AddEvidence', evidenceId: 'notulen-mr-2', title: 'Notulen managementreview najaar', kind: 'minutes', effectiveAt: '2026-09-18' },
  { type: 'HoldReview', reviewId: 'managementreview-najaar', body: 'management-review', date: '2026-09-18', minutesEvidenceId: 'notulen-mr-2' },
];

export interface DemoSummary {
  institute: string;
  curriculumCycleId: string;
  organisatieCycleId: string;
  opleiders: number;
}

export async function seedDemo(gearbox: Gearbox, institute = DEMO_INSTITUTE): Promise<DemoSummary> {
  const ctx: CommandContext = { institute, actor: ACTOR, correlationId: 'seed-demo' };
  // Set once: a later run leaves the name as it is, also when an admin has changed it since.
  if ((await instituteSettingAt(gearbox.store, institute)).revision < 0) {
    const admin = { sub: 'demo-admin', name: 'Demo Admin', roles: ['admin'] };
    await putInstituteSetting(gearbox.kernel, { ...ctx, actor: admin }, { name: DEMO_INSTITUTE_NAME, shortName: 'Demo' });
  }
  const curriculumCycleId = await runCycle(
    gearbox.cycles, ctx, 'curriculum-2026',
    { kind: 'curriculum', title: 'Curriculum 2026: terugkomdagonderwijs', period: { from: '2026-01-01', to: '2026-12-31' }, scope: 'terugkomdagen' },
    curriculumCycle,
  );
  const organisatieCycleId = await runCycle(
    gearbox.cycles, ctx, 'organisatie-2026',
    { kind: 'organisatie', title: 'Jaarplan 2026', period: { from: '2026-01-01', to: '2026-12-31' } },
    organisatieCycle,
  );
  const module = (name: string) => gearbox.modules.find((m) => m.name === name);
  const programmas = module('curriculum')?.handler;
  if (programmas) {
    const key = (k: string) => ({ idempotencyKey: `demo:programma:${k}`, requestHash: `demo:programma:${k}` });
    const { view } = await programmas.start(ctx, { title: 'Terugkomdag communicatie en consultvoering', year: 1, description: 'Eerstejaars oefenen het consult met simulatiepatiënten.' }, key('start'));
    const rounds = [
      { roundId: 'aios-voorjaar', group: 'aios', date: '2026-03-10', n: 48, scores: { inhoud: 7.6, werkvormen: 6.8, relevantie: 7.9 } },
      { roundId: 'docenten-voorjaar', group: 'docenten', date: '2026-03-17', n: 9, scores: { inhoud: 7.9, werkvormen: 7.1 } },
      { roundId: 'opleiders-voorjaar', group: 'opleiders', date: '2026-03-24', n: 3, scores: { aansluiting: 6.2 } },
    ];
    for (const round of rounds) await programmas.execute(ctx, view.id, { type: 'RecordFeedbackRound', ...round }, key(round.roundId));
    await programmas.execute(ctx, view.id, { type: 'ReviewInCommissie', reviewId: 'cc-2026-04', date: '2026-04-14', conclusions: 'Meer oefentijd met simulatiepatiënten; werkvormen afwisselen.', roundIds: rounds.map((r) => r.roundId) }, key('review'));
    await programmas.execute(ctx, view.id, { type: 'ReviseProgramma', revisionId: 'herziening-2026', summary: 'Tweede oefenmiddag toegevoegd.', effectiveFrom: '2026-09-01' }, key('revision'));
  }
  const opleiders = (module('opleiders') as unknown as OpleidersModule | undefined)?.seed;
  const seededOpleiders = opleiders ? await opleiders(institute) : undefined;
  const docenten = module('docenten')?.seed as ((institute?: string) => Promise<{ docentIds?: string[]; docenten?: { id: string }[] }>) | undefined;
  const seededDocenten = docenten ? await docenten(institute) : undefined;
  const leerplekken = module('leeromgeving')?.seed as ((input: unknown, institute?: string) => Promise<unknown>) | undefined;
  if (leerplekken && seededOpleiders) {
    const docentIds = seededDocenten?.docentIds ?? seededDocenten?.docenten?.map((d) => d.id) ?? [];
    await leerplekken({ opleiders: seededOpleiders.opleiders.filter((o) => o.status === 'erkend'), docentIds }, institute);
  }
  await gearbox.projections.waitFor(await gearbox.store.headPosition());
  return { institute, curriculumCycleId, organisatieCycleId, opleiders: seededOpleiders?.opleiders.length ?? 0 };
}
