/**
 * The one command path (ARCHITECTURE.md): load the stream → fold its events through the XState
 * machine with the pure initialTransition/transition → role check → `snapshot.can(command)` and
 * payload rules → new event → append with the expected revision → answer with the new state and
 * `allowed`, which comes from the same machine.
 */
import { randomUUID } from 'node:crypto';
import { initialTransition, type AnyStateMachine, type SnapshotFrom } from 'xstate';
import type { z } from 'zod';
import {
  InvalidAppendError,
  StreamNotFoundError,
  WrongExpectedVersionError,
  type EventData,
  type EventStore,
} from '@gearbox/eventstore';
import type { Clock, IdGenerator } from './clock.ts';
import { dateOf, deterministicId } from './clock.ts';
import { commandForEvent, latestVersion, type CommandSpec, type EventOrigin, type StreamDefinition } from './definition.ts';
import { envelopeOf, streamIdOf, type CommandContext, type EventMeta, type EventRecord, type StoredEvent } from './envelope.ts';
import {
  CommandNotAllowedError,
  ForbiddenError,
  IdempotencyKeyReusedError,
  NotFoundError,
  RevisionConflictError,
  ValidationError,
  type FieldError,
} from './errors.ts';
import type { IdempotencyIndex } from './idempotency.ts';
import { step } from './machine-step.ts';
import { sealFields, unsealDeep, type KeyStore } from './personal-data.ts';

type Snapshot = SnapshotFrom<AnyStateMachine>;

export interface KernelDeps {
  store: EventStore;
  keys: KeyStore;
  clock: Clock;
  ids: IdGenerator;
  /** Keys seen on any stream, so a key reused on another cycle is refused too. */
  idempotency?: IdempotencyIndex;
  /** How often a command without If-Match is re-decided after a concurrent append. */
  maxAttempts?: number;
}

export interface CommandOptions {
  /** The revision the client last saw (If-Match). */
  ifMatch?: number;
  idempotencyKey?: string;
  /** A hash of the whole request (method, path, body); required with idempotencyKey. */
  requestHash?: string;
  /** Scheduler and reactors may send internal commands. */
  internal?: boolean;
  /** Event id to use (reactors and the scheduler pass a deterministic one). */
  eventId?: string;
}

export interface Loaded {
  id: string;
  streamId: string;
  snapshot: Snapshot;
  machine: AnyStateMachine;
  machineVersion: number;
  /** Revision of the last event. */
  revision: number;
  stored: StoredEvent[];
  /** Taken from the cache without asking the store for newer events (see loadLatest). */
  unverified?: boolean;
}

export type Answer<View> = View & { revision: number; allowed: string[] };

export interface CommandResult<View> {
  view: Answer<View>;
  newEvents: EventRecord[];
  position: bigint;
  /** True when this is the stored answer to an earlier request with the same Idempotency-Key. */
  replayed: boolean;
}


/** The value as the schema reads it, or a 400 that lists every field that does not fit (`prefix`: e.g. `query`). */
export function validated<T extends z.ZodType>(schema: T, value: unknown, prefix = ''): z.output<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new ValidationError(zodErrors(parsed.error, prefix));
  return parsed.data;
}

export function zodErrors(error: z.ZodError, prefix = ''): FieldError[] {
  return error.issues.map((issue) => ({
    path: [prefix, ...issue.path.map(String)].filter(Boolean).join('.') || '(body)',
    message: issue.message,
  }));
}

function hasRole(actorRoles: readonly string[], allowed: readonly string[]): boolean {
  return actorRoles.some((r) => allowed.includes(r));
}

/** Folded state of a stream kept between commands, valid while no key was erased since. */
interface Cached {
  snapshot: Snapshot;
  machine: AnyStateMachine;
  machineVersion: number;
  revision: number;
  generation: number;
}

/** How many folded streams a handler keeps (least recently used go first). */
const CACHE_SIZE = 5_000;

export class StreamHandler<View = unknown> {
  private readonly maxAttempts: number;
  private readonly cache = new Map<string, Cached>();

  constructor(
    readonly def: StreamDefinition<View>,
    private readonly deps: KernelDeps,
  ) {
    this.maxAttempts = deps.maxAttempts ?? 8;
  }

  streamId(institute: string, id: string): string {
    return streamIdOf(institute, this.def.category, id);
  }

  /** Reads and folds a stream; undefined when it does not exist (in this institute). */
  async load(institute: string, id: string): Promise<Loaded | undefined> {
    const streamId = this.streamId(institute, id);
    const stored: StoredEvent[] = [];
    try {
      for await (const e of this.deps.store.readStream(streamId)) stored.push(e as StoredEvent);
    } catch (error) {
      if (error instanceof StreamNotFoundError) return undefined;
      throw error;
    }
    if (stored.length === 0) return undefined;
    return this.fold(institute, id, streamId, stored);
  }

  /**
   * The stream's state for deciding a command: from the cache, so a command costs a transition or
   * two instead of a full replay. `stored` holds only the events read now. Use `load` for the whole
   * history.
   *
   * Without `fresh` the cached state is used as it is, without asking the store for newer events:
   * in one server process it is nearly always current. That is safe because the decision is only
   * ever acted on through the append's expected revision, which the store checks; a stale state
   * makes the append fail and the command is decided again with `fresh`, which reads the events
   * appended since (by another process, or another handler). A refusal is likewise only given on
   * fresh state.
   */
  private async loadLatest(institute: string, id: string, fresh: boolean): Promise<Loaded | undefined> {
    const streamId = this.streamId(institute, id);
    const hit = this.cache.get(streamId);
    if (!hit || hit.generation !== this.deps.keys.generation()) {
      const full = await this.load(institute, id);
      if (full) this.remember(full);
      return full;
    }
    if (!fresh) return { id, streamId, snapshot: hit.snapshot, machine: hit.machine, machineVersion: hit.machineVersion, revision: hit.revision, stored: [], unverified: true };
    const tail: StoredEvent[] = [];
    for await (const e of this.deps.store.readStream(streamId, { fromRevision: BigInt(hit.revision + 1) })) tail.push(e as StoredEvent);
    let snapshot = hit.snapshot;
    for (const event of tail) snapshot = step(hit.machine, snapshot, this.toMachineEvent(institute, event));
    const loaded: Loaded = { id, streamId, snapshot, machine: hit.machine, machineVersion: hit.machineVersion, revision: hit.revision + tail.length, stored: tail };
    this.remember(loaded);
    return loaded;
  }

  private remember(loaded: Loaded): void {
    this.cache.delete(loaded.streamId);
    this.cache.set(loaded.streamId, {
      snapshot: loaded.snapshot,
      machine: loaded.machine,
      machineVersion: loaded.machineVersion,
      revision: loaded.revision,
      generation: this.deps.keys.generation(),
    });
    if (this.cache.size > CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
  }

  private fold(institute: string, id: string, streamId: string, stored: StoredEvent[]): Loaded {
    const version = stored[0]!.metadata?.machine?.version ?? 1;
    const machine = this.def.machines[version];
    if (!machine) throw new Error(`${streamId} runs on machine version ${version}, which this build does not have`);
    let snapshot: Snapshot | undefined;
    for (const event of stored) {
      const machineEvent = this.toMachineEvent(institute, event);
      snapshot = snapshot
        ? step(machine, snapshot, machineEvent)
        : initialTransition(machine, { ...machineEvent, id })[0];
    }
    return { id, streamId, snapshot: snapshot!, machine, machineVersion: version, revision: stored.length - 1, stored };
  }

  private toMachineEvent(institute: string, event: StoredEvent): { type: string; origin: EventOrigin } & Record<string, unknown> {
    return this.machineEventOf(this.toRecord(institute, event));
  }

  private machineEventOf(record: EventRecord): { type: string; origin: EventOrigin } & Record<string, unknown> {
    const command = commandForEvent(this.def, record.type);
    if (!command) throw new Error(`${record.streamId}@${record.revision}: event type ${record.type} is not part of ${this.def.label}`);
    const origin: EventOrigin = { eventId: record.id, revision: record.revision, time: record.time, actor: record.actor };
    return { ...(record.data as Record<string, unknown>), type: command, origin };
  }

  /** The public form of a stored event, with personal data decrypted (or shown as forgotten). */
  toRecord(institute: string, event: StoredEvent): EventRecord {
    const meta = event.metadata!;
    return {
      id: event.id,
      type: event.type,
      streamId: event.streamId,
      revision: Number(event.revision),
      position: event.position.toString(),
      time: meta.time,
      actor: { sub: meta.actor.sub, name: String(unsealDeep(this.deps.keys, institute, meta.actor.name)), roles: meta.actor.roles },
      correlationId: meta.correlationId,
      causationId: meta.causationId,
      data: unsealDeep(this.deps.keys, institute, event.data),
    };
  }

  /** Commands this caller may send now: the machine says what the phase allows, the roles who may. */
  allowed(loaded: Pick<Loaded, 'snapshot'>, roles: readonly string[]): string[] {
    return Object.entries(this.def.commands)
      .filter(([type, spec]) => !spec.internal && hasRole(roles, spec.roles) && loaded.snapshot.can({ type } as never))
      .map(([type]) => type);
  }

  answer(loaded: Loaded, roles: readonly string[]): Answer<View> {
    const answer = { ...this.def.view(loaded.snapshot, loaded.id, loaded.machineVersion), revision: loaded.revision, allowed: this.allowed(loaded, roles) };
    return this.def.visibility ? this.def.visibility.view(answer, roles) : answer;
  }

  /** An event as this caller may see it. */
  private shown(record: EventRecord, roles: readonly string[]): EventRecord {
    return this.def.visibility ? this.def.visibility.event(record, roles) : record;
  }

  async get(ctx: Pick<CommandContext, 'institute' | 'actor'>, id: string): Promise<Answer<View>> {
    this.assertReader(ctx.actor.roles);
    const loaded = await this.load(ctx.institute, id);
    if (!loaded) throw new NotFoundError(`${this.def.label} ${id}`);
    return this.answer(loaded, ctx.actor.roles);
  }

  async events(ctx: Pick<CommandContext, 'institute' | 'actor'>, id: string): Promise<EventRecord[]> {
    this.assertReader(ctx.actor.roles);
    const loaded = await this.load(ctx.institute, id);
    if (!loaded) throw new NotFoundError(`${this.def.label} ${id}`);
    return loaded.stored.map((e) => this.shown(this.toRecord(ctx.institute, e), ctx.actor.roles));
  }

  assertReader(roles: readonly string[]): void {
    if (!hasRole(roles, this.def.readRoles)) throw new ForbiddenError(`Your roles may not read ${this.def.label}s.`);
  }

  /** Creates a stream. With an Idempotency-Key the id is derived from the key, so a retry finds it. */
  async start(ctx: CommandContext, payload: unknown, options: CommandOptions = {}): Promise<CommandResult<View>> {
    const spec = this.def.start;
    if (!hasRole(ctx.actor.roles, spec.roles)) {
      throw new ForbiddenError(`Your roles may not send ${spec.command}.`);
    }
    const data = this.parse(spec, payload);
    const id = options.idempotencyKey
      ? deterministicId(`${ctx.institute}:${ctx.actor.sub}:${this.def.category}:${options.idempotencyKey}`)
      : this.deps.ids();
    const streamId = this.streamId(ctx.institute, id);
    if (options.idempotencyKey) {
      const existing = await this.load(ctx.institute, id);
      if (existing) return this.replay(ctx, existing, options);
      this.assertKeyUnused(ctx, streamId, options);
    }
    const machine = this.def.machines[latestVersion(this.def)]!;
    const event = this.buildEvent(ctx, spec, data, options, 0, { id: machine.id, version: latestVersion(this.def) });
    try {
      const result = await this.deps.store.appendToStream(streamId, [event], { expectedRevision: 'no_stream' });
      if (options.idempotencyKey && !(await this.storedAsSent(streamId, 0, event))) return this.replay(ctx, (await this.load(ctx.institute, id))!, options);
      return this.afterAppend(ctx, undefined, event, result.position, id);
    } catch (error) {
      // Two retries with the same key raced: the loser answers what the winner stored.
      if (error instanceof WrongExpectedVersionError && options.idempotencyKey) {
        const existing = await this.load(ctx.institute, id);
        if (existing) return this.replay(ctx, existing, options);
      }
      throw error;
    }
  }

  async execute(
    ctx: CommandContext,
    id: string,
    body: unknown,
    options: CommandOptions = {},
  ): Promise<CommandResult<View>> {
    const type = typeof body === 'object' && body !== null ? (body as { type?: unknown }).type : undefined;
    const spec = typeof type === 'string' && Object.hasOwn(this.def.commands, type) ? this.def.commands[type] : undefined;
    if (!spec || (spec.internal && !options.internal)) {
      const known = Object.entries(this.def.commands).filter(([, s]) => !s.internal).map(([t]) => t);
      throw new ValidationError([{ path: 'type', message: `must be one of: ${known.join(', ')}` }], `Unknown command type ${JSON.stringify(type)}.`);
    }
    const { type: _type, ...payload } = body as Record<string, unknown>;
    const parsed = this.parse(spec, payload);
    const commandType = type as string;

    const streamId = this.streamId(ctx.institute, id);
    let fresh = false;
    for (let attempt = 1; ; attempt++) {
      let loaded: Loaded | undefined;
      if (options.idempotencyKey) {
        // Only a key this stream has seen (or a handler without the key index) needs the whole history.
        const seen = this.deps.idempotency?.get(ctx.institute, ctx.actor.sub, options.idempotencyKey);
        if (!this.deps.idempotency || seen?.streamId === streamId) {
          loaded = await this.load(ctx.institute, id);
          if (!loaded) throw new NotFoundError(`${this.def.label} ${id}`);
          const replayed = this.findReplay(ctx, loaded, options);
          if (replayed) return replayed;
        }
      }
      loaded ??= await this.loadLatest(ctx.institute, id, fresh);
      if (!loaded) throw new NotFoundError(`${this.def.label} ${id}`);
      if (options.idempotencyKey) this.assertKeyUnused(ctx, streamId, options);
      if (!hasRole(ctx.actor.roles, spec.roles)) {
        throw new ForbiddenError(`Your roles may not send ${commandType}; it needs one of: ${spec.roles.join(', ')}.`);
      }
      const data = spec.fromState ? { ...parsed, ...spec.fromState(loaded.snapshot.context as never) } : parsed;
      const refused = this.refusal(ctx, spec, loaded, commandType, data, options);
      if (refused) {
        if (!loaded.unverified) throw refused;
        // Refuse only on what the store holds now: look for newer events and decide again.
        fresh = true;
        attempt--;
        continue;
      }

      const unknown = await this.unknownReference(ctx.institute, spec, data);
      if (unknown) throw new CommandNotAllowedError(commandType, this.allowed(loaded, ctx.actor.roles), unknown);

      const event = this.buildEvent(ctx, spec, data, options, loaded.revision + 1);
      try {
        const result = await this.deps.store.appendToStream(loaded.streamId, [event], {
          expectedRevision: BigInt(loaded.revision),
        });
        if (options.idempotencyKey && !(await this.storedAsSent(loaded.streamId, loaded.revision + 1, event))) {
          return this.replay(ctx, (await this.load(ctx.institute, id))!, options);
        }
        return this.afterAppend(ctx, loaded, event, result.position);
      } catch (error) {
        // A retry with the same key raced us and stored these event ids first: answer what it stored.
        if (error instanceof InvalidAppendError && error.code === 'duplicate-event-id' && options.idempotencyKey) {
          const full = await this.load(ctx.institute, id);
          const replayed = full && this.findReplay(ctx, full, options);
          if (replayed) return replayed;
        }
        if (!(error instanceof WrongExpectedVersionError)) throw error;
        const actual = error.actual === 'no_stream' ? -1 : Number(error.actual);
        if (options.ifMatch !== undefined || attempt >= this.maxAttempts) throw new RevisionConflictError(actual);
        // Someone appended between our read and our write: decide again on fresh state.
        fresh = true;
      }
    }
  }

  /** Why this command may not be applied to this state (stale If-Match, phase, payload rule), if it may not. */
  private refusal(
    ctx: CommandContext,
    spec: CommandSpec,
    loaded: Loaded,
    commandType: string,
    data: Record<string, unknown>,
    options: CommandOptions,
  ): Error | undefined {
    if (options.ifMatch !== undefined && options.ifMatch !== loaded.revision) return new RevisionConflictError(loaded.revision);
    if (!loaded.snapshot.can({ ...data, type: commandType } as never)) {
      return new CommandNotAllowedError(
        commandType,
        this.allowed(loaded, ctx.actor.roles),
        `${commandType} is not allowed in phase ${this.def.phase?.(loaded.snapshot) ?? String(loaded.snapshot.value)} of ${this.def.label} ${loaded.id} now.`,
      );
    }
    const refusal = spec.check?.(loaded.snapshot.context as never, data as never);
    return refusal ? new CommandNotAllowedError(commandType, this.allowed(loaded, ctx.actor.roles), refusal) : undefined;
  }

  /** Why a stream the payload names does not do (it does not exist in this institute), if so. */
  private async unknownReference(institute: string, spec: CommandSpec, data: Record<string, unknown>): Promise<string | undefined> {
    for (const ref of spec.refers?.(data as never) ?? []) {
      try {
        for await (const _ of this.deps.store.readStream(streamIdOf(institute, ref.category, ref.id), { maxCount: 1 })) break;
      } catch (error) {
        if (error instanceof StreamNotFoundError) return `${ref.label} ${ref.id} does not exist in this institute.`;
        throw error;
      }
    }
    return undefined;
  }

  private parse(spec: Pick<CommandSpec, 'schema'>, payload: unknown): Record<string, unknown> {
    return validated(spec.schema, payload);
  }

  private buildEvent(
    ctx: CommandContext,
    spec: Pick<CommandSpec, 'event' | 'record'>,
    payload: Record<string, unknown>,
    options: CommandOptions,
    revision: number,
    machine?: EventMeta['machine'],
  ): EventData {
    const now = this.deps.clock();
    const data = spec.record ? spec.record(payload as never, { today: dateOf(now), now: now.toISOString() }) : payload;
    const personal = this.def.personal?.[spec.event];
    const metadata: EventMeta = {
      ...envelopeOf(this.deps.keys, ctx, now, options.idempotencyKey !== undefined),
      ...(machine ? { machine } : {}),
      ...(options.idempotencyKey ? { idempotency: { key: options.idempotencyKey, requestHash: options.requestHash ?? '' } } : {}),
    };
    const id =
      options.eventId ??
      (options.idempotencyKey
        ? deterministicId(`${ctx.institute}:${ctx.actor.sub}:${options.idempotencyKey}:${revision}`)
        : this.deps.ids());
    return {
      id,
      type: spec.event,
      data: personal ? sealFields(this.deps.keys, ctx.institute, data, personal) : data,
      metadata,
    };
  }

  /** The answer after an append: the state before plus the new event, without reading the stream again. */
  private afterAppend(ctx: CommandContext, before: Loaded | undefined, event: EventData, position: bigint, newId?: string): CommandResult<View> {
    const id = before?.id ?? newId!;
    const streamId = this.streamId(ctx.institute, id);
    const revision = before ? before.revision + 1 : 0;
    // As the store will give it back: JSON in, JSON out.
    const stored = JSON.parse(JSON.stringify({ id: event.id.toLowerCase(), type: event.type, streamId, data: event.data, metadata: event.metadata })) as StoredEvent;
    const recorded: StoredEvent = { ...stored, revision: BigInt(revision), position, created: new Date() };
    const record = this.toRecord(ctx.institute, recorded);
    const loaded = before
      ? { ...before, snapshot: step(before.machine, before.snapshot, this.machineEventOf(record)), revision, stored: [recorded], unverified: false }
      : this.fold(ctx.institute, id, streamId, [recorded]);
    this.remember(loaded);
    // The key index learns of this key now, not when its projection catches up, so a retry that
    // arrives in between is still recognised as one.
    this.deps.idempotency?.apply(recorded);
    return { view: this.answer(loaded, ctx.actor.roles), newEvents: [this.shown(record, ctx.actor.roles)], position, replayed: false };
  }

  /**
   * Whether the event stored at `revision` is the one this request built. A concurrent request with
   * the same Idempotency-Key derives the same event id, and the store answers a second append of a
   * stored id as an idempotent success; the metadata (with the actor's name sealed under a random
   * IV) tells the two requests apart, so the loser answers what the winner stored, or 422 when its
   * body differs.
   */
  private async storedAsSent(streamId: string, revision: number, event: EventData): Promise<boolean> {
    for await (const stored of this.deps.store.readStream(streamId, { fromRevision: BigInt(revision), maxCount: 1 })) {
      return stored.id === event.id.toLowerCase() && JSON.stringify(stored.metadata) === JSON.stringify(event.metadata);
    }
    return false;
  }

  private findReplay(ctx: CommandContext, loaded: Loaded, options: CommandOptions): CommandResult<View> | undefined {
    const mine = loaded.stored.filter(
      (e) => e.metadata?.idempotency?.key === options.idempotencyKey && e.metadata?.actor.sub === ctx.actor.sub,
    );
    if (mine.length === 0) return undefined;
    if (mine.some((e) => e.metadata!.idempotency!.requestHash !== (options.requestHash ?? ''))) {
      throw new IdempotencyKeyReusedError();
    }
    const last = Number(mine[mine.length - 1]!.revision);
    // The answer is the state right after the key's events: the loaded state when nothing came after.
    const then = last === loaded.revision ? loaded : this.fold(ctx.institute, loaded.id, loaded.streamId, loaded.stored.slice(0, last + 1));
    return {
      view: this.answer(then, ctx.actor.roles),
      newEvents: mine.map((e) => this.shown(this.toRecord(ctx.institute, e), ctx.actor.roles)),
      position: mine[mine.length - 1]!.position,
      replayed: true,
    };
  }

  private replay(ctx: CommandContext, loaded: Loaded, options: CommandOptions): CommandResult<View> {
    const replayed = this.findReplay(ctx, loaded, options);
    // The id came from this key, so the stream holds the key's events unless someone else made it.
    if (!replayed) throw new IdempotencyKeyReusedError();
    return replayed;
  }

  private assertKeyUnused(ctx: CommandContext, streamId: string, options: CommandOptions): void {
    const seen = this.deps.idempotency?.get(ctx.institute, ctx.actor.sub, options.idempotencyKey!);
    if (seen && (seen.streamId !== streamId || seen.requestHash !== (options.requestHash ?? ''))) {
      throw new IdempotencyKeyReusedError();
    }
  }
}

export function newCorrelationId(): string {
  return randomUUID();
}
