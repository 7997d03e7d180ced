import { afterEach, describe, expect, it } from 'vitest';
import { FORGOTTEN, isSealed, rebuild } from '@gearbox/kernel';
import { as, contextOf, existingStreams, given, givenInStore, memoryDeps, TEST_NOW, type GivenEvent } from '@gearbox/kernel/testing';
import { leerplekDefinition } from '../src/definition.ts';
import { StreamHandler } from '@gearbox/kernel';
import { bezoekFigures, klimaatFigures, leerplekIndex, listLeerplekken, TOO_FEW } from '../src/read-models.ts';

const leerplek = (...events: GivenEvent[]) => given(leerplekDefinition, ...events);
const qm = as('kwaliteitsmedewerker');
const mt = as('mt');
const integratie = as('integratie');
const auditor = as('auditor');

const praktijk: GivenEvent = ['LeerplekRegistered', { kind: 'opleidingspraktijk', name: 'Huisartsenpraktijk De Linde', location: 'Utrecht' }];
const stage: GivenEvent = ['LeerplekRegistered', { kind: 'stageplaats', name: 'UMC Utrecht, kindergeneeskunde', specialism: 'kindergeneeskunde' }];
const linked: GivenEvent = ['OpleiderLinked', { opleiderId: 'op-1' }];
const suspended: GivenEvent = ['LeerplekSuspended', { reason: 'onvoldoende supervisie' }];
const vgb = { type: 'RecordVgb', vgbId: 'v1', date: '2026-02-10', aios: 'aios-p1', opleiderId: 'op-1', docentId: 'd-1', notes: 'loopt goed' };

describe('trainers', () => {
  it('an opleidingspraktijk links opleiders, a stageplaats stageopleiders', async () => {
    await leerplek(praktijk).alongside('opleider', 'op-1').when({ type: 'LinkOpleider', opleiderId: 'op-1' }, qm).then([['OpleiderLinked', { opleiderId: 'op-1' }]]);
    await leerplek(praktijk).when({ type: 'LinkOpleider', opleiderId: 'op-1' }, qm).thenError(422, { detail: /opleider op-1 does not exist/ });
    await leerplek(praktijk, linked).alongside('opleider', 'op-1').when({ type: 'LinkOpleider', opleiderId: 'op-1' }, qm).thenError(422, { detail: /already linked/ });
    await leerplek(stage).when({ type: 'LinkOpleider', opleiderId: 'op-1' }, qm).thenError(422);
    await leerplek(praktijk).when({ type: 'LinkStageopleider', stageopleiderId: 's-1', name: 'Dr. K. Jansen' }, qm).thenError(422);
    await leerplek(stage).when({ type: 'LinkStageopleider', stageopleiderId: 's-1', name: 'Dr. K. Jansen', specialism: 'kinderarts' }, qm).then(['StageopleiderLinked']);
    await leerplek(praktijk).when({ type: 'LinkOpleider', opleiderId: 'op-1' }, auditor).thenError(403);
  });

  it('unlinks only a linked trainer', async () => {
    await leerplek(praktijk, linked).when({ type: 'UnlinkOpleider', opleiderId: 'op-1', reason: 'gestopt' }, qm).then(['OpleiderUnlinked']);
    await leerplek(praktijk, linked).when({ type: 'UnlinkOpleider', opleiderId: 'op-9' }, qm).thenError(422);
    await leerplek(praktijk).when({ type: 'UnlinkOpleider', opleiderId: 'op-1' }, qm).thenError(422);
    await leerplek(stage, ['StageopleiderLinked', { stageopleiderId: 's-1', name: 'x' }]).when({ type: 'UnlinkStageopleider', stageopleiderId: 's-1' }, qm).then(['StageopleiderUnlinked']);
    await leerplek(stage).when({ type: 'UnlinkStageopleider', stageopleiderId: 's-1' }, qm).thenError(422);
  });
});

describe('visits, climate and VGB', () => {
  it('records a visit with its report', async () => {
    const visit = { type: 'RecordVisit', visitId: 'b1', date: '2026-03-01', kind: 'praktijkbezoek', report: 'Goede leeromgeving', visitors: ['d-1'] };
    await leerplek(praktijk).when(visit, qm).then([['VisitRecorded', { report: 'Goede leeromgeving', visitors: ['d-1'] }]]);
    await leerplek(praktijk, ['VisitRecorded', { ...visit, type: undefined }]).when(visit, qm).thenError(422);
    await leerplek(praktijk).when({ ...visit, kind: 'gezellig' }, qm).thenError(400);
  });

  it('a visit, a measurement or a VGB keeps the day it happened; a day still to come is a 400 naming it, and nothing is stored', async () => {
    const visit = { type: 'RecordVisit', visitId: 'b1', date: '2026-02-20', kind: 'praktijkbezoek', report: 'Goede leeromgeving' };
    const r = await leerplek(praktijk).when(visit, qm).then([['VisitRecorded', { date: '2026-02-20' }]]);
    expect(r.view.visits).toMatchObject([{ visitId: 'b1', date: '2026-02-20' }]);
    const tomorrow = await givenInStore(leerplekDefinition, praktijk).when({ ...visit, date: '2026-03-02' }, qm).thenError(400);
    expect(tomorrow.extensions.errors).toEqual([{ path: 'date', message: { nl: 'ligt na vandaag (01-03-2026)', en: 'is after today (2026-03-01)' } }]);
    await leerplek(praktijk, suspended).when({ ...visit, date: '1999-05-01' }, qm).thenError(400);
    await leerplek(praktijk).when({ ...visit, date: '2026-03-02' }, auditor).thenError(403);
    const meting = { type: 'RecordKlimaatMeting', measurementId: 'm1', measuredAt: '2026-07-01', shareSafe: 78.5, n: 14, source: 'NIVEL' };
    const measured = await givenInStore(leerplekDefinition, praktijk).when(meting, integratie).thenError(400);
    expect((measured.extensions.errors as { path: string }[]).map((e) => e.path)).toEqual(['measuredAt']);
    await leerplek(praktijk, linked).when({ ...vgb, date: '2026-12-01' }, qm).thenError(400);
  });

  it('integratie records climate measurements: share safe, n and source', async () => {
    const meting = { type: 'RecordKlimaatMeting', measurementId: 'm1', measuredAt: '2026-02-27', shareSafe: 78.5, n: 14, source: 'NIVEL' };
    const r = await leerplek(praktijk).when(meting, integratie).then([['KlimaatGemeten', { shareSafe: 78.5, n: 14, source: 'NIVEL' }]]);
    expect(r.view.klimaatLaatst).toMatchObject({ shareSafe: 78.5, n: 14, source: 'NIVEL' });
    await leerplek(praktijk).when({ ...meting, shareSafe: 120 }, integratie).thenError(400);
    await leerplek(praktijk).when({ ...meting, n: 0 }, integratie).thenError(400);
  });

  it('a VGB needs the leerplek’s own trainer in the triangle', async () => {
    await leerplek(praktijk).when(vgb, qm).thenError(422);
    await leerplek(praktijk, linked).when({ ...vgb, opleiderId: 'op-2' }, qm).thenError(422, { detail: /does not train/ });
    await leerplek(praktijk, linked).alongside('docent', 'd-1').when(vgb, qm).then([['VgbRecorded', { aios: 'aios-p1' }]]);
    await leerplek(praktijk, linked).when(vgb, qm).thenError(422, { detail: /docent d-1 does not exist/ });
    await leerplek(praktijk, linked).when({ ...vgb, aios: 'Piet Jansen' }, qm).thenError(400);
    await leerplek(stage, ['StageopleiderLinked', { stageopleiderId: 's-1', name: 'x' }]).alongside('docent', 'd-1').when({ ...vgb, opleiderId: 's-1' }, qm).then(['VgbRecorded']);
  });
});

describe('suspend and reinstate', () => {
  it('are for the MT, with a reason, and alternate', async () => {
    await leerplek(praktijk).when({ type: 'SuspendLeerplek', reason: 'x' }, qm).thenError(403);
    const r = await leerplek(praktijk).when({ type: 'SuspendLeerplek', reason: 'onvoldoende supervisie' }, mt).then(['LeerplekSuspended']);
    expect(r.view.status).toBe('geschorst');
    await leerplek(praktijk, suspended).when({ type: 'SuspendLeerplek', reason: 'x' }, mt).thenError(422);
    await leerplek(praktijk).when({ type: 'ReinstateLeerplek', reason: 'x' }, mt).thenError(422);
    await leerplek(praktijk).when({ type: 'SuspendLeerplek' }, mt).thenError(400);
    const back = await leerplek(praktijk, suspended).when({ type: 'ReinstateLeerplek', reason: 'verbeterplan uitgevoerd' }, mt).then(['LeerplekReinstated']);
    expect(back.view.status).toBe('actief');
    expect(back.view.suspensions).toMatchObject([{ reason: 'onvoldoende supervisie', reinstated: { reason: 'verbeterplan uitgevoerd' } }]);
  });

  it('while suspended: visits and measurements go on, no VGB and no new trainers', async () => {
    const r = await leerplek(praktijk, linked, suspended).when({ type: 'RecordVisit', visitId: 'h1', date: '2026-02-12', kind: 'hervisitatie', report: 'verbeterd' }, qm).then(['VisitRecorded']);
    expect(r.view.allowed).toEqual(['UnlinkOpleider', 'RecordVisit', 'RecordKlimaatMeting']);
    await leerplek(praktijk, linked, suspended).when(vgb, qm).thenError(422);
    await leerplek(praktijk, suspended).when({ type: 'LinkOpleider', opleiderId: 'op-2' }, qm).thenError(422);
  });
});

describe('handler, visibility and figures', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0)) await c();
  });
  async function setup() {
    const deps = memoryDeps();
    cleanups.push(deps.close);
    await existingStreams(deps.store, 'utrecht', 'opleider', 'op-1');
    await existingStreams(deps.store, 'utrecht', 'docent', 'd-1');
    return { store: deps.store, keys: deps.keys, handler: new StreamHandler(leerplekDefinition, deps), ctx: (actor: ReturnType<typeof as>) => contextOf(actor) };
  }

  it('seals the stageopleider’s name and VGB notes; an auditor sees neither', async () => {
    const w = await setup();
    const { view } = await w.handler.start(w.ctx(qm), { kind: 'stageplaats', name: 'SEH', specialism: 'spoedeisende hulp' });
    await w.handler.execute(w.ctx(qm), view.id, { type: 'LinkStageopleider', stageopleiderId: 's-1', name: 'Dr. K. Jansen' });
    await w.handler.execute(w.ctx(qm), view.id, { ...vgb, opleiderId: 's-1' });
    const stored: Record<string, unknown>[] = [];
    for await (const e of w.store.readStream(w.handler.streamId('utrecht', view.id))) stored.push(e.data as Record<string, unknown>);
    expect(isSealed(stored[1]!.name) && stored[1]!.name.s).toBe('stageopleider-s-1');
    expect(isSealed(stored[2]!.notes) && stored[2]!.notes.s).toBe('aios-aios-p1');
    expect((await w.handler.get(w.ctx(qm), view.id)).stageopleiders[0]!.name).toBe('Dr. K. Jansen');
    const audit = await w.handler.get(w.ctx(auditor), view.id);
    expect(audit.stageopleiders).toEqual([{ stageopleiderId: 's-1' }]);
    expect(audit.vgb).toEqual([{ vgbId: 'v1', date: '2026-02-10', opleiderId: 's-1', docentId: 'd-1' }]);
    expect(JSON.stringify(await w.handler.events(w.ctx(auditor), view.id))).not.toMatch(/Jansen|aios-p1|loopt goed/);
    w.keys.erase('utrecht', 'aios-aios-p1', 'admin', TEST_NOW);
    expect((await w.handler.get(w.ctx(mt), view.id)).vgb[0]!.notes).toBe(FORGOTTEN);
    expect((await w.handler.get(w.ctx(integratie), view.id).catch((e: { status: number }) => e)).status).toBe(403);
  });

  it('climate figures weight by respondents and suppress small groups; visits and VGB are counted', async () => {
    const w = await setup();
    const a = (await w.handler.start(w.ctx(qm), { kind: 'opleidingspraktijk', name: 'A' })).view.id;
    const b = (await w.handler.start(w.ctx(qm), { kind: 'opleidingspraktijk', name: 'B' })).view.id;
    const meting = (id: string, measurementId: string, shareSafe: number, n: number, source = 'eigen enquête', measuredAt = '2026-02-27') =>
      w.handler.execute(w.ctx(integratie), id, { type: 'RecordKlimaatMeting', measurementId, measuredAt, shareSafe, n, source });
    await meting(a, 'm1', 80, 3);
    const index = leerplekIndex();
    await rebuild(w.store, [index]);
    expect(klimaatFigures(index, 'utrecht', '2026-01-01', '2026-12-31')).toMatchObject({ respondents: TOO_FEW, shareSafe: TOO_FEW });
    await meting(b, 'm2', 60, 7);
    await meting(a, 'm3', 50, 20, 'NIVEL', '2018-06-30');
    await w.handler.execute(w.ctx(qm), a, { type: 'LinkOpleider', opleiderId: 'op-1' });
    await w.handler.execute(w.ctx(qm), a, vgb);
    await w.handler.execute(w.ctx(qm), b, { type: 'RecordVisit', visitId: 'b1', date: '2026-02-01', kind: 'praktijkbezoek', report: 'ok' });
    await w.handler.execute(w.ctx(mt), b, { type: 'SuspendLeerplek', reason: 'x' });
    await rebuild(w.store, [index]);
    // (80·3 + 60·7) / 10 = 66
    expect(klimaatFigures(index, 'utrecht', '2026-01-01', '2026-12-31')).toEqual({
      from: '2026-01-01', to: '2026-12-31', source: null, measurements: 2, leerplekken: 2, respondents: 10, shareSafe: 66,
      bySource: [{ source: 'eigen enquête', measurements: 2, respondents: 10, shareSafe: 66 }],
    });
    expect(klimaatFigures(index, 'utrecht', '2018-01-01', '2018-12-31', 'NIVEL')).toMatchObject({ shareSafe: 50, respondents: 20 });
    expect(bezoekFigures(index, 'utrecht', '2026-01-01', '2026-12-31')).toEqual({
      from: '2026-01-01', to: '2026-12-31', leerplekken: 2, visits: { praktijkbezoek: 1 }, vgb: { held: 1, praktijkenMetVgb: 1, share: 50 }, suspended: 1,
    });
    expect(listLeerplekken(index, 'utrecht', qm.roles, { status: 'geschorst' }).map((l) => l.id)).toEqual([b]);
    expect(listLeerplekken(index, 'utrecht', qm.roles, { kind: 'stageplaats' })).toEqual([]);
  });
});
