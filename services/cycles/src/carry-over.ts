/**
 * Open actions of a closed cycle go to the next cycle of the same kind and scope (API.md
 * CloseCycle). Whichever comes second — the close, or the successor's start — carries them, and the
 * carry's event id is derived from the closed cycle, so they are carried exactly once.
 */
import { deterministicId } from '@gearbox/kernel';
import type { StreamHandler } from '@gearbox/kernel';
import { SYSTEM_ACTOR } from '@gearbox/kernel';
import { parseStreamId, type StoredEvent } from '@gearbox/kernel';
import type { Reactor } from '@gearbox/kernel';
import type { IndexedStream, StreamIndex } from '@gearbox/kernel';
import type { Cycle } from './definition.ts';
import { phaseOf, type CycleContext } from './machine.ts';

export function carryOverReactor(handler: StreamHandler<Cycle>, index: StreamIndex): Reactor {
  const context = (s: IndexedStream) => s.snapshot.context as CycleContext;
  const phase = (s: IndexedStream) => phaseOf(s.snapshot.value);
  const sameTrack = (a: CycleContext, b: CycleContext) => a.kind === b.kind && a.scope === b.scope;
  const carriedFrom = (institute: string) =>
    new Set(index.entries(institute).flatMap((s) => context(s).carriedOver.map((a) => a.fromCycleId)));

  async function carry(event: StoredEvent, institute: string, fromId: string, toId: string): Promise<void> {
    const from = await handler.load(institute, fromId);
    if (!from) return;
    const open = (from.snapshot.context as CycleContext).actions.filter((a) => a.status === 'open');
    if (open.length === 0) return;
    const ctx = { institute, actor: SYSTEM_ACTOR, correlationId: event.metadata?.correlationId ?? event.id, causationId: event.id };
    await handler.execute(
      ctx,
      toId,
      {
        type: 'CarryOverActions',
        fromCycleId: fromId,
        actions: open.map((a) => ({ fromCycleId: fromId, actionId: a.actionId, findingId: a.findingId, title: a.title, owner: a.owner, due: a.due })),
      },
      { internal: true, eventId: deterministicId(`carry-over:${institute}:${fromId}`) },
    );
  }

  return {
    name: 'cycle-carry-over',
    eventTypes: ['CycleClosed', 'CycleStarted'],
    async react(event) {
      const parsed = parseStreamId(event.streamId);
      if (!parsed || parsed.category !== 'cycle') return;
      const { institute, id } = parsed;
      const self = index.entries(institute).find((s) => s.id === id);
      if (!self) return;
      if (event.type === 'CycleClosed') {
        const next = index
          .entries(institute)
          .find((s) => s.id !== id && sameTrack(context(s), context(self)) && !['closed', 'cancelled'].includes(phase(s)) && context(s).startedAt >= context(self).startedAt);
        if (next) await carry(event, institute, id, next.id);
        return;
      }
      const done = carriedFrom(institute);
      const previous = index
        .entries(institute)
        .filter((s) => s.id !== id && phase(s) === 'closed' && sameTrack(context(s), context(self)) && !done.has(s.id))
        .sort((a, b) => String(context(b).closedAt).localeCompare(String(context(a).closedAt)))[0];
      if (previous) await carry(event, institute, previous.id, id);
    },
  };
}
