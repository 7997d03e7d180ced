/**
 * Given/When/Then for stream types, so tests read like the domain:
 *   given(cycle, started, ['GoalSet', {...}]).when({type: 'ApprovePlan'}, as('mt')).then(['PlanApproved'])
 * Each spec runs the real command path on an in-memory SQLite store.
 */
import { expect } from 'vitest';
import { openSqliteEventStore, type EventStore } from '@gearbox/eventstore';
import { deterministicId, manualClock, sequentialIds } from './clock.ts';
import { StreamHandler, type CommandOptions, type CommandResult } from './command-handler.ts';
import { latestVersion, type StreamDefinition } from './definition.ts';
import { SCHEMA_VERSION, streamIdOf, type Actor, type CommandContext, type EventMeta, type EventRecord, type StoredEvent } from './envelope.ts';
import { DomainError } from './errors.ts';
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

/**
 * A cycle brought into phase `do` through the command path, as a quality officer and the MT would:
 * started, one goal, the KPI when given (a DefineKpi body without its type), one activity, the
 * plan approved. Returns the cycle's id.
 */
export async function cycleInDo(
  cycles: StreamHandler<any>,
  start: { kind: string; title: string; period: { from: string; to: string } },
  kpi?: Record<string, unknown>,
  institute = TEST_INSTITUTE,
): Promise<string> {
  const ctx = contextOf(as('kwaliteitsmedewerker', 'mt'), institute);
  const { view } = await cycles.start(ctx, start);
  const id = (view as { id: string }).id;
  if (kpi) await cycles.execute(ctx, id, { type: 'DefineKpi', ...kpi });
  await cycles.execute(ctx, id, { type: 'SetGoal', goalId: 'g', title: `Doel van ${start.title}` });
  await cycles.execute(ctx, id, { type: 'PlanActivity', activityId: 'a', title: 'Evaluatie', owner: 'staf', due: start.period.to });
  await cycles.execute(ctx, id, { type: 'ApprovePlan' });
  return id;
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

export interface Outcome<View> {
  then(expected: Array<string | [string, Record<string, unknown>]>): Promise<CommandResult<View>>;
  thenError(status: number, extras?: { allowed?: string[]; detail?: RegExp }): Promise<DomainError>;
}

export function given<View>(def: StreamDefinition<View>, ...events: GivenEvent[]) {
  const id = 'c-1';
  const others: [category: string, id: string][] = [];
  return {
    /** Other streams of the institute that exist (for commands that name them, CommandSpec.refers). */
    alongside(category: string, ...ids: string[]) {
      for (const other of ids) others.push([category, other]);
      return this;
    },
    when(command: Record<string, unknown>, actor: Actor = as('mt'), options: CommandOptions = {}): Outcome<View> {
      const run = async <T>(check: (result: PromiseSettledResult<CommandResult<View>>, h: Harness<View>, before: bigint) => Promise<T> | T) => {
        const h = harness(def);
        try {
          if (events.length) await seed(h, id, events);
          for (const [category, other] of others) await existingStreams(h.store, TEST_INSTITUTE, category, other);
          const before = await h.store.headPosition();
          const settled = await Promise.allSettled([h.handler.execute(h.ctx(actor), id, command, options)]);
          const result = settled[0]!;
          if (result.status === 'rejected') {
            // A refused command appends nothing.
            expect(await h.store.headPosition()).toBe(before);
          }
          return await check(result, h, before);
        } finally {
          await h.close();
        }
      };
      return {
        then: (expected) =>
          run(async (result, h, before) => {
            if (result.status === 'rejected') throw result.reason;
            // What was recorded, decrypted, as the store holds it (newEvents is what this caller may see).
            const got: EventRecord[] = [];
            for await (const e of h.store.readAll({ fromPosition: before + 1n })) got.push(h.handler.toRecord(TEST_INSTITUTE, e as StoredEvent));
            expect(got.map((e) => e.type)).toEqual(expected.map((x) => (typeof x === 'string' ? x : x[0])));
            expected.forEach((x, i) => {
              if (typeof x !== 'string') expect(got[i]!.data).toMatchObject(x[1]);
            });
            return result.value;
          }),
        thenError: (status, extras = {}) =>
          run((result) => {
            expect(result.status, 'the command should have been refused').toBe('rejected');
            const error = (result as PromiseRejectedResult).reason;
            expect(error).toBeInstanceOf(DomainError);
            expect((error as DomainError).status).toBe(status);
            if (extras.allowed) expect((error as DomainError).extensions.allowed).toEqual(extras.allowed);
            if (extras.detail) expect((error as DomainError).message).toMatch(extras.detail);
            return error as DomainError;
          }),
      };
    },
  };
}
