import { describe, expect, test } from 'vitest';
import { DomainError } from '@gearbox/kernel';
import { changeMapping, currentMapping, dossierOf, gearView, readInstitute, type Dossier, type Period } from '../src/index.ts';
import { ADMIN, INSTITUTE, KWALITEIT, appendOther, demoHistory, runCycle, world, type World } from './history.ts';

const ALL: Period = { from: null, to: null };

async function dossier(w: World, options: { period?: Period; asOf?: string } = {}): Promise<Dossier> {
  const asOf = options.asOf ?? '2030-01-01T00:00:00.000Z';
  const read = await readInstitute(w.store, { institute: INSTITUTE, asOf, chain: true });
  return dossierOf(read, { institute: INSTITUTE, period: options.period ?? ALL, asOf });
}

const criterion = (d: Dossier, code: string) => d.domains.flatMap((x) => x.criteria).find((c) => c.code === code)!;
const domain = (d: Dossier, id: string) => d.domains.find((x) => x.id === id)!;

describe('status per criterion', () => {
  test('follows the documented rule: worst finding wins, evidence without finding is in uitvoering, nothing is geen bewijs', async () => {
    const w = world();
    await demoHistory(w);
    const d = await dossier(w);
    expect(criterion(d, 'CUR-2').status).toBe('voldoet');
    expect(criterion(d, 'TB-1').status).toBe('voldoet-deels');
    expect(criterion(d, 'LO-3').status).toBe('voldoet-niet');
    expect(criterion(d, 'LO-2').status).toBe('in-uitvoering');
    expect(criterion(d, 'CUR-1').status).toBe('geen-bewijs');
    expect(d.gaps.map((g) => g.code)).toContain('CUR-1');
    expect(d.gaps.map((g) => g.code)).not.toContain('CUR-2');
    await w.close();
  });

  test('takes the worst assessment when two cycles assess the same criterion', async () => {
    const w = world();
    for (const [title, assessment] of [['Curriculum A', 'voldoet'], ['Curriculum B', 'voldoet-niet'], ['Curriculum C', 'deels']] as const) {
      await runCycle(w, {
        kind: 'curriculum',
        title,
        period: { from: '2025-01-01', to: '2025-12-31' },
        evidence: [{ evidenceId: 'e', title: `Bewijs ${title}`, criteria: ['CUR-3'], effectiveAt: '2025-05-01' }],
        findings: [{ findingId: 'f', title: `Bevinding ${title}`, assessment, evidenceIds: ['e'] }],
        accept: assessment === 'voldoet' ? [] : [{ findingId: 'f', rationale: 'Geaccepteerd.' }],
      });
    }
    const d = await dossier(w);
    expect(criterion(d, 'CUR-3').status).toBe('voldoet-niet');
    expect(criterion(d, 'CUR-3').findings.map((f) => f.assessment).sort()).toEqual(['deels', 'voldoet', 'voldoet-niet']);
    await w.close();
  });
});

describe('evidence', () => {
  test('selects on effectiveAt: a survey closed on 30 June and recorded in July belongs to June', async () => {
    const w = world(':memory:', '2025-07-08T09:00:00.000Z');
    await runCycle(w, {
      kind: 'leeromgeving',
      title: 'Leeromgeving',
      period: { from: '2025-01-01', to: '2025-12-31' },
      evidence: [{ evidenceId: 'enquete', title: 'Enquête klimaat', kind: 'survey', effectiveAt: '2025-06-30', criteria: ['LO-3'] }],
      until: 'do',
    });
    const june = await dossier(w, { period: { from: '2025-06-01', to: '2025-06-30' } });
    const july = await dossier(w, { period: { from: '2025-07-01', to: '2025-07-31' } });
    expect(criterion(june, 'LO-3').evidence.map((e) => e.title)).toEqual(['Enquête klimaat']);
    expect(criterion(july, 'LO-3').evidence).toEqual([]);
    expect(july.gaps.map((g) => g.code)).toContain('LO-3');
    await w.close();
  });

  test('carries its provenance: stream, revision, event id and position of the event that recorded it', async () => {
    const w = world();
    await demoHistory(w);
    const d = await dossier(w);
    const e = criterion(d, 'CUR-2').evidence.find((x) => x.title === 'Feedback aios op terugkomdagen H1')!;
    const stored = [];
    for await (const s of w.store.readStream(e.source.streamId)) stored.push(s);
    const recorded = stored[e.source.revision]!;
    expect(recorded.id).toBe(e.source.eventId);
    expect(recorded.type).toBe('EvidenceAdded');
    expect(recorded.position.toString()).toBe(e.source.position);
    expect((recorded.data as { title: string }).title).toBe(e.title);
    await w.close();
  });

  test('without criteria of its own counts for the default criteria of its cycle kind', async () => {
    const w = world();
    await demoHistory(w);
    const d = await dossier(w);
    expect(criterion(d, 'CUR-2').evidence.map((e) => e.title)).toContain('Notulen curriculumcommissie');
    expect(criterion(d, 'LO-4').evidence.map((e) => e.title)).toContain('LEOH-groepsanalyse 2025');
    await w.close();
  });

  test('of other stream types is a count per mapped event type, never the event\'s own data', async () => {
    const w = world();
    await demoHistory(w);
    await appendOther(w, `${INSTITUTE}/leerplek-lp-1`, [
      { type: 'VisitRecorded', data: { date: '2025-02-10', findings: 'Praktijk van dr. Pietersen' } },
      { type: 'VisitRecorded', data: { date: '2025-09-10', findings: 'Tweede bezoek' } },
    ]);
    const d = await dossier(w);
    const visits = criterion(d, 'LO-5').evidence;
    expect(visits).toEqual([
      expect.objectContaining({ id: 'leerplek:VisitRecorded', title: 'Bezoeken aan leerplekken', count: 2, effectiveFrom: '2025-02-10', effectiveAt: '2025-09-10' }),
    ]);
    expect(visits[0]!.source.revision).toBe(1);
    const text = JSON.stringify(d);
    expect(text).not.toContain('Pietersen');
    const spring = await dossier(w, { period: { from: '2025-01-01', to: '2025-06-30' } });
    expect(criterion(spring, 'LO-5').evidence[0]!.count).toBe(1);
    await w.close();
  });

  test('naming a code the framework does not have is listed, not dropped', async () => {
    const w = world();
    await demoHistory(w);
    const d = await dossier(w);
    expect(d.unknownCriteria).toEqual([{ code: 'XYZ-9', evidence: [expect.stringMatching(/\/jaarverslag$/)] }]);
    await w.close();
  });
});

describe('findings, actions, KPIs and cycles per domain', () => {
  test('counts open findings and actions through the criteria they are about, each once; cycles through the kind → domain mapping', async () => {
    const w = world();
    await demoHistory(w);
    const d = await dossier(w);
    // f-toets (a curriculum cycle) is about TB-1 and AN-4, both of toetsing-beoordeling: open there, once, with its open action.
    expect(domain(d, 'toetsing-beoordeling')).toMatchObject({ openFindings: 1, openActions: 1, summary: { openFindings: 1, openActions: 1 } });
    expect(domain(d, 'toetsing-beoordeling').findings.map((f) => f.findingId)).toEqual(['f-toets']);
    expect(domain(d, 'toetsing-beoordeling').actions.map((a) => a.actionId)).toEqual(['a-toets']);
    // It touches no curriculum criterion, so it is not counted under Curriculum, though the cycle is one.
    expect(domain(d, 'curriculum')).toMatchObject({ openFindings: 0, openActions: 0 });
    expect(d.summary).toMatchObject({ openFindings: 1, openActions: 1 });
    // leeromgeving: the klimaat finding's action is completed; the opleiders cycle is still running.
    expect(domain(d, 'leeromgeving')).toMatchObject({ openFindings: 0, openActions: 0, cycles: { total: 2, closed: 1 } });
    // organisatie: the jaarverslag finding was accepted, so it is not open.
    expect(domain(d, 'visie-kwaliteitsbeleid')).toMatchObject({ openFindings: 0, cycles: { total: 1, closed: 1 } });
    expect(criterion(d, 'VKB-5').findings[0]).toMatchObject({ accepted: true, open: false });
    await w.close();
  });

  test('keep KPIs with baseline, target and measurements, or the reason a KPI was not measured', async () => {
    const w = world();
    await demoHistory(w);
    const d = await dossier(w);
    const [satisfaction] = domain(d, 'curriculum').kpis;
    expect(satisfaction).toMatchObject({
      kpiId: 'tevredenheid',
      baseline: { value: 60, source: 'NIVEL-enquête 2018', year: 2018 },
      target: { value: 72, by: '2025-12-31' },
      targetValue: 72,
      goalId: 'doel-1',
      measurements: [{ value: 70, source: 'NIVEL-enquête', measuredAt: '2025-12-31' }],
      // Measured on the target date below the target: behind.
      latest: { value: 70, measuredAt: '2025-12-31' },
      progress: 'niet-op-koers',
    });
    expect(domain(d, 'leeromgeving').kpis[0]).toMatchObject({ kpiId: 'veilig', measurements: [], latest: null, progress: 'onbekend', explanation: 'De enquête is uitgesteld.' });
    await w.close();
  });

  test('an action carried over into the next cycle and completed there is closed once, not open twice', async () => {
    const w = world();
    const first = await runCycle(w, {
      kind: 'docenten',
      title: 'Docenten 2025',
      period: { from: '2025-01-01', to: '2025-12-31' },
      evidence: [{ evidenceId: 'e', title: '360-feedback', criteria: ['OMM-2'] }],
      findings: [{ findingId: 'f', title: 'Te weinig intervisie', assessment: 'deels', evidenceIds: ['e'] }],
      actions: [{ actionId: 'a', findingId: 'f', title: 'Intervisie maandelijks', owner: 'D. Docent' }],
    });
    const second = await runCycle(w, { kind: 'docenten', title: 'Docenten 2026', period: { from: '2026-01-01', to: '2026-12-31' }, until: 'do' });
    // The finding is about OMM-2: its domain counts the action.
    const omm = 'organisatie-management-medewerkers';
    let d = await dossier(w);
    expect(domain(d, omm).openActions).toBe(1);
    const system = { institute: INSTITUTE, actor: { sub: 'system', name: 'gearbox', roles: ['system'] }, correlationId: 'carry' };
    await w.cycles.execute(
      system,
      second,
      { type: 'CarryOverActions', fromCycleId: first, actions: [{ fromCycleId: first, actionId: 'a', findingId: 'f', title: 'Intervisie maandelijks', owner: 'D. Docent', due: '2025-12-31' }] },
      { internal: true },
    );
    d = await dossier(w);
    expect(domain(d, omm).openActions).toBe(1);
    expect(domain(d, omm).openFindings).toBe(1);
    await w.cycles.execute(w.ctx(KWALITEIT), second, { type: 'CompleteAction', actionId: 'a', result: 'Loopt.' });
    d = await dossier(w);
    expect(domain(d, omm)).toMatchObject({ openActions: 0, openFindings: 0 });
    expect(domain(d, omm).actions).toEqual([expect.objectContaining({ actionId: 'a', status: 'afgerond', cycle: expect.objectContaining({ id: first }) })]);
    await w.close();
  });
});

describe('the mapping', () => {
  test('is changed by an event; a dossier uses the mapping in force at its position, for the whole history', async () => {
    const w = world();
    await demoHistory(w);
    const before = w.clock().toISOString();
    w.clock.advance(3_600_000);
    const current = await currentMapping(w.store, INSTITUTE);
    expect(current.source).toBe('standaard');
    const changed = await changeMapping(w, w.ctx(ADMIN), {
      cycleKinds: { ...current.mapping.cycleKinds, opleiders: { domains: ['leeromgeving'], criteria: ['LO-2'] } },
      eventTypes: [...current.mapping.eventTypes, { eventType: 'OpleiderRegistered', criteria: ['LO-1'], title: 'Nieuwe opleiders', kind: 'dataset' }],
    });
    expect(changed).toMatchObject({ source: 'instelling', revision: 0 });
    const old = await dossier(w, { asOf: before });
    const now = await dossier(w);
    expect(old.mapping.source).toBe('standaard');
    expect(now.mapping).toMatchObject({ source: 'instelling', revision: 0 });
    // The new rules map the past too: the opleiders cycle and the earlier registration now count.
    expect(domain(now, 'toetsing-beoordeling').cycles.total).toBe(1);
    expect(domain(old, 'toetsing-beoordeling').cycles.total).toBe(2);
    expect(criterion(now, 'LO-1').evidence.map((e) => e.id)).toEqual(['opleider:OpleiderRegistered']);
    expect(criterion(old, 'LO-1').evidence).toEqual([]);
    await w.close();
  });

  test('refuses rules that name a domain or criterion the framework lacks, and a stale If-Match', async () => {
    const w = world();
    const error = await changeMapping(w, w.ctx(ADMIN), { cycleKinds: { opleiders: { domains: ['onderzoek'], criteria: ['ZZ-1'] } } }).catch((e) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect(error.status).toBe(400);
    expect(error.extensions.errors.map((e: { path: string }) => e.path)).toEqual(['cycleKinds.opleiders.domains.0', 'cycleKinds.opleiders.criteria.0']);
    await changeMapping(w, w.ctx(ADMIN), {});
    const stale = await changeMapping(w, w.ctx(ADMIN), {}, { ifMatch: -1 }).catch((e) => e);
    expect(stale.status).toBe(409);
    expect(await w.store.headPosition()).toBe(1n);
    await w.close();
  });
});

describe('asOf', () => {
  test('reads up to the last event recorded at or before the instant', async () => {
    const w = world();
    await runCycle(w, { kind: 'curriculum', title: 'Eerste', period: { from: '2025-01-01', to: '2025-12-31' }, until: 'do' });
    const asOf = w.clock().toISOString();
    const head = await w.store.headPosition();
    w.clock.advance(60_000);
    await runCycle(w, { kind: 'curriculum', title: 'Tweede', period: { from: '2025-01-01', to: '2025-12-31' }, until: 'do' });
    const d = await dossier(w, { asOf });
    expect(d.position).toBe(head.toString());
    expect(domain(d, 'curriculum').cycles.total).toBe(1);
    expect(gearView(d).position).toBe(head.toString());
    await w.close();
  });

  test('of another institute\'s events never mixes them in', async () => {
    const w = world();
    await demoHistory(w);
    await runCycle(w, { kind: 'curriculum', title: 'AMC', period: { from: '2025-01-01', to: '2025-12-31' }, institute: 'amc', until: 'do' });
    const d = await dossier(w);
    expect(domain(d, 'curriculum').cycleList.map((c) => c.title)).toEqual(['Curriculum 2025']);
    expect(d.eventCount).toBeLessThan(Number(await w.store.headPosition()));
    await w.close();
  });
});
