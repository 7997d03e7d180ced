/**
 * An institute-wide setting kept as events in one stream per institute,
 * `<institute>/<category>-current`: the latest event is the setting in force, each change names the
 * revision it replaces (If-Match), and the history says which setting held at any store position.
 * The LEOH setting and the GEAR mapping are kept this way.
 */
import { StreamNotFoundError, WrongExpectedVersionError, type EventStore } from '@gearbox/eventstore';
import { envelopeOf, streamIdOf, type CommandContext, type StoredEvent } from './envelope.ts';
import { RevisionConflictError } from './errors.ts';
import type { KeyStore } from './personal-data.ts';
import type { Clock, IdGenerator } from './clock.ts';

export interface SettingDeps {
  store: EventStore;
  keys: KeyStore;
  clock: Clock;
  ids: IdGenerator;
}

export class SettingStream {
  constructor(
    readonly category: string,
    /** The type of the event that sets it. */
    readonly eventType: string,
  ) {}

  streamId(institute: string): string {
    return streamIdOf(institute, this.category, 'current');
  }

  /** The event in force, if the institute ever set one. */
  async latest(store: EventStore, institute: string): Promise<StoredEvent | undefined> {
    try {
      for await (const e of store.readStream(this.streamId(institute), { direction: 'backwards', maxCount: 1 })) return e as StoredEvent;
    } catch (error) {
      if (!(error instanceof StreamNotFoundError)) throw error;
    }
    return undefined;
  }

  /** Every change, oldest first. */
  async history(store: EventStore, institute: string): Promise<StoredEvent[]> {
    const out: StoredEvent[] = [];
    try {
      for await (const e of store.readStream(this.streamId(institute))) out.push(e as StoredEvent);
    } catch (error) {
      if (!(error instanceof StreamNotFoundError)) throw error;
    }
    return out;
  }

  /**
   * Sets a new value in place of the one at `replaces` (its revision, -1 for none). Another change
   * in between is a 409 with the revision now in force.
   */
  async set(deps: SettingDeps, ctx: CommandContext, data: Record<string, unknown>, replaces: number): Promise<void> {
    try {
      await deps.store.appendToStream(
        this.streamId(ctx.institute),
        [{ id: deps.ids(), type: this.eventType, data, metadata: envelopeOf(deps.keys, ctx, deps.clock()) }],
        { expectedRevision: replaces < 0 ? 'no_stream' : BigInt(replaces) },
      );
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) throw new RevisionConflictError(error.actual === 'no_stream' ? -1 : Number(error.actual));
      throw error;
    }
  }
}
