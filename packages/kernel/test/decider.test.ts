import fc from 'fast-check';
import { and, assign, createActor, setup } from 'xstate';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { CommandNotAllowedError, deciderOf, parseCommand, parseStart, sequentialIds, type DecisionContext, type StreamDefinition, type StreamState } from '../src/index.ts';
import { as, deciderProperty, given, givenInStore, TEST_NOW, type GivenEvent } from '../src/testing.ts';
import { chief, editor, listDefinition } from './toy.ts';

const decider = deciderOf(listDefinition);
const opened: GivenEvent = ['Opened', { title: 'Boodschappen', owner: 'o-1', serial: 's-1' }];
const added: GivenEvent = ['Added', { item: 'brood', ref: 'r-1', at: '2026-03-01' }];
const context = (extra?: unknown): DecisionContext => ({ now: new Date(TEST_NOW), newId: sequentialIds(), exists: (ref) => ref.id === 'l-2', extra });
const list = (...events: GivenEvent[]) => given(listDefinition, ...events);

describe('the decider built from a definition', () => {
  it('starts a stream with ids from the injected generator and the injected clock', () => {
    const start = parseStart(listDefinition, { title: 'Boodschappen', owner: 'o-1' }, editor.roles);
    const decision = decider.decide(decider.initialState('l-1'), start, context());
    expect(decision).toEqual({ events: [{ type: 'Opened', data: { title: 'Boodschappen', owner: 'o-1', serial: '00000000-0000-4000-8000-000000000001' } }] });
    const add = parseCommand(listDefinition, { type: 'Add', item: 'kaas' }, editor.roles);
    const state = decider.evolve(decider.initialState('l-1'), { ...(decision as { events: [{ type: string; data: Record<string, unknown> }] }).events[0], origin: { eventId: 'e', revision: 0, time: TEST_NOW, actor: editor } });
    expect(decider.decide(state, add, context())).toEqual({ events: [{ type: 'Added', data: { item: 'kaas', ref: '00000000-0000-4000-8000-000000000001', at: '2026-03-01' } }] });
  });

  it('refuses as values, in order: role (403), phase (422 with allowed), payload rule, named stream', async () => {
    await list(opened).when({ type: 'Close' }, as('editor')).thenError(403);
    await list(opened).when({ type: 'Close' }, chief).thenError(422, { allowed: [], detail: /not allowed in phase open of list c-1/ });
    await list(opened, added).when({ type: 'Add', item: 'brood' }, editor).thenError(422, { allowed: ['Add', 'Note', 'Link'], detail: /already there/ });
    await list(opened).when({ type: 'Link', other: 'l-9' }, editor).thenError(422, { detail: /list l-9 does not exist/ });
    await list(opened).alongside('list', 'l-9').when({ type: 'Link', other: 'l-9' }, editor).then([['Linked', { other: 'l-9' }]]);
    const refusal = decider.decide(decider.initialState('l-1'), { type: 'Add', data: { item: 'x' }, roles: ['editor'] }, context());
    expect(refusal).toMatchObject({ refusal: { status: 404 } });
  });

  it('fills what the state decides over what the client sent (fromState)', async () => {
    await list(opened).when({ type: 'Note', text: 'let op', owner: 'iemand-anders' }, editor).then([['Noted', { text: 'let op', owner: 'o-1' }]]);
  });

  it('takes internal commands only when sent as internal', async () => {
    await list(opened, added, ['Closed', {}]).when({ type: 'Stamp' }, as('system')).thenError(400);
    await list(opened, added, ['Closed', {}]).when({ type: 'Stamp' }, as('system'), { internal: true }).then(['Stamped']);
  });

  it('answers with the evolved state and allowed from the same machine', async () => {
    const result = await list(opened, added).when({ type: 'Close' }, chief).then(['Closed']);
    expect(result.view).toMatchObject({ state: 'closed', revision: 2, allowed: ['Reopen'], items: [{ item: 'brood', by: 'user-mt' }] });
  });

  it('is wrapped by the definition’s own decider, which gets what contextFor read', async () => {
    const limited = {
      ...listDefinition,
      decider: (built: typeof decider) => ({
        ...built,
        decide: (state: StreamState, command: Parameters<typeof built.decide>[1], ctx: DecisionContext) => {
          const limit = (ctx.extra as { limit: number }).limit;
          const items = (state.snapshot?.context as { items?: unknown[] } | undefined)?.items ?? [];
          if (command.type === 'Add' && items.length >= limit) return { refusal: new CommandNotAllowedError('Add', [], `at most ${limit} items`) };
          return built.decide(state, command, ctx);
        },
      }),
    };
    await given(limited, opened, added).knowing({ limit: 1 }).when({ type: 'Add', item: 'kaas' }, editor).thenError(422, { detail: /at most 1 items/ });
    await given(limited, opened, added).knowing({ limit: 2 }).when({ type: 'Add', item: 'kaas' }, editor).then(['Added']);
  });

  it('decides the same through the store as alone', async () => {
    for (const spec of [given, givenInStore]) {
      await spec(listDefinition, opened, added).when({ type: 'Add', item: 'kaas' }, editor).then([['Added', { item: 'kaas', at: '2026-03-01' }]]);
      await spec(listDefinition, opened, added).when({ type: 'Add', item: 'brood' }, editor).thenError(422);
      await spec(listDefinition, opened).alongside('list', 'l-2').when({ type: 'Link', other: 'l-2' }, editor).then(['Linked']);
    }
  });

  it('holds for any sequence of commands by any roles', () => {
    fc.assert(
      deciderProperty(listDefinition, {
        start: { title: 'Boodschappen', owner: 'o-1' },
        commands: [
          { type: 'Add', item: 'brood' }, { type: 'Add', item: 'kaas' }, { type: 'Add', item: '' }, { type: 'Note', text: 'x' },
          { type: 'Link', other: 'l-2' }, { type: 'Close' }, { type: 'Reopen' }, { type: 'Stamp' }, { type: 'Teleport' },
        ],
        roles: [['editor'], ['chief'], ['reader'], ['system'], ['editor', 'chief']],
      }),
      { numRuns: 500 },
    );
  }, 30_000);
});

describe('allowed', () => {
  // Transitions on the leaf, on its parent and on the root, a guarded one, a forbidden one and a wildcard.
  const nested = setup({ types: { context: {} as { n: number }, events: {} as { type: string } }, guards: { some: ({ context }) => context.n > 0 } }).createMachine({
    context: { n: 0 },
    initial: 'work',
    on: { Archive: '.archived' },
    states: {
      work: {
        initial: 'draft',
        on: { Count: { actions: assign({ n: ({ context }) => context.n + 1 }) }, Submit: { guard: 'some', target: 'review' } },
        states: { draft: { on: { Edit: { actions: assign({ n: ({ context }) => context.n }) }, Archive: {} } }, final: {} },
      },
      review: { on: { Approve: 'archived' } },
      archived: { on: { 'Note.*': { actions: assign({ n: ({ context }) => context.n }) } } },
    },
  });
  const types = ['Archive', 'Count', 'Submit', 'Edit', 'Approve', 'Note.Add', 'Other'];
  const spec = { schema: z.object({}), roles: ['editor'], event: 'Happened' };
  const def = {
    ...listDefinition,
    machines: { 1: nested },
    commands: Object.fromEntries(types.map((type) => [type, { ...spec, event: `${type}ed` }])),
  } as StreamDefinition;

  it('names exactly the commands the machine can take now, wherever their transition is defined', () => {
    const built = deciderOf(def);
    const actor = createActor(nested).start();
    const seen: string[][] = [];
    for (const event of [undefined, { type: 'Count' }, { type: 'Submit' }, { type: 'Approve' }]) {
      if (event) actor.send(event);
      const snapshot = actor.getSnapshot();
      const allowed = built.allowed({ id: 'n-1', machine: nested, machineVersion: 1, snapshot }, ['editor']);
      expect(allowed).toEqual(types.filter((type) => snapshot.can({ type })));
      seen.push(allowed);
    }
    // In draft the leaf's forbidden Archive wins over the root's; the guard holds Submit back until Count.
    expect(seen).toEqual([['Count', 'Edit'], ['Count', 'Submit', 'Edit'], ['Archive', 'Approve'], ['Archive', 'Note.Add']]);
  });

  it('asks guards as xstate does, falls back to the parent when the guards of a child all fail, and leaves what it cannot read to xstate', () => {
    // Guarded candidates in order on the leaf, the parent's transition behind them, a guard reading
    // the event, an inline guard, a combined guard, a guard with params and parallel regions.
    const guarded = setup({
      types: { context: {} as { n: number }, events: {} as { type: string } },
      guards: {
        big: ({ context }) => context.n > 1,
        some: ({ context }) => context.n > 0,
        isPing: ({ event }) => event.type === 'Ping',
        atLeast: ({ context }, params: { min: number }) => context.n >= params.min,
      },
    }).createMachine({
      context: { n: 0 },
      initial: 'outer',
      states: {
        outer: {
          initial: 'inner',
          on: { Go: { actions: assign({ n: ({ context }) => context.n }) }, Ping: { guard: 'isPing', actions: assign({ n: ({ context }) => context.n }) } },
          states: {
            inner: {
              on: {
                Count: { actions: assign({ n: ({ context }) => context.n + 1 }) },
                Go: [{ guard: 'big', target: '#g.done' }, { guard: 'some', actions: assign({ n: ({ context }) => context.n }) }],
                Inline: { guard: ({ context }) => context.n === 1, actions: assign({ n: ({ context }) => context.n }) },
                Both: { guard: and(['some', 'big']), actions: assign({ n: ({ context }) => context.n }) },
                Min: { guard: { type: 'atLeast', params: { min: 2 } }, actions: assign({ n: ({ context }) => context.n }) },
                Split: 'split',
              },
            },
            split: {
              type: 'parallel',
              states: { a: { on: { Left: { guard: 'some', actions: assign({ n: ({ context }) => context.n }) } } }, b: { on: { Right: {} } } },
            },
          },
        },
        done: { id: 'g.done', type: 'final' },
      },
      id: 'g',
    });
    const types = ['Count', 'Go', 'Ping', 'Inline', 'Both', 'Min', 'Split', 'Left', 'Right', 'Other'];
    const def = {
      ...listDefinition,
      machines: { 1: guarded },
      commands: Object.fromEntries(types.map((type) => [type, { ...spec, event: `${type}ed` }])),
    } as StreamDefinition;
    const built = deciderOf(def);
    const runs = [[], ['Count'], ['Count', 'Count'], ['Count', 'Count', 'Go'], ['Split'], ['Count', 'Split']];
    const seen: string[][] = [];
    for (const run of runs) {
      const actor = createActor(guarded).start();
      for (const type of run) actor.send({ type });
      const snapshot = actor.getSnapshot();
      const allowed = built.allowed({ id: 'g-1', machine: guarded, machineVersion: 1, snapshot }, ['editor']);
      expect(allowed, run.join(',')).toEqual(types.filter((type) => snapshot.can({ type })));
      seen.push(allowed);
    }
    // n = 0: both Go candidates fail on the leaf, so the parent's Go counts; n = 2: the leaf's first one.
    expect(seen[0]).toEqual(['Count', 'Go', 'Ping', 'Split']);
    expect(seen[1]).toEqual(['Count', 'Go', 'Ping', 'Inline', 'Split']);
    expect(seen[2]).toEqual(['Count', 'Go', 'Ping', 'Both', 'Min', 'Split']);
    expect(seen[3]).toEqual([]);
    expect(seen[4]).toEqual(['Go', 'Ping']);
    expect(seen[5]).toEqual(['Go', 'Ping', 'Left']);
  });
});
