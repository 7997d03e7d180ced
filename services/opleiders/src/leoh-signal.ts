/**
 * The LEOH process manager (AMC jaarverslag: "De Leoh is gedigitaliseerd met ingestelde
 * waarschuwingen bij lage scores op cruciale items, zodat screening door de CMO eenvoudig is"):
 * an aios' evaluation whose crucial item scored below the threshold raises a signal on the
 * opleider, and the signal opens a CMO screening (or joins the open one).
 *
 * Exactly once, whatever happens around it:
 * - it judges an evaluation by the setting in force when the evaluation was stored (the last
 *   `LeohSettingsSet` before it), so a replay decides as the first run did;
 * - the command carries an event id derived from the evaluation, so a retry, a restart before the
 *   checkpoint was saved, or a full replay appends nothing new; and the command refuses an
 *   evaluation that already raised a signal.
 */
import { EventStoreError } from '@gearbox/eventstore';
import { DomainError, SYSTEM_ACTOR, deterministicId, parseStreamId, type Reactor, type StoredEvent, type StreamHandler } from '@gearbox/kernel';
import type { Opleider } from './definition.ts';
import { LEOH_SETTINGS_SET, settingsAt, signalItems, type LeohSettings, type LeohSettingsStore, type StoredSettings } from './leoh-settings.ts';

export const LEOH_SIGNAL_REACTOR = 'opleiders-leoh-signal';

export function leohSignalId(institute: string, opleiderId: string, evaluationId: string): string {
  return deterministicId(`leoh-signal:${institute}:${opleiderId}:${evaluationId}`);
}

export function leohSignalReactor(handler: StreamHandler<Opleider>, settings: LeohSettingsStore): Reactor {
  // Settings per institute as far as this reactor has read; loaded from the store on first use.
  const known = new Map<string, StoredSettings[]>();

  async function settingsFor(institute: string, position: bigint): Promise<LeohSettings | undefined> {
    let history = known.get(institute);
    if (!history) {
      history = await settings.history(institute);
      known.set(institute, history);
    }
    return settingsAt(history, position);
  }

  return {
    name: LEOH_SIGNAL_REACTOR,
    eventTypes: ['LeohRecorded', LEOH_SETTINGS_SET],
    async react(event: StoredEvent) {
      const parsed = parseStreamId(event.streamId);
      if (!parsed) return;
      if (event.type === LEOH_SETTINGS_SET) {
        const history = known.get(parsed.institute);
        if (history && !history.some((h) => h.position === event.position)) {
          history.push({ settings: event.data as unknown as LeohSettings, revision: Number(event.revision), position: event.position, setAt: event.metadata!.time });
        }
        return;
      }
      if (parsed.category !== handler.def.category) return;
      const settings = await settingsFor(parsed.institute, event.position);
      if (!settings) return;
      const data = event.data as { evaluationId: string; period: string; scores: Record<string, number> };
      const items = signalItems(settings, data.scores);
      if (items.length === 0) return;
      const ctx = {
        institute: parsed.institute,
        actor: SYSTEM_ACTOR,
        correlationId: event.metadata?.correlationId ?? event.id,
        causationId: event.id,
      };
      try {
        await handler.execute(
          ctx,
          parsed.id,
          { type: 'RaiseLeohSignal', evaluationId: data.evaluationId, period: data.period, items, threshold: settings.threshold },
          { internal: true, eventId: leohSignalId(parsed.institute, parsed.id, data.evaluationId) },
        );
      } catch (error) {
        // Already raised (a retry or a replay), or the training ended meanwhile: nothing to do.
        if (error instanceof DomainError || error instanceof EventStoreError) return;
        throw error;
      }
    },
  };
}
