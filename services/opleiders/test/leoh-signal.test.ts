import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteCheckpoints, ReactorRunner, type CheckpointStore, type StoredEvent } from '@gearbox/kernel';
import { leohSignalReactor, LEOH_SIGNAL_REACTOR } from '../src/leoh-signal.ts';
import { admin, mt, SETTINGS, world } from './world.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function setup() {
  const w = world();
  cleanups.push(() => w.close());
  return w;
}

function run(w: ReturnType<typeof world>, checkpoints: CheckpointStore = openSqliteCheckpoints(':memory:')) {
  const runner = new ReactorRunner(w.store, [leohSignalReactor(w.handler, w.settings)], checkpoints);
  runner.start();
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await runner.stop();
  };
  cleanups.push(stop);
  return { runner, stop, checkpoints };
}

/** Waits until the reactor has processed everything stored so far. */
async function settled(w: ReturnType<typeof world>, runner: ReactorRunner) {
  const until = Date.now() + 5000;
  for (;;) {
    const head = await w.store.headPosition();
    const at = runner.processed(LEOH_SIGNAL_REACTOR) ?? 0n;
    // The reactor only sees its own event types, so compare against the last of those.
    let last = 0n;
    for await (const e of w.store.readAll({ direction: 'backwards', filter: { eventTypes: ['LeohRecorded', 'LeohSettingsSet'] }, maxCount: 1 })) last = e.position;
    if (at >= last && (await w.store.headPosition()) === head) return;
    if (Date.now() > until) throw new Error(`reactor at ${at}, events up to ${last}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function trail(w: ReturnType<typeof world>, id: string) {
  return (await w.handler.events(w.ctx(mt), id)).map((e) => e.type);
}
const count = (types: string[], type: string) => types.filter((t) => t === type).length;

describe('LEOH signal → CMO screening', () => {
  it('a crucial item below the threshold raises a signal and opens a screening; other scores do not', async () => {
    const w = setup();
    await w.settings.put(w.ctx(admin), SETTINGS);
    const low = await w.recognised('Dr. Laag');
    const fine = await w.recognised('Dr. Goed');
    const { runner } = run(w);
    await w.leoh(low, 'e1', { veiligheid: 2, feedback: 4, rolmodel: 1 });
    await w.leoh(fine, 'e2', { veiligheid: 3, feedback: 5, rolmodel: 1 });
    await settled(w, runner);

    const view = await w.handler.get(w.ctx(mt), low);
    expect(view.signals).toMatchObject([{ evaluationId: 'e1', items: [{ item: 'veiligheid', score: 2 }], threshold: 3, screeningId: 'cmo-1' }]);
    expect(view.cmo).toMatchObject({ screeningId: 'cmo-1', status: 'screening', openedBy: 'signaal', signals: ['e1'] });
    // Not crucial (rolmodel) or not below the threshold (3 is not below 3): no signal.
    const other = await w.handler.get(w.ctx(mt), fine);
    expect(other.signals).toEqual([]);
    expect(other.cmo).toBeUndefined();
  });

  it('the same evaluation sent twice opens one screening', async () => {
    const w = setup();
    await w.settings.put(w.ctx(admin), SETTINGS);
    const id = await w.recognised();
    const { runner } = run(w);
    await w.leoh(id, 'e1', { veiligheid: 1 });
    await w.leoh(id, 'e1', { veiligheid: 1 });
    await settled(w, runner);
    const types = await trail(w, id);
    expect(count(types, 'LeohRecorded')).toBe(1);
    expect(count(types, 'LeohSignalRaised')).toBe(1);
    expect((await w.handler.get(w.ctx(mt), id)).counts.cmoFiles).toBe(1);
  });

  it('a reaction repeated on the same event (a retry) appends nothing', async () => {
    const w = setup();
    await w.settings.put(w.ctx(admin), SETTINGS);
    const id = await w.recognised();
    await w.leoh(id, 'e1', { veiligheid: 1 });
    const reactor = leohSignalReactor(w.handler, w.settings);
    let recorded: StoredEvent | undefined;
    for await (const e of w.store.readAll({ filter: { eventTypes: ['LeohRecorded'] } })) recorded = e as StoredEvent;
    await Promise.all([reactor.react(recorded!), reactor.react(recorded!)]);
    await reactor.react(recorded!);
    expect(count(await trail(w, id), 'LeohSignalRaised')).toBe(1);
  });

  it('a restart in the middle (the signal appended, the checkpoint not saved) opens no second screening', async () => {
    const w = setup();
    await w.settings.put(w.ctx(admin), SETTINGS);
    const id = await w.recognised();
    const saved = openSqliteCheckpoints(':memory:');
    cleanups.push(() => saved.close());
    const recorded = await w.leoh(id, 'e1', { veiligheid: 1 });
    // The process dies right after reacting to the evaluation, before that checkpoint is written.
    let crashed = false;
    const dying: CheckpointStore = {
      get: (name) => saved.get(name),
      set: (name, position) => {
        if (position < recorded.position) return saved.set(name, position);
        // Killed here: the reaction is in the store, its checkpoint is not.
        crashed = true;
      },
      close: () => {},
    };
    const first = run(w, dying);
    const until = Date.now() + 5000;
    while (!crashed && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
    expect(crashed).toBe(true);
    await first.stop();
    expect(count(await trail(w, id), 'LeohSignalRaised')).toBe(1);
    expect(saved.get(LEOH_SIGNAL_REACTOR)).toBeLessThan(recorded.position);

    const second = run(w, saved);
    await settled(w, second.runner);
    expect(saved.get(LEOH_SIGNAL_REACTOR)).toBeGreaterThanOrEqual(recorded.position);
    const types = await trail(w, id);
    expect(count(types, 'LeohSignalRaised')).toBe(1);
    expect((await w.handler.get(w.ctx(mt), id)).cmo!.signals).toEqual(['e1']);
  });

  it('a full replay from the start opens nothing new', async () => {
    const w = setup();
    await w.settings.put(w.ctx(admin), SETTINGS);
    const a = await w.recognised('Dr. A');
    const b = await w.recognised('Dr. B');
    const live = run(w);
    await w.leoh(a, 'e1', { veiligheid: 1 });
    await w.leoh(a, 'e2', { feedback: 2 });
    await w.leoh(b, 'e3', { feedback: 1 });
    await settled(w, live.runner);
    await live.stop();
    const before = await w.store.headPosition();

    const replay = run(w);
    await settled(w, replay.runner);
    expect(await w.store.headPosition()).toBe(before);
    expect(count(await trail(w, a), 'LeohSignalRaised')).toBe(2);
    // Two signals, one screening: the second joins the open file.
    expect((await w.handler.get(w.ctx(mt), a)).cmo!.signals).toEqual(['e1', 'e2']);
    expect((await w.handler.get(w.ctx(mt), a)).counts.cmoFiles).toBe(1);
  });

  it('judges each evaluation by the setting in force when it was stored, also in a replay', async () => {
    const w = setup();
    await w.settings.put(w.ctx(admin), SETTINGS);
    const id = await w.recognised();
    await w.leoh(id, 'e1', { veiligheid: 3 });
    await w.settings.put(w.ctx(admin), { ...SETTINGS, threshold: 4 });
    await w.leoh(id, 'e2', { veiligheid: 3 });
    const { runner, stop } = run(w);
    await settled(w, runner);
    await stop();
    const replay = run(w);
    await settled(w, replay.runner);
    const view = await w.handler.get(w.ctx(mt), id);
    expect(view.signals.map((s) => [s.evaluationId, s.threshold])).toEqual([['e2', 4]]);
  });

  it('no signal for an opleider whose training ended before the reactor ran', async () => {
    const w = setup();
    await w.settings.put(w.ctx(admin), SETTINGS);
    const id = await w.recognised();
    await w.leoh(id, 'e1', { veiligheid: 1 });
    await w.handler.execute(w.ctx(mt), id, { type: 'EndTraining', reason: 'praktijk gestopt' });
    const { runner } = run(w);
    await settled(w, runner);
    expect(count(await trail(w, id), 'LeohSignalRaised')).toBe(0);
  });
});
