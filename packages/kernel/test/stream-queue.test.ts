import type { AppendResult, EventStore } from '@gearbox/eventstore';
import { afterEach, describe, expect, it } from 'vitest';
import { CommandNotAllowedError, RevisionConflictError, StreamHandler, StreamQueue } from '../src/index.ts';
import { contextOf, memoryDeps, type MemoryDeps } from '../src/testing.ts';
import { chief, editor, listDefinition } from './toy.ts';

/** A promise with its resolve at hand. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

describe('the stream queue', () => {
  it('runs work on one stream in order, each after the one before has settled, failed or not', async () => {
    const queue = new StreamQueue();
    const log: string[] = [];
    const first = gate();
    const a = queue.run('s', async () => {
      log.push('a starts');
      await first.opened;
      log.push('a ends');
      throw new Error('a fails');
    });
    const b = queue.run('s', async () => {
      log.push('b runs');
      return 'b';
    });
    await Promise.resolve();
    expect(log).toEqual(['a starts']);
    first.open();
    await expect(a).rejects.toThrow('a fails');
    expect(await b).toBe('b');
    expect(log).toEqual(['a starts', 'a ends', 'b runs']);
  });

  it('runs work on different streams side by side, and forgets a stream once it is idle', async () => {
    const queue = new StreamQueue();
    const held = gate();
    const slow = queue.run('s1', () => held.opened.then(() => 'slow'));
    expect(await queue.run('s2', async () => 'other')).toBe('other');
    await new Promise((resolve) => setImmediate(resolve));
    expect(queue.busy).toBe(1);
    held.open();
    expect(await slow).toBe('slow');
    await new Promise((resolve) => setImmediate(resolve));
    expect(queue.busy).toBe(0);
  });
});

let deps: MemoryDeps | undefined;
afterEach(() => {
  deps?.close();
  deps = undefined;
});

/** A list opened through a handler on fresh in-memory stores. */
async function opened() {
  deps = memoryDeps();
  const handler = new StreamHandler(listDefinition, deps);
  const { view } = await handler.start(contextOf(editor), { title: 'Boodschappen', owner: 'o-1' });
  return { handler, id: view.id };
}

describe('commands on one stream in one handler', () => {
  it('without If-Match are decided one after another: 200 at once all succeed, on revisions 1..200', async () => {
    const { handler, id } = await opened();
    const results = await Promise.allSettled(Array.from({ length: 200 }, (_, i) => handler.execute(contextOf(editor), id, { type: 'Add', item: `i${i}` })));
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    const revisions = results.map((r) => (r as PromiseFulfilledResult<{ view: { revision: number } }>).value.view.revision);
    expect(revisions).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    const trail = await handler.events(contextOf(editor), id);
    expect(trail.map((e) => e.revision)).toEqual(Array.from({ length: 201 }, (_, i) => i));
  });

  it('with a stale If-Match are still refused (409), queued or not', async () => {
    const { handler, id } = await opened();
    const [first, second] = await Promise.allSettled([
      handler.execute(contextOf(editor), id, { type: 'Add', item: 'a' }, { ifMatch: 0 }),
      handler.execute(contextOf(editor), id, { type: 'Add', item: 'b' }, { ifMatch: 0 }),
    ]);
    expect(first.status).toBe('fulfilled');
    expect((second as PromiseRejectedResult).reason).toBeInstanceOf(RevisionConflictError);
    expect((second as PromiseRejectedResult).reason.extensions.currentRevision).toBe(1);
    await expect(handler.execute(contextOf(chief), id, { type: 'Close' }, { ifMatch: 0 })).rejects.toBeInstanceOf(RevisionConflictError);
  });

  it('reads what the decision needs from outside the stream before deciding (contextFor, refers)', async () => {
    deps = memoryDeps();
    const seen: string[] = [];
    const def = {
      ...listDefinition,
      contextFor: async (_deps: unknown, institute: string, command: { type: string }) => {
        seen.push(`${institute}:${command.type}`);
        return undefined;
      },
    };
    const handler = new StreamHandler(def, deps);
    const { view } = await handler.start(contextOf(editor), { title: 'Een', owner: 'o-1' });
    const other = await handler.start(contextOf(editor), { title: 'Twee', owner: 'o-1' });
    await expect(handler.execute(contextOf(editor), view.id, { type: 'Link', other: 'l-none' })).rejects.toMatchObject({ status: 422 });
    const linked = await handler.execute(contextOf(editor), view.id, { type: 'Link', other: other.view.id });
    expect(linked.view.links).toEqual([other.view.id]);
    expect(seen).toEqual(['utrecht:Open', 'utrecht:Open', 'utrecht:Link', 'utrecht:Link']);
  });
});

describe('several commands to one stream as one decision (executeAll)', () => {
  const both = { ...editor, roles: ['editor', 'chief'] };

  it('decides each on the state the ones before leave, and appends all in one go with the ids it was given', async () => {
    const { handler, id } = await opened();
    // Close needs an item: only the Add before it in the same batch makes it allowed.
    const result = await handler.executeAll(contextOf(both), id, [
      { body: { type: 'Add', item: 'brood' }, eventId: '00000000-0000-4000-8000-00000000000a' },
      { body: { type: 'Close' }, eventId: '00000000-0000-4000-8000-00000000000b' },
    ]);
    expect(result.newEvents.map((e) => [e.type, e.revision, e.id])).toEqual([
      ['Added', 1, '00000000-0000-4000-8000-00000000000a'],
      ['Closed', 2, '00000000-0000-4000-8000-00000000000b'],
    ]);
    expect(result.view).toMatchObject({ state: 'closed', revision: 2 });
    expect((await handler.events(contextOf(both), id)).map((e) => e.type)).toEqual(['Opened', 'Added', 'Closed']);
  });

  it('appends nothing when any command of the batch is refused', async () => {
    const { handler, id } = await opened();
    const refused = handler.executeAll(contextOf(both), id, [{ body: { type: 'Add', item: 'brood' } }, { body: { type: 'Add', item: 'brood' } }]);
    await expect(refused).rejects.toBeInstanceOf(CommandNotAllowedError);
    // Reopen on an open list is refused by the machine, so the Note before it is not stored either.
    await expect(handler.executeAll(contextOf(both), id, [{ body: { type: 'Note', text: 'x' } }, { body: { type: 'Reopen' } }])).rejects.toBeInstanceOf(CommandNotAllowedError);
    expect((await handler.events(contextOf(chief), id)).map((e) => e.type)).toEqual(['Opened']);
  });
});

/** The deps' store behind a wrapper that sees (and may change) every append. */
function wrapped(inner: MemoryDeps, append: (real: EventStore['appendToStream'], ...args: Parameters<EventStore['appendToStream']>) => Promise<AppendResult>): MemoryDeps {
  const real = inner.store;
  const store: EventStore = {
    pipelines: real.pipelines,
    appendToStream: (...args) => append(real.appendToStream.bind(real), ...args),
    readStream: (...args) => real.readStream(...args),
    readAll: (...args) => real.readAll(...args),
    subscribeToAll: (...args) => real.subscribeToAll(...args),
    headPosition: () => real.headPosition(),
    ping: () => real.ping(),
    close: () => real.close(),
  };
  return { ...inner, store };
}

const revisionsOf = (results: PromiseSettledResult<{ view: { revision: number } }>[]) =>
  results.flatMap((r) => (r.status === 'fulfilled' ? [r.value.view.revision] : []));

describe('commands on one stream are pipelined (ADR 0013)', () => {
  it("sends a command's append before the one before it is acknowledged, and answers each after its own", async () => {
    const { id } = await opened();
    const log: string[] = [];
    let sent = 0;
    const handler = new StreamHandler(listDefinition, wrapped(deps!, (real, ...args) => {
      const k = ++sent;
      return real(...args).then((result) => (log.push(`ack ${k} after ${sent} sent`), result));
    }));
    const results = await Promise.all(['a', 'b', 'c'].map((item) => handler.execute(contextOf(editor), id, { type: 'Add', item }).then((r) => (log.push(`answer ${r.view.revision}`), r))));
    expect(log.slice(0, 4)).toEqual(['ack 1 after 3 sent', 'ack 2 after 3 sent', 'ack 3 after 3 sent', 'answer 1']);
    expect(results.map((r) => [r.view.revision, r.view.items.map((i) => i.item)])).toEqual([
      [1, ['a']],
      [2, ['a', 'b']],
      [3, ['a', 'b', 'c']],
    ]);
  });

  it('a failed append in the middle of a pipeline: no later command is acknowledged with a revision the store lacks', async () => {
    const { id } = await opened();
    let sent = 0;
    // The third append fails as a disk would, when the group commits, and nothing of it is stored.
    const handler = new StreamHandler(listDefinition, wrapped(deps!, (real, ...args) =>
      ++sent === 3 ? new Promise((_, reject) => setImmediate(() => reject(new Error('disk I/O error')))) : real(...args)));
    const results = await Promise.allSettled(Array.from({ length: 8 }, (_, i) => handler.execute(contextOf(editor), id, { type: 'Add', item: `i${i}` })));
    expect(results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason.message)).toEqual(['disk I/O error']);
    expect(revisionsOf(results).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    const trail = await new StreamHandler(listDefinition, deps!).events(contextOf(editor), id);
    expect(trail.map((e) => e.revision)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    // Every acknowledged command's event is the one stored at its revision, and its answer is the state there.
    for (const r of results) {
      if (r.status !== 'fulfilled') continue;
      expect(trail[r.value.view.revision]!.id).toBe(r.value.newEvents[0]!.id);
      expect(r.value.view.items.map((i) => i.item)).toEqual(trail.slice(1, r.value.view.revision + 1).map((e) => (e.data as { item: string }).item));
    }
    // The stream goes on from what is stored.
    expect((await handler.execute(contextOf(editor), id, { type: 'Add', item: 'daarna' })).view.revision).toBe(8);
  });

  it('when another writer got in first, no pipelined append lands on its event: each command is decided again on it', async () => {
    const { handler, id } = await opened();
    await handler.execute(contextOf(editor), id, { type: 'Add', item: 'a' });
    // Another process (here another handler on the same store) closes the list; this handler's state is stale.
    await new StreamHandler(listDefinition, deps!).execute(contextOf(chief), id, { type: 'Close' });
    const results = await Promise.allSettled(Array.from({ length: 5 }, (_, i) => handler.execute(contextOf(editor), id, { type: 'Add', item: `i${i}` })));
    expect(results.map((r) => r.status === 'rejected' && r.reason instanceof CommandNotAllowedError)).toEqual([true, true, true, true, true]);
    expect((await handler.events(contextOf(editor), id)).map((e) => e.type)).toEqual(['Opened', 'Added', 'Closed']);
  });
});
