/**
 * One decider per stream type (ARCHITECTURE.md "The command path", ADR 0009): `decide(state,
 * command, context)` and `evolve(state, event)`, pure and synchronous, built from the stream type's
 * machine and the rules of its definition. What a decision needs from outside the stream (the
 * clock, the id generator, whether a named stream exists, a setting of the institute) comes in
 * `context`, which the kernel fills before it calls `decide`; the kernel itself only loads,
 * appends and answers (command-handler.ts).
 */
import { initialTransition, type AnyStateMachine, type SnapshotFrom } from 'xstate';
import type { IdGenerator } from './clock.ts';
import { latestVersion, streamName, type CommandSpec, type EventOrigin, type StreamDefinition, type StreamRef } from './definition.ts';
import { CommandNotAllowedError, ForbiddenError, NotFoundError, text, ValidationError, type DomainError, type Message } from './errors.ts';
import { canTake, step } from './machine-step.ts';
import { merged } from './objects.ts';
import { validated } from './validation.ts';

export type Snapshot = SnapshotFrom<AnyStateMachine>;

/** A stream folded so far: the machine version it runs on, and its snapshot once it has an event. */
export interface StreamState {
  /** The stream's own id (`42` in `utrecht/<category>-42`). */
  id: string;
  machine: AnyStateMachine;
  machineVersion: number;
  snapshot?: Snapshot;
}

/** A command as the decider takes it: its payload read by the command's schema (`parseCommand`). */
export interface Command {
  type: string;
  data: Record<string, unknown>;
  /** The sender's roles. */
  roles: readonly string[];
}

/** A recorded event as the machine replays it. */
export interface Recorded {
  type: string;
  data: Record<string, unknown>;
  origin: EventOrigin;
}

/** An event a decision records; the kernel adds the envelope, seals personal fields and appends it. */
export interface NewEvent {
  type: string;
  data: Record<string, unknown>;
}

export interface DecisionContext<Extra = unknown> {
  /** The injected clock's instant. */
  now: Date;
  /** The injected id generator, for ids a `record` hook makes. */
  newId: IdGenerator;
  /** Whether a stream the payload names exists in this institute (CommandSpec.refers). */
  exists(ref: StreamRef): boolean;
  /** What the definition's `contextFor` read for this command. */
  extra?: Extra;
}

/**
 * Accepted, with the events to record (none: the command is already in effect and is answered as
 * the stream stands), or refused with the error the caller gets. Refusals are values, never thrown.
 */
export type Decision = { events: NewEvent[] } | { refusal: DomainError };

export interface Decider<Extra = unknown> {
  /** A stream before its first event: the machine version it will run on (default the latest). */
  initialState(id: string, machineVersion?: number): StreamState;
  evolve(state: StreamState, event: Recorded): StreamState;
  decide(state: StreamState, command: Command, context: DecisionContext<Extra>): Decision;
  /** The commands these roles may send now: the machine says what the phase allows, the roles who may. */
  allowed(state: StreamState, roles: readonly string[]): string[];
}

export const refused = (refusal: DomainError): Decision => ({ refusal });

export function hasRole(actorRoles: readonly string[], allowed: readonly string[]): boolean {
  return actorRoles.some((r) => allowed.includes(r));
}

/**
 * A command from a request body `{type, ...payload}`: a 400 (thrown, before anything is read) when
 * the type is unknown, internal and not sent as such, or when the payload does not fit its schema.
 */
export function parseCommand(def: StreamDefinition<any>, body: unknown, roles: readonly string[], internal = false): Command {
  const type = typeof body === 'object' && body !== null ? (body as { type?: unknown }).type : undefined;
  const spec = typeof type === 'string' && Object.hasOwn(def.commands, type) ? def.commands[type] : undefined;
  if (!spec || (spec.internal && !internal)) {
    const known = Object.entries(def.commands).filter(([, s]) => !s.internal).map(([t]) => t);
    throw new ValidationError(
      [{ path: 'type', message: text(`moet een van deze zijn: ${known.join(', ')}`, `must be one of: ${known.join(', ')}`) }],
      text(`Onbekend type opdracht ${JSON.stringify(type)}.`, `Unknown command type ${JSON.stringify(type)}.`),
    );
  }
  const { type: _type, ...payload } = body as Record<string, unknown>;
  return { type: type as string, data: validated(spec.schema, payload), roles };
}

/** The start command from its payload: a 403 for a sender without the role, then a 400 when it does not fit (thrown). */
export function parseStart(def: StreamDefinition<any>, payload: unknown, roles: readonly string[]): Command {
  const denied = forbidden(def.start, def.start.command, roles, true);
  if (denied) throw denied;
  return { type: def.start.command, data: validated(def.start.schema, payload), roles };
}

function forbidden(spec: Pick<CommandSpec, 'roles'>, type: string, roles: readonly string[], starting: boolean): DomainError | undefined {
  if (hasRole(roles, spec.roles)) return undefined;
  return new ForbiddenError(
    starting
      ? text(`Uw rollen mogen ${type} niet sturen.`, `Your roles may not send ${type}.`)
      : text(
          `Uw rollen mogen ${type} niet sturen; daarvoor is een van deze rollen nodig: ${spec.roles.join(', ')}.`,
          `Your roles may not send ${type}; it needs one of: ${spec.roles.join(', ')}.`,
        ),
  );
}

const cache = new WeakMap<StreamDefinition<any>, Decider>();

/** The decider of a stream type: built from its definition, then wrapped by the definition's own `decider`. */
export function deciderOf(def: StreamDefinition<any>): Decider {
  let decider = cache.get(def);
  if (!decider) {
    const built = build(def);
    decider = def.decider ? def.decider(built) : built;
    cache.set(def, decider);
  }
  return decider;
}

function build(def: StreamDefinition<any>): Decider {
  const commandOf = new Map<string, string>([[def.start.event, def.start.command]]);
  for (const [command, spec] of Object.entries(def.commands)) commandOf.set(spec.event, command);

  const offered = Object.entries(def.commands).filter(([, spec]) => !spec.internal);
  const allowed = (state: StreamState, roles: readonly string[]) => {
    const types: string[] = [];
    for (const [type, spec] of offered) if (hasRole(roles, spec.roles) && canTake(state.snapshot!, type)) types.push(type);
    return types;
  };

  const notAllowed = (state: StreamState, command: Command, why: Message) =>
    refused(new CommandNotAllowedError(command.type, allowed(state, command.roles), why));

  const recorded = (spec: Pick<CommandSpec, 'event' | 'record'>, data: Record<string, unknown>, context: DecisionContext): Decision => {
    const now = context.now.toISOString();
    const at = { today: now.slice(0, 10), now, newId: context.newId };
    return { events: [{ type: spec.event, data: spec.record ? spec.record(data as never, at) : data }] };
  };

  return {
    initialState(id, machineVersion = latestVersion(def)) {
      const machine = def.machines[machineVersion];
      if (!machine) throw new Error(`${def.label} ${id} runs on machine version ${machineVersion}, which this build does not have`);
      return { id, machine, machineVersion };
    },

    evolve(state, event) {
      const type = commandOf.get(event.type);
      if (type === undefined) throw new Error(`${def.label} ${state.id}@${event.origin.revision}: event type ${event.type} is not part of ${def.label}`);
      const machineEvent = merged(event.data, { type, origin: event.origin });
      const snapshot = state.snapshot
        ? step(state.machine, state.snapshot, machineEvent)
        : initialTransition(state.machine, { ...machineEvent, id: state.id })[0];
      return merged(state, { snapshot });
    },

    decide(state, command, context) {
      const starting = command.type === def.start.command;
      const spec = starting ? def.start : Object.hasOwn(def.commands, command.type) ? def.commands[command.type] : undefined;
      if (!spec) {
        return refused(new ValidationError([{ path: 'type', message: text('onbekend type opdracht', 'unknown command type') }]));
      }
      const denied = forbidden(spec, command.type, command.roles, starting);
      if (denied) return refused(denied);
      if (starting) {
        if (state.snapshot) return refused(new CommandNotAllowedError(command.type, [], text(`${def.label} ${state.id} bestaat al.`, `${def.labelEn ?? def.label} ${state.id} already exists.`)));
        return recorded(spec, command.data, context);
      }
      const snapshot = state.snapshot;
      if (!snapshot) return refused(new NotFoundError(streamName(def, state.id)));
      const rules = spec as CommandSpec;
      const data = rules.fromState ? { ...command.data, ...rules.fromState(snapshot.context as never) } : command.data;
      if (!canTake(snapshot, command.type, merged(data, { type: command.type }))) {
        const phase = def.phase?.(snapshot) ?? String(snapshot.value);
        return notAllowed(
          state,
          command,
          def.explain?.(snapshot.context, command.type, phase) ??
            text(
              `${command.type} is nu niet toegestaan in fase ${phase} van ${def.label} ${state.id}.`,
              `${command.type} is not allowed in phase ${phase} of ${def.labelEn ?? def.label} ${state.id} now.`,
            ),
        );
      }
      const why = rules.check?.(snapshot.context as never, data as never);
      if (why) return notAllowed(state, command, why);
      for (const ref of rules.refers?.(data as never) ?? []) {
        if (!context.exists(ref)) {
          return notAllowed(state, command, text(`${ref.label} ${ref.id} bestaat niet in dit instituut.`, `${ref.label} ${ref.id} does not exist in this institute.`));
        }
      }
      return recorded(rules, data, context);
    },

    allowed,
  };
}
