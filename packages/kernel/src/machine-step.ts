/**
 * xstate's `transition` and `can` at the cost the kernel can afford per command. Every command folds
 * its event through the stream's machine twice (the handler, and the read model's index), and every
 * answer asks which commands the phase allows; xstate does each through its general machinery (a
 * macrostep, a microstep, a snapshot built anew per assign). Our machines only assign context and
 * raise nothing that runs, so:
 * - one inert actor scope per machine serves every transition (xstate's own `transition(machine,
 *   snapshot, event)` builds a throwaway actor per call just to have a scope);
 * - `canTake` reads the answer of `can` off the active nodes' transition tables;
 * - `step` takes a transition that stays in its state and only assigns context without xstate:
 *   the same snapshot with the context the assigns make, as xstate would make it.
 * Whatever these do not read exactly as xstate does (wildcards, parallel regions, inline or
 * combined guards, params, eventless transitions, spawning actions, a change of state) goes to
 * xstate. Under vitest every fast step is checked against xstate's (GEARBOX_CHECK_STEPS=0 turns it
 * off, =1 on elsewhere); docs/performance.md says what each saves.
 */
import { createActor, type AnyActorScope, type AnyStateMachine, type SnapshotFrom } from 'xstate';
import { merged } from './objects.ts';

type Snapshot = SnapshotFrom<AnyStateMachine>;
type StateNode = Snapshot['_nodes'][number];

/** A transition as xstate keeps it on its state node. */
interface TransitionLike {
  guard?: unknown;
  target?: unknown;
  actions: readonly unknown[];
  reenter?: boolean;
}

const scopes = new WeakMap<AnyStateMachine, AnyActorScope>();

function scopeOf(machine: AnyStateMachine): AnyActorScope {
  let scope = scopes.get(machine);
  if (!scope) {
    const self = createActor(machine);
    scope = {
      self,
      id: '',
      sessionId: '',
      system: self.system,
      logger: () => {},
      defer: () => {},
      emit: () => {},
      stopChild: () => {},
      // Actions are collected by the pure transition and never run; here they are dropped likewise.
      actionExecutor: () => {},
    } as unknown as AnyActorScope;
    scopes.set(machine, scope);
  }
  return scope;
}

interface Chain {
  /** The active nodes' transition tables, deepest first. */
  tables: Map<string, readonly TransitionLike[]>[];
  /** An active node has eventless transitions: a step must let xstate look at them. */
  eventless: boolean;
}

/** Per set of active state nodes: their chain, or undefined where xstate must be asked (parallel regions, wildcards). */
const chains = new WeakMap<readonly StateNode[], Chain | undefined>();

function chainOf(nodes: readonly StateNode[]): Chain | undefined {
  if (chains.has(nodes)) return chains.get(nodes);
  const askXstate = nodes.some((node) => node.type === 'parallel' || [...node.transitions.keys()].some((t) => t.includes('*')));
  // Without parallel regions the active nodes are one chain; by document order the deepest is last.
  const chain = askXstate
    ? undefined
    : {
        tables: [...nodes].sort((a, b) => b.order - a.order).map((node) => node.transitions as unknown as Map<string, readonly TransitionLike[]>),
        eventless: nodes.some((node) => (node.always?.length ?? 0) > 0),
      };
  chains.set(nodes, chain);
  return chain;
}

/** Marks "xstate must decide" apart from "no transition". */
const ASK_XSTATE = Symbol('ask xstate');

/**
 * The transition xstate would select for `event`: from the deepest active node up, the first whose
 * guard holds (a named guard called as xstate calls it, `{ context, event }` without params); null
 * when there is none; ASK_XSTATE when a guard or the nodes are more than this reads.
 */
function selected(snapshot: Snapshot, chain: Chain, event: { type: string }): TransitionLike | null | typeof ASK_XSTATE {
  for (const table of chain.tables) {
    const candidates = table.get(event.type);
    if (candidates === undefined) continue;
    for (const transition of candidates) {
      const { guard } = transition;
      if (guard !== undefined) {
        const check = typeof guard === 'string' ? (snapshot.machine.implementations.guards as Record<string, unknown>)[guard] : undefined;
        if (typeof check !== 'function' || 'check' in check) return ASK_XSTATE;
        if (!(check as (args: { context: unknown; event: unknown }, params: undefined) => boolean)({ context: snapshot.context, event }, undefined)) continue;
      }
      return transition;
    }
  }
  return null;
}

/**
 * `snapshot.can(event)` (by default `{ type }`): the selected transition counts when it has a
 * target or actions (a forbidden transition has neither). `allowed` asks this for every command of
 * the stream type on every answer.
 */
export function canTake(snapshot: Snapshot, type: string, event?: { type: string }): boolean {
  const chain = chainOf(snapshot._nodes);
  const transition = chain ? selected(snapshot, chain, event ?? { type }) : ASK_XSTATE;
  if (transition === ASK_XSTATE) return snapshot.can((event ?? { type }) as never);
  return transition !== null && (transition.target !== undefined || transition.actions.length > 0);
}

/** An assign action as xstate's `assign()` makes it. */
interface AssignAction {
  type: 'xstate.assign';
  assignment: ((args: AssignArgs, params: undefined) => Record<string, unknown>) | Record<string, unknown>;
}
interface AssignArgs {
  context: Record<string, unknown>;
  event: unknown;
  spawn: () => never;
  self: unknown;
  system: unknown;
}

const noSpawning = (): never => {
  throw new Error('a fast machine step cannot spawn actors');
};

/** The assign actions a transition runs, in order, or undefined when one of them is anything else (or has params). */
function assignsOf(machine: AnyStateMachine, transition: TransitionLike): AssignAction[] | undefined {
  const assigns: AssignAction[] = [];
  for (const action of transition.actions) {
    const resolved = typeof action === 'function' ? action : typeof action === 'string' ? (machine.implementations.actions as Record<string, unknown>)[action] : undefined;
    if (typeof resolved !== 'function' || (resolved as { type?: unknown }).type !== 'xstate.assign' || !('assignment' in resolved)) return undefined;
    assigns.push(resolved as unknown as AssignAction);
  }
  return assigns;
}

/** What `step` takes from xstate and what it does itself (for the tests and docs/performance.md). */
export const stepCounts = { fast: 0, xstate: 0 };

/** The snapshot after a transition that stays in its state and only assigns, or undefined for xstate to make. */
function fastStep(machine: AnyStateMachine, snapshot: Snapshot, event: { type: string }): Snapshot | undefined {
  if (snapshot.status !== 'active' || Object.keys(snapshot.children).length > 0) return undefined;
  const chain = chainOf(snapshot._nodes);
  if (!chain || chain.eventless) return undefined;
  const transition = selected(snapshot, chain, event);
  if (transition === ASK_XSTATE) return undefined;
  // No transition for the event, or a forbidden one: xstate leaves the snapshot as it is.
  if (transition === null || (transition.target === undefined && transition.actions.length === 0)) return snapshot;
  if (transition.target !== undefined || transition.reenter) return undefined;
  const assigns = assignsOf(machine, transition);
  if (!assigns) return undefined;
  const scope = scopeOf(machine);
  let context = snapshot.context as Record<string, unknown>;
  for (const { assignment } of assigns) {
    const args: AssignArgs = { context, event, spawn: noSpawning, self: scope.self, system: scope.system };
    let update: Record<string, unknown>;
    if (typeof assignment === 'function') update = assignment(args, undefined);
    else {
      update = {};
      for (const key of Object.keys(assignment)) {
        const value = assignment[key];
        update[key] = typeof value === 'function' ? (value as (args: AssignArgs, params: undefined) => unknown)(args, undefined) : value;
      }
    }
    context = Object.assign({}, context, update);
  }
  // The snapshot as xstate clones it for an assign: every member kept, the context new.
  return merged(snapshot, { context }) as Snapshot;
}

const CHECK = process.env.GEARBOX_CHECK_STEPS ? process.env.GEARBOX_CHECK_STEPS === '1' : process.env.VITEST === 'true';

/** The snapshot after `event`: what `transition(machine, snapshot, event)[0]` returns. */
export function step(machine: AnyStateMachine, snapshot: Snapshot, event: { type: string }): Snapshot {
  const fast = fastStep(machine, snapshot, event);
  if (fast === undefined) {
    stepCounts.xstate++;
    return machine.transition(snapshot, event, scopeOf(machine));
  }
  stepCounts.fast++;
  if (CHECK) {
    const slow = machine.transition(snapshot, event, scopeOf(machine));
    const seen = (s: Snapshot) => JSON.stringify([s.status, s.value, s.context, [...s.tags], s.historyValue, Object.keys(s.children), s._nodes.map((n) => n.id)]);
    if (seen(fast) !== seen(slow)) {
      throw new Error(`machine ${machine.id}: the fast step for ${event.type} differs from xstate's:\n${seen(fast)}\n${seen(slow)}`);
    }
  }
  return fast;
}
