/**
 * The default mapping feeds the complaint-handling criterion (OMM-5) and the safe-climate
 * criterion (LO-3) from signals, counted per kind and dated on the day a signal came in, and the
 * academisch-niveau criteria from evidence tagged `academisch-niveau`.
 */
import { describe, expect, test } from 'vitest';
import { seal } from '@gearbox/kernel';
import { DEFAULT_FRAMEWORK_VERSION, changeMapping, dossierOf, frameworkVersion, mappingErrors, readInstitute, type Dossier, type Period } from '../src/index.ts';
import { ADMIN, INSTITUTE, appendOther, runCycle, world, type EvidenceSpec, type World } from './history.ts';

const ALL: Period = { from: null, to: null };
const ASOF = '2030-01-01T00:00:00.000Z';

async function dossier(w: World, period: Period = ALL): Promise<Dossier> {
  return dossierOf(await readInstitute(w.store, { institute: INSTITUTE, asOf: ASOF }), { institute: INSTITUTE, period, asOf: ASOF });
}
const criterion = (d: Dossier, code: string) => d.domains.flatMap((x) => x.criteria).find((c) => c.code === code)!;

/** A signal's events as the signalen service stores them: every event carries its kind, the texts sealed. */
async function signaal(w: World, id: string, kind: string, receivedOn: string, closed: boolean) {
  const subjectId = `signaal-${id}`;
  const sealed = (text: string) => seal(w.keys, INSTITUTE, subjectId, text);
  await appendOther(w, `${INSTITUTE}/signaal-${id}`, [
    { type: 'SignaalReceived', data: { kind, title: `Signaal ${id}`, receivedOn, summary: sealed('GEHEIM: Jan Jansen meldt iets'), subjectId } },
    { type: 'SignaalTriaged', data: { kind, subjectId, severity: 'hoog', owner: seal(w.keys, INSTITUTE, 'owner:x', 'Klachtencoördinator') } },
    { type: 'SignaalFollowedUp', data: { kind, subjectId, text: sealed('GEHEIM: gesprek met Jan Jansen') } },
    ...(closed ? [{ type: 'SignaalClosed', data: { kind, subjectId, outcome: sealed('GEHEIM: opgelost') } }] : []),
  ]);
}

describe('signals in the dossier', () => {
  test('feed complaint handling with all kinds and the safe climate with weekstart signals and incidents, by count only', async () => {
    const w = world(':memory:', '2026-03-01T09:00:00.000Z');
    await signaal(w, 's1', 'klacht', '2025-11-18', true);
    await signaal(w, 's2', 'weekstart', '2026-01-12', false);
    await signaal(w, 's3', 'incident', '2026-02-09', true);
    const d = await dossier(w);
    const omm5 = criterion(d, 'OMM-5');
    expect(omm5.status).toBe('in-uitvoering');
    expect(omm5.evidence.map((e) => [e.title, e.count])).toEqual(
      expect.arrayContaining([
        ['Geregistreerde klachten en signalen (alleen het aantal)', 3],
        ['Afgehandelde klachten en signalen, met opvolging en uitkomst (alleen het aantal)', 2],
      ]),
    );
    const lo3 = criterion(d, 'LO-3');
    expect(lo3.evidence.map((e) => [e.title, e.count]).sort()).toEqual([
      ['Afgehandelde incidenten in de leeromgeving', 1],
      ['Gemelde incidenten in de leeromgeving', 1],
      ['Signalen over het opleidingsklimaat uit de weekstart', 1],
    ]);
    // A complaint is no safe-climate evidence.
    expect(JSON.stringify(lo3)).not.toMatch(/klacht/i);
    expect(JSON.stringify(d)).not.toMatch(/GEHEIM|Jansen|Klachtencoördinator|Signaal s1/);
    await w.close();
  });

  test('a signal belongs to the day it came in, not the day it was typed in', async () => {
    const w = world(':memory:', '2026-03-01T09:00:00.000Z');
    await signaal(w, 's1', 'klacht', '2025-11-18', false);
    const received = (d: Dossier) => criterion(d, 'OMM-5').evidence.find((e) => e.title.startsWith('Geregistreerde'));
    expect(received(await dossier(w, { from: '2025-07-01', to: '2025-12-31' }))).toMatchObject({ count: 1, effectiveAt: '2025-11-18' });
    expect(received(await dossier(w, { from: '2026-01-01', to: '2026-12-31' }))).toBeUndefined();
    await w.close();
  });

  test('the complaint criterion can be met: signals as evidence and a finding on complaint handling', async () => {
    const w = world(':memory:', '2026-03-01T09:00:00.000Z');
    await signaal(w, 's1', 'klacht', '2026-01-18', true);
    await runCycle(w, {
      kind: 'organisatie',
      title: 'Jaarplan 2025-2026',
      // Its review is held on the period's last day, which has to have been.
      period: { from: '2025-03-01', to: '2026-02-28' },
      evidence: [{ evidenceId: 'klachtenjaaroverzicht', title: 'Jaaroverzicht klachten 2026', kind: 'dataset', effectiveAt: '2026-02-27', criteria: ['OMM-5'] }],
      findings: [{ findingId: 'f-klachten', title: 'Klachten worden binnen de termijn afgehandeld', assessment: 'voldoet', evidenceIds: ['klachtenjaaroverzicht'] }],
    });
    const omm5 = criterion(await dossier(w), 'OMM-5');
    expect(omm5.status).toBe('voldoet');
    expect(omm5.evidence.map((e) => e.title)).toEqual(expect.arrayContaining(['Jaaroverzicht klachten 2026', 'Geregistreerde klachten en signalen (alleen het aantal)']));
    await w.close();
  });
});

describe('academisch niveau through tags', () => {
  test('evidence tagged academisch-niveau counts for the theme criterion of each domain its cycle kind feeds', async () => {
    const w = world(':memory:', '2026-03-01T09:00:00.000Z');
    const before = await dossier(w);
    expect(before.theme.criteria.map((c) => c.status)).toEqual(['geen-bewijs', 'geen-bewijs', 'geen-bewijs', 'geen-bewijs', 'geen-bewijs']);
    const tagged = (evidenceId: string, title: string, criteria?: string[]) => ({ evidenceId, title, effectiveAt: '2026-02-01', tags: ['academisch-niveau'], ...(criteria ? { criteria } : {}) }) as EvidenceSpec;
    await runCycle(w, { kind: 'curriculum', title: 'Curriculum 2026', period: { from: '2026-01-01', to: '2026-12-31' }, evidence: [tagged('ebm', 'Leerlijn evidence-based medicine', ['CUR-1'])], until: 'do' });
    await runCycle(w, { kind: 'leeromgeving', title: 'Leeromgeving 2026', period: { from: '2026-01-01', to: '2026-12-31' }, evidence: [tagged('richtlijnen', 'Richtlijngebruik in de praktijk')], until: 'do' });
    const d = await dossier(w);
    const titles = (code: string) => criterion(d, code).evidence.map((e) => e.title);
    expect(titles('AN-2')).toEqual(['Leerlijn evidence-based medicine']);
    expect(titles('AN-4')).toEqual(['Leerlijn evidence-based medicine']);
    expect(titles('AN-3')).toEqual(['Richtlijngebruik in de praktijk']);
    // The criteria it names still count; the tag adds to them, and untagged evidence keeps its kind's default.
    expect(titles('CUR-1')).toEqual(['Leerlijn evidence-based medicine']);
    expect(titles('LO-1')).toEqual([]);
    expect(criterion(d, 'AN-2').status).toBe('in-uitvoering');
    expect(criterion(d, 'AN-1').evidence).toEqual([]);
    await w.close();
  });

  test('the default tag rules give each kind the theme criteria of the domains it feeds', () => {
    const framework = frameworkVersion(DEFAULT_FRAMEWORK_VERSION)!;
    for (const [kind, rule] of Object.entries(framework.defaultMapping.cycleKinds)) {
      const theme = rule.domains.flatMap((id) => framework.domains.find((d) => d.id === id)!.criteria.filter((c) => c.theme === framework.theme.id).map((c) => c.code));
      expect({ kind, codes: rule.tags?.['academisch-niveau'] }).toEqual({ kind, codes: theme });
    }
  });

  test('a mapping whose tag names an unknown criterion is refused, and nothing changes', async () => {
    const framework = frameworkVersion(DEFAULT_FRAMEWORK_VERSION)!;
    const cycleKinds = { ...framework.defaultMapping.cycleKinds, curriculum: { domains: ['curriculum'], criteria: ['CUR-2'], tags: { 'academisch-niveau': ['AN-9'] } } };
    expect(mappingErrors(framework, { cycleKinds, eventTypes: [] })).toMatchObject([{ path: 'cycleKinds.curriculum.tags.academisch-niveau.0' }]);
    const w = world();
    const head = await w.store.headPosition();
    await expect(changeMapping(w, w.ctx(ADMIN), { cycleKinds })).rejects.toMatchObject({ status: 400 });
    await expect(changeMapping(w, w.ctx(ADMIN), { cycleKinds: { curriculum: { domains: ['curriculum'], criteria: [], tags: { 'Academisch Niveau': ['AN-2'] } } } })).rejects.toMatchObject({ status: 400 });
    expect(await w.store.headPosition()).toBe(head);
    await w.close();
  });
});
