/** Stored events as the kernel writes them, for the tests: a cycle's shared and private events with personal data in them. */
import { randomUUID } from 'node:crypto';
import type { EventStore } from '@gearbox/eventstore';
import type { EventMeta, StoredEvent } from '@gearbox/kernel';
import { cycleDefinition } from '@gearbox/cycles';
import { SharingPolicies } from '../src/index.ts';

export const policies = new SharingPolicies([cycleDefinition]);

export function meta(institute: string, actor = { sub: 'u-piet', name: 'Piet Jansen' }, time = '2026-03-01T09:00:00.000Z'): EventMeta {
  return { time, institute, actor: { ...actor, roles: ['mt'] }, correlationId: randomUUID(), causationId: null, schemaVersion: 1 };
}

export function stored(streamId: string, type: string, data: Record<string, unknown>, metadata: EventMeta, position = 1n): StoredEvent {
  return { id: randomUUID(), type, streamId, revision: 0n, position, created: new Date(metadata.time), data, metadata };
}

/** A cycle through plan to closed with two KPI measurements, one over too few respondents. */
export function cycleEvents(cycleId: string, person = 'Piet Jansen'): { type: string; data: Record<string, unknown> }[] {
  return [
    { type: 'CycleStarted', data: { kind: 'opleiders', title: `Cyclus van ${person}`, period: { from: '2026-01-01', to: '2026-12-31' }, scope: person } },
    { type: 'GoalSet', data: { goalId: 'g1', title: 'Veilig klimaat', description: `Gesprek met ${person}` } },
    {
      type: 'KpiDefined',
      data: { kpiId: 'k1', goalId: 'g1', name: 'aios die het klimaat veilig vinden', unit: '%', nationalCode: 'nivel-veilig-klimaat', baseline: { value: 70, source: `enquête door ${person}`, year: 2018 }, target: { changePercent: 20, by: '2026-12-31' } },
    },
    { type: 'ActivityPlanned', data: { activityId: 'a1', title: 'Enquête', owner: person, due: '2026-06-01' } },
    { type: 'PlanApproved', data: {} },
    { type: 'MeasurementRecorded', data: { kpiId: 'k1', value: 81.5, source: `lijst van ${person}`, measuredAt: '2026-06-30', n: 40 } },
    { type: 'MeasurementRecorded', data: { kpiId: 'k1', value: 33.3, source: `lijst van ${person}`, measuredAt: '2026-07-31', n: 3 } },
    { type: 'CycleCancelled', data: { reason: `${person} is vertrokken` } },
  ];
}

export async function appendCycle(store: EventStore, institute: string, cycleId: string = randomUUID(), person = 'Piet Jansen'): Promise<void> {
  const events = cycleEvents(cycleId, person).map((e) => ({ id: randomUUID(), ...e, metadata: meta(institute, { sub: 'u-piet', name: person }) }));
  await store.appendToStream(`${institute}/cycle-${cycleId}`, events);
}
