/** Helpers for a stream type's visibility (StreamDefinition.visibility): events with fields left out by role. */
import type { EventRecord } from './envelope.ts';

/** The event without the listed fields of its type (a type not listed keeps everything). */
export function withoutFields(record: EventRecord, hidden: Readonly<Record<string, readonly string[]>>): EventRecord {
  const hide = hidden[record.type];
  if (!hide) return record;
  return { ...record, data: Object.fromEntries(Object.entries(record.data).filter(([k]) => !hide.includes(k))) };
}

/** The event with only the listed fields of its type (a type not listed keeps none). */
export function onlyFields(record: EventRecord, shown: Readonly<Record<string, readonly string[]>>): EventRecord {
  const data: Record<string, unknown> = {};
  for (const k of shown[record.type] ?? []) if (k in record.data) data[k] = record.data[k];
  return { ...record, data };
}
