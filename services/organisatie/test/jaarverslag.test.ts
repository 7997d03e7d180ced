import { describe, expect, it } from 'vitest';
import { cycleDefinition, phaseOf, type CycleContext } from '@gearbox/kernel';
import { as, harness } from '@gearbox/kernel/testing';
import { buildJaarverslag, resultGroupOf } from '../src/jaarverslag.ts';
import { renderJaarverslag } from '../src/jaarverslag-html.ts';

async function cycles() {
  const h = harness(cycleDefinition);
  const ctx = h.ctx(as('mt'));
  const make = async (start: Record<string, unknown>, commands: Record<string, unknown>[]) => {
    const { view } = await h.handler.start(ctx, start);
    for (const c of commands) await h.handler.execute(ctx, view.id, c);
    return view.id;
  };
  await make({ kind: 'curriculum', title: 'Curriculum 2026', period: { from: '2026-01-01', to: '2026-12-31' } }, [
    { type: 'SetGoal', goalId: 'klimaat', title: 'Veilig opleidingsklimaat' },
    { type: 'DefineKpi', kpiId: 'veilig', name: 'aios die het opleidingsklimaat veilig vinden', unit: '%', baseline: { value: 70, source: 'NIVEL', year: 2018 }, target: { value: 84, by: '2027-12-31' } },
    { type: 'DefineKpi', kpiId: 'kosten', name: 'kosten per terugkomdag', unit: 'EUR', baseline: { value: 900, source: 'begroting', year: 2025 }, target: { value: 800, by: '2026-12-31' } },
    { type: 'PlanActivity', activityId: 'a1', title: 'Enquête <afnemen>', owner: 'A. de Vries', due: '2026-06-30' },
    { type: 'ApprovePlan' },
    { type: 'CompleteActivity', activityId: 'a1' },
    { type: 'AddEvidence', evidenceId: 'e1', title: 'Enquête 2026', kind: 'survey', effectiveAt: '2026-06-30' },
    { type: 'AddEvidence', evidenceId: 'e0', title: 'Oude enquête', kind: 'survey', effectiveAt: '2025-06-30' },
    { type: 'RecordMeasurement', kpiId: 'veilig', value: 86, source: 'enquête', measuredAt: '2026-06-30' },
    { type: 'RecordMeasurement', kpiId: 'kosten', value: 850, source: 'administratie', measuredAt: '2026-10-01' },
  ]);
  await make({ kind: 'organisatie', title: 'Jaarplan 2026', period: { from: '2026-01-01', to: '2026-12-31' } }, [
    { type: 'SetGoal', goalId: 'pdca', title: 'Kwaliteitszorg volgens PDCA' },
    { type: 'SetGoal', goalId: 'formatie', title: 'Formatie op orde' },
    { type: 'PlanActivity', activityId: 'a1', title: 'Weekstart', owner: 'MT', due: '2026-12-01' },
    { type: 'ApprovePlan' },
    { type: 'HoldReview', reviewId: 'mr1', body: 'management-review', date: '2026-03-20' },
  ]);
  await make({ kind: 'docenten', title: 'Docenten 2024', period: { from: '2024-01-01', to: '2024-12-31' } }, [{ type: 'SetGoal', goalId: 'oud', title: 'Oud doel' }]);
  const all = await listCycles(h);
  await h.close();
  return all;
}

async function listCycles(h: ReturnType<typeof harness<unknown>>) {
  const ids = new Set<string>();
  for await (const e of h.store.readAll()) ids.add(e.streamId.split('cycle-')[1]!);
  const result = [];
  for (const id of ids) {
    const loaded = (await h.handler.load('utrecht', id))!;
    result.push({ id, phase: phaseOf(loaded.snapshot.value), context: loaded.snapshot.context as CycleContext });
  }
  return result;
}

describe('jaarverslag in INK structure', () => {
  it('has a section per goal of the year\'s cycles, with the INK headings filled by rule', async () => {
    const report = buildJaarverslag('utrecht', 2026, await cycles());
    expect(report.doelen.map((d) => d.goal.title)).toEqual(['Veilig opleidingsklimaat', 'Kwaliteitszorg volgens PDCA', 'Formatie op orde']);
    const klimaat = report.doelen[0]!;
    expect(klimaat.organisatie.medewerkers).toEqual(['Enquête <afnemen> — afgerond']);
    expect(klimaat.organisatie.middelen).toEqual(['Enquête 2026 (survey, 2026-06-30)']);
    expect(klimaat.resultaten.aios).toMatchObject([{ kpiId: 'veilig', measured: { value: 86 }, reached: true }]);
    expect(klimaat.resultaten.financiers).toMatchObject([{ kpiId: 'kosten', measured: { value: 850 }, reached: false }]);
    expect(report.managementReviews.held).toEqual([{ date: '2026-03-20', cycle: 'Jaarplan 2026' }]);
    expect(report.cycles).toEqual({ total: 2, closed: 0 });
  });

  it('groups KPIs by the words in their name, else by the cycle kind', () => {
    expect(resultGroupOf({ name: 'tevredenheid derdejaars over het onderwijs' }, 'curriculum')).toBe('aios');
    expect(resultGroupOf({ name: 'opleiders met een geldige erkenning' }, 'organisatie')).toBe('opleiders');
    expect(resultGroupOf({ name: 'ziekteverzuim' }, 'organisatie')).toBe('staf');
    expect(resultGroupOf({ name: 'aantal bezoeken' }, 'leeromgeving')).toBe('aios');
  });

  it('renders printable Dutch HTML with every value escaped', async () => {
    const html = renderJaarverslag(buildJaarverslag('utrecht', 2026, await cycles()));
    expect(html).toContain('<html lang="nl">');
    expect(html).toContain('Strategie en beleid');
    expect(html).toContain('Enquête &lt;afnemen&gt;');
    expect(html).not.toContain('<afnemen>');
    expect(html).toContain('@media print');
  });
});
