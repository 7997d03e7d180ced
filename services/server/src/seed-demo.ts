/**
 * The demo institute `demo`, with Dutch data drawn from the seeds (Utrecht meerjarenbeleidsplan,
 * AMC jaarverslag), a credible year 2026: a curriculum cycle in check with the KPIs the Utrecht plan
 * names and the toetsing evidence, an organisatie year plan with two management reviews and an
 * uploaded decision list (a PDF), a closed leerplek cycle of the opleidingsjaar 2025-2026,
 * opleiders, docenten and leerplekken, signalen (a complaint, weekstart signals, an incident), and
 * the self-evaluation per domain and criterion (demo-zelfevaluatie.ts) with two honest gaps.
 * Everything goes through the command path with Idempotency-Keys, so a second run appends nothing.
 */
import { createHash } from 'node:crypto';
import { documentsOf, type DocumentsModule } from '@gearbox/documents';
import { currentMapping, frameworkOf, recordCriterionZelfevaluatie, recordDomainZelfevaluatie } from '@gearbox/gear';
import { instituteSettingAt, putInstituteSetting, RevisionConflictError, type CommandContext, type StreamHandler } from '@gearbox/kernel';
import type { Cycle } from '@gearbox/cycles';
import type { OpleidersModule } from '@gearbox/opleiders';
import type { Gearbox } from './app.ts';
import { DEMO_DOCUMENT, demoDocument } from './demo-document.ts';
import { DEMO_CRITERION_REFLECTIONS, DEMO_DOMAIN_REFLECTIONS } from './demo-zelfevaluatie.ts';

export const DEMO_INSTITUTE = 'demo';
/** API.md: `demo` seeds this display name. */
export const DEMO_INSTITUTE_NAME = 'Huisartsopleiding Demo';
/** Every day the demo records has happened by this instant (a day still to come is refused): tests on a manual clock seed at it. */
export const DEMO_SEEDED_AT = '2026-11-20T09:00:00Z';
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
  // Tagged, so the mapping counts it for the academisch-niveau criteria of curriculum and toetsing (AN-2, AN-4).
  { type: 'AddEvidence', evidenceId: 'leerlijn-wetenschap', title: 'Leerlijn wetenschappelijke vorming: EBM-onderwijs en het beoordeelde onderzoeksproject van derdejaars', kind: 'document', effectiveAt: '2026-02-01', tags: ['academisch-niveau'] },
  // Added later, so a data folder seeded before keeps every earlier command (and its Idempotency-Key).
  // The survey behind the safe-climate KPI is evidence of the safe climate (LO-3): so the KPI also shows under Leeromgeving.
  { type: 'AddEvidence', evidenceId: 'enquete-klimaat-2026', title: 'Enquête veilig opleidingsklimaat 2026 onder alle aios', kind: 'survey', effectiveAt: '2026-06-30', criteria: ['LO-3'], summary: '79% van de aios vindt het opleidingsklimaat veilig (n = 118, respons 74%); NIVEL 2018: 70%.' },
  { type: 'AddEvidence', evidenceId: 'stage-afstemming', title: 'Afspraken terugkomdagonderwijs en klinische stages tweede jaar', kind: 'minutes', effectiveAt: '2026-05-19', criteria: ['CUR-4'], summary: 'Met de zes stage-instellingen vastgelegd welke terugkomdagthema\'s tijdens de stage doorlopen.' },
  { type: 'AddEvidence', evidenceId: 'toetsplan-2026', title: 'Toetsplan 2026: toetsmomenten per competentie en opleidingsjaar', kind: 'document', effectiveAt: '2026-02-10', criteria: ['TB-1'] },
  { type: 'AddEvidence', evidenceId: 'kalibratie-2026', title: 'Kalibratiesessies beoordelen: 31 opleiders en 12 docenten', kind: 'other', effectiveAt: '2026-04-09', criteria: ['TB-2'] },
  { type: 'AddEvidence', evidenceId: 'toetsevaluatie-2026', title: 'Evaluatie kennistoets en portfoliobeoordeling door de toetscommissie', kind: 'minutes', effectiveAt: '2026-10-06', criteria: ['TB-4'] },
  { type: 'RecordFinding', findingId: 'toetsing-transparant', title: 'Toetsplan en kalibratie van beoordelaars op orde', assessment: 'voldoet', evidenceIds: ['toetsplan-2026', 'kalibratie-2026'] },
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
  // Tagged: the academisch-niveau criteria of visie and organisatie (AN-1, AN-5).
  { type: 'AddEvidence', evidenceId: 'visie-academisch', title: 'Meerjarenbeleidsplan: academisch niveau en de samenwerking met de afdeling huisartsgeneeskunde', kind: 'document', effectiveAt: '2026-01-15', tags: ['academisch-niveau'] },
  { type: 'AddEvidence', evidenceId: 'organisatieregeling-2026', title: 'Organisatieregeling 2026: taken en mandaten van MT, commissies en HAO-team', kind: 'document', effectiveAt: '2026-01-20', criteria: ['OMM-1'] },
  { type: 'AddEvidence', evidenceId: 'benchmark-gedeeld', title: 'KPI veilig opleidingsklimaat gedeeld voor de landelijke benchmark', kind: 'dataset', effectiveAt: '2026-07-08', criteria: ['VKB-5'] },
];

/** The opleidingsjaar 2025-2026 of the leerplek cycle of the Utrecht plan ("verbeteren van de kwaliteit van de leerplek"), closed. */
export const leeromgevingCycle: Command[] = [
  { type: 'SetGoal', goalId: 'vgb-driehoek', title: 'Elke eerstejaars aios heeft minstens één VGB in de driehoek', description: 'Jaarverslag: opleiden in de driehoek aios, opleider en docent.' },
  { type: 'SetGoal', goalId: 'stagebezoeken', title: 'Stagebezoeken geïntensiveerd, met een grotere rol voor docenten' },
  {
    type: 'DefineKpi', kpiId: 'vgb-driehoek', goalId: 'vgb-driehoek', name: 'eerstejaars aios met een VGB in de driehoek', unit: '%',
    baseline: { value: 62, source: 'opleidingsadministratie', year: 2025 }, target: { value: 90, by: '2026-08-31' },
  },
  { type: 'PlanActivity', activityId: 'leerplekcriteria', title: 'Criteria voor de leerplek vaststellen', owner: 'Management team', due: '2025-12-01' },
  { type: 'PlanActivity', activityId: 'stagebezoeken', title: 'Elke stageplaats één keer per jaar bezocht door een docent', owner: 'Stafarts leeromgeving', due: '2026-03-31' },
  { type: 'ApprovePlan' },
  { type: 'CompleteActivity', activityId: 'leerplekcriteria', note: 'Vastgesteld in het MT van 20 november 2025.' },
  { type: 'AddEvidence', evidenceId: 'leerplekcriteria', title: 'Criteria voor de leerplek, vastgesteld door het MT', kind: 'document', effectiveAt: '2025-11-20', criteria: ['LO-1'] },
  { type: 'CompleteActivity', activityId: 'stagebezoeken', note: 'Alle zes stageplaatsen bezocht.' },
  { type: 'AddEvidence', evidenceId: 'stagebezoeken-2026', title: 'Verslagen stagebezoeken 2026: zes stageplaatsen', kind: 'visit-report', effectiveAt: '2026-01-28', criteria: ['LO-5'] },
  { type: 'AddEvidence', evidenceId: 'vgb-registratie', title: 'Registratie VGB in de driehoek, eerstejaars 2025-2026', kind: 'dataset', effectiveAt: '2026-06-30', criteria: ['LO-5', 'TB-3'], summary: '43 van de 50 eerstejaars (86%) hadden een VGB in de driehoek.' },
  { type: 'RecordMeasurement', kpiId: 'vgb-driehoek', value: 86, source: 'opleidingsadministratie', measuredAt: '2026-06-30' },
  { type: 'StartCheck' },
  { type: 'RecordFinding', findingId: 'stagebezoeken-op-orde', title: 'Leerplekcriteria vastgesteld en alle stageplaatsen bezocht', assessment: 'voldoet', evidenceIds: ['leerplekcriteria', 'stagebezoeken-2026'] },
  { type: 'RecordFinding', findingId: 'vgb-niet-overal', title: 'VGB in de driehoek bij 86% van de eerstejaars; streefwaarde 90% niet gehaald', assessment: 'deels', evidenceIds: ['vgb-registratie'] },
  { type: 'HoldReview', reviewId: 'mt-leerplek', body: 'mt', date: '2026-09-08' },
  { type: 'CompleteCheck' },
  { type: 'DecideAction', actionId: 'vgb-inplannen', findingId: 'vgb-niet-overal', title: 'VGB in de driehoek bij de start van het opleidingsjaar inplannen', owner: 'Praktijkbegeleiders jaar 1', due: '2026-12-15' },
  { type: 'CompleteAction', actionId: 'vgb-inplannen', result: 'Voor alle 52 eerstejaars van cohort 2026 is de VGB in de driehoek ingepland.' },
  { type: 'CommunicateOutcome', audience: ['opleiders', 'docenten'], channel: 'opleidersnieuwsbrief oktober 2026', summary: 'Uitkomsten van de cyclus Kwaliteit van de leerplek: 86% VGB in de driehoek, alle stageplaatsen bezocht, VGB voortaan bij de start ingepland.' },
  { type: 'CloseCycle' },
];

export interface DemoSummary {
  institute: string;
  curriculumCycleId: string;
  organisatieCycleId: string;
  leeromgevingCycleId: string;
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
  // The decision list of the autumn review, uploaded once (a second run finds it by its sha256) and linked as evidence.
  const document = await demoDocumentId(gearbox, ctx);
  const organisatieCycleId = await runCycle(
    gearbox.cycles, ctx, 'organisatie-2026',
    { kind: 'organisatie', title: 'Jaarplan 2026', period: { from: '2026-01-01', to: '2026-12-31' } },
    [
      ...organisatieCycle,
      { type: 'AddEvidence', evidenceId: 'besluitenlijst-mr-najaar', title: 'Besluitenlijst managementreview najaar 2026', kind: 'minutes', effectiveAt: '2026-09-18', criteria: ['VKB-3', 'VKB-4'], documentId: document },
    ],
  );
  const leeromgevingCycleId = await runCycle(
    gearbox.cycles, ctx, 'leeromgeving-2025-2026',
    { kind: 'leeromgeving', title: 'Kwaliteit van de leerplek 2025-2026', period: { from: '2025-09-01', to: '2026-08-31' }, scope: 'opleidingspraktijken en stageplaatsen' },
    leeromgevingCycle,
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
  const signalen = module('signalen')?.seed as ((institute?: string) => Promise<unknown>) | undefined;
  if (signalen) await signalen(institute);
  await seedZelfevaluatie(gearbox, ctx);
  await gearbox.projections.waitFor(await gearbox.store.headPosition());
  return { institute, curriculumCycleId, organisatieCycleId, leeromgevingCycleId, opleiders: seededOpleiders?.opleiders.length ?? 0 };
}

async function demoDocumentId(gearbox: Gearbox, ctx: CommandContext): Promise<string> {
  const bytes = await demoDocument();
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const known = (await documentsOf(gearbox.store, ctx.institute, await gearbox.store.headPosition())).find((d) => d.sha256 === sha256);
  if (known) return known.documentId;
  const documents = gearbox.modules.find((m) => m.name === 'documents') as DocumentsModule;
  return (await documents.upload(ctx, bytes, DEMO_DOCUMENT)).documentId;
}

/** The reflections, through the same functions as the API's PUTs; each written once: one already there (also one changed since) is left as it is. */
async function seedZelfevaluatie(gearbox: Gearbox, ctx: CommandContext): Promise<void> {
  const framework = frameworkOf(await currentMapping(gearbox.store, ctx.institute));
  const once = async (write: () => Promise<unknown>) => {
    try {
      await write();
    } catch (error) {
      if (!(error instanceof RevisionConflictError)) throw error;
    }
  };
  for (const [domain, text] of Object.entries(DEMO_DOMAIN_REFLECTIONS)) {
    await once(() => recordDomainZelfevaluatie(gearbox.kernel, ctx, framework, domain, { text }, { ifMatch: -1 }));
  }
  for (const [code, reflection] of Object.entries(DEMO_CRITERION_REFLECTIONS)) {
    await once(() => recordCriterionZelfevaluatie(gearbox.kernel, ctx, framework, code, reflection, { ifMatch: -1 }));
  }
}
