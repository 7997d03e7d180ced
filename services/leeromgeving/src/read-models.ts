/**
 * Read models of leerplekken: the list, and the figures the leeromgeving PDCA cycle takes as
 * evidence and KPI measurements (Utrecht 2021-2023: "+20% aios die het opleidingsklimaat veilig
 * vinden, t.o.v. NIVEL 2018"). Groups under five respondents are "te weinig respons".
 */
import { StreamIndex, type IndexedStream } from '@gearbox/kernel';
import { leerplekDefinition } from './definition.ts';
import { audienceOf } from './visibility.ts';
import type { LeerplekContext } from './machine.ts';

export type LeerplekIndex = StreamIndex<IndexedStream>;
export const leerplekIndex = (): LeerplekIndex => new StreamIndex(leerplekDefinition, (entry) => entry);

export const MIN_RESPONDENTS = 5;
export const TOO_FEW = 'te weinig respons';

const contextOf = (e: IndexedStream) => e.snapshot.context as LeerplekContext;

export function listLeerplekken(index: LeerplekIndex, institute: string, roles: readonly string[], query: { kind?: string; status?: string } = {}) {
  const audience = audienceOf(roles);
  return index
    .entries(institute)
    .filter((e) => !query.kind || contextOf(e).kind === query.kind)
    .filter((e) => !query.status || e.snapshot.value === query.status)
    .map((e) => {
      const c = contextOf(e);
      return {
        id: e.id,
        kind: c.kind,
        name: c.name,
        ...(c.location ? { location: c.location } : {}),
        status: e.snapshot.value as string,
        ...(audience === 'minimal' ? {} : { opleiders: c.opleiders, counts: { visits: c.visits.length, klimaat: c.klimaat.length, vgb: c.vgb.length } }),
        revision: e.revision,
      };
    });
}

export interface KlimaatFigures {
  from: string;
  to: string;
  source: string | null;
  measurements: number;
  leerplekken: number;
  respondents: number | typeof TOO_FEW;
  /** Share of aios who find the climate safe, weighted by respondents, in %. */
  shareSafe: number | typeof TOO_FEW;
  bySource: { source: string; measurements: number; respondents: number | typeof TOO_FEW; shareSafe: number | typeof TOO_FEW }[];
}

export function klimaatFigures(index: LeerplekIndex, institute: string, from: string, to: string, source?: string): KlimaatFigures {
  const rows = index
    .entries(institute)
    .flatMap((e) => contextOf(e).klimaat.map((m) => ({ ...m, leerplek: e.id })))
    .filter((m) => m.measuredAt >= from && m.measuredAt <= to && (!source || m.source === source));
  const share = (list: typeof rows) => {
    const n = list.reduce((sum, m) => sum + m.n, 0);
    if (n < MIN_RESPONDENTS) return { respondents: TOO_FEW, shareSafe: TOO_FEW } as const;
    return { respondents: n, shareSafe: Math.round((list.reduce((sum, m) => sum + m.shareSafe * m.n, 0) / n) * 10) / 10 };
  };
  const sources = [...new Set(rows.map((m) => m.source))].sort();
  return {
    from,
    to,
    source: source ?? null,
    measurements: rows.length,
    leerplekken: new Set(rows.map((m) => m.leerplek)).size,
    ...share(rows),
    bySource: sources.map((src) => {
      const list = rows.filter((m) => m.source === src);
      return { source: src, measurements: list.length, ...share(list) };
    }),
  };
}

export interface BezoekFigures {
  from: string;
  to: string;
  leerplekken: number;
  visits: Record<string, number>;
  /** Opleidingspraktijken with at least one VGB in the triangle in the period, and their share in %. */
  vgb: { held: number; praktijkenMetVgb: number; share: number | null };
  suspended: number;
}

export function bezoekFigures(index: LeerplekIndex, institute: string, from: string, to: string): BezoekFigures {
  const within = (date: string) => date >= from && date <= to;
  const all = index.entries(institute);
  const visits: Record<string, number> = {};
  for (const e of all) for (const v of contextOf(e).visits) if (within(v.date)) visits[v.kind] = (visits[v.kind] ?? 0) + 1;
  const praktijken = all.filter((e) => contextOf(e).kind === 'opleidingspraktijk');
  const withVgb = praktijken.filter((e) => contextOf(e).vgb.some((v) => within(v.date))).length;
  return {
    from,
    to,
    leerplekken: all.length,
    visits,
    vgb: {
      held: all.reduce((sum, e) => sum + contextOf(e).vgb.filter((v) => within(v.date)).length, 0),
      praktijkenMetVgb: withVgb,
      share: praktijken.length ? Math.round((withVgb / praktijken.length) * 1000) / 10 : null,
    },
    suspended: all.filter((e) => e.snapshot.value === 'geschorst').length,
  };
}
