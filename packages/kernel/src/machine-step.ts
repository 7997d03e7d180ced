/**
 * The pure `transition` of xstate, without its cost per call. xstate's `transition(machine, snapshot,
 * event)` builds a throwaway actor for every call (createActor → the machine's initial snapshot) just
 * to have an actor scope; in a fold that is most of the work (docs/performance.md, "Where the
 * kernel's time goes"). Our machines only assign context and raise nothing that runs, so one inert
 * scope per machine serves every transition: the next snapshot is the same, nothing is executed.
 */
import { createActor, type AnyActorScope, type AnyStateMachine, type SnapshotFrom } from 'xstate';

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

/** The snapshot after `event`: what `transition(machine, snapshot, event)[0]` returns. */
export function step(machine: AnyStateMachine, snapshot: SnapshotFrom<AnyStateMachine>, event: { type: string }): SnapshotFrom<AnyStateMachine> {
  return machine.transition(snapshot, event, scopeOf(machine));
}
