import { describe, expect, it } from 'vitest';
import { cycleDefinition, phaseOf, type CycleContext } from '@gearbox/cycles';
import { as, harness } from '@gearbox/kernel/testing';
import { buildJaarverslag, goalOf, inkHeadingOf, kpiResult, resultGroupOf, type CycleInYear, type DoelVerslag } from '../src/jaarverslag.ts';
import { renderJaarverslag } from '../src/jaarverslag-html.ts';

type Step = Record<string, unknown> & { type: string; at?: string };

/** Folds real cycles: each through the kernel's command path, then loaded as the read model holds them. */
async function fold(...plans: { start: Record<string, unknown>; steps: Step[] }[]): Promise<CycleInYear[]> {
  const h = harness(cycleDefinition);
  try {
    const ctx = h.ctx(as('kwaliteitsmedewerker', 'mt'));
    const out: CycleInYear[] = [];
    for (const plan of plans) {
      h.clock.set('2025-12-01T09:00:00Z');
      const { view } = await h.handler.start(ctx, plan.start);
      for (const { at, ...command } of plan.steps) {
        // A step without its own time is recorded late in 2026, after every day the plans name
        // (a measurement or review may not be dated after the day it is recorded).
        h.clock.set(at ?? '2026-12-15T09:00:00Z');
        await h.handler.execute(ctx, view.id, command);
      }
      const loaded = (await h.handler.load('utrecht', view.id))!;
      out.push({ id: view.id, phase: phaseOf(loaded.snapshot.value), context: loaded.snapshot.context as CycleContext });
    }
    return out;
  } finally {
    await h.close();
  }
}

const year2026 = { from: '2026-01-01', to: '2026-12-31' };
const kpi = (kpiId: string, goalId: string, name: string, baseline: number, target: { value: number } | { changePercent: number }) => ({
  type: 'DefineKpi', kpiId, goalId, name, unit: '%', baseline: { value: baseline, source: 'NIVEL', year: 2018 }, target: { ...target, by: '2027-12-31' },
});

const curriculum = {
  start: { kind: 'curriculum', title: 'Curriculum 2026', period: year2026, scope: 'jaar 1' },
  steps: [
    { type: 'SetGoal', goalId: 'klimaat', title: 'Veilig opleidingsklimaat', description: 'Aios voelen zich veilig om te leren.' },
    kpi('veilig', 'klimaat', 'aios die het opleidingsklimaat veilig vinden', 70, { changePercent: 20 }),
    kpi('kosten', 'klimaat', 'kosten per terugkomdag', 900, { value: 800 }),
    { type: 'PlanActivity', activityId: 'a1', title: 'Enquête <afnemen>', owner: 'A. de Vries', due: '2026-06-30' },
    { type: 'PlanActivity', activityId: 'a2', title: 'Docenten trainen in feedback geven', owner: 'B. Bakker', due: '2026-09-30' },
    { type: 'PlanActivity', activityId: 'a3', title: 'Budget voor simulatiepatiënten', owner: 'MT', due: '2026-03-31' },
    { type: 'ApprovePlan' },
    { type: 'CompleteActivity', activityId: 'a1', at: '2026-07-01T09:00:00Z' },
    { type: 'WaiveActivity', activityId: 'a3', reason: 'Al begroot' },
    { type: 'AddEvidence', evidenceId: 'e1', title: 'Enquête 2026', kind: 'survey', effectiveAt: '2026-06-30', criteria: ['CUR-2'], uri: 'https://intranet.example/enquete?x=1&y=2' },
    { type: 'AddEvidence', evidenceId: 'e0', title: 'Oude enquête', kind: 'survey', effectiveAt: '2025-06-30' },
    { type: 'RecordMeasurement', kpiId: 'veilig', value: 75, source: 'enquête voorjaar', measuredAt: '2026-04-01' },
    { type: 'RecordMeasurement', kpiId: 'veilig', value: 86, source: 'enquête', measuredAt: '2026-06-30' },
    { type: 'RecordMeasurement', kpiId: 'veilig', value: 60, source: 'vorig jaar', measuredAt: '2025-06-30' },
    { type: 'RecordMeasurement', kpiId: 'kosten', value: 850, source: 'administratie', measuredAt: '2026-10-01' },
  ],
};

const jaarplan = {
  start: { kind: 'organisatie', title: 'Jaarplan 2026', period: year2026 },
  steps: [
    { type: 'SetGoal', goalId: 'pdca', title: 'Kwaliteitszorg volgens PDCA' },
    { type: 'SetGoal', goalId: 'formatie', title: 'Formatie op orde' },
    { type: 'SetGoal', goalId: 'formatie-hao', title: 'HAO-team op sterkte' },
    kpi('formatie-fte', 'formatie', 'ingevulde formatie', 80, { value: 95 }),
    // The id names another goal; the KPI goes where its goalId says.
    kpi('pdca-vacatures', 'formatie-hao', 'vacatures ingevuld', 50, { value: 100 }),
    { type: 'PlanActivity', activityId: 'pdca.weekstart', title: 'Weekstart met signalen', owner: 'MT', due: '2026-12-01' },
    { type: 'PlanActivity', activityId: 'formatie-werving', title: 'Werving twee docenten', owner: 'MT', due: '2026-09-01' },
    { type: 'PlanActivity', activityId: 'formatie-hao-1', title: 'Vacature HAO-team', owner: 'MT', due: '2026-05-01' },
    { type: 'PlanActivity', activityId: 'jaarverslag', title: 'Jaarverslag 2025 opstellen', owner: 'Kwaliteitsmedewerker', due: '2026-04-01' },
    { type: 'ApprovePlan' },
    { type: 'HoldReview', reviewId: 'mr1', body: 'management-review', date: '2026-03-20' },
  ],
};

describe('jaarverslag in INK structure', () => {
  it('writes the behaalde resultaten from the check and act records: findings, completed actions, the outcome shared', async () => {
    const closed = {
      start: { kind: 'leeromgeving', title: 'Leerplekken 2026', period: year2026 },
      steps: [
        { type: 'SetGoal', goalId: 'vgb', title: 'VGB in de driehoek' },
        { type: 'PlanActivity', activityId: 'a', title: 'Bezoeken', owner: 'HAO-team', due: '2026-06-30' },
        { type: 'ApprovePlan' },
        { type: 'AddEvidence', evidenceId: 'b', title: 'Bezoekverslagen', kind: 'visit-report', effectiveAt: '2026-06-30' },
        { type: 'CompleteActivity', activityId: 'a' },
        { type: 'StartCheck' },
        { type: 'RecordFinding', findingId: 'f1', title: 'Elke leerplek bezocht', assessment: 'voldoet', evidenceIds: ['b'] },
        { type: 'RecordFinding', findingId: 'f2', title: 'VGB niet overal besproken', assessment: 'deels', evidenceIds: ['b'] },
        { type: 'RecordFinding', findingId: 'f3', title: 'Nabespreking te kort', assessment: 'deels', evidenceIds: ['b'] },
        { type: 'HoldReview', reviewId: 'r', body: 'opleidingscommissie', date: '2026-09-01' },
        { type: 'CompleteCheck' },
        { type: 'AcceptFinding', findingId: 'f3', rationale: 'Past binnen de huidige formatie' },
        { type: 'DecideAction', actionId: 'x', findingId: 'f2', title: 'VGB-gesprek in de opleidersgroep', owner: 'HAO-team', due: '2026-10-01' },
        { type: 'CompleteAction', actionId: 'x', result: 'In alle opleidersgroepen besproken' },
        { type: 'CommunicateOutcome', audience: ['opleiders'], channel: 'nieuwsbrief', summary: 'De VGB staat op de agenda van elke opleidersgroep', at: '2026-11-02T09:00:00Z' },
      ],
    };
    const [vgb] = buildJaarverslag('utrecht', 2026, await fold(closed)).doelen;
    expect(vgb!.behaaldeResultaten).toEqual([
      'Elke leerplek bezocht: voldoet',
      'VGB niet overal besproken: voldoet deels',
      'Nabespreking te kort: voldoet deels; door het MT geaccepteerd: Past binnen de huidige formatie',
      'Verbeteractie afgerond: VGB-gesprek in de opleidersgroep — In alle opleidersgroepen besproken',
      'De VGB staat op de agenda van elke opleidersgroep (gedeeld met opleiders via nieuwsbrief, 02-11-2026)',
    ]);
    const html = renderJaarverslag(buildJaarverslag('utrecht', 2026, await fold(closed)));
    expect(html).toContain('<h4>Behaalde resultaten</h4>');
    expect(html).toContain('Verbeteractie afgerond: VGB-gesprek in de opleidersgroep');
  });

  it('gives a cycle with one goal everything of the cycle, under the INK headings by rule', async () => {
    const report = buildJaarverslag('utrecht', 2026, await fold(curriculum));
    expect(report.doelen).toHaveLength(1);
    const klimaat = report.doelen[0]!;
    expect(klimaat.goal).toEqual({ goalId: 'klimaat', title: 'Veilig opleidingsklimaat', description: 'Aios voelen zich veilig om te leren.' });
    expect(klimaat.organisatie).toEqual({
      strategieEnBeleid: ['Aios voelen zich veilig om te leren.', 'Curriculumcyclus Curriculum 2026 (01-01-2026 t/m 31-12-2026, jaar 1), fase uitvoering'],
      medewerkers: ['Docenten trainen in feedback geven — open, gepland 30-09-2026'],
      middelen: ['Budget voor simulatiepatiënten — vervallen'],
      processen: ['Enquête <afnemen> — afgerond'],
    });
    expect(klimaat.onderbouwing).toEqual([
      { evidenceId: 'e1', title: 'Enquête 2026', kind: 'survey', effectiveAt: '2026-06-30', criteria: ['CUR-2'], summary: null, uri: 'https://intranet.example/enquete?x=1&y=2' },
    ]);
    expect(klimaat.resultaten.aios).toMatchObject([
      {
        kpiId: 'veilig', target: { changePercent: 20, by: '2027-12-31' }, targetValue: 84,
        measurements: [{ value: 75, measuredAt: '2026-04-01' }, { value: 86, measuredAt: '2026-06-30' }], measured: { value: 86 }, reached: true, progress: 'gehaald',
      },
    ]);
    // 900 at the end of 2018 to 800 by the end of 2027: on 1 October 2026 the line stands near 814.
    expect(klimaat.resultaten.financiers).toMatchObject([{ kpiId: 'kosten', targetValue: 800, measured: { value: 850 }, reached: false, progress: 'niet-op-koers' }]);
    expect([...klimaat.resultaten.staf, ...klimaat.resultaten.opleiders, ...klimaat.resultaten.maatschappij]).toEqual([]);
  });

  it('splits a year plan with several goals by the goal each id names; what names none goes to one shared part', async () => {
    const report = buildJaarverslag('utrecht', 2026, await fold(jaarplan));
    const byGoal = (goalId: string | null) => report.doelen.find((d) => (d.goal?.goalId ?? null) === goalId)!;
    expect(report.doelen.map((d) => d.goal?.goalId ?? null)).toEqual(['pdca', 'formatie', 'formatie-hao', null]);
    expect(byGoal('pdca').organisatie.processen).toEqual(['Weekstart met signalen — open, gepland 01-12-2026']);
    expect(byGoal('formatie').organisatie.medewerkers).toEqual(['Werving twee docenten — open, gepland 01-09-2026']);
    expect(byGoal('formatie').resultaten.staf.map((k) => k.kpiId)).toEqual(['formatie-fte']);
    expect(byGoal('formatie-hao').resultaten.staf.map((k) => k.kpiId)).toEqual(['pdca-vacatures']);
    expect(Object.values(byGoal('pdca').resultaten).flat()).toEqual([]);
    // The longest goal id wins: formatie-hao-1 belongs to formatie-hao, not to formatie.
    expect(byGoal('formatie-hao').organisatie.processen).toEqual(['Vacature HAO-team — open, gepland 01-05-2026']);
    expect(byGoal(null).organisatie.processen).toEqual(['Jaarverslag 2025 opstellen — open, gepland 01-04-2026', 'Besproken in management-review op 20-03-2026']);
    expect(byGoal(null).organisatie.strategieEnBeleid[0]).toMatch(/^Gemeenschappelijk voor de doelen van de Organisatiecyclus Jaarplan 2026/);
    // Every activity is in the report exactly once.
    const lines = report.doelen.flatMap((d: DoelVerslag) => [...d.organisatie.medewerkers, ...d.organisatie.middelen, ...d.organisatie.processen]);
    expect(lines.filter((l) => l.includes(' — '))).toHaveLength(4);
    expect(report.managementReviews).toEqual({ held: [{ date: '2026-03-20', cycle: 'Jaarplan 2026' }], overdue: [], planned: [{ due: '2026-09-20', cycle: 'Jaarplan 2026' }] });
  });

  it("puts a KPI defined before KPIs named their goal under the cycle's other KPI's, also in a cycle with one goal", async () => {
    const [curriculumCycle] = await fold(curriculum);
    const { context } = curriculumCycle!;
    const legacy = { ...context.kpis[0]!, kpiId: 'klimaat-oud', goalId: null };
    const report = buildJaarverslag('utrecht', 2026, [{ ...curriculumCycle!, context: { ...context, kpis: [...context.kpis, legacy] } }]);
    expect(report.doelen.map((d) => d.goal?.goalId ?? null)).toEqual(['klimaat', null]);
    expect(report.doelen[0]!.resultaten.aios.map((k) => k.kpiId)).toEqual(['veilig']);
    const rest = report.doelen[1]!;
    expect(rest.resultaten.aios.map((k) => k.kpiId)).toEqual(['klimaat-oud']);
    // Everything else of the cycle stays with its one goal.
    expect([rest.organisatie.medewerkers, rest.organisatie.middelen, rest.organisatie.processen, rest.onderbouwing]).toEqual([[], [], [], []]);
    const html = renderJaarverslag(report);
    expect(html).toContain("<h3>Resultaten: overige KPI's (zonder doel)</h3>");
    expect(html).toContain('doel 84 % (+20% op de nulmeting) per 31-12-2027');
    expect(html).toContain('Niet op koers.');
  });

  it('leaves out cancelled cycles and other years, and takes of a multi-year plan only what falls in the year', async () => {
    const cycles = await fold(
      curriculum,
      { start: { kind: 'docenten', title: 'Docenten 2024', period: { from: '2024-01-01', to: '2024-12-31' } }, steps: [{ type: 'SetGoal', goalId: 'oud', title: 'Oud doel' }] },
      { start: { kind: 'leeromgeving', title: 'Geannuleerd', period: year2026 }, steps: [{ type: 'SetGoal', goalId: 'weg', title: 'Weg' }, { type: 'CancelCycle', reason: 'dubbel' }] },
      {
        start: { kind: 'organisatie', title: 'Meerjarenplan 2025-2027', period: { from: '2025-01-01', to: '2027-12-31' } },
        steps: [
          { type: 'SetGoal', goalId: 'mjb', title: 'GEAR-ronde voorbereid' },
          { type: 'PlanActivity', activityId: 'mjb-2025', title: 'Zelfevaluatie', owner: 'MT', due: '2025-06-01' },
          { type: 'PlanActivity', activityId: 'mjb-2025b', title: 'Nulmeting', owner: 'MT', due: '2025-09-01' },
          { type: 'PlanActivity', activityId: 'mjb-2027', title: 'Audit', owner: 'MT', due: '2027-03-01' },
          { type: 'ApprovePlan', at: '2025-02-01T09:00:00Z' },
          { type: 'CompleteActivity', activityId: 'mjb-2025', at: '2025-05-01T09:00:00Z' },
        ],
      },
    );
    const report = buildJaarverslag('utrecht', 2026, cycles);
    expect(report.doelen.map((d) => d.goal?.title)).toEqual(['Veilig opleidingsklimaat', 'GEAR-ronde voorbereid']);
    expect(report.cycles).toEqual({ total: 2, closed: 0 });
    // Done in 2025 and due in 2027: not this year's; still open from 2025: yes.
    expect(report.doelen[1]!.organisatie.processen).toEqual(['Nulmeting — open, gepland 01-09-2025']);
    expect(buildJaarverslag('utrecht', 2024, cycles).doelen.map((d) => d.goal?.title)).toEqual(['Oud doel']);
    expect(buildJaarverslag('utrecht', 2030, cycles)).toMatchObject({ doelen: [], cycles: { total: 0 }, findings: [], actions: [] });
  });
});

describe('the rules', () => {
  it('a goal is named by its id followed by . : - or _, never by a longer word', () => {
    const goals = ['klimaat', 'klimaat-veilig', 'pdca'];
    expect(goalOf('klimaat', goals)).toBe('klimaat');
    expect(goalOf('klimaat.enquete', goals)).toBe('klimaat');
    expect(goalOf('klimaat-veilig_2', goals)).toBe('klimaat-veilig');
    expect(goalOf('pdca:weekstart', goals)).toBe('pdca');
    expect(goalOf('klimaatplan', goals)).toBeUndefined();
    expect(goalOf('weekstart', goals)).toBeUndefined();
  });

  it('an activity about people is medewerkers, about means middelen, anything else a process', () => {
    expect(inkHeadingOf({ title: 'Scholing opleiders in coachen' })).toBe('medewerkers');
    expect(inkHeadingOf({ title: 'Extra uren voor onderwijsontwikkelaars' })).toBe('medewerkers');
    expect(inkHeadingOf({ title: 'E-portfolio vernieuwen' })).toBe('middelen');
    expect(inkHeadingOf({ title: 'Begroting 2027 opstellen' })).toBe('middelen');
    expect(inkHeadingOf({ title: 'Budget voor extra uren onderwijsontwikkeling' })).toBe('middelen');
    expect(inkHeadingOf({ title: 'Onderwijsevaluatie jaar 2' })).toBe('processen');
  });

  it('groups KPIs by the words in their name, else by the cycle kind', () => {
    expect(resultGroupOf({ name: 'tevredenheid derdejaars over het onderwijs' }, 'curriculum')).toBe('aios');
    expect(resultGroupOf({ name: 'opleiders met een geldige erkenning' }, 'organisatie')).toBe('opleiders');
    expect(resultGroupOf({ name: 'ziekteverzuim' }, 'organisatie')).toBe('staf');
    expect(resultGroupOf({ name: 'patiënttevredenheid in opleidingspraktijken' }, 'leeromgeving')).toBe('maatschappij');
    expect(resultGroupOf({ name: 'aantal bezoeken' }, 'leeromgeving')).toBe('aios');
    expect(resultGroupOf({ name: 'aantal bezoeken' }, 'opleiders')).toBe('opleiders');
  });

  it('a target below the baseline means lower is better; an unmeasured KPI is neither reached nor missed', () => {
    const base = { kpiId: 'k', goalId: 'g', name: 'verzuim', unit: '%', baseline: { value: 8, source: 'HR', year: 2025 }, target: { value: 5, by: '2026-12-31' }, targetValue: 5 };
    const m = (value: number, measuredAt: string) => ({ value, measuredAt, source: 'HR', recordedAt: `${measuredAt}T00:00:00Z` });
    expect(kpiResult({ ...base, measurements: [m(4.5, '2026-12-01'), m(9, '2026-02-01')] }, 2026)).toMatchObject({ measured: { value: 4.5 }, reached: true });
    expect(kpiResult({ ...base, measurements: [m(6, '2026-12-01')] }, 2026).reached).toBe(false);
    expect(kpiResult({ ...base, measurements: [m(4, '2025-12-01')], explanation: 'HR-systeem vervangen' }, 2026)).toMatchObject({ measurements: [], measured: null, reached: null, explanation: 'HR-systeem vervangen' });
  });
});

describe('the HTML', () => {
  it('is Dutch, printable, self-contained and escapes every value', async () => {
    const hostile = {
      start: { kind: 'curriculum', title: 'Curriculum "2026" & <b>meer</b>', period: year2026 },
      steps: [
        { type: 'SetGoal', goalId: 'x', title: '<script>alert(1)</script>' },
        { type: 'PlanActivity', activityId: 'x1', title: "Enquête <afnemen> & 'verwerken'", owner: 'A', due: '2026-06-30' },
        { type: 'ApprovePlan', at: '2026-02-01T09:00:00Z' },
        { type: 'AddEvidence', evidenceId: 'x2', title: 'Link', kind: 'document', uri: 'javascript:alert(1)', at: '2026-02-01T09:00:00Z' },
        { type: 'AddEvidence', evidenceId: 'x3', title: 'Web', kind: 'document', uri: 'https://example.org/a?b=1&c="2"' },
      ],
    };
    const report = buildJaarverslag('utrecht', 2026, await fold(hostile, jaarplan));
    const html = renderJaarverslag(report);
    expect(html).toMatch(/^<!doctype html>\n<html lang="nl">/);
    expect(html).toContain('@media print');
    for (const heading of ['Strategie en beleid', 'Medewerkers (staf en opleiders)', 'Middelen', 'Processen', 'Staf', 'Opleiders', 'Aios', 'Maatschappij', 'Financiers en bestuur', 'Managementreview']) {
      expect(html).toContain(`>${heading}</h`);
    }
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('Enquête &lt;afnemen&gt; &amp; &#39;verwerken&#39;');
    expect(html).toContain('Curriculum &quot;2026&quot; &amp; &lt;b&gt;meer&lt;/b&gt;');
    expect(html).toContain('<li>Link (document, 01-02-2026)</li>');
    expect(html).not.toMatch(/<script|<b>meer|href="javascript/i);
    expect(html).toContain('<a href="https://example.org/a?b=1&amp;c=&quot;2&quot;">');
    // No external assets: no scripts, stylesheets, images or fonts fetched from anywhere.
    expect(html).not.toMatch(/<link|<img|<iframe|@import|url\(|\bsrc=/i);
    // The same model: every section of the JSON is in the page, numbered goals and the shared part.
    expect(report.doelen).toHaveLength(5);
    for (const title of ['Doel 1: &lt;script&gt;', 'Doel 2: Kwaliteitszorg volgens PDCA', 'Doel 4: HAO-team op sterkte', 'Overig: Jaarplan 2026']) expect(html).toContain(title);
    expect(html).toContain('20-03-2026 — Jaarplan 2026');
    // Dates as people read them and evidence kinds in Dutch, wherever text is shown (attributes aside).
    const shown = html.replace(/<[^>]*>/g, ' ');
    expect(shown).not.toMatch(/\b\d{4}-\d{2}-\d{2}\b/);
    expect(shown).not.toMatch(/\b(survey|minutes|visit-report|dataset)\b/);
  });
});
