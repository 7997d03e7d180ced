/**
 * The kernel's command path without HTTP against the store append it ends in.
 *
 * - kernel: `StreamHandler.execute(ctx, id, AddEvidence)` with `cycleDefinition`: validate the
 *   body, queue it behind the cycle's earlier commands, take the folded cycle from the cache, let
 *   the cycle's decider decide (role, phase, payload rule), seal the actor's name, append with the
 *   exact revision, evolve the decided event for the answer.
 * - raw store: `store.appendToStream` of the EvidenceAdded event the kernel would write (same data,
 *   same metadata envelope with an actor name sealed once up front), with the exact expectedRevision.
 *
 * Each subject has its own sqlite file (same adapter, same pragmas) holding the same cycles in
 * phase `do`, prepared through the kernel and not timed. Both send the same number of commands in
 * interleaved slices, alternating who goes first, as the event-store bench does.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openSqliteEventStore, type EventData, type EventStore } from '@gearbox/eventstore';
import { SCHEMA_VERSION, StreamHandler, dateOf, openSqliteKeyStore, randomIds, seal, systemClock, type CommandContext, type EventMeta, type KeyStore } from '@gearbox/kernel';
import { cycleDefinition, type Cycle } from '@gearbox/cycles';
import { ACTOR, INSTITUTE, PREPARED_EVENTS, addEvidenceBody, startCycleBody, toPhaseDo } from './commands-workload.ts';

export interface KernelBenchOptions {
  dir: string;
  cycles: number;
  rounds: number;
  /** Commands per subject per round. */
  slice: number;
  warmUp: number;
  log(message: string): void;
}

export interface SubjectResult {
  commands: number;
  seconds: number;
}

export interface KernelBenchResult {
  kernel: SubjectResult;
  raw: SubjectResult;
  /** Events per cycle stream at the end of the run. */
  streamLength: number;
}

interface Subject {
  name: string;
  path: string;
  /** Sends the `sequence`-th command of the workload. */
  send(sequence: number): Promise<unknown>;
  /** Commands sent so far, timed or not. */
  sent: number;
  timed: SubjectResult;
  handler: StreamHandler<Cycle>;
  ids: string[];
  close(): Promise<void>;
}

const ctx = (): CommandContext => ({ institute: INSTITUTE, actor: ACTOR, correlationId: randomUUID() });

function openKernel(store: EventStore, keys: KeyStore): StreamHandler<Cycle> {
  return new StreamHandler(cycleDefinition, { store, keys, clock: systemClock, ids: randomIds });
}

/** Brings `count` fresh cycles into phase `do` through the kernel; returns their ids. */
async function prepare(handler: StreamHandler<Cycle>, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let index = 0; index < count; index++) {
    const started = await handler.start(ctx(), startCycleBody(index));
    for (const command of toPhaseDo) await handler.execute(ctx(), started.view.id, command);
    ids.push(started.view.id);
  }
  return ids;
}

async function openSubject(name: 'kernel' | 'raw store', dir: string, cycles: number): Promise<Subject> {
  const path = join(dir, `commands-${name.replace(' ', '-')}.db`);
  const store = openSqliteEventStore({ path });
  const keys = openSqliteKeyStore(join(dir, `commands-${name.replace(' ', '-')}-keys.db`));
  const handler = openKernel(store, keys);
  const ids = await prepare(handler, cycles);
  const close = async (): Promise<void> => {
    await store.close();
    keys.close();
  };
  const timed = { commands: 0, seconds: 0 };

  if (name === 'kernel') {
    return { name, path, sent: 0, timed, handler, ids, close, send: (sequence) => handler.execute(ctx(), ids[sequence % cycles]!, addEvidenceBody(sequence)) };
  }

  // The raw subject knows every stream's revision, as the kernel knows it after loading the stream.
  const revisions = new Array<number>(cycles).fill(PREPARED_EVENTS - 1);
  const streamIds = ids.map((id) => handler.streamId(INSTITUTE, id));
  const sealedName = seal(keys, INSTITUTE, ACTOR.sub, ACTOR.name);
  const send = async (sequence: number): Promise<unknown> => {
    const index = sequence % cycles;
    const { type: _type, ...data } = addEvidenceBody(sequence);
    const now = new Date();
    const metadata: EventMeta = {
      time: now.toISOString(),
      institute: INSTITUTE,
      actor: { sub: ACTOR.sub, name: sealedName, roles: ACTOR.roles },
      correlationId: randomUUID(),
      causationId: null,
      schemaVersion: SCHEMA_VERSION,
    };
    const event: EventData = { id: randomUUID(), type: 'EvidenceAdded', data: { ...data, effectiveAt: data.effectiveAt ?? dateOf(now) }, metadata };
    const result = await store.appendToStream(streamIds[index]!, [event], { expectedRevision: BigInt(revisions[index]!) });
    revisions[index]!++;
    return result;
  };
  return { name, path, sent: 0, timed, handler, ids, close, send };
}

async function run(subject: Subject, count: number, timed: boolean): Promise<void> {
  const started = performance.now();
  for (let i = 0; i < count; i++) await subject.send(subject.sent++);
  if (!timed) return;
  subject.timed.commands += count;
  subject.timed.seconds += (performance.now() - started) / 1000;
}

function countEvents(path: string): number {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare("SELECT count(*) FROM events WHERE type = 'EvidenceAdded'").pluck().get() as number;
  } finally {
    db.close();
  }
}

/**
 * A figure only counts if the file holds exactly the evidence the loop sent, and if the kernel,
 * folding the raw subject's streams, sees every one of them: then the raw events were valid
 * EvidenceAdded events of the cycle, not cheaper stand-ins.
 */
async function verify(subject: Subject): Promise<void> {
  const stored = countEvents(subject.path);
  if (stored !== subject.sent) throw new Error(`${subject.name}: sent ${subject.sent} AddEvidence but the file holds ${stored}`);
  let seen = 0;
  for (const id of subject.ids) {
    const cycle = await subject.handler.get({ institute: INSTITUTE, actor: ACTOR }, id);
    if (cycle.phase !== 'do') throw new Error(`${subject.name}: cycle ${id} is in ${cycle.phase}, not do`);
    seen += cycle.evidence.length;
  }
  if (seen !== subject.sent) throw new Error(`${subject.name}: the kernel folds ${seen} evidence items, ${subject.sent} were sent`);
}

export async function runKernelBench(options: KernelBenchOptions): Promise<KernelBenchResult> {
  const { dir, cycles, rounds, slice, warmUp, log } = options;
  log(`kernel: preparing ${cycles} cycles in phase do for each subject`);
  const subjects = [await openSubject('kernel', dir, cycles), await openSubject('raw store', dir, cycles)];
  try {
    log(`kernel: warming up, ${warmUp} commands each`);
    for (const subject of subjects) await run(subject, warmUp, false);
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 === 0 ? subjects : [...subjects].reverse();
      for (const subject of order) {
        log(`kernel: round ${round + 1}/${rounds}, ${subject.name}, ${slice} AddEvidence`);
        await run(subject, slice, true);
      }
    }
    for (const subject of subjects) await verify(subject);
  } finally {
    for (const subject of subjects) await subject.close();
  }
  const [kernel, raw] = subjects as [Subject, Subject];
  return { kernel: kernel.timed, raw: raw.timed, streamLength: PREPARED_EVENTS + Math.ceil(kernel.sent / cycles) };
}
