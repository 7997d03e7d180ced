/**
 * Reactors (process managers) turn events into commands. They run outside the machines, so a
 * replay never repeats a side effect: each reactor keeps a processed-position checkpoint, and the
 * commands it sends carry event ids derived from the event that caused them, so processing an event
 * twice (a crash before the checkpoint was saved, a full replay) appends nothing new.
 */
import type { EventStore } from '@gearbox/eventstore';
import type { CheckpointStore } from './checkpoints.ts';
import type { StoredEvent } from './envelope.ts';

export interface Reactor {
  readonly name: string;
  /** Only these event types reach `react`. */
  readonly eventTypes: string[];
  react(event: StoredEvent): Promise<void>;
}

export class ReactorRunner {
  private readonly loops: Promise<void>[] = [];
  private readonly closers: (() => Promise<void>)[] = [];
  private readonly positions = new Map<string, bigint>();
  private stopped = false;

  constructor(
    private readonly store: EventStore,
    private readonly reactors: Reactor[],
    private readonly checkpoints: CheckpointStore,
    private readonly log: (message: string, error?: unknown) => void = () => {},
    /** Called before each reaction so a reactor sees read models that include the event. */
    private readonly before: (event: StoredEvent) => Promise<void> = async () => {},
  ) {}

  start(): void {
    for (const reactor of this.reactors) {
      const from = this.checkpoints.get(reactor.name) ?? 'start';
      const subscription = this.store.subscribeToAll({ fromPosition: from, filter: { eventTypes: reactor.eventTypes } });
      this.closers.push(() => subscription.close());
      this.loops.push(
        (async () => {
          for await (const event of subscription) {
            await this.before(event as StoredEvent);
            // A failed reaction is retried a few times, then logged and passed: one poisoned event
            // must not stop the institute's other work.
            for (let attempt = 1; ; attempt++) {
              try {
                await reactor.react(event as StoredEvent);
                break;
              } catch (error) {
                if (attempt >= 3 || this.stopped) {
                  this.log(`reactor ${reactor.name} gave up on event ${event.id}`, error);
                  break;
                }
              }
            }
            this.checkpoints.set(reactor.name, event.position);
            this.positions.set(reactor.name, event.position);
          }
        })(),
      );
    }
  }

  /** The position every reactor has processed (for tests that wait for a reaction). */
  processed(name: string): bigint | undefined {
    return this.positions.get(name) ?? this.checkpoints.get(name);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all(this.closers.map((c) => c()));
    await Promise.all(this.loops);
  }
}
