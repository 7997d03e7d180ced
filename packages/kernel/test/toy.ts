/**
 * A stream type with no domain at all, for the kernel's own tests: a list that is opened, gets
 * items, may name another list, and is closed (only with an item) and reopened.
 */
import { assign, setup } from 'xstate';
import { z } from 'zod';
import { commandSpec, type EventOrigin, type StreamDefinition, type TypedCommandSpec } from '../src/index.ts';

export interface ListContext {
  id: string;
  title: string;
  owner: string;
  serial: string;
  items: { item: string; ref: string; at: string; by: string }[];
  notes: { text: string; owner: string }[];
  links: string[];
  stamps: number;
}

type Event = { type: string; origin: EventOrigin } & Record<string, any>;

export const listMachine = setup({
  types: { context: {} as ListContext, events: {} as Event, input: {} as Event },
  guards: { hasItem: ({ context }) => context.items.length > 0 },
}).createMachine({
  id: 'list',
  context: ({ input }) =>
    input === undefined
      ? ({} as ListContext)
      : { id: input.id, title: input.title, owner: input.owner, serial: input.serial, items: [], notes: [], links: [], stamps: 0 },
  initial: 'open',
  states: {
    open: {
      on: {
        Add: { actions: assign({ items: ({ context, event }) => [...context.items, { item: event.item, ref: event.ref, at: event.at, by: event.origin.actor.sub }] }) },
        Note: { actions: assign({ notes: ({ context, event }) => [...context.notes, { text: event.text, owner: event.owner }] }) },
        Link: { actions: assign({ links: ({ context, event }) => [...context.links, event.other] }) },
        Close: { guard: 'hasItem', target: 'closed' },
      },
    },
    closed: {
      on: {
        Reopen: 'open',
        Stamp: { actions: assign({ stamps: ({ context }) => context.stamps + 1 }) },
      },
    },
  },
});

const command = <P>(spec: TypedCommandSpec<ListContext, P>) => commandSpec(spec);
const Empty = z.object({}).strict();

export const listDefinition: StreamDefinition<ListContext & { state: string }> = {
  category: 'list',
  label: 'list',
  machines: { 1: listMachine },
  start: {
    command: 'Open', event: 'Opened', roles: ['editor'],
    schema: z.object({ title: z.string().min(1), owner: z.string().min(1) }).strict(),
    record: (p: Record<string, unknown>, at) => ({ ...p, serial: at.newId() }),
  },
  commands: {
    Add: command<{ item: string }>({
      schema: z.object({ item: z.string().min(1).max(20) }).strict(), roles: ['editor'], event: 'Added',
      check: (c, p) => (c.items.some((i) => i.item === p.item) ? `item ${p.item} is already there.` : undefined),
      record: (p, at) => ({ ...p, ref: at.newId(), at: at.today }),
    }),
    // The owner is the list's, whatever the client sends.
    Note: command<{ text: string; owner?: string }>({
      schema: z.object({ text: z.string().min(1), owner: z.string().optional() }).strict(), roles: ['editor'], event: 'Noted',
      fromState: (c) => ({ owner: c.owner }),
    }),
    Link: command<{ other: string }>({
      schema: z.object({ other: z.string().min(1) }).strict(), roles: ['editor'], event: 'Linked',
      refers: (p) => [{ category: 'list', id: p.other, label: 'list' }],
    }),
    Close: command({ schema: Empty, roles: ['chief'], event: 'Closed' }),
    Reopen: command({ schema: Empty, roles: ['chief'], event: 'Reopened' }),
    Stamp: command({ schema: Empty, roles: ['system'], event: 'Stamped', internal: true }),
  },
  readRoles: ['editor', 'chief', 'reader'],
  view: (snapshot, id) => ({ ...(snapshot.context as ListContext), id, state: String(snapshot.value) }),
};

export const editor = { sub: 'u-editor', name: 'E. Ditor', roles: ['editor'] };
export const chief = { sub: 'u-chief', name: 'C. Hief', roles: ['chief'] };
