import { assign, createActor, setup, transition, type AnyStateMachine } from 'xstate';
import { describe, expect, it } from 'vitest';
import { step, stepCounts } from '../src/machine-step.ts';

/** What a test compares of a snapshot: all a fold or a view reads. */
const seen = (s: ReturnType<AnyStateMachine['getInitialSnapshot']>) => ({ status: s.status, value: s.value, context: s.context, tags: [...s.tags], nodes: s._nodes.map((n) => n.id) });

describe('step: a transition that stays in its state and only assigns, without xstate', () => {
  // Assigns as functions and as objects, two in one transition, named and inline, guarded
  // candidates on a leaf, a parent's transition, a change of state, an eventless transition, a
  // forbidden transition and an action that is not an assign.
  const machine = setup({
    types: { context: {} as { n: number; log: string[]; last: string }, events: {} as { type: string; by?: number } },
    guards: { positive: ({ context }) => context.n > 0, big: ({ event }) => (event.by ?? 0) > 5 },
    actions: {
      add: assign({ n: ({ context, event }) => context.n + (event.by ?? 1) }),
      note: assign(({ context, event }) => ({ log: [...context.log, event.type] })),
      stamp: assign({ last: 'stamped' }),
      shout: () => {},
    },
  }).createMachine({
    id: 'm',
    context: { n: 0, log: [], last: '' },
    initial: 'open',
    on: { Note: { actions: 'note' }, Stop: '.stopped' },
    states: {
      open: {
        initial: 'idle',
        on: { Add: { actions: ['add', 'note'] }, Ignore: {} },
        states: {
          idle: {
            on: {
              Add: [{ guard: 'big', actions: ['add', 'stamp'] }, { guard: 'positive', actions: 'add' }],
              Inline: { actions: assign({ last: ({ event }) => `inline ${event.type}` }) },
              Shout: { actions: 'shout' },
              Busy: 'busy',
            },
          },
          busy: { always: { guard: 'positive', target: 'idle' }, on: { Add: { actions: 'add' } } },
        },
      },
      stopped: { type: 'final' },
    },
  });
  const events = [
    { type: 'Add' }, // n = 0: the leaf's candidates fail, the parent's add + note
    { type: 'Add', by: 7 }, // the leaf's first candidate
    { type: 'Add', by: 2 }, // the leaf's second
    { type: 'Note' }, // the root's
    { type: 'Inline' },
    { type: 'Ignore' }, // forbidden: nothing changes
    { type: 'Unknown' },
    { type: 'Shout' }, // not an assign: xstate
    { type: 'Busy' }, // a change of state: xstate; then the eventless transition brings it back
    { type: 'Add' },
    { type: 'Stop' },
    { type: 'Add' }, // after the end
  ];

  it('makes every snapshot xstate makes, and leaves to xstate what it does not read', () => {
    const before = { ...stepCounts };
    let fast = createActor(machine).getSnapshot();
    let slow = fast;
    const taken: string[] = [];
    for (const event of events) {
      const counts = { ...stepCounts };
      fast = step(machine, fast, event);
      [slow] = transition(machine, slow, event);
      expect(seen(fast), event.type).toEqual(seen(slow));
      taken.push(stepCounts.fast > counts.fast ? 'fast' : 'xstate');
    }
    expect(taken).toEqual(['fast', 'fast', 'fast', 'fast', 'fast', 'fast', 'fast', 'xstate', 'xstate', 'fast', 'xstate', 'xstate']);
    expect(stepCounts.fast - before.fast).toBe(8);
    expect(seen(fast).context).toEqual({ n: 11, log: ['Add', 'Note'], last: 'inline Inline' });
  });

  it('gives a new snapshot and context for an assign and leaves the one before as it was', () => {
    const start = createActor(machine).getSnapshot();
    const next = step(machine, start, { type: 'Note' });
    expect(next).not.toBe(start);
    expect(start.context).toEqual({ n: 0, log: [], last: '' });
    expect(next.context).toEqual({ n: 0, log: ['Note'], last: '' });
    // What a snapshot answers to is kept.
    expect(next.matches({ open: 'idle' })).toBe(true);
    expect(next.can({ type: 'Note' })).toBe(true);
    expect(step(machine, start, { type: 'Ignore' })).toBe(start);
  });
});
