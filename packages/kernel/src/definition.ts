/**
 * A stream type is declared, not coded: a machine (the process on paper), a zod schema and the
 * roles per command, the event each command records, which fields are personal, and a view.
 * The kernel builds each stream type's decider from it (decider.ts) and one generic handler
 * (command-handler.ts) runs every stream type the same way.
 */
import type { AnyStateMachine, SnapshotFrom } from 'xstate';
import type { z } from 'zod';
import type { Actor, EventRecord } from './envelope.ts';
import type { PersonalFields } from './personal-data.ts';
import type { IdGenerator } from './clock.ts';
import type { KernelDeps } from './command-handler.ts';
import type { Command, Decider } from './decider.ts';
import { text, type Message, type Text } from './errors.ts';

/** What a machine event carries besides the payload: where the event came from. */
export interface EventOrigin {
  eventId: string;
  revision: number;
  time: string;
  actor: Actor;
}

export type MachineEvent = { type: string; origin: EventOrigin } & Record<string, unknown>;

/**
 * A command of a stream type, its rules typed by the stream's context and the command's payload.
 * The kernel holds them as `CommandSpec` (context and payload unknown to it).
 */
export interface TypedCommandSpec<Context, Payload> {
  /** The payload without `type`. */
  schema: z.ZodType<Record<string, unknown>>;
  /** Roles that may send it (any one suffices). */
  roles: readonly string[];
  /** The event type it records. */
  event: string;
  /** Sent only by the scheduler or a reactor; never listed in `allowed`, refused over HTTP. */
  internal?: boolean;
  /**
   * A rule on the payload against the current state (an unknown activity id, a duplicate goal id).
   * Returns why the command is refused (422), or undefined. Rules that need no payload belong in
   * the machine's guards, so that `allowed` shows them.
   */
  check?: (context: Context, payload: Payload) => Message | undefined;
  /** The event data to record; default the payload. `today` is the injected clock's date, `newId` its id generator. */
  record?: (payload: Payload, at: { today: string; now: string; newId: IdGenerator }) => Record<string, unknown>;
  /**
   * Payload fields the server fills in from the stream's current state, replacing whatever the
   * client sent: the subject id of the person the stream is about, so that text about that person
   * is sealed under their key (personal-data.ts).
   */
  fromState?: (context: Context) => Record<string, unknown>;
  /**
   * Other streams of the same institute the payload names (a leerplek's opleider, a VGB's docent).
   * Each must exist, or the command is refused (422) and nothing is stored.
   */
  refers?: (payload: Payload) => StreamRef[];
}

export type CommandSpec = TypedCommandSpec<never, never>;

/** Checks a command against its stream's context and payload types, and hands it to the kernel. */
export function commandSpec<Context, Payload>(spec: TypedCommandSpec<Context, Payload>): CommandSpec {
  return spec;
}

/** A stream named by a payload: its category and id, and how to name it in a refusal. */
export interface StreamRef {
  category: string;
  id: string;
  label: string;
}

/** What each caller may see of a stream, by role: applied to every answer, audit trail and newEvents. */
export interface Visibility<View> {
  view(view: View & { revision: number; allowed: string[] }, roles: readonly string[]): View & { revision: number; allowed: string[] };
  event(record: EventRecord, roles: readonly string[]): EventRecord;
}

/**
 * How an event type leaves the institute (docs/sharing.md): under a public, versioned name, with
 * only the fields `data` names (an object schema strips every other key), and, for an aggregate over
 * respondents, its values withheld below five respondents.
 */
export interface SharingPolicy {
  /** The public name: CloudEvents type `nl.huisartsopleiding.gearbox.<name>.v<version>`. */
  name: string;
  version: number;
  /** The shared data; also its published JSON Schema. Non-strict, so that unnamed keys are dropped. */
  data: z.ZodObject;
  /** `respondents` names the count field; `values` are withheld when it is missing or below five. */
  aggregate?: { respondents: string; values: readonly string[] };
}

export interface StreamDefinition<View = unknown> {
  /** Stream category, as in `utrecht/cycle-<id>`. */
  category: string;
  /** The noun in Dutch, for messages and docs: "cyclus 123 is niet gevonden". */
  label: string;
  /** The noun in English (`Accept-Language: en`), where it differs: "cycle 123 was not found". */
  labelEn?: string;
  /** Every machine version this stream type ever ran on; new streams get the highest. */
  machines: Record<number, AnyStateMachine>;
  /** The command that creates a stream; its event's data is the machine's input. */
  start: Omit<CommandSpec, 'check'> & { command: string };
  commands: Record<string, CommandSpec>;
  /** Personal fields per event type. The actor's name is always personal (subject = actor.sub). */
  personal?: Record<string, PersonalFields>;
  /** Event types other institutes may read (packages/sharing); every other type stays private. */
  shared?: Record<string, SharingPolicy>;
  /**
   * The answer a client gets; `allowed` and `revision` are added by the handler, to this object
   * itself: return a new object on every call (copying an answer of twenty-odd members costs more
   * than deciding the command's rules).
   */
  view(snapshot: SnapshotFrom<AnyStateMachine>, id: string, machineVersion: number): View;
  /** The current phase as a word, for messages (default: the state value). */
  phase?(snapshot: SnapshotFrom<AnyStateMachine>): string;
  /**
   * Why a command the machine refuses cannot be sent now, in words ("Nog niet afgerond: activiteiten
   * a1 en a2"), from the stream's context and current phase; undefined leaves the generic "not in this
   * phase" text. Lives beside the machine's guards (services/<area>/src/explain.ts).
   */
  explain?(context: unknown, commandType: string, phase: string): Text | undefined;
  /**
   * What deciding a command needs from outside the stream (a setting of the institute), read before
   * each decision and passed to the decider as `context.extra`; undefined when it needs nothing.
   */
  contextFor?(deps: KernelDeps, institute: string, command: Command): Promise<unknown>;
  /** The stream type's own decider around the one built from this definition (services/<area>/src/decider.ts). */
  decider?(built: Decider): Decider;
  /** Roles that may read streams of this type. */
  readRoles: readonly string[];
  /** Default: every reader sees everything. */
  visibility?: Visibility<View>;
  /**
   * Top-level lists of the view whose items are never changed once made, only added (a cycle's
   * evidence). The HTTP answer keeps each such item's JSON instead of serialising the list again for
   * every answer (packages/http answer-json.ts); an item that can change must not be named here.
   */
  fixedItems?: readonly string[];
}

/** A stream of this type by its id, in both languages: `cyclus c-1` / `cycle c-1`. */
export function streamName(def: Pick<StreamDefinition<any>, 'label' | 'labelEn'>, id: string): Text {
  return text(`${def.label} ${id}`, `${def.labelEn ?? def.label} ${id}`);
}

export function latestVersion(def: StreamDefinition): number {
  return Math.max(...Object.keys(def.machines).map(Number));
}

export function commandForEvent(def: StreamDefinition, eventType: string): string | undefined {
  if (def.start.event === eventType) return def.start.command;
  for (const [command, spec] of Object.entries(def.commands)) if (spec.event === eventType) return command;
  return undefined;
}
