/**
 * Read models of docenten: the list, and the aggregate the docenten PDCA cycle takes as evidence
 * (feedback of aios per programme, 360-degree rounds, jaargesprekken, scholing, intervisie).
 * Groups of fewer than five aios are shown as "te weinig respons", never as figures.
 */
import { StreamIndex, unsealDeep, type IndexedStream, type KeyStore } from '@gearbox/kernel';
import { docentDefinition } from './definition.ts';
import { audienceOf } from './visibility.ts';
import type { AiosFeedback, DocentContext } from './machine.ts';

export type DocentIndex = StreamIndex<IndexedStream>;
export const docentIndex = (): DocentIndex => new StreamIndex(docentDefinition, (entry) => entry);

export const MIN_RESPONDENTS = 5;
export const TOO_FEW = 'te weinig respons';

const contextOf = (e: IndexedStream) => e.snapshot.context as DocentContext;

export function listDocenten(index: DocentIndex, keys: KeyStore, institute: string, roles: readonly string[], query: { status?: string; role?: string } = {}) {
  const audience = audienceOf(roles);
  return index
    .entries(institute)
    .filter((e) => !query.status || e.snapshot.value === query.status)
    .filter((e) => !query.role || contextOf(e).role === query.role)
    .map((e) => {
      const c = contextOf(e);
      const base = { id: e.id, role: c.role, status: e.snapshot.value as string, counts: { feedback: c.feedback.length, jaargesprekken: c.jaargesprekken.length }, revision: e.revision };
      return audience === 'full' || audience === 'staff' ? { ...base, name: unsealDeep(keys, institute, c.name) as string } : base;
    });
}

/** Means per item weighted by the number of respondents, on a 0–100 basis so scales can mix. */
function weighted(list: Pick<AiosFeedback, 'n' | 'scale' | 'scores'>[]) {
  const sums = new Map<string, { total: number; n: number }>();
  for (const f of list) {
    for (const [item, score] of Object.entries(f.scores)) {
      const pct = ((score - f.scale.min) / (f.scale.max - f.scale.min)) * 100;
      const s = sums.get(item) ?? { total: 0, n: 0 };
      s.total += pct * f.n;
      s.n += f.n;
      sums.set(item, s);
    }
  }
  return Object.fromEntries([...sums].sort(([a], [b]) => a.localeCompare(b)).map(([item, s]) => [item, Math.round((s.total / s.n) * 10) / 10]));
}

export interface DocentenAggregate {
  from: string;
  to: string;
  docenten: number;
  feedback: {
    sessions: number;
    respondents: number | typeof TOO_FEW;
    /** Per item, 0–100 (the score's place on its scale), weighted by respondents. */
    items: Record<string, number> | typeof TOO_FEW;
    /** The mean over all items, 0–100: the satisfaction KPI. */
    overall: number | null;
    programmes: { programme: string; sessions: number; respondents: number | typeof TOO_FEW; items?: Record<string, number> }[];
  };
  rounds360: { started: number; closed: number };
  jaargesprekken: { held: number; share: number | null };
  scholing: { courses: number; hours: number };
  intervisie: number;
}

export function docentenAggregate(index: DocentIndex, institute: string, from: string, to: string): DocentenAggregate {
  const within = (date: string) => date >= from && date <= to;
  const years = (year: number) => year >= Number(from.slice(0, 4)) && year <= Number(to.slice(0, 4));
  const docenten = index.entries(institute).map(contextOf);
  const active = docenten.filter((d) => d.registeredAt.slice(0, 10) <= to && (!d.left || d.left.at.slice(0, 10) >= from));
  const feedback = docenten.flatMap((d) => d.feedback.filter((f) => within(f.date)));
  const respondents = feedback.reduce((sum, f) => sum + f.n, 0);
  const items = weighted(feedback);
  const values = Object.values(items);
  const byProgramme = new Map<string, AiosFeedback[]>();
  for (const f of feedback) byProgramme.set(f.programme, [...(byProgramme.get(f.programme) ?? []), f]);
  const rounds = docenten.flatMap((d) => d.rounds.filter((r) => years(r.year)));
  const held = active.filter((d) => d.jaargesprekken.some((j) => within(j.date))).length;
  const scholing = docenten.flatMap((d) => d.scholing.filter((x) => within(x.date)));
  const enough = respondents >= MIN_RESPONDENTS;
  return {
    from,
    to,
    docenten: active.length,
    feedback: {
      sessions: feedback.length,
      respondents: enough ? respondents : TOO_FEW,
      items: enough ? items : TOO_FEW,
      overall: enough && values.length ? Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 10) / 10 : null,
      programmes: [...byProgramme]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([programme, list]) => {
          const n = list.reduce((sum, f) => sum + f.n, 0);
          return n >= MIN_RESPONDENTS ? { programme, sessions: list.length, respondents: n, items: weighted(list) } : { programme, sessions: list.length, respondents: TOO_FEW };
        }),
    },
    rounds360: { started: rounds.length, closed: rounds.filter((r) => r.status === 'gesloten').length },
    jaargesprekken: { held, share: active.length ? Math.round((held / active.length) * 1000) / 10 : null },
    scholing: { courses: scholing.length, hours: scholing.reduce((sum, x) => sum + x.hours, 0) },
    intervisie: docenten.reduce((sum, d) => sum + d.intervisie.filter((i) => within(i.date)).length, 0),
  };
}
