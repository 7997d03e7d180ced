/**
 * An in-memory list of every stream of one type, per institute, folded incrementally from the
 * store. Personal fields stay sealed here (it only keeps summaries), so an erasure needs no
 * rebuild to take effect.
 */
import type { AnyStateMachine, SnapshotFrom } from 'xstate';
import { deciderOf, type Decider } from './decider.ts';
import { commandForEvent, type StreamDefinition } from './definition.ts';
import { parseStreamId, type Actor, type StoredEvent } from './envelope.ts';
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
  /** The stream type's own evolve: the index folds exactly as the command path does. */
  private readonly decider: Decider;

  constructor(
    private readonly def: StreamDefinition,
    private readonly summarize: (entry: IndexedStream) => Summary,
  ) {
    this.name = `${def.category}-index`;
    this.decider = deciderOf(def);
  }

  apply(event: StoredEvent): void {
    const parsed = parseStreamId(event.streamId);
    if (!parsed || parsed.category !== this.def.category || !commandForEvent(this.def, event.type)) return;
    const meta = event.metadata!;
    // The actor's name stays sealed here, as every personal field does: the index only summarises.
    const actor = meta.actor as Actor;
    const recorded = { type: event.type, data: event.data, origin: { eventId: event.id, revision: Number(event.revision), time: meta.time, actor } };
    const existing = this.streams.get(event.streamId);
    if (!existing) {
      const machineVersion = meta.machine?.version ?? 1;
      if (!this.def.machines[machineVersion]) return;
      const state = this.decider.evolve(this.decider.initialState(parsed.id, machineVersion), recorded);
      this.streams.set(event.streamId, { ...state, snapshot: state.snapshot!, institute: parsed.institute, revision: Number(event.revision) });
      return;
    }
    existing.snapshot = this.decider.evolve(existing, recorded).snapshot!;
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
