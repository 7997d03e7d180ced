import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteEventStore, type EventStore } from '@gearbox/eventstore';
import { manualClock, sequentialIds } from '@gearbox/kernel';
import { StreamHandler } from '@gearbox/kernel';
import { cycleDefinition } from '../src/definition.ts';
import { DomainError, IdempotencyKeyReusedError, RevisionConflictError } from '@gearbox/kernel';
import { IdempotencyIndex } from '@gearbox/kernel';
import { FORGOTTEN, isSealed, openSqliteKeyStore, type Sealed } from '@gearbox/kernel';
import { as, harness, TEST_INSTITUTE } from '@gearbox/kernel/testing';

const start = { kind: 'curriculum', title: 'Curriculum 2026', period: { from: '2026-01-01', to: '2026-12-31' } };
const qm = as('kwaliteitsmedewerker');
const mt = as('mt');
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

/** The actor's name in each event's envelope, as stored. */
async function sealedActorNames(store: EventStore, id: string): Promise<Sealed[]> {
  const names: Sealed[] = [];
  for await (const e of store.readStream(`${TEST_INSTITUTE}/cycle-${id}`)) names.push((e.metadata as { actor: { name: Sealed } }).actor.name);
  return names;
}

function setup() {
  const h = harness(cycleDefinition);
  cleanups.push(() => h.close());
  return h;
}

describe('the command path', () => {
  it('starts a cycle in plan with a machine version on the first event', async () => {
    const h = setup();
    const { view, newEvents } = await h.handler.start(h.ctx(qm), start);
    expect(view.phase).toBe('plan');
    expect(view.revision).toBe(0);
    expect(view.definitionVersion).toBe(1);
    expect(view.allowed).toEqual(['SetGoal', 'DefineKpi', 'PlanActivity']);
    expect(newEvents.map((e) => e.type)).toEqual(['CycleStarted']);
    const stored = [];
    for await (const e of h.store.readStream(h.handler.streamId(TEST_INSTITUTE, view.id))) stored.push(e);
    expect((stored[0]!.metadata as { machine: unknown }).machine).toEqual({ id: 'pdca-cycle', version: 1 });
  });

  it('another institute cannot see or touch the cycle (404)', async () => {
    const h = setup();
    const { view } = await h.handler.start(h.ctx(qm), start);
    const other = { ...h.ctx(mt), institute: 'amc' };
    await expect(h.handler.get(other, view.id)).rejects.toMatchObject({ status: 404 });
    await expect(h.handler.execute(other, view.id, { type: 'SetGoal', goalId: 'g', title: 't' })).rejects.toMatchObject({ status: 404 });
  });

  it('If-Match with a stale revision answers 409 with the current revision and appends nothing', async () => {
    const h = setup();
    const { view } = await h.handler.start(h.ctx(qm), start);
    await h.handler.execute(h.ctx(qm), view.id, { type: 'SetGoal', goalId: 'g1', title: 't' }, { ifMatch: 0 });
    const error = await h.handler.execute(h.ctx(qm), view.id, { type: 'SetGoal', goalId: 'g2', title: 't' }, { ifMatch: 0 }).catch((e) => e);
    expect(error).toBeInstanceOf(RevisionConflictError);
    expect(error.extensions.currentRevision).toBe(1);
    expect(await h.handler.events(h.ctx(qm), view.id)).toHaveLength(2);
  });

  it('200 concurrent commands without If-Match on one cycle all succeed, with a contiguous trail', async () => {
    const h = setup();
    const { view } = await h.handler.start(h.ctx(qm), start);
    const results = await Promise.allSettled(
      Array.from({ length: 200 }, (_, i) => h.handler.execute(h.ctx(qm), view.id, { type: 'SetGoal', goalId: `g${i}`, title: `Doel ${i}` })),
    );
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    const revisions = results.map((r) => (r as PromiseFulfilledResult<{ view: { revision: number } }>).value.view.revision).sort((a, b) => a - b);
    expect(revisions).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    const trail = await h.handler.events(h.ctx(qm), view.id);
    expect(trail.map((e) => e.revision)).toEqual(Array.from({ length: 201 }, (_, i) => i));
    expect((await h.handler.get(h.ctx(qm), view.id)).goals).toHaveLength(200);
  });

  it('concurrent commands with the same If-Match: the first wins, the others are 409 and append nothing', async () => {
    const h = setup();
    const { view } = await h.handler.start(h.ctx(qm), start);
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, (_, i) => h.handler.execute(h.ctx(qm), view.id, { type: 'SetGoal', goalId: `g${i}`, title: 't' }, { ifMatch: 0 })),
    );
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'rejected', 'rejected']);
    for (const r of results.slice(1)) expect((r as PromiseRejectedResult).reason).toBeInstanceOf(RevisionConflictError);
    expect(await h.handler.events(h.ctx(qm), view.id)).toHaveLength(2);
  });

  it('the same Idempotency-Key and body answer the first result and append nothing', async () => {
    const h = setup();
    const { view } = await h.handler.start(h.ctx(qm), start);
    const opts = { idempotencyKey: 'k-1', requestHash: 'h1' };
    const first = await h.handler.execute(h.ctx(qm), view.id, { type: 'SetGoal', goalId: 'g1', title: 't' }, opts);
    await h.handler.execute(h.ctx(qm), view.id, { type: 'SetGoal', goalId: 'g2', title: 'later' });
    const again = await h.handler.execute(h.ctx(qm), view.id, { type: 'SetGoal', goalId: 'g1', title: 't' }, opts);
    expect(again.replayed).toBe(true);
    expect(again.view).toEqual(first.view);
    expect(again.newEvents).toEqual(first.newEvents);
    expect(await h.handler.events(h.ctx(qm), view.id)).toHaveLength(3);
  });

  it('the same Idempotency-Key with another body is refused (422)', async () => {
    const h = setup();
    const { view } = await h.handler.start(h.ctx(qm), start);
    await h.handler.execute(h.ctx(qm), view.id, { type: 'SetGoal', goalId: 'g1', title: 't' }, { idempotencyKey: 'k', requestHash: 'h1' });
    await expect(
      h.handler.execute(h.ctx(qm), view.id, { type: 'SetGoal', goalId: 'g9', title: 'x' }, { idempotencyKey: 'k', requestHash: 'h2' }),
    ).rejects.toBeInstanceOf(IdempotencyKeyReusedError);
    expect(await h.handler.events(h.ctx(qm), view.id)).toHaveLength(2);
  });

  it('an Idempotency-Key on start survives a restart: the retry finds the cycle it made', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gearbox-kernel-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const open = () => {
      const store = openSqliteEventStore({ path: join(dir, 'events.sqlite3') });
      const keys = openSqliteKeyStore(join(dir, 'keys.sqlite3'));
      const handler = new StreamHandler(cycleDefinition, { store, keys, clock: manualClock('2026-03-01T09:00:00Z'), ids: sequentialIds() });
      return { store, keys, handler };
    };
    const ctx = { institute: 'utrecht', actor: qm, correlationId: 'c' };
    const a = open();
    const first = await a.handler.start(ctx, start, { idempotencyKey: 'start-1', requestHash: 'h' });
    await a.store.close();
    a.keys.close();
    const b = open();
    const again = await b.handler.start(ctx, start, { idempotencyKey: 'start-1', requestHash: 'h' });
    expect(again.view.id).toBe(first.view.id);
    expect(again.replayed).toBe(true);
    expect(await b.store.headPosition()).toBe(1n);
    await expect(b.handler.start(ctx, { ...start, title: 'other' }, { idempotencyKey: 'start-1', requestHash: 'h2' })).rejects.toBeInstanceOf(
      IdempotencyKeyReusedError,
    );
    await b.store.close();
    b.keys.close();
  });

  it('a retry is recognised even before the key index has caught up with the store', async () => {
    const h = setup();
    // An index no projection feeds: only the handler itself tells it about keys.
    const handler = new StreamHandler(cycleDefinition, { store: h.store, keys: h.keys, clock: h.clock, ids: sequentialIds(8), idempotency: new IdempotencyIndex() });
    const { view } = await handler.start(h.ctx(qm), start);
    const opts = { idempotencyKey: 'k-race', requestHash: 'h' };
    const first = await handler.execute(h.ctx(qm), view.id, { type: 'SetGoal', goalId: 'g1', title: 't' }, opts);
    const again = await handler.execute(h.ctx(qm), view.id, { type: 'SetGoal', goalId: 'g1', title: 't' }, opts);
    expect(again.replayed).toBe(true);
    expect(again.view).toEqual(first.view);
    expect(await handler.events(h.ctx(qm), view.id)).toHaveLength(2);
  });

  it('a key used on one cycle is refused on another', async () => {
    const h = setup();
    const index = new IdempotencyIndex();
    const handler = new StreamHandler(cycleDefinition, { store: h.store, keys: h.keys, clock: h.clock, ids: sequentialIds(7), idempotency: index });
    const a = await handler.start(h.ctx(qm), start);
    const b = await handler.start(h.ctx(qm), start);
    await handler.execute(h.ctx(qm), a.view.id, { type: 'SetGoal', goalId: 'g1', title: 't' }, { idempotencyKey: 'k', requestHash: 'on-a' });
    for await (const e of h.store.readAll()) index.apply(e as never);
    await expect(
      handler.execute(h.ctx(qm), b.view.id, { type: 'SetGoal', goalId: 'g1', title: 't' }, { idempotencyKey: 'k', requestHash: 'on-b' }),
    ).rejects.toBeInstanceOf(IdempotencyKeyReusedError);
  });

  it('a refused command is a DomainError with a status, never a plain Error', async () => {
    const h = setup();
    const { view } = await h.handler.start(h.ctx(qm), start);
    for (const body of [null, 'x', 42, {}, { type: 'ApprovePlan', extra: 1 }, { type: 'SetGoal' }, { type: '__proto__' }]) {
      const error = await h.handler.execute(h.ctx(mt), view.id, body).catch((e) => e);
      expect(error, JSON.stringify(body)).toBeInstanceOf(DomainError);
    }
  });
});

describe('the folded-state cache', () => {
  it('sees what another handler appended in between', async () => {
    const h = setup();
    const other = new StreamHandler(cycleDefinition, { store: h.store, keys: h.keys, clock: h.clock, ids: sequentialIds(5) });
    const { view } = await h.handler.start(h.ctx(qm), start);
    await h.handler.execute(h.ctx(qm), view.id, { type: 'SetGoal', goalId: 'g1', title: 'een' });
    await other.execute(h.ctx(qm), view.id, { type: 'SetGoal', goalId: 'g2', title: 'twee' });
    const third = await h.handler.execute(h.ctx(qm), view.id, { type: 'SetGoal', goalId: 'g3', title: 'drie' });
    expect(third.view.goals.map((g) => g.goalId)).toEqual(['g1', 'g2', 'g3']);
    expect(third.view.revision).toBe(3);
    await expect(h.handler.execute(h.ctx(qm), view.id, { type: 'SetGoal', goalId: 'g2', title: 'dubbel' })).rejects.toMatchObject({ status: 422 });
  });

  it('never refuses on a stale state: what another handler made allowed is allowed, its revision is a good If-Match', async () => {
    const h = setup();
    const other = new StreamHandler(cycleDefinition, { store: h.store, keys: h.keys, clock: h.clock, ids: sequentialIds(5) });
    const { view } = await h.handler.start(h.ctx(qm), start);
    await h.handler.execute(h.ctx(qm), view.id, { type: 'SetGoal', goalId: 'g1', title: 'een' });
    await h.handler.execute(h.ctx(qm), view.id, { type: 'PlanActivity', activityId: 'a1', title: 'act', owner: 'o', due: '2026-05-01' });
    // This handler last saw the cycle in plan; the other one approves the plan.
    const approved = await other.execute(h.ctx(mt), view.id, { type: 'ApprovePlan' });
    expect(approved.view.phase).toBe('do');

    const evidence = await h.handler.execute(h.ctx(qm), view.id, { type: 'AddEvidence', evidenceId: 'e1', title: 'ev', kind: 'survey' }, { ifMatch: approved.view.revision });
    expect(evidence.view.revision).toBe(approved.view.revision + 1);
    expect(evidence.view.phase).toBe('do');
    await other.execute(h.ctx(qm), view.id, { type: 'AddEvidence', evidenceId: 'e2', title: 'ev2', kind: 'survey' });
    await expect(
      h.handler.execute(h.ctx(qm), view.id, { type: 'AddEvidence', evidenceId: 'e3', title: 'ev3', kind: 'survey' }, { ifMatch: evidence.view.revision }),
    ).rejects.toMatchObject({ status: 409, extensions: { currentRevision: evidence.view.revision + 1 } });
  });

  it('a burst decided on a stale state lands nothing on what another handler appended: each command is decided again on it', async () => {
    const h = setup();
    const other = new StreamHandler(cycleDefinition, { store: h.store, keys: h.keys, clock: h.clock, ids: sequentialIds(5) });
    const { view } = await h.handler.start(h.ctx(qm), start);
    await h.handler.execute(h.ctx(qm), view.id, { type: 'SetGoal', goalId: 'g1', title: 'een' });
    await other.execute(h.ctx(qm), view.id, { type: 'SetGoal', goalId: 'g2', title: 'twee' });
    // Pipelined on this handler's state, which lacks g2: the second command repeats it.
    const goals = ['g3', 'g2', ...Array.from({ length: 18 }, (_, i) => `g${i + 4}`)];
    const results = await Promise.allSettled(goals.map((goalId) => h.handler.execute(h.ctx(qm), view.id, { type: 'SetGoal', goalId, title: goalId })));
    expect(results.map((r) => (r.status === 'rejected' ? (r.reason as DomainError).status : 'ok'))).toEqual(['ok', 422, ...Array(18).fill('ok')]);
    const trail = await h.handler.events(h.ctx(qm), view.id);
    expect(trail.map((e) => e.revision)).toEqual(Array.from({ length: 22 }, (_, i) => i));
    expect((await h.handler.get(h.ctx(qm), view.id)).goals.map((g) => g.goalId).sort()).toEqual(['g1', 'g2', ...goals.filter((g) => g !== 'g2')].sort());
  });

  it('answers the same as a full replay', async () => {
    const h = setup();
    const { view } = await h.handler.start(h.ctx(qm), start);
    let last;
    for (const cmd of [
      { type: 'SetGoal', goalId: 'g1', title: 'een' },
      { type: 'PlanActivity', activityId: 'a1', title: 'act', owner: 'A. de Vries', due: '2026-05-01' },
      { type: 'ApprovePlan' },
      { type: 'AddEvidence', evidenceId: 'e1', title: 'ev', kind: 'survey' },
    ]) last = await h.handler.execute(h.ctx(mt), view.id, cmd);
    const fresh = new StreamHandler(cycleDefinition, { store: h.store, keys: h.keys, clock: h.clock, ids: sequentialIds(9) });
    expect(await fresh.get(h.ctx(mt), view.id)).toEqual(last!.view);
  });

  it('is dropped when a person is forgotten, so no answer shows the name again', async () => {
    const h = setup();
    const { view } = await h.handler.start(h.ctx(qm), start);
    await h.handler.execute(h.ctx(qm), view.id, { type: 'PlanActivity', activityId: 'a1', title: 'act', owner: 'Jeroen van Steenwijk', due: '2026-05-01' });
    const { ownerSubject } = await import('../src/definition.ts');
    h.keys.erase(TEST_INSTITUTE, ownerSubject('Jeroen van Steenwijk'), 'admin', '2026-03-02T00:00:00Z');
    const next = await h.handler.execute(h.ctx(qm), view.id, { type: 'SetGoal', goalId: 'g1', title: 'een' });
    expect(next.view.activities[0]!.owner).toBe(FORGOTTEN);
  });
});

describe('personal data', () => {
  it("reuses the sealed form of an actor's name until the person is forgotten, then seals under a new key", async () => {
    const h = setup();
    const { view } = await h.handler.start(h.ctx(qm), start);
    await h.handler.execute(h.ctx(qm), view.id, { type: 'SetGoal', goalId: 'g1', title: 'een' });
    const [first, second] = await sealedActorNames(h.store, view.id);
    expect(isSealed(first)).toBe(true);
    expect(second).toEqual(first);

    h.keys.erase(TEST_INSTITUTE, qm.sub, 'admin', '2026-03-02T00:00:00Z');
    await h.handler.execute(h.ctx(qm), view.id, { type: 'SetGoal', goalId: 'g2', title: 'twee' });
    const third = (await sealedActorNames(h.store, view.id))[2]!;
    expect(third.k).not.toBe(first!.k);
    expect((await h.handler.events(h.ctx(qm), view.id)).map((e) => e.actor.name)).toEqual([FORGOTTEN, FORGOTTEN, qm.name]);
  });

  it('seals the name afresh for a command with an Idempotency-Key, so two racing retries are told apart', async () => {
    const h = setup();
    const { view } = await h.handler.start(h.ctx(qm), start);
    await h.handler.execute(h.ctx(qm), view.id, { type: 'SetGoal', goalId: 'g1', title: 'een' }, { idempotencyKey: 'k-1', requestHash: 'h' });
    const [first, second] = await sealedActorNames(h.store, view.id);
    expect(second!.k).toBe(first!.k);
    expect(second!.d).not.toBe(first!.d);
  });

  it('is stored encrypted, and after erasure reads as [vergeten] with no plaintext left in any file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gearbox-pd-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const store = openSqliteEventStore({ path: join(dir, 'events.sqlite3') });
    const keys = openSqliteKeyStore(join(dir, 'keys.sqlite3'));
    const handler = new StreamHandler(cycleDefinition, { store, keys, clock: manualClock('2026-03-01T09:00:00Z'), ids: sequentialIds() });
    const actor = { sub: 'u-marieke', name: 'Marieke Bakker-Oudshoorn', roles: ['kwaliteitsmedewerker'] };
    const ctx = { institute: 'utrecht', actor, correlationId: 'c' };
    const { view } = await handler.start(ctx, start);
    await handler.execute(ctx, view.id, { type: 'PlanActivity', activityId: 'a1', title: 'Enquête', owner: 'Jeroen van Steenwijk', due: '2026-06-01' });

    const before = await handler.get(ctx, view.id);
    expect(before.activities[0]!.owner).toBe('Jeroen van Steenwijk');
    const bytes = () => ['events.sqlite3', 'events.sqlite3-wal'].map((f) => { try { return readFileSync(join(dir, f)).toString('latin1'); } catch { return ''; } }).join('');
    expect(bytes()).not.toContain('Marieke');
    expect(bytes()).not.toContain('Steenwijk');

    const { ownerSubject } = await import('../src/definition.ts');
    keys.erase('utrecht', ownerSubject('Jeroen van Steenwijk'), 'admin-1', '2026-03-02T10:00:00Z');
    keys.erase('utrecht', 'u-marieke', 'admin-1', '2026-03-02T10:00:00Z');
    const after = await handler.get(ctx, view.id);
    expect(after.activities[0]!.owner).toBe(FORGOTTEN);
    const trail = await handler.events(ctx, view.id);
    expect(trail.map((e) => e.actor.name)).toEqual([FORGOTTEN, FORGOTTEN]);
    expect(keys.erasures('utrecht').map((e) => e.erasedBy)).toEqual(['admin-1', 'admin-1']);
    await store.close();
    keys.close();
    const all = ['events.sqlite3', 'keys.sqlite3'].map((f) => readFileSync(join(dir, f)).toString('latin1')).join('');
    expect(all).not.toContain('Marieke');
    expect(all).not.toContain('Steenwijk');
  });
});
