/**
 * An in-memory list of every stream of one type, per institute, folded incrementally from the
 * store. Personal fields stay sealed here (it only keeps summaries), so an erasure needs no
 * rebuild to take effect.
 */
import { initialTransition, type AnyStateMachine, type SnapshotFrom } from 'xstate';
import { step } from './machine-step.ts';
import { commandForEvent, type StreamDefinition } from './definition.ts';
import { parseStreamId, type StoredEvent } from './envelope.ts';
import type { Projection } from './projection.ts';

export interface IndexedStream {
  id: string;
  institute: string;
  snapshot: SnapshotFrom<AnyStateMachine>;
  machine: AnyStateMachine;
  machineVersion: number;
  revision: number;
}

export class StreamIndex<Summary = unknown> implements Projection {
  readonly name: string;
  private readonly streams = new Map<string, IndexedStream>();

  constructor(
    private readonly def: StreamDefinition,
    private readonly summarize: (entry: IndexedStream) => Summary,
  ) {
    this.name = `${def.category}-index`;
  }

  apply(event: StoredEvent): void {
    const parsed = parseStreamId(event.streamId);
    if (!parsed || parsed.category !== this.def.category) return;
    const command = commandForEvent(this.def, event.type);
    if (!command) return;
    const meta = event.metadata!;
    const machineEvent = {
      ...event.data,
      type: command,
      origin: { eventId: event.id, revision: Number(event.revision), time: meta.time, actor: meta.actor },
    };
    const existing = this.streams.get(event.streamId);
    if (!existing) {
      const machineVersion = meta.machine?.version ?? 1;
      const machine = this.def.machines[machineVersion];
      if (!machine) return;
      this.streams.set(event.streamId, {
        id: parsed.id,
        institute: parsed.institute,
        machine,
        machineVersion,
        snapshot: initialTransition(machine, { ...machineEvent, id: parsed.id })[0],
        revision: Number(event.revision),
      });
      return;
    }
    existing.snapshot = step(existing.machine, existing.snapshot, machineEvent);
    existing.revision = Number(event.revision);
  }

  reset(): void {
    this.streams.clear();
  }

  /** Every stream of the institute, oldest first. */
  entries(institute: string): IndexedStream[] {
    return [...this.streams.values()].filter((s) => s.institute === institute);
  }

  list(institute: string, filter: (summary: Summary) => boolean = () => true): Summary[] {
    return this.entries(institute).map(this.summarize).filter(filter);
  }

  /** The whole index as plain data, for the test that a rebuild equals incremental catch-up. */
  dump(): unknown {
    return [...this.streams.values()].map((s) => ({ streamId: `${s.institute}/${s.id}`, revision: s.revision, summary: this.summarize(s) }));
  }
}
