import { afterEach, describe, expect, it } from 'vitest';
import { DomainError, FORGOTTEN, isSealed } from '@gearbox/kernel';
import { DEFAULT_LEOH_ITEMS } from '../src/leoh-settings.ts';
import { admin, auditor, cmo, integratie, mt, qm, SETTINGS, world } from './world.ts';

const worlds: ReturnType<typeof world>[] = [];
afterEach(async () => {
  for (const w of worlds.splice(0)) await w.close();
});
function setup() {
  const w = world();
  worlds.push(w);
  return w;
}

async function refused(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, 'expected a refusal').toBeInstanceOf(DomainError);
  return error as DomainError;
}

describe('LEOH setting', () => {
  it('is stored as events; each PUT replaces it and If-Match guards it', async () => {
    const w = setup();
    expect(await w.settings.current('utrecht')).toBeUndefined();
    const first = await w.settings.put(w.ctx(admin), SETTINGS);
    expect(first.settings).toEqual({ ...SETTINGS, items: DEFAULT_LEOH_ITEMS });
    expect(first.revision).toBe(0);
    const second = await w.settings.put(w.ctx(admin), { ...SETTINGS, threshold: 2 }, { ifMatch: 0 });
    expect(second.settings.threshold).toBe(2);
    expect((await refused(w.settings.put(w.ctx(admin), SETTINGS, { ifMatch: 0 }))).status).toBe(409);
    expect((await w.settings.history('utrecht')).map((h) => h.settings.threshold)).toEqual([3, 2]);
    expect(await w.settings.current('amc')).toBeUndefined();
  });

  it('refuses a crucial item that is not an item, a threshold off the scale, and a reversed scale', async () => {
    const w = setup();
    const bad = await refused(w.settings.put(w.ctx(admin), { ...SETTINGS, crucialItems: ['onbekend'], threshold: 9, scale: { min: 5, max: 1 } }));
    expect(bad.status).toBe(400);
    expect((bad.extensions.errors as { path: string }[]).map((e) => e.path).sort()).toEqual(['crucialItems.0', 'scale.max', 'threshold']);
    const own = await w.settings.put(w.ctx(admin), { ...SETTINGS, items: [{ code: 'a1', title: 'Eigen item' }], crucialItems: ['a1'] });
    expect(own.settings.items).toEqual([{ code: 'a1', title: 'Eigen item' }]);
    expect(await w.store.headPosition()).toBe(1n);
  });
});

describe('RecordLeoh against the setting', () => {
  it('a score off the scale or an unknown item is a 400 and nothing is stored', async () => {
    const w = setup();
    const id = await w.recognised();
    await w.settings.put(w.ctx(admin), SETTINGS);
    const head = await w.store.headPosition();
    const offScale = await refused(w.leoh(id, 'e1', { veiligheid: 6, feedback: 2.5 }));
    expect(offScale.status).toBe(400);
    expect((offScale.extensions.errors as { path: string }[]).map((e) => e.path)).toEqual(['scores.veiligheid', 'scores.feedback']);
    const unknown = await refused(w.leoh(id, 'e1', { veiligheid: 4, smaak: 3 }));
    expect(unknown.status).toBe(400);
    expect(unknown.toProblem(undefined, 'nl').errors).toEqual([{ path: 'scores.smaak', message: 'onbekend LEOH-item smaak' }]);
    expect(unknown.toProblem(undefined, 'en').errors).toEqual([{ path: 'scores.smaak', message: 'unknown LEOH item smaak' }]);
    const zelf = await refused(w.handler.execute(w.ctx(qm), id, { type: 'RecordZelfevaluatie', evaluationId: 'z1', period: '2026', scores: { veiligheid: 0 } }));
    expect(zelf.status).toBe(400);
    expect(await w.store.headPosition()).toBe(head);
  });

  it('without a setting the institute cannot take LEOH yet (422)', async () => {
    const w = setup();
    const id = await w.recognised();
    const error = await refused(w.leoh(id, 'e1', { veiligheid: 4 }));
    expect(error.status).toBe(422);
    expect(error.message).toMatch(/PUT \/api\/v1\/settings\/leoh/);
  });

  it('checks the role before the scores: an auditor gets a 403, not a 400', async () => {
    const w = setup();
    const id = await w.recognised();
    await w.settings.put(w.ctx(admin), SETTINGS);
    const error = await refused(w.handler.execute(w.ctx(auditor), id, { type: 'RecordLeoh', evaluationId: 'e1', period: '2026', respondent: 'aios-1', scores: { smaak: 9 } }));
    expect(error.status).toBe(403);
  });

  it('the same evaluation again with the same content is answered without a new event; other content is refused', async () => {
    const w = setup();
    const id = await w.recognised();
    await w.settings.put(w.ctx(admin), SETTINGS);
    const first = await w.leoh(id, 'e1', { veiligheid: 4, feedback: 5 });
    expect(first.newEvents).toHaveLength(1);
    const again = await w.handler.execute(w.ctx(integratie), id, { type: 'RecordLeoh', scores: { feedback: 5, veiligheid: 4 }, respondent: 'aios-p1', period: '2026-H1', evaluationId: 'e1' });
    expect(again.newEvents).toEqual([]);
    expect(again.replayed).toBe(true);
    expect(again.view.revision).toBe(first.view.revision);
    expect((await refused(w.leoh(id, 'e1', { veiligheid: 1 }))).status).toBe(422);
  });
});

describe('personal data', () => {
  it('name, e-mail, talk summaries and CMO rationales are sealed under the opleider’s subject and forgotten together', async () => {
    const w = setup();
    const id = await w.recognised('Dr. C. de Groot');
    const subjectId = (await w.handler.get(w.ctx(mt), id)).subjectId;
    expect(subjectId).toMatch(/^opleider-/);
    await w.handler.execute(w.ctx(qm), id, { type: 'RecordFunctioneringsgesprek', date: '2026-02-20', summary: 'Zorgen over supervisie', agreements: ['Wekelijks leergesprek'] });
    await w.handler.execute(w.ctx(qm), id, { type: 'ReferToCmo', reason: 'Signalen uit de terugkomdag' });
    // A client cannot pick another subject: the server fills it in.
    await w.handler.execute(w.ctx(cmo), id, { type: 'DecideCmo', decision: 'monitoring', rationale: 'Eerst monitoren', subjectId: 'iemand-anders' });

    const stored: Record<string, unknown>[] = [];
    for await (const e of w.store.readStream(w.handler.streamId('utrecht', id))) stored.push(e.data as Record<string, unknown>);
    const sealedUnder = (value: unknown) => (isSealed(value) ? value.s : 'plain');
    expect(sealedUnder(stored[0]!.name)).toBe(subjectId);
    expect(sealedUnder(stored[0]!.email)).toBe(subjectId);
    expect(stored[0]!.practice).toBe('Praktijk De Linde');
    expect(sealedUnder(stored[5]!.summary)).toBe(subjectId);
    expect(sealedUnder(stored[5]!.agreements)).toBe(subjectId);
    expect(sealedUnder(stored[6]!.reason)).toBe(subjectId);
    expect(sealedUnder(stored[7]!.rationale)).toBe(subjectId);
    expect(JSON.stringify(stored)).not.toContain('de Groot');

    w.keys.erase('utrecht', subjectId, 'admin-1', '2026-03-02T10:00:00Z');
    const after = await w.handler.get(w.ctx(cmo), id);
    expect(after.name).toBe(FORGOTTEN);
    expect(after.email).toBe(FORGOTTEN);
    expect(after.gesprekken[0]!.summary).toBe(FORGOTTEN);
    expect(after.cmo!.decisions[0]!.rationale).toBe(FORGOTTEN);
    expect(after.cmo!.decisions[0]!.decision).toBe('monitoring');
    expect(after.status).toBe('erkend');
  });
});

describe('who sees what', () => {
  async function withCmoFile() {
    const w = setup();
    const id = await w.recognised('Dr. E. Smit');
    await w.settings.put(w.ctx(admin), SETTINGS);
    await w.leoh(id, 'e1', { veiligheid: 4 });
    await w.handler.execute(w.ctx(qm), id, { type: 'RecordFunctioneringsgesprek', date: '2026-02-20', summary: 'Vertrouwelijk', agreements: ['Afspraak'] });
    await w.handler.execute(w.ctx(qm), id, { type: 'ReferToCmo', reason: 'Zorg van docent' });
    await w.handler.execute(w.ctx(cmo), id, { type: 'DecideCmo', decision: 'ondersteuningstraject', rationale: 'Coaching' });
    return { w, id };
  }

  it('cmo sees decisions, rationales and talk summaries; mt the same without the CMO rationales', async () => {
    const { w, id } = await withCmoFile();
    const view = await w.handler.get(w.ctx(cmo), id);
    expect(view.cmo).toMatchObject({ status: 'ondersteuningstraject', referral: { reason: 'Zorg van docent' }, decisions: [{ decision: 'ondersteuningstraject', rationale: 'Coaching' }] });
    expect(view.gesprekken[0]).toMatchObject({ summary: 'Vertrouwelijk', agreements: ['Afspraak'] });
    const trail = await w.handler.events(w.ctx(cmo), id);
    expect(trail.find((e) => e.type === 'CmoDecided')!.data).toMatchObject({ decision: 'ondersteuningstraject', rationale: 'Coaching' });

    const forMt = await w.handler.get(w.ctx(mt), id);
    expect(forMt.cmo).toMatchObject({ status: 'ondersteuningstraject', referral: { reason: 'Zorg van docent' }, decisions: [{ decision: 'ondersteuningstraject' }] });
    expect(forMt.cmo!.decisions[0]).not.toHaveProperty('rationale');
    expect(forMt.gesprekken[0]).toMatchObject({ summary: 'Vertrouwelijk', agreements: ['Afspraak'] });
    const mtTrail = await w.handler.events(w.ctx(mt), id);
    expect(mtTrail.find((e) => e.type === 'CmoDecided')!.data).toMatchObject({ decision: 'ondersteuningstraject' });
    expect(JSON.stringify([forMt, mtTrail])).not.toContain('Coaching');
  });

  it('a kwaliteitsmedewerker gets those fields left out, in the view and in the trail', async () => {
    const { w, id } = await withCmoFile();
    const view = await w.handler.get(w.ctx(qm), id);
    expect(view.name).toBe('Dr. E. Smit');
    expect(view.leoh).toHaveLength(1);
    expect(view.cmo).toEqual({ screeningId: 'cmo-1', status: 'lopend', openedAt: expect.any(String), openedBy: 'verwijzing', signals: [] });
    expect(view.gesprekken).toEqual([{ date: '2026-02-20', at: expect.any(String) }]);
    const trail = await w.handler.events(w.ctx(qm), id);
    expect(trail.find((e) => e.type === 'CmoDecided')!.data).toEqual({ subjectId: expect.any(String) });
    expect(trail.find((e) => e.type === 'FunctioneringsgesprekRecorded')!.data).toEqual({ date: '2026-02-20', subjectId: expect.any(String) });
    expect(JSON.stringify(trail)).not.toContain('Coaching');
    expect(JSON.stringify(view)).not.toContain('Vertrouwelijk');
  });

  it('an auditor sees statuses and counts, no names and no scores', async () => {
    const { w, id } = await withCmoFile();
    const view = await w.handler.get(w.ctx(auditor), id);
    expect(view).toMatchObject({ id, status: 'erkend', recognisedUntil: '2031-03-01', cmo: { status: 'lopend' }, counts: { leoh: 1, gesprekken: 1, signals: 0, cmoFiles: 1 } });
    expect(view.startvisitatie.status).toBe('bezocht');
    for (const hidden of ['name', 'email', 'subjectId', 'leoh', 'gesprekken', 'signals', 'zelfevaluaties']) expect(view).not.toHaveProperty(hidden);
    const trail = await w.handler.events(w.ctx(auditor), id);
    expect(trail.find((e) => e.type === 'LeohRecorded')!.data).toEqual({ evaluationId: 'e1', period: '2026-H1' });
    expect(JSON.stringify(trail)).not.toMatch(/Smit|Vertrouwelijk|Coaching|aios-p1/);
  });

  it('the answer to a command is redacted the same way', async () => {
    const { w, id } = await withCmoFile();
    const r = await w.leoh(id, 'e2', { veiligheid: 5 });
    expect(r.view).toEqual({ id, status: 'erkend', revision: r.view.revision, allowed: ['RecordLeoh', 'RecordZelfevaluatie'] });
    expect(r.newEvents[0]!.data).toEqual({ evaluationId: 'e2', period: '2026-H1' });
  });

  it('another institute’s opleider is not found', async () => {
    const { w, id } = await withCmoFile();
    expect((await refused(w.handler.get(w.ctx(mt, 'amc'), id))).status).toBe(404);
    expect((await refused(w.handler.get(w.ctx(integratie), id))).status).toBe(403);
  });
});
