/**
 * Durable deadlines (ARCHITECTURE.md "The command path"): a table built from events, and a
 * scheduler that sends an internal command when a deadline has passed. No XState timers: after a
 * restart the table is rebuilt from the store, and an overdue event that was already appended is
 * in it. The command's event id is derived from the deadline, so two schedulers (or a restart in
 * the middle) append it once.
 */
import { dateOf, deterministicId, type Clock } from './clock.ts';
import { parseStreamId, type CommandContext, type StoredEvent } from './envelope.ts';
import { DomainError } from './errors.ts';
import type { Projection } from './projection.ts';
import { EventStoreError } from '@gearbox/eventstore';

export interface Deadline {
  /** Stable id: stream, subject of the deadline and its due date. */
  id: string;
  institute: string;
  streamId: string;
  category: string;
  streamEntityId: string;
  /** What is due: 'activity', 'action', 'management-review', 'erkenning', ... */
  what: string;
  label: string;
  /** YYYY-MM-DD: overdue from the day after. */
  due: string;
  overdue: boolean;
  /** The internal command the scheduler sends when the deadline passes. */
  command: { type: string } & Record<string, unknown>;
  /** Facts a rule keeps with the deadline to decide later events (e.g. the cycle's start). */
  facts?: Record<string, string>;
}

/** What one stream type contributes to the table; `table` offers the edits. */
export type DeadlineRule = (event: StoredEvent, table: DeadlineTable) => void;

export class DeadlineTable implements Projection {
  readonly name = 'deadlines';
  private readonly deadlines = new Map<string, Deadline>();

  constructor(private readonly rules: DeadlineRule[]) {}

  apply(event: StoredEvent): void {
    for (const rule of this.rules) rule(event, this);
  }

  reset(): void {
    this.deadlines.clear();
  }

  /** Adds (or replaces) a deadline for the event's stream. */
  set(event: StoredEvent, d: Pick<Deadline, 'what' | 'label' | 'due' | 'command' | 'facts'> & { key: string }): void {
    const parsed = parseStreamId(event.streamId);
    if (!parsed) return;
    const id = `${event.streamId}:${d.what}:${d.key}`;
    this.deadlines.set(id, {
      id,
      institute: parsed.institute,
      streamId: event.streamId,
      category: parsed.category,
      streamEntityId: parsed.id,
      what: d.what,
      label: d.label,
      due: d.due,
      overdue: false,
      command: d.command,
      ...(d.facts ? { facts: d.facts } : {}),
    });
  }

  /** The stream's open deadlines of one kind. */
  find(event: StoredEvent, what: string): Deadline[] {
    return [...this.deadlines.values()].filter((d) => d.streamId === event.streamId && d.what === what);
  }

  remove(event: StoredEvent, what: string, key: string): void {
    this.deadlines.delete(`${event.streamId}:${what}:${key}`);
  }

  removeWhere(event: StoredEvent, test: (d: Deadline) => boolean): void {
    for (const [id, d] of this.deadlines) if (d.streamId === event.streamId && test(d)) this.deadlines.delete(id);
  }

  markOverdue(event: StoredEvent, what: string, key: string): void {
    const d = this.deadlines.get(`${event.streamId}:${what}:${key}`);
    if (d) d.overdue = true;
  }

  /** Open deadlines of an institute, soonest first. */
  list(institute: string): Deadline[] {
    return [...this.deadlines.values()]
      .filter((d) => d.institute === institute)
      .sort((a, b) => a.due.localeCompare(b.due) || a.id.localeCompare(b.id));
  }

  /** Deadlines whose day has passed and that are not marked overdue yet. */
  due(today: string): Deadline[] {
    return [...this.deadlines.values()].filter((d) => !d.overdue && d.due < today);
  }

  dump(): unknown {
    return [...this.deadlines.values()].sort((a, b) => a.id.localeCompare(b.id));
  }
}

export const SYSTEM_ACTOR = { sub: 'gearbox', name: 'gearbox', roles: ['system'] };

export type SendInternal = (
  deadline: Deadline,
  ctx: CommandContext,
  options: { internal: true; eventId: string },
) => Promise<unknown>;

/** Fires overdue commands; `tick()` is also what tests call with a moved clock. */
export class DeadlineScheduler {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;

  constructor(
    private readonly table: DeadlineTable,
    private readonly send: SendInternal,
    private readonly clock: Clock,
    private readonly log: (message: string, error?: unknown) => void = () => {},
  ) {}

  /** Sends every passed deadline once; returns how many commands were appended. */
  tick(): Promise<number> {
    // One tick at a time: a slow tick must not overlap the next.
    this.running ??= this.fire().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async fire(): Promise<number> {
    let sent = 0;
    for (const d of this.table.due(dateOf(this.clock()))) {
      const ctx: CommandContext = { institute: d.institute, actor: SYSTEM_ACTOR, correlationId: deterministicId(`deadline:${d.id}:${d.due}`) };
      try {
        await this.send(d, ctx, { internal: true, eventId: deterministicId(`deadline:${d.id}:${d.due}`) });
        sent += 1;
      } catch (error) {
        // Refused (the step finished meanwhile) or already appended by another scheduler: nothing to do.
        if (error instanceof DomainError || error instanceof EventStoreError) continue;
        this.log(`deadline ${d.id} could not be fired`, error);
      }
    }
    return sent;
  }

  start(intervalMs = 60_000): void {
    void this.tick();
    this.timer = setInterval(() => void this.tick(), intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }
}
