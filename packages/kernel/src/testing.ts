/**
 * Given/When/Then for stream types, so tests read like the domain:
 *   given(definition, opened, ['ItemAdded', {...}]).when({ type: 'Close' }, as('chief')).then(['Closed'])
 * `given` runs the stream type's decider alone, with no store: the given events are evolved, the
 * command decided, the decided events compared (fast enough for thousands of cases). `givenInStore`
 * runs the same spec through the real command path on an in-memory SQLite store, with sealing,
 * the append and the answer.
 */
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { expect } from 'vitest';
import { openSqliteEventStore, type EventStore } from '@gearbox/eventstore';
import { deterministicId, manualClock, sequentialIds } from './clock.ts';
import { StreamHandler, type CommandOptions, type CommandResult } from './command-handler.ts';
import { deciderOf, hasRole, parseCommand, parseStart, type Command, type Decider, type DecisionContext, type StreamState } from './decider.ts';
import { latestVersion, streamName, type StreamDefinition } from './definition.ts';
import { SCHEMA_VERSION, streamIdOf, type Actor, type CommandContext, type EventMeta, type EventRecord, type StoredEvent } from './envelope.ts';
import { DomainError, NotFoundError } from './errors.ts';
import { openSqliteKeyStore, seal, type KeyStore } from './personal-data.ts';

export const TEST_INSTITUTE = 'utrecht';
export const TEST_NOW = '2026-03-01T09:00:00.000Z';

export function as(...roles: string[]): Actor {
  return { sub: `user-${roles.join('-')}`, name: `Test ${roles.join('/')}`, roles };
}

/** The context of a command sent by this actor in the test institute (or another). */
export function contextOf(actor: Actor, institute = TEST_INSTITUTE): CommandContext {
  return { institute, actor, correlationId: 'test' };
}

/** What a handler needs, all in memory: a store, a key store, the test clock and sequential ids. */
export interface MemoryDeps {
  store: EventStore;
  keys: KeyStore;
  clock: ReturnType<typeof manualClock>;
  ids: ReturnType<typeof sequentialIds>;
  /** Closes the store and the key store. */
  close(): Promise<void>;
}

export function memoryDeps(now = TEST_NOW): MemoryDeps {
  const store = openSqliteEventStore({ path: ':memory:' });
  const keys = openSqliteKeyStore(':memory:');
  return {
    store,
    keys,
    clock: manualClock(now),
    ids: sequentialIds(),
    close: async () => {
      await store.close();
      keys.close();
    },
  };
}

/**
 * For fuzz tests: whatever the body, `attempt` must be answered or refused with a DomainError
 * whose status is a 4xx, never fail unexpectedly (which the API would answer with a 500).
 */
export async function answeredOrRefused(attempt: () => Promise<unknown>): Promise<void> {
  try {
    await attempt();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).status).toBeLessThan(500);
  }
}

export type GivenEvent = [type: string, data: Record<string, unknown>];

export interface Harness<View> {
  store: EventStore;
  keys: KeyStore;
  handler: StreamHandler<View>;
  clock: ReturnType<typeof manualClock>;
  ctx(actor: Actor): CommandContext;
  close(): Promise<void>;
}

/**
 * The command path of a stream type on in-memory stores. It answers with the whole state, whoever
 * sends the command: these specs are about decisions (guards, rules, events), and what each role
 * may see of the answer is the business of the definition's visibility and its own tests.
 */
export function harness<View>(def: StreamDefinition<View>): Harness<View> {
  const deps = memoryDeps();
  const { visibility: _visibility, ...decisions } = def;
  const handler = new StreamHandler<View>(decisions, deps);
  return { store: deps.store, keys: deps.keys, handler, clock: deps.clock, ctx: (actor) => contextOf(actor), close: deps.close };
}

/** Appends events as if they had been decided earlier, with the same envelope the handler writes. */
async function seed<View>(h: Harness<View>, id: string, events: GivenEvent[]): Promise<void> {
  const actor = as('mt');
  await h.store.appendToStream(
    h.handler.streamId(TEST_INSTITUTE, id),
    events.map(([type, data], i) => {
      const metadata: EventMeta = {
        time: TEST_NOW,
        institute: TEST_INSTITUTE,
        actor: { sub: actor.sub, name: seal(h.keys, TEST_INSTITUTE, actor.sub, actor.name), roles: actor.roles },
        correlationId: 'given',
        causationId: null,
        schemaVersion: SCHEMA_VERSION,
        ...(i === 0 ? { machine: { id: 'given', version: latestVersion(h.handler.def) } } : {}),
      };
      return { id: deterministicId(`given:${id}:${i}`), type, data, metadata };
    }),
    { expectedRevision: 'no_stream' },
  );
}

/** Makes streams of another type exist in a store, for commands that name them (CommandSpec.refers). */
export async function existingStreams(store: EventStore, institute: string, category: string, ...ids: string[]): Promise<void> {
  for (const id of ids) {
    await store.appendToStream(streamIdOf(institute, category, id), [{ id: deterministicId(`existing:${institute}:${category}:${id}`), type: 'Given', data: {} }]);
  }
}

/** A refusal's detail as a caller reads it: Dutch by default, English with `Accept-Language: en`. */
export function detailsOf(error: DomainError): { nl: unknown; en: unknown } {
  return { nl: error.toProblem(undefined, 'nl').detail, en: error.toProblem(undefined, 'en').detail };
}

export interface Outcome<View> {
  then(expected: Array<string | [string, Record<string, unknown>]>): Promise<CommandResult<View>>;
  thenError(status: number, extras?: { allowed?: string[]; detail?: RegExp }): Promise<DomainError>;
}

/** What a spec ran into: the answer and the events recorded (in the clear), or the refusal. */
type Ran<View> = { result: CommandResult<View>; recorded: EventRecord[] } | { error: unknown };

function outcome<View>(run: () => Promise<Ran<View>>): Outcome<View> {
  return {
    then: async (expected) => {
      const ran = await run();
      if ('error' in ran) throw ran.error;
      expect(ran.recorded.map((e) => e.type)).toEqual(expected.map((x) => (typeof x === 'string' ? x : x[0])));
      expected.forEach((x, i) => {
        if (typeof x !== 'string') expect(ran.recorded[i]!.data).toMatchObject(x[1]);
      });
      return ran.result;
    },
    thenError: async (status, extras = {}) => {
      const ran = await run();
      expect('error' in ran, 'the command should have been refused').toBe(true);
      const error = (ran as { error: unknown }).error;
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).status).toBe(status);
      if (extras.allowed) expect((error as DomainError).extensions.allowed).toEqual(extras.allowed);
      if (extras.detail) expect((error as DomainError).message).toMatch(extras.detail);
      return error as DomainError;
    },
  };
}

const GIVEN_ID = 'c-1';

/**
 * A spec on the stream type's decider, with no store: `alongside` names the other streams that
 * exist (CommandSpec.refers), `knowing` what the definition's `contextFor` would have read.
 */
export function given<View>(def: StreamDefinition<View>, ...events: GivenEvent[]) {
  const others = new Set<string>();
  let extra: unknown;
  return {
    alongside(category: string, ...ids: string[]) {
      for (const other of ids) others.add(`${category}/${other}`);
      return this;
    },
    knowing(context: unknown) {
      extra = context;
      return this;
    },
    when(command: Record<string, unknown>, actor: Actor = as('mt'), options: Pick<CommandOptions, 'internal'> = {}): Outcome<View> {
      return outcome(async () => {
        const decider = deciderOf(def);
        const origin = (revision: number) => ({ eventId: deterministicId(`given:${GIVEN_ID}:${revision}`), revision, time: TEST_NOW, actor });
        let state: StreamState = decider.initialState(GIVEN_ID);
        events.forEach(([type, data], i) => {
          state = decider.evolve(state, { type, data, origin: { ...origin(i), actor: as('mt') } });
        });
        try {
          const parsed = parseCommand(def, command, actor.roles, options.internal);
          if (!state.snapshot) return { error: new NotFoundError(streamName(def, GIVEN_ID)) };
          const context = { now: new Date(TEST_NOW), newId: sequentialIds(), exists: (ref: { category: string; id: string }) => others.has(`${ref.category}/${ref.id}`), extra };
          const decision = decider.decide(state, parsed, context);
          if ('refusal' in decision) return { error: decision.refusal };
          const recorded = decision.events.map((e, i): EventRecord => {
            const revision = events.length + i;
            const { eventId, ...rest } = origin(revision);
            return { id: eventId, type: e.type, streamId: streamIdOf(TEST_INSTITUTE, def.category, GIVEN_ID), position: String(revision), correlationId: 'given', causationId: null, data: e.data, ...rest };
          });
          for (const r of recorded) state = decider.evolve(state, { type: r.type, data: r.data, origin: origin(r.revision) });
          const revision = events.length + recorded.length - 1;
          const allowed = decider.allowed(state, actor.roles);
          // The decider reads `allowed` off the machine's transitions itself; xstate's `can` must agree.
          const byXstate = Object.entries(def.commands).filter(([type, spec]) => !spec.internal && hasRole(actor.roles, spec.roles) && state.snapshot!.can({ type } as never));
          if (JSON.stringify(allowed) !== JSON.stringify(byXstate.map(([type]) => type))) {
            throw new Error(`allowed ${JSON.stringify(allowed)} differs from what xstate's can says: ${JSON.stringify(byXstate.map(([type]) => type))}`);
          }
          const view = { ...def.view(state.snapshot!, GIVEN_ID, state.machineVersion), revision, allowed };
          return { result: { view, newEvents: recorded, position: BigInt(revision), replayed: recorded.length === 0 }, recorded };
        } catch (error) {
          return { error };
        }
      });
    },
  };
}

/** The same spec through the real command path on in-memory stores: sealing, append and answer included. */
export function givenInStore<View>(def: StreamDefinition<View>, ...events: GivenEvent[]) {
  const others: [category: string, id: string][] = [];
  return {
    alongside(category: string, ...ids: string[]) {
      for (const other of ids) others.push([category, other]);
      return this;
    },
    when(command: Record<string, unknown>, actor: Actor = as('mt'), options: CommandOptions = {}): Outcome<View> {
      return outcome(async () => {
        const h = harness(def);
        try {
          if (events.length) await seed(h, GIVEN_ID, events);
          for (const [category, other] of others) await existingStreams(h.store, TEST_INSTITUTE, category, other);
          const before = await h.store.headPosition();
          try {
            const result = await h.handler.execute(h.ctx(actor), GIVEN_ID, command, options);
            // What was recorded, decrypted, as the store holds it (newEvents is what this caller may see).
            const recorded: EventRecord[] = [];
            for await (const e of h.store.readAll({ fromPosition: before + 1n })) recorded.push(h.handler.toRecord(TEST_INSTITUTE, e as StoredEvent));
            return { result, recorded };
          } catch (error) {
            // A refused command appends nothing.
            expect(await h.store.headPosition()).toBe(before);
            return { error };
          }
        } finally {
          await h.close();
        }
      });
    },
  };
}

/** What `deciderProperty` sends: a start, commands to pick from (bodies with `type`), and who may send them. */
export interface CommandPool {
  start: Record<string, unknown>;
  commands: Record<string, unknown>[];
  /** Role sets to send as, the usual sender first (picked most often); include `system` to let internal commands through. */
  roles: string[][];
  /** Commands that walk a stream through its whole life; each sequence starts with a prefix of it, so late phases are tried too. */
  path?: Record<string, unknown>[];
  /** The longest sequence tried after that prefix (default 40). */
  steps?: number;
  /** What the definition's `contextFor` would read (DecisionContext.extra). */
  extra?: unknown;
  /** Which streams the payloads may name exist (default: all). */
  exists?: DecisionContext['exists'];
}

/**
 * A fast-check property of a stream type's decider, with no store: from the start, any sequence of
 * the pool's commands by any of its role sets. Every decision is the same when made twice with a
 * fresh id generator of the same seed (ids come from `context.newId` only); a refusal is a domain
 * error with a 4xx status, a 403 exactly when the roles may not send the command; a command the
 * decider records events for was in `allowed` for the sender (unless internal); the events evolve
 * the state, whose view is plain JSON.
 */
export function deciderProperty(def: StreamDefinition<any>, pool: CommandPool) {
  const decider = deciderOf(def);
  const sender = fc.oneof({ arbitrary: fc.constant(pool.roles[0]!), weight: 3 }, { arbitrary: fc.constantFrom(...pool.roles), weight: 1 });
  const step = fc.tuple(fc.constantFrom(...pool.commands), sender);
  const path = pool.path ?? [];
  const prefix = fc.nat({ max: path.length }).map((n) => path.slice(0, n).map((body) => [body, pool.roles[0]!] as const));
  const random = fc.array(step, { maxLength: pool.steps ?? 40, size: 'max' });
  return fc.property(sender, fc.tuple(prefix, random).map(([p, r]) => [...p, ...r]), (starter, steps) => {
    let state = decider.initialState(GIVEN_ID);
    const start = parseStart(def, pool.start, def.start.roles);
    state = evolveAll(decider, state, decideTwice(state, { ...start, roles: starter }, 0), 0);
    let revision = state.snapshot ? 0 : -1;
    for (const [body, roles] of steps) {
      if (!state.snapshot) return;
      let command: Command;
      try {
        command = parseCommand(def, body, roles, roles.includes('system'));
      } catch (error) {
        if ((error as DomainError).status !== 400) throw error;
        continue;
      }
      const spec = def.commands[command.type]!;
      const events = decideTwice(state, command, revision + 1);
      if (events === undefined) continue;
      // A command already in effect is answered with no events, whatever the phase (an idempotent retry).
      if (events.length > 0 && !spec.internal && !decider.allowed(state, roles).includes(command.type)) expect.fail(`${command.type} by ${roles.join('+')} was accepted but is not in allowed`);
      state = evolveAll(decider, state, events, revision + 1);
      revision += events.length;
    }
    if (state.snapshot) expect(JSON.parse(JSON.stringify(def.view(state.snapshot, state.id, state.machineVersion)))).toBeTypeOf('object');
  });

  /** The events decided, or undefined when refused; checks that a second decision is the same. */
  function decideTwice(state: StreamState, command: Command, revision: number) {
    const context = (): DecisionContext => ({ now: new Date(TEST_NOW), newId: sequentialIds(revision), exists: pool.exists ?? (() => true), extra: pool.extra });
    // expect() is slow next to a decision: it is only called to report what failed.
    const first = decider.decide(state, command, context());
    const second = decider.decide(state, command, context());
    if (!isDeepStrictEqual(first, second)) expect(second).toEqual(first);
    if ('events' in first) return first.events;
    const { refusal } = first;
    const spec = command.type === def.start.command ? def.start : def.commands[command.type]!;
    if (!(refusal instanceof DomainError) || refusal.status < 400 || refusal.status >= 500 || (refusal.status === 403) !== !hasRole(command.roles, spec.roles)) {
      expect.fail(`${command.type} by ${command.roles.join('+')} was refused with ${String((refusal as DomainError).status)}: ${refusal.message}`);
    }
    return undefined;
  }
}

function evolveAll(decider: Decider, state: StreamState, events: { type: string; data: Record<string, unknown> }[] | undefined, revision: number): StreamState {
  for (const [i, e] of (events ?? []).entries()) {
    state = decider.evolve(state, { ...e, origin: { eventId: deterministicId(`property:${revision + i}`), revision: revision + i, time: TEST_NOW, actor: as('mt') } });
  }
  return state;
}
