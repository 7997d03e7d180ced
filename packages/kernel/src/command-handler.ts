/**
 * The one command path (ARCHITECTURE.md), I/O only: parse the command → queue it behind the
 * stream's earlier commands (stream-queue.ts) → load the stream (the cache, else a replay) → read
 * what the decision needs from outside the stream → the stream type's decider decides
 * (decider.ts) → seal and send its events to the store with the expected revision → leave the
 * queue → answer with the new state and `allowed` once the append is durable. On a store that
 * pipelines, the next command on the stream is decided on the state including appends sent but not
 * yet acknowledged (ADR 0013). Idempotency-Key retries are answered from the stream's own events.
 */
import { randomUUID } from 'node:crypto';
import {
  InvalidAppendError,
  StreamNotFoundError,
  WrongExpectedVersionError,
  type AppendResult,
  type EventData,
  type EventStore,
} from '@gearbox/eventstore';
import type { Clock, IdGenerator } from './clock.ts';
import { deterministicId } from './clock.ts';
import { merged } from './objects.ts';
import { streamName, type StreamDefinition, type StreamRef } from './definition.ts';
import {
  deciderOf,
  hasRole,
  parseCommand,
  parseStart,
  type Command,
  type Decider,
  type Decision,
  type DecisionContext,
  type NewEvent,
  type Recorded,
  type Snapshot,
  type StreamState,
} from './decider.ts';
import { envelopeOf, streamIdOf, type CommandContext, type EventMeta, type EventRecord, type StoredEvent } from './envelope.ts';
import {
  ForbiddenError,
  roleNeeded,
  text,
  IdempotencyKeyReusedError,
  NotFoundError,
  RevisionConflictError,
  type DomainError,
} from './errors.ts';
import type { IdempotencyIndex } from './idempotency.ts';
import { sealFields, unsealDeep, type KeyStore } from './personal-data.ts';
import { StreamQueue } from './stream-queue.ts';
import { canonicalJson } from './canonical-json.ts';

export interface KernelDeps {
  store: EventStore;
  keys: KeyStore;
  clock: Clock;
  ids: IdGenerator;
  /** Keys seen on any stream, so a key reused on another stream is refused too. */
  idempotency?: IdempotencyIndex;
  /** How often a command without If-Match is re-decided after another process appended in between. */
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

export interface Loaded extends StreamState {
  streamId: string;
  snapshot: Snapshot;
  /** Revision of the last event. */
  revision: number;
  /** Store position of the last event. */
  position: bigint;
  stored: StoredEvent[];
  /** Taken from the cache without asking the store for newer events (see loadLatest). */
  unverified?: boolean;
  /** Id of the event at `revision`, when known: a pipelined append names the event it builds on. */
  eventId?: string | undefined;
}

export type Answer<View> = View & { revision: number; allowed: string[] };

export interface CommandResult<View> {
  view: Answer<View>;
  newEvents: EventRecord[];
  position: bigint;
  /** True when no event was appended: the stored answer to an earlier request with the same Idempotency-Key, or a command already in effect. */
  replayed: boolean;
}


/** Folded state of a stream kept between commands, valid while no key was erased since. */
interface Cached {
  state: StreamState & { snapshot: Snapshot };
  revision: number;
  position: bigint;
  eventId: string | undefined;
  generation: number;
}

/** A stream's appends sent to the store and not yet acknowledged (ADR 0013). */
interface Pipeline {
  /** The state after every append sent: the next command is decided on it. */
  tip: Loaded;
  generation: number;
  /** Appends sent and not yet answered. */
  pending: number;
  /** Settles when the last append sent has been answered (the store answers in order). */
  last: Promise<unknown>;
}

/** What a decision reads besides the stream, when the command needs nothing of the kind. */
const NOTHING_OUTSIDE: Pick<DecisionContext, 'exists' | 'extra'> = { exists: () => false };

const refKey = (ref: StreamRef) => `${ref.category}\u0000${ref.id}`;

/** How many folded streams a handler keeps (least recently used go first). */
const CACHE_SIZE = 5_000;

export class StreamHandler<View = unknown> {
  readonly decider: Decider;
  private readonly maxAttempts: number;
  private readonly cache = new Map<string, Cached>();
  private readonly pipelines = new Map<string, Pipeline>();
  private readonly queue = new StreamQueue();

  constructor(
    readonly def: StreamDefinition<View>,
    private readonly deps: KernelDeps,
  ) {
    this.decider = deciderOf(def);
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
   * the stream's queue makes it current for everything this handler appends. It is still only
   * acted on through the append's expected revision, which the store checks; a state made stale by
   * another process (or another handler) makes the append fail and the command is decided again
   * with `fresh`, which reads the events appended since. A refusal is likewise only given on fresh
   * state. While appends of this handler are in flight, the state is the one after them (the
   * pipeline's tip); `fresh` is only asked for once they are answered (decideAndSend).
   */
  private async loadLatest(institute: string, id: string, fresh: boolean): Promise<Loaded | undefined> {
    const streamId = this.streamId(institute, id);
    const pipeline = this.pipelines.get(streamId);
    if (pipeline && !fresh && pipeline.generation === this.deps.keys.generation()) return pipeline.tip;
    const hit = this.cache.get(streamId);
    if (!hit || hit.generation !== this.deps.keys.generation()) {
      const full = await this.load(institute, id);
      if (full) this.remember(full);
      return full;
    }
    if (!fresh) return merged(hit.state, { streamId, revision: hit.revision, position: hit.position, eventId: hit.eventId, stored: [], unverified: true });
    const tail: StoredEvent[] = [];
    for await (const e of this.deps.store.readStream(streamId, { fromRevision: BigInt(hit.revision + 1) })) tail.push(e as StoredEvent);
    let state = hit.state;
    for (const event of tail) state = this.evolve(institute, state, event);
    const loaded: Loaded = {
      ...state,
      streamId,
      revision: hit.revision + tail.length,
      position: tail.at(-1)?.position ?? hit.position,
      eventId: tail.at(-1)?.id ?? hit.eventId,
      stored: tail,
    };
    this.remember(loaded);
    return loaded;
  }

  private remember(loaded: Loaded): void {
    const { id, machine, machineVersion, snapshot } = loaded;
    this.cache.delete(loaded.streamId);
    this.cache.set(loaded.streamId, {
      state: { id, machine, machineVersion, snapshot },
      revision: loaded.revision,
      position: loaded.position,
      eventId: loaded.eventId,
      generation: this.deps.keys.generation(),
    });
    if (this.cache.size > CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
  }

  private fold(institute: string, id: string, streamId: string, stored: StoredEvent[]): Loaded {
    let state = this.decider.initialState(id, stored[0]!.metadata?.machine?.version ?? 1);
    for (const event of stored) state = this.evolve(institute, state, event);
    const last = stored.at(-1)!;
    return merged(state, { snapshot: state.snapshot!, streamId, revision: Number(last.revision), position: last.position, eventId: last.id, stored });
  }

  private evolve<S extends StreamState>(institute: string, state: S, event: StoredEvent): S & { snapshot: Snapshot } {
    return this.decider.evolve(state, recordedOf(this.toRecord(institute, event))) as S & { snapshot: Snapshot };
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
    return this.decider.allowed(loaded as StreamState, roles);
  }

  answer(loaded: Loaded, roles: readonly string[]): Answer<View> {
    // The view is a new object (StreamDefinition.view): it takes the two members itself, uncopied.
    const answer = Object.assign(this.def.view(loaded.snapshot, loaded.id, loaded.machineVersion) as object, { revision: loaded.revision, allowed: this.allowed(loaded, roles) });
    return this.def.visibility ? this.def.visibility.view(answer as Answer<View>, roles) : (answer as Answer<View>);
  }

  /** An event as this caller may see it. */
  private shown(record: EventRecord, roles: readonly string[]): EventRecord {
    return this.def.visibility ? this.def.visibility.event(record, roles) : record;
  }

  async get(ctx: Pick<CommandContext, 'institute' | 'actor'>, id: string): Promise<Answer<View>> {
    return this.answer(await this.readable(ctx, id), ctx.actor.roles);
  }

  async events(ctx: Pick<CommandContext, 'institute' | 'actor'>, id: string): Promise<EventRecord[]> {
    return this.trail(ctx, await this.readable(ctx, id));
  }

  /** The answer and the audit trail from one read of the stream, for work that needs both. */
  async read(ctx: Pick<CommandContext, 'institute' | 'actor'>, id: string): Promise<{ view: Answer<View>; events: EventRecord[] }> {
    const loaded = await this.readable(ctx, id);
    return { view: this.answer(loaded, ctx.actor.roles), events: this.trail(ctx, loaded) };
  }

  /** The whole stream, for a caller whose roles may read it; 404 when it does not exist in their institute. */
  private async readable(ctx: Pick<CommandContext, 'institute' | 'actor'>, id: string): Promise<Loaded> {
    this.assertReader(ctx.actor.roles);
    const loaded = await this.load(ctx.institute, id);
    if (!loaded) throw new NotFoundError(streamName(this.def, id));
    return loaded;
  }

  private trail(ctx: Pick<CommandContext, 'institute' | 'actor'>, loaded: Loaded): EventRecord[] {
    return loaded.stored.map((e) => this.shown(this.toRecord(ctx.institute, e), ctx.actor.roles));
  }

  assertReader(roles: readonly string[]): void {
    if (!hasRole(roles, this.def.readRoles)) throw new ForbiddenError(roleNeeded(text(`${this.def.label}s lezen`, `read ${this.def.labelEn ?? this.def.label}s`), this.def.readRoles));
  }

  /** Creates a stream. With an Idempotency-Key the id is derived from the key, so a retry finds it. */
  async start(ctx: CommandContext, payload: unknown, options: CommandOptions = {}): Promise<CommandResult<View>> {
    const command = parseStart(this.def, payload, ctx.actor.roles);
    const id = options.idempotencyKey
      ? deterministicId(`${ctx.institute}:${ctx.actor.sub}:${this.def.category}:${options.idempotencyKey}`)
      : this.deps.ids();
    const streamId = this.streamId(ctx.institute, id);
    return this.queue.run(streamId, async () => {
      if (options.idempotencyKey) {
        const existing = await this.load(ctx.institute, id);
        if (existing) return this.replay(ctx, existing, options);
        this.assertKeyUnused(ctx, streamId, options);
      }
      const outside = await this.outside(ctx.institute, command);
      const before = { ...this.decider.initialState(id), streamId, revision: -1, position: 0n };
      const now = this.deps.clock();
      const decision = this.decider.decide(before, command, { ...outside, now, newId: this.deps.ids });
      if ('refusal' in decision) throw decision.refusal;
      const machine = { id: before.machine.id, version: before.machineVersion };
      const events = decision.events.map((e, i) => this.buildEvent(ctx, e, options, i, now, i === 0 ? machine : undefined));
      const after = this.evolveDecided(ctx, before, decision.events, events);
      try {
        const result = await this.send(before, events, after.tip);
        if (options.idempotencyKey && !(await this.storedAsSent(streamId, 0, events[0]!))) return this.replayStored(ctx, id, options);
        return await this.afterAppend(ctx, after, events, result.position);
      } catch (error) {
        // Two retries with the same key raced: the loser answers what the winner stored.
        if (error instanceof WrongExpectedVersionError && options.idempotencyKey) {
          const existing = await this.load(ctx.institute, id);
          if (existing) return this.replay(ctx, existing, options);
        }
        throw error;
      }
    });
  }

  /**
   * Decides and appends a command. Commands on one stream are queued in this handler, so without
   * If-Match a command is decided on the state the one before it left and is never answered 409
   * because of another command of this process; with a stale If-Match it is 409 as ever.
   */
  async execute(ctx: CommandContext, id: string, body: unknown, options: CommandOptions = {}): Promise<CommandResult<View>> {
    const { eventId, ...rest } = options;
    return this.executeAll(ctx, id, [{ body, ...(eventId ? { eventId } : {}) }], rest);
  }

  /**
   * Several commands to one stream as one decision: each is decided on the state the ones before it
   * leave, and all their events are appended in one append, or none is (a refusal of any refuses
   * all). Work that must not be left half done, such as evidence with the measurement it carries,
   * goes this way. `eventId` fixes the id of a command's (first) event; options apply to the whole.
   *
   * The command leaves the stream's queue once its append is sent, and is answered once the append
   * is durable. When an append is refused, every later one built on it is refused by the store too
   * (`expectedEventId`); each of those commands is decided again on the stream as stored.
   */
  async executeAll(ctx: CommandContext, id: string, steps: { body: unknown; eventId?: string }[], options: Omit<CommandOptions, 'eventId'> = {}): Promise<CommandResult<View>> {
    if (steps.length === 0) throw new Error('executeAll needs at least one command');
    const commands = steps.map((step) => ({ command: parseCommand(this.def, step.body, ctx.actor.roles, options.internal), eventId: step.eventId }));
    const streamId = this.streamId(ctx.institute, id);
    for (let attempt = 1, fresh = false; ; attempt++) {
      try {
        const decided = await this.queue.run(streamId, () => this.decideAndSend(ctx, id, streamId, commands, options, fresh));
        return 'answered' in decided ? await decided.answered : decided;
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError)) throw error;
        const actual = error.actual === 'no_stream' ? -1 : Number(error.actual);
        if (options.ifMatch !== undefined || attempt >= this.maxAttempts) throw new RevisionConflictError(actual);
        // Another process appended between our read and our write, or an append this one was built on
        // was refused: decide again on the stream as stored.
        fresh = true;
      }
    }
  }

  /**
   * Decides the commands on the stream's latest state (with `fresh`, or for a refusal, on what the
   * store holds once the appends in flight are answered) and sends the append. Returns the answer
   * when there is nothing to append, else the answer to come when the append is acknowledged. A
   * command with an Idempotency-Key (or on a store that does not pipeline) waits for its append
   * here, in the queue.
   */
  private async decideAndSend(
    ctx: CommandContext,
    id: string,
    streamId: string,
    commands: { command: Command; eventId?: string | undefined }[],
    options: CommandOptions,
    fresh: boolean,
    known?: Pick<DecisionContext, 'exists' | 'extra'>[],
  ): Promise<CommandResult<View> | { answered: Promise<CommandResult<View>> }> {
    const outside = known ?? (await Promise.all(commands.map(({ command }) => this.outside(ctx.institute, command))));
    if (fresh || options.idempotencyKey) await this.pipelines.get(streamId)?.last;
    let loaded: Loaded | undefined;
    if (options.idempotencyKey) {
      // Only a key this stream has seen (or a handler without the key index) needs the whole history.
      const seen = this.deps.idempotency?.get(ctx.institute, ctx.actor.sub, options.idempotencyKey);
      if (!this.deps.idempotency || seen?.streamId === streamId) {
        loaded = await this.load(ctx.institute, id);
        if (!loaded) throw new NotFoundError(streamName(this.def, id));
        const replayed = this.findReplay(ctx, loaded, options);
        if (replayed) return replayed;
      }
    }
    loaded ??= await this.loadLatest(ctx.institute, id, fresh);
    if (!loaded) throw new NotFoundError(streamName(this.def, id));
    if (options.idempotencyKey) this.assertKeyUnused(ctx, streamId, options);

    const now = this.deps.clock();
    const decided = this.decideEach(ctx, loaded, commands, outside, now, options);
    if (loaded.unverified && ('refusal' in decided || decided.events.length === 0)) {
      // Refuse, or answer without appending, only on what the store holds: decide again on it.
      return this.decideAndSend(ctx, id, streamId, commands, options, true, outside);
    }
    if ('refusal' in decided) throw decided.refusal;
    if (decided.events.length === 0) return { view: this.answer(loaded, ctx.actor.roles), newEvents: [], position: loaded.position, replayed: true };
    const { events, data } = decided;
    const after = this.evolveDecided(ctx, loaded, data, events);
    const appended = this.send(loaded, events, after.tip);
    if (!options.idempotencyKey) {
      const answered = appended.then((result) => this.afterAppend(ctx, after, events, result.position));
      // A store that does not pipeline: the next command waits for this one's append (ADR 0010).
      if (!this.deps.store.pipelines) await appended.catch(() => undefined);
      return { answered };
    }
    try {
      const result = await appended;
      if (!(await this.storedAsSent(streamId, loaded.revision + 1, events[0]!))) return this.replayStored(ctx, id, options);
      return await this.afterAppend(ctx, after, events, result.position);
    } catch (error) {
      // A retry with the same key raced us and stored these event ids first: answer what it stored.
      if (error instanceof InvalidAppendError && error.code === 'duplicate-event-id') {
        const full = await this.load(ctx.institute, id);
        const replayed = full && this.findReplay(ctx, full, options);
        if (replayed) return replayed;
      }
      throw error;
    }
  }

  /**
   * Sends an append built on `before` and makes `tip` the state the next command on the stream is
   * decided on. The store applies a stream's appends in the order they are sent, and each names the
   * event it builds on, so once one is refused every later one built on it is refused too; the
   * stream's pipeline is then dropped and the next command decided on the state last acknowledged.
   */
  private send(before: Pick<Loaded, 'streamId' | 'revision' | 'eventId'>, events: EventData[], tip: Loaded): Promise<AppendResult> {
    const { streamId } = before;
    const { store } = this.deps;
    const expectedRevision = before.revision < 0 ? 'no_stream' : BigInt(before.revision);
    const chained = store.pipelines && before.eventId !== undefined ? { expectedEventId: before.eventId } : {};
    const appended = store.appendToStream(streamId, events, { expectedRevision, ...chained });
    const generation = this.deps.keys.generation();
    const current = this.pipelines.get(streamId);
    const pipeline = current && current.generation === generation ? current : { tip, generation, pending: 0, last: appended };
    pipeline.tip = tip;
    pipeline.pending += 1;
    pipeline.last = appended.then(noop, noop);
    this.pipelines.set(streamId, pipeline);
    const settled = (acknowledged: boolean) => {
      pipeline.pending -= 1;
      if (this.pipelines.get(streamId) === pipeline && (!acknowledged || pipeline.pending === 0)) this.pipelines.delete(streamId);
    };
    // Registered first, so the stream's state moves on before any caller hears of the outcome.
    appended.then(
      (result) => {
        this.remember(merged(tip, { position: result.position }));
        settled(true);
      },
      () => settled(false),
    );
    return appended;
  }

  /**
   * The commands decided one after another, each on the state the events before it leave, and
   * their events built (sealed, with their envelope and ids), or the first refusal.
   */
  private decideEach(
    ctx: CommandContext,
    loaded: Loaded,
    commands: { command: Command; eventId?: string | undefined }[],
    outside: Pick<DecisionContext, 'exists' | 'extra'>[],
    now: Date,
    options: CommandOptions,
  ): { refusal: DomainError } | { events: EventData[]; data: NewEvent[] } {
    let state: StreamState = loaded;
    const events: EventData[] = [];
    const data: NewEvent[] = [];
    for (const [k, { command, eventId }] of commands.entries()) {
      const decision = this.decider.decide(state, command, merged(outside[k]!, { now, newId: this.deps.ids }));
      const refusal = k === 0 ? this.refusal(loaded, decision, options) : 'refusal' in decision ? decision.refusal : undefined;
      if (refusal) return { refusal };
      for (const [i, event] of (decision as { events: NewEvent[] }).events.entries()) {
        const revision = loaded.revision + 1 + events.length;
        const id = eventId && i > 0 ? deterministicId(`${eventId}:${i}`) : eventId;
        const built = this.buildEvent(ctx, event, { ...options, ...(id ? { eventId: id } : {}) }, revision, now);
        events.push(built);
        data.push(event);
        if (k < commands.length - 1) {
          const origin = { eventId: built.id.toLowerCase(), revision, time: now.toISOString(), actor: { ...ctx.actor, roles: [...ctx.actor.roles] } };
          state = this.decider.evolve(state, { type: event.type, data: event.data, origin });
        }
      }
    }
    return { events, data };
  }

  /** Why the command is refused: a role the decider refuses first, then a stale If-Match, then the decider's other reasons. */
  private refusal(loaded: Loaded, decision: Decision, options: CommandOptions): DomainError | undefined {
    const refused = 'refusal' in decision ? decision.refusal : undefined;
    if (refused?.status === 403) return refused;
    if (options.ifMatch !== undefined && options.ifMatch !== loaded.revision) return new RevisionConflictError(loaded.revision);
    return refused;
  }

  /**
   * What the decision needs from outside the stream: which streams the payload names exist
   * (CommandSpec.refers), and what the definition's `contextFor` reads.
   */
  private async outside(institute: string, command: Command): Promise<Pick<DecisionContext, 'exists' | 'extra'>> {
    const refs = (Object.hasOwn(this.def.commands, command.type) ? this.def.commands[command.type]!.refers?.(command.data as never) : undefined) ?? [];
    if (refs.length === 0 && !this.def.contextFor) return NOTHING_OUTSIDE;
    const existing = new Set<string>();
    for (const ref of refs) if (await this.streamExists(institute, ref)) existing.add(refKey(ref));
    const extra = await this.def.contextFor?.(this.deps, institute, command);
    return { exists: (ref) => existing.has(refKey(ref)), extra };
  }

  private async streamExists(institute: string, ref: StreamRef): Promise<boolean> {
    try {
      for await (const _ of this.deps.store.readStream(streamIdOf(institute, ref.category, ref.id), { maxCount: 1 })) return true;
    } catch (error) {
      if (error instanceof StreamNotFoundError) return false;
      throw error;
    }
    return false;
  }

  private buildEvent(ctx: CommandContext, event: NewEvent, options: CommandOptions, revision: number, now: Date, machine?: EventMeta['machine']): EventData {
    const personal = this.def.personal?.[event.type];
    // envelopeOf makes a new object: the rare extra members are added to it, without a copy.
    const metadata: EventMeta = envelopeOf(this.deps.keys, ctx, now, options.idempotencyKey !== undefined);
    if (machine) metadata.machine = machine;
    if (options.idempotencyKey) metadata.idempotency = { key: options.idempotencyKey, requestHash: options.requestHash ?? '' };
    const id =
      options.eventId ??
      (options.idempotencyKey
        ? deterministicId(`${ctx.institute}:${ctx.actor.sub}:${options.idempotencyKey}:${revision}`)
        : this.deps.ids());
    return {
      id,
      type: event.type,
      data: personal ? sealFields(this.deps.keys, ctx.institute, event.data, personal) : event.data,
      metadata,
    };
  }

  /**
   * The state after the decided events, evolved as they were decided (in the clear), without
   * reading the stream again or unsealing what was just sealed; and the events as answered, their
   * positions still to come from the store.
   */
  private evolveDecided(
    ctx: CommandContext,
    before: StreamState & Pick<Loaded, 'streamId' | 'revision' | 'position'>,
    decided: NewEvent[],
    events: EventData[],
  ): { tip: Loaded; records: EventRecord[] } {
    const { streamId } = before;
    let state: StreamState = before;
    const records = events.map((event, i) => {
      const meta = event.metadata as EventMeta;
      const record: EventRecord = {
        id: event.id.toLowerCase(),
        type: event.type,
        streamId,
        revision: before.revision + 1 + i,
        position: '',
        time: meta.time,
        actor: { sub: ctx.actor.sub, name: ctx.actor.name, roles: meta.actor.roles },
        correlationId: meta.correlationId,
        causationId: meta.causationId,
        data: decided[i]!.data,
      };
      state = this.decider.evolve(state, recordedOf(record));
      return record;
    });
    const tip: Loaded = merged(state, {
      snapshot: state.snapshot!,
      streamId,
      revision: before.revision + events.length,
      position: before.position,
      eventId: records.at(-1)!.id,
      stored: [],
      unverified: true,
    });
    return { tip, records };
  }

  /** The answer once the append is acknowledged: the state after it, and its events with their positions. */
  private async afterAppend(
    ctx: CommandContext,
    { tip, records }: { tip: Loaded; records: EventRecord[] },
    events: EventData[],
    position: bigint,
  ): Promise<CommandResult<View>> {
    const positions = events.length === 1 ? [position] : await this.positionsOf(tip.streamId, records[0]!.revision, events.length);
    const newEvents = records.map((record, i) => {
      const meta = events[i]!.metadata as EventMeta;
      // The key index learns of this key now, not when its projection catches up, so a retry that
      // arrives in between is still recognised as one.
      if (meta.idempotency) {
        this.deps.idempotency?.apply({ ...events[i]!, id: record.id, streamId: tip.streamId, revision: BigInt(record.revision), position: positions[i]!, created: new Date() } as StoredEvent);
      }
      return this.shown(merged(record, { position: positions[i]!.toString() }), ctx.actor.roles);
    });
    return { view: this.answer(merged(tip, { position }), ctx.actor.roles), newEvents, position, replayed: false };
  }

  private async positionsOf(streamId: string, fromRevision: number, count: number): Promise<bigint[]> {
    const positions: bigint[] = [];
    for await (const e of this.deps.store.readStream(streamId, { fromRevision: BigInt(fromRevision), maxCount: count })) positions.push(e.position);
    return positions;
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
      // Compared as canonical JSON: a store may give the metadata back with its keys in another order (ADR 0014).
      return stored.id === event.id.toLowerCase() && canonicalJson(stored.metadata) === canonicalJson(event.metadata);
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

  /** After a racing retry with the same key stored its events first: forget what this one decided, answer what is stored. */
  private async replayStored(ctx: CommandContext, id: string, options: CommandOptions): Promise<CommandResult<View>> {
    this.cache.delete(this.streamId(ctx.institute, id));
    return this.replay(ctx, (await this.load(ctx.institute, id))!, options);
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

/** An event as the decider replays it. */
export function recordedOf(record: EventRecord): Recorded {
  return { type: record.type, data: record.data, origin: { eventId: record.id, revision: record.revision, time: record.time, actor: record.actor } };
}

function noop(): void {}

export function newCorrelationId(): string {
  return randomUUID();
}
