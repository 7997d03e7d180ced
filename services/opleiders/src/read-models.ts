/**
 * Read models of opleiders, folded from the store by the kernel's StreamIndex: the list, the CMO
 * queue and the LEOH group analysis. Personal fields stay sealed in memory and are opened per
 * request, so an erasure shows at once without a rebuild.
 */
import { StreamIndex, unsealDeep, type IndexedStream, type KeyStore } from '@gearbox/kernel';
import { opleiderDefinition } from './definition.ts';
import type { LeohSettings } from './leoh-settings.ts';
import { statusOf, type CmoFile, type OpleiderContext, type OpleidingStatus } from './machine.ts';
import { audienceOf, type Audience } from './visibility.ts';

export type OpleiderIndex = StreamIndex<IndexedStream>;

export function opleiderIndex(): OpleiderIndex {
  return new StreamIndex(opleiderDefinition, (entry) => entry);
}

const contextOf = (e: IndexedStream) => e.snapshot.context as OpleiderContext;
const cmoOpen = (file: CmoFile | null): file is CmoFile => file !== null && file.status !== 'afgesloten';

export interface OpleiderListQuery {
  status?: string;
  /** `open`: with an open CMO file. */
  cmo?: string;
}

const seesNames = (audience: Audience) => audience === 'full' || audience === 'staff';

/** The opleider's name for the deadline list, for the roles that see names in the list above. */
export function opleiderName(index: OpleiderIndex, keys: KeyStore, institute: string, id: string, roles: readonly string[]): string | undefined {
  const entry = seesNames(audienceOf(roles)) ? index.entries(institute).find((e) => e.id === id) : undefined;
  return entry ? (unsealDeep(keys, institute, contextOf(entry).name) as string) : undefined;
}

export function listOpleiders(index: OpleiderIndex, keys: KeyStore, institute: string, roles: readonly string[], query: OpleiderListQuery = {}) {
  const audience = audienceOf(roles);
  return index
    .entries(institute)
    .filter((e) => !query.status || statusOf(e.snapshot.value) === query.status)
    .filter((e) => query.cmo !== 'open' || cmoOpen(contextOf(e).cmo))
    .map((e) => {
      const c = contextOf(e);
      const status = statusOf(e.snapshot.value);
      const cmo = cmoOpen(c.cmo) ? { status: audience === 'full' ? c.cmo.status : c.cmo.status === 'screening' ? 'screening' : 'lopend', openedAt: c.cmo.openedAt } : undefined;
      const base = {
        id: e.id,
        practice: c.practice,
        status,
        ...(c.recognisedUntil ? { recognisedUntil: c.recognisedUntil } : {}),
        counts: { leoh: c.leoh.length, signals: c.signals.length },
        ...(cmo ? { cmo } : {}),
        revision: e.revision,
      };
      if (!seesNames(audience)) return base;
      return { ...base, name: unsealDeep(keys, institute, c.name) as string };
    });
}

export interface CmoQueueItem {
  opleiderId: string;
  name: string;
  practice: string;
  status: OpleidingStatus;
  cmo: CmoFile;
  signals: OpleiderContext['signals'];
}

/** Open screenings and trajects, oldest first (API.md `GET /api/v1/cmo/queue`, for `cmo` and `mt`). */
export function cmoQueue(index: OpleiderIndex, keys: KeyStore, institute: string): CmoQueueItem[] {
  return index
    .entries(institute)
    .filter((e) => cmoOpen(contextOf(e).cmo))
    .map((e) => {
      const c = contextOf(e);
      const file = c.cmo!;
      return unsealDeep(keys, institute, {
        opleiderId: e.id,
        name: c.name,
        practice: c.practice,
        status: statusOf(e.snapshot.value),
        cmo: file,
        signals: c.signals.filter((s) => s.screeningId === file.screeningId),
      });
    })
    .sort((a, b) => a.cmo.openedAt.localeCompare(b.cmo.openedAt) || a.opleiderId.localeCompare(b.opleiderId));
}

/** Groups with fewer respondents than this are shown as "te weinig respons", never as figures (BRIEF.md). */
export const MIN_RESPONDENTS = 5;
export const TOO_FEW = 'te weinig respons';

export type ItemSummary =
  | { item: string; title?: string; respondents: number; n: number; mean: number; distribution: Record<string, number> }
  | { item: string; title?: string; result: typeof TOO_FEW };

export interface LeohSummary {
  period: string | null;
  minRespondents: number;
  scale: { min: number; max: number } | null;
  threshold: number | null;
  crucialItems: string[];
  /** Distinct respondents over all items, or "te weinig respons". */
  respondents: number | typeof TOO_FEW;
  items: ItemSummary[];
  opleidersWithSignals: { opleiderId: string; name?: string; practice?: string; signals: number; items: string[]; cmo?: string }[];
}

/** `2026` selects 2026, 2026-H1, 2026-Q3 and 2026-05; `2026-H1` only itself. */
export function inPeriod(evaluationPeriod: string, period: string | undefined): boolean {
  return !period || evaluationPeriod === period || evaluationPeriod.startsWith(`${period}-`);
}

/**
 * The group analysis over all opleiders that the AMC report says it could not yet generate: per
 * item n, mean and distribution over the scale, and the opleiders with signals in the period.
 */
export function leohSummary(
  index: OpleiderIndex,
  keys: KeyStore,
  institute: string,
  settings: LeohSettings | undefined,
  period: string | undefined,
  audience: Audience,
): LeohSummary {
  const answers = new Map<string, { respondent: string; score: number }[]>();
  const everyone = new Set<string>();
  const withSignals: LeohSummary['opleidersWithSignals'] = [];
  for (const e of index.entries(institute)) {
    const c = contextOf(e);
    for (const ev of c.leoh) {
      if (!inPeriod(ev.period, period)) continue;
      everyone.add(ev.respondent);
      for (const [item, score] of Object.entries(ev.scores)) {
        const list = answers.get(item) ?? [];
        list.push({ respondent: ev.respondent, score });
        answers.set(item, list);
      }
    }
    const signals = c.signals.filter((s) => inPeriod(s.period, period));
    if (signals.length > 0) {
      withSignals.push({
        opleiderId: e.id,
        ...(audience === 'full' || audience === 'staff' ? { name: unsealDeep(keys, institute, c.name) as string, practice: c.practice } : {}),
        signals: signals.length,
        items: [...new Set(signals.flatMap((s) => s.items.map((i) => i.item)))].sort(),
        ...(c.cmo && audience === 'full' ? { cmo: c.cmo.status } : {}),
      });
    }
  }
  const titles = new Map((settings?.items ?? []).map((i) => [i.code, i.title]));
  const order = [...(settings?.items.map((i) => i.code) ?? []), ...[...answers.keys()].filter((k) => !titles.has(k)).sort()];
  const items: ItemSummary[] = order.map((item) => {
    const list = answers.get(item) ?? [];
    const title = titles.get(item);
    const respondents = new Set(list.map((a) => a.respondent)).size;
    if (respondents < MIN_RESPONDENTS) return { item, ...(title ? { title } : {}), result: TOO_FEW };
    const distribution: Record<string, number> = {};
    if (settings) for (let v = settings.scale.min; v <= settings.scale.max; v++) distribution[String(v)] = 0;
    for (const a of list) distribution[String(a.score)] = (distribution[String(a.score)] ?? 0) + 1;
    const mean = list.reduce((sum, a) => sum + a.score, 0) / list.length;
    return { item, ...(title ? { title } : {}), respondents, n: list.length, mean: Math.round(mean * 100) / 100, distribution };
  });
  return {
    period: period ?? null,
    minRespondents: MIN_RESPONDENTS,
    scale: settings?.scale ?? null,
    threshold: settings?.threshold ?? null,
    crucialItems: settings?.crucialItems ?? [],
    respondents: everyone.size < MIN_RESPONDENTS ? TOO_FEW : everyone.size,
    items,
    opleidersWithSignals: withSignals.sort((a, b) => b.signals - a.signals || a.opleiderId.localeCompare(b.opleiderId)),
  };
}
