/**
 * The national benchmark (API.md `GET /api/v1/benchmark`): per shared KPI, each institute's latest
 * measurement with its n and date, the value withheld where n < 5, the own institute marked. Built
 * from the same anonymised events on both sides: the institute's own shared feed and what its peers
 * sent (their inboxes). KPIs are compared by `nationalCode`, else by name (case and spacing ignored).
 */
import { institutePrefix } from '@gearbox/kernel';
import type { EventStore } from '@gearbox/eventstore';
import type { IncomingEvent } from './incoming.ts';
import { PEER_EVENT_RECEIVED } from './inbox.ts';
import { sourceOf } from './cloudevent.ts';
import type { SharedFeed } from './feed.ts';
import { MIN_RESPONDENTS, TYPE_PREFIX } from './policy.ts';

export interface BenchmarkValue {
  institute: string;
  own: boolean;
  measuredAt: string;
  n?: number;
  value?: number;
  suppressed?: true;
}

export interface BenchmarkKpi {
  nationalCode?: string;
  name: string;
  unit?: string;
  institutes: BenchmarkValue[];
}

const DEFINED = `${TYPE_PREFIX}.kpi-defined.v1`;
const MEASURED = `${TYPE_PREFIX}.kpi-measured.v1`;

type Shared = Pick<IncomingEvent, 'source' | 'subject' | 'type' | 'data'>;

export async function benchmark(store: EventStore, feed: SharedFeed, institute: string): Promise<BenchmarkKpi[]> {
  const events: Shared[] = [];
  for (let after = 0n; ; ) {
    const { entries, last } = await feed.read(after, 5000, 'http://localhost', institute); // the schema's address is not used here
    events.push(...entries.map(({ event }) => ({ source: event.source, subject: event.subject!, type: event.type, data: event.data! })));
    if (last === after) break;
    after = last;
  }
  for await (const e of store.readAll({ filter: { streamPrefixes: [`${institutePrefix(institute)}peerfeed-`], eventTypes: [PEER_EVENT_RECEIVED] } })) {
    events.push((e.data as { event: IncomingEvent }).event);
  }
  return compare(events, sourceOf(institute));
}

interface Definition {
  nationalCode?: string;
  name: string;
  unit?: string;
}

/** Folds the events (in the order they happened per institute) into the comparison. */
export function compare(events: readonly Shared[], ownSource: string): BenchmarkKpi[] {
  const definitions = new Map<string, Definition>();
  const kpis = new Map<string, BenchmarkKpi>();
  const latest = new Map<string, BenchmarkValue>();
  for (const e of events) {
    const kpi = `${e.source}\u0000${e.subject}\u0000${String(e.data.kpiId)}`;
    if (e.type === DEFINED) {
      const { nationalCode, name, unit } = e.data as Record<string, string | undefined>;
      definitions.set(kpi, { name: name ?? '', ...(nationalCode ? { nationalCode } : {}), ...(unit ? { unit } : {}) });
      continue;
    }
    const definition = definitions.get(kpi);
    if (e.type !== MEASURED || !definition) continue;
    const compareBy = definition.nationalCode ?? `naam:${definition.name.toLowerCase().replace(/\s+/g, ' ').trim()}`;
    if (!kpis.has(compareBy)) kpis.set(compareBy, { ...definition, institutes: [] });
    const { measuredAt, n, value } = e.data as { measuredAt: string; n?: number; value?: number };
    const shown = typeof n === 'number' && n >= MIN_RESPONDENTS && typeof value === 'number';
    const measured: BenchmarkValue = {
      institute: e.source.replace(/^urn:nld:huisartsopleiding:/, ''),
      own: e.source === ownSource,
      measuredAt,
      ...(typeof n === 'number' ? { n } : {}),
      ...(shown ? { value } : { suppressed: true as const }),
    };
    const at = `${compareBy}\u0000${e.source}`;
    if ((latest.get(at)?.measuredAt ?? '') <= measuredAt) latest.set(at, measured);
  }
  for (const [at, value] of latest) kpis.get(at.split('\u0000')[0]!)!.institutes.push(value);
  const items = [...kpis.values()];
  for (const k of items) k.institutes.sort((a, b) => Number(b.own) - Number(a.own) || a.institute.localeCompare(b.institute));
  return items.sort((a, b) => (a.nationalCode ?? a.name).localeCompare(b.nationalCode ?? b.name));
}
