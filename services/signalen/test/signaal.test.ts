import { describe, expect, it } from 'vitest';
import { isSealed } from '@gearbox/kernel';
import { as, detailsOf, given, harness, type GivenEvent } from '@gearbox/kernel/testing';
import { signaalDefinition } from '../src/definition.ts';

const qm = as('kwaliteitsmedewerker');
const mt = as('mt');
const received: GivenEvent = ['SignaalReceived', { kind: 'klacht', title: 'Klacht over het rooster', receivedOn: '2026-02-10', summary: 'Aios meldt late roosterwijzigingen.', subjectId: 'signaal-s1' }];
const triaged: GivenEvent = ['SignaalTriaged', { severity: 'midden', owner: 'Klachtencoördinator' }];
const followedUp: GivenEvent = ['SignaalFollowedUp', { text: 'Gesprek gevoerd.', subjectId: 'signaal-s1' }];
const closed: GivenEvent = ['SignaalClosed', { outcome: 'Opgelost.', subjectId: 'signaal-s1' }];
const signaal = (...events: GivenEvent[]) => given(signaalDefinition, received, ...events);
const start = { kind: 'klacht', title: 'Klacht over het rooster', receivedOn: '2026-02-10', summary: 'A. de Vries meldt dat roosterwijzigingen te laat komen.' };

describe('a signaal', () => {
  it('is triaged into handling, followed up and closed by the MT', async () => {
    const t = await signaal().when({ type: 'Triage', severity: 'hoog', owner: 'Stafarts' }, qm).then([['SignaalTriaged', { severity: 'hoog', owner: 'Stafarts', kind: 'klacht' }]]);
    expect(t.view).toMatchObject({ status: 'in-behandeling', severity: 'hoog', owner: 'Stafarts', allowed: ['Triage', 'RecordFollowUp'] });
    const f = await signaal(triaged).when({ type: 'RecordFollowUp', text: 'Gesprek met de aios.' }, qm).then([['SignaalFollowedUp', { text: 'Gesprek met de aios.', subjectId: 'signaal-s1', kind: 'klacht' }]]);
    expect(f.view.followUps).toMatchObject([{ text: 'Gesprek met de aios.' }]);
    await signaal(triaged, followedUp).when({ type: 'CloseSignaal', outcome: 'Afgehandeld.' }, qm).thenError(403);
    const c = await signaal(triaged, followedUp).when({ type: 'CloseSignaal', outcome: 'Afgehandeld.' }, mt).then(['SignaalClosed']);
    expect(c.view).toMatchObject({ status: 'gesloten', closed: { outcome: 'Afgehandeld.' }, allowed: [] });
  });

  it('says in words what is missing before a follow-up or a close', async () => {
    const before = detailsOf(await signaal().when({ type: 'RecordFollowUp', text: 'x' }, qm).thenError(422, { allowed: ['Triage'] }));
    expect(before.nl).toBe('Het signaal is nog niet beoordeeld: stuur eerst Triage met de ernst en wie het afhandelt.');
    expect(before.en).toMatch(/has not been triaged yet/);
    const early = detailsOf(await signaal(triaged).when({ type: 'CloseSignaal', outcome: 'x' }, mt).thenError(422, { allowed: ['Triage', 'RecordFollowUp'] }));
    expect(early.nl).toMatch(/^Nog geen opvolging vastgelegd/);
  });

  it('a closed signal takes nothing more; a triage may be revised while it is handled', async () => {
    await signaal(triaged, followedUp, closed).when({ type: 'RecordFollowUp', text: 'nog iets' }, qm).thenError(422, { allowed: [] });
    await signaal(triaged, followedUp, closed).when({ type: 'Triage', severity: 'laag', owner: 'x' }, mt).thenError(422);
    const r = await signaal(triaged).when({ type: 'Triage', severity: 'laag', owner: 'Klachtencoördinator' }, qm).then(['SignaalTriaged']);
    expect(r.view.severity).toBe('laag');
  });

  it('refuses bad input with 400 and an auditor with 403', async () => {
    await signaal().when({ type: 'Triage', severity: 'enorm', owner: 'x' }, qm).thenError(400);
    await signaal().when({ type: 'Triage', severity: 'hoog' }, qm).thenError(400);
    await signaal(triaged).when({ type: 'RecordFollowUp', text: '' }, qm).thenError(400);
    await signaal(triaged).when({ type: 'RecordFollowUp', text: 'x', actionRef: 'geen-verwijzing' }, qm).thenError(400);
    await signaal(triaged, followedUp).when({ type: 'CloseSignaal' }, mt).thenError(400);
    await signaal().when({ type: 'Triage', severity: 'hoog', owner: 'x' }, as('auditor')).thenError(403);
  });

  it('a follow-up names an improvement action of a cycle that exists', async () => {
    const followUp = { type: 'RecordFollowUp', text: 'Verbeteractie besloten.', actionRef: 'c-9/roosterafspraak' };
    expect(detailsOf(await signaal(triaged).when(followUp, qm).thenError(422)).nl).toMatch(/cyclus c-9 bestaat niet in dit instituut/);
    const r = await given(signaalDefinition, received, triaged).alongside('cycle', 'c-9').when(followUp, qm).then([['SignaalFollowedUp', { actionRef: 'c-9/roosterafspraak' }]]);
    expect(r.view.followUps[0]).toMatchObject({ actionRef: 'c-9/roosterafspraak' });
  });
});

describe('registering a signaal', () => {
  it('seals the summary, follow-ups and outcome under the signal\'s own subject, so erasure forgets them', async () => {
    const h = harness(signaalDefinition);
    try {
      const { view } = await h.handler.start(h.ctx(qm), start);
      expect(view).toMatchObject({ kind: 'klacht', status: 'ontvangen', summary: start.summary, followUps: [], allowed: ['Triage'] });
      expect(view.subjectId).toMatch(/^signaal-/);
      await h.handler.execute(h.ctx(qm), view.id, { type: 'Triage', severity: 'midden', owner: 'Klachtencoördinator' });
      await h.handler.execute(h.ctx(qm), view.id, { type: 'RecordFollowUp', text: 'Gesprek met A. de Vries.' });
      await h.handler.execute(h.ctx(mt), view.id, { type: 'CloseSignaal', outcome: 'A. de Vries is tevreden.' });
      const stored = [];
      for await (const e of h.store.readAll()) stored.push(e);
      expect(JSON.stringify(stored.map((e) => e.data))).not.toContain('de Vries');
      expect(JSON.stringify(stored.map((e) => e.data))).not.toContain('Klachtencoördinator');
      expect(isSealed((stored[0]!.data as Record<string, unknown>).summary)).toBe(true);
      h.keys.erase('utrecht', view.subjectId, 'admin', '2026-03-02T00:00:00Z');
      const after = await h.handler.get(h.ctx(qm), view.id);
      expect(after).toMatchObject({ summary: '[vergeten]', followUps: [{ text: '[vergeten]' }], closed: { outcome: '[vergeten]' }, title: start.title, status: 'gesloten' });
      // The owner is another person, with a subject of their own.
      expect(after.owner).toBe('Klachtencoördinator');
    } finally {
      await h.close();
    }
  });

  it('refuses a day still to come, an unknown kind, a missing summary and an auditor; nothing is stored', async () => {
    const h = harness(signaalDefinition);
    try {
      const future = await h.handler.start(h.ctx(qm), { ...start, receivedOn: '2026-03-02' }).catch((e) => e);
      expect(future).toMatchObject({ status: 400 });
      expect(detailsOf(future).nl).toMatch(/^Een datum waarop iets gebeurd is, ligt niet na vandaag/);
      expect(future.toProblem(undefined, 'nl').errors).toEqual([{ path: 'receivedOn', message: 'ligt na vandaag (01-03-2026)' }]);
      for (const body of [{ ...start, kind: 'compliment' }, { ...start, summary: undefined }, { ...start, receivedOn: '01-03-2026' }, { ...start, receivedOn: '1926-03-01' }, { ...start, extra: 1 }]) {
        await expect(h.handler.start(h.ctx(qm), body)).rejects.toMatchObject({ status: 400 });
      }
      await expect(h.handler.start(h.ctx(as('auditor')), start)).rejects.toMatchObject({ status: 403 });
      expect(await h.store.headPosition()).toBe(0n);
      // Today is fine.
      await expect(h.handler.start(h.ctx(qm), { ...start, receivedOn: '2026-03-01' })).resolves.toMatchObject({ view: { receivedOn: '2026-03-01' } });
    } finally {
      await h.close();
    }
  });
});
