/**
 * Reads one institute's events from the store, page by page, in position order, into the GEAR
 * projection (and the hash chain): the store's own pages are the only events in memory at any time.
 *
 * `asOf` cuts the history at the first event recorded after it: the content is the prefix of the
 * institute's history up to the last event whose `metadata.time` ≤ asOf, and its position is
 * recorded, so the same dossier can be rebuilt later by `position` (verify) whatever was appended since.
 */
import type { EventStore } from '@gearbox/eventstore';
import { institutePrefix, type Projection, type StoredEvent } from '@gearbox/kernel';
import { frameworkVersion, type Framework } from './framework.ts';
import { ChainWorker, type ChainHead } from './chain.ts';
import { defaultMapping, type MappingInForce } from './mapping.ts';
import { GearState } from './projection.ts';

export interface ReadOptions {
  institute: string;
  /** An ISO instant; events recorded after it are not read. */
  asOf?: string;
  /** Inclusive upper bound (a dossier's position). */
  position?: bigint;
  /** Also compute the hash chain (exports and verify do; the live view does not need it). */
  chain?: boolean;
}

export interface InstituteRead {
  state: GearState;
  chain: ChainHead | undefined;
  /** Position of the last event read, 0n when none. */
  position: bigint;
  eventCount: number;
}

export async function readInstitute(store: EventStore, options: ReadOptions): Promise<InstituteRead> {
  const state = new GearState();
  const chain = options.chain ? new ChainWorker() : undefined;
  const asOfMs = options.asOf === undefined ? undefined : Date.parse(options.asOf);
  const asOfIso = asOfMs === undefined ? undefined : new Date(asOfMs).toISOString();
  const bound = options.position;
  try {
    // With the chain, the stored text where the store keeps it canonical: the chain copies it instead of writing it again.
    for await (const recorded of store.readAll({ filter: { streamPrefixes: [institutePrefix(options.institute)] }, withText: chain !== undefined })) {
      const event = recorded as StoredEvent;
      if (bound !== undefined && event.position > bound) break;
      if (asOfIso !== undefined && recordedAfter(event, asOfIso, asOfMs!)) break;
      state.apply(event);
      const wait = chain?.apply(event);
      if (wait) await wait;
    }
    const head = chain ? await chain.finish() : undefined;
    return { state, chain: head, position: state.position, eventCount: state.eventCount };
  } finally {
    await chain?.close();
  }
}

/** `metadata.time` is written by toISOString(); comparing such strings is comparing instants. */
function recordedAfter(event: StoredEvent, asOfIso: string, asOfMs: number): boolean {
  const time = event.metadata?.time;
  if (time === undefined) return event.created.getTime() > asOfMs;
  return time.length === 24 && time.endsWith('Z') ? time > asOfIso : Date.parse(time) > asOfMs;
}

/** The mapping in force at the state's position: the last change read, else the default. */
export function mappingAt(state: GearState): MappingInForce {
  return state.mappingChanges.at(-1) ?? defaultMapping();
}

export function frameworkOf(mapping: MappingInForce): Framework {
  const framework = frameworkVersion(mapping.mapping.version);
  if (!framework) throw new Error(`framework version ${mapping.mapping.version} has no file in packages/gear/framework`);
  return framework;
}

/**
 * The live GEAR state of every institute, for `GET /api/v1/gear` without asOf: the server's
 * projection runner feeds it, the same fold a dossier export runs from the store.
 */
export class GearLiveProjection implements Projection {
  readonly name = 'gear';
  private readonly states = new Map<string, GearState>();
  /** The last position applied, of any institute: compare with the store's head to know it is current. */
  position = 0n;

  apply(event: StoredEvent): void {
    this.position = event.position;
    const slash = event.streamId.indexOf('/');
    if (slash <= 0) return;
    const institute = event.streamId.slice(0, slash);
    let state = this.states.get(institute);
    if (!state) this.states.set(institute, (state = new GearState()));
    state.apply(event);
  }

  reset(): void {
    this.states.clear();
    this.position = 0n;
  }

  state(institute: string): GearState {
    return this.states.get(institute) ?? new GearState();
  }
}
