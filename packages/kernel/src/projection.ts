/**
 * Read models live in this process's memory and are built from the store by one catch-up
 * subscription: at start they replay everything, then they follow live. A rebuild and an
 * incremental catch-up run the same `apply`, so they end in the same state (a test compares them).
 * See docs/adr/0004-read-models-in-memory.md.
 */
import type { EventStore } from '@gearbox/eventstore';
import type { StoredEvent } from './envelope.ts';

export interface Projection {
  readonly name: string;
  apply(event: StoredEvent): void;
  /** Forget everything (before a rebuild). */
  reset(): void;
}

interface Waiter {
  position: bigint;
  /** Date.now() after which the wait fails. */
  deadline: number;
  resolve: () => void;
  reject: () => void;
}

/** How often waits past their deadline are looked for: one timer for all of them, not one per write. */
const SWEEP_MS = 250;

export class ProjectionRunner {
  private position = 0n;
  private waiters: Waiter[] = [];
  private stopped = false;
  private loop: Promise<void> | undefined;
  private close: (() => Promise<void>) | undefined;
  private failure: unknown;
  private sweeper: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: EventStore,
    readonly projections: Projection[],
  ) {}

  /** Replays the store and resolves when the projections have seen everything stored so far. */
  async start(): Promise<void> {
    const head = await this.store.headPosition();
    const subscription = this.store.subscribeToAll({ fromPosition: 'start' });
    this.close = () => subscription.close();
    this.loop = (async () => {
      try {
        for await (const event of subscription) {
          for (const p of this.projections) p.apply(event as StoredEvent);
          this.position = event.position;
          this.wake();
        }
      } catch (error) {
        if (!this.stopped) {
          this.failure = error;
          console.error('projection loop failed', error);
        }
      }
    })();
    await this.waitFor(head);
  }

  /** Why the read models stopped following the store, if they did. */
  get failed(): unknown {
    return this.failure;
  }

  /** The position the read models have reached. */
  get at(): bigint {
    return this.position;
  }

  /** Resolves once the read models include the event at `position` (read-your-writes). */
  waitFor(position: bigint, timeoutMs = 10_000): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.position >= position || this.stopped) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.waiters.push({
        position,
        deadline: Date.now() + timeoutMs,
        resolve,
        reject: () => reject(new Error(`read models did not reach position ${position} within ${timeoutMs} ms`)),
      });
      if (!this.sweeper) {
        this.sweeper = setInterval(() => this.sweep(), Math.min(SWEEP_MS, timeoutMs));
        this.sweeper.unref();
      }
    });
  }

  /** Fails the waits past their deadline; the timer stops when nobody waits. */
  private sweep(): void {
    const now = Date.now();
    const late = this.waiters.filter((w) => w.deadline <= now);
    if (late.length > 0) this.waiters = this.waiters.filter((w) => w.deadline > now);
    for (const w of late) w.reject();
    if (this.waiters.length === 0) this.stopSweeping();
  }

  private stopSweeping(): void {
    clearInterval(this.sweeper);
    this.sweeper = undefined;
  }

  private wake(): void {
    if (this.waiters.length === 0) return;
    const ready = this.waiters.filter((w) => w.position <= this.position);
    this.waiters = this.waiters.filter((w) => w.position > this.position);
    for (const w of ready) w.resolve();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.close?.();
    await this.loop;
    for (const w of this.waiters) w.resolve();
    this.waiters = [];
    this.stopSweeping();
  }
}

/** Reads the whole store once through the projections (the `rebuild` command and its test). */
export async function rebuild(store: EventStore, projections: Projection[]): Promise<bigint> {
  for (const p of projections) p.reset();
  let position = 0n;
  for await (const event of store.readAll({ fromPosition: 'start' })) {
    for (const p of projections) p.apply(event as StoredEvent);
    position = event.position;
  }
  return position;
}
