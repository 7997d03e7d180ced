/**
 * `GET /api/v1/gear` (API.md): the dossier model trimmed to the documented shape. Evidence sources
 * carry stream, revision and event id but not the global position, so the view depends only on
 * what each stream holds, not on how streams interleave in the store.
 */
import type { Dossier } from './dossier.ts';
import type { GearState } from './projection.ts';

/** `cycleId/evidenceId` (a dossier evidence id) → the uploaded document that evidence links. */
export function linkedDocumentIds(state: Pick<GearState, 'cycles'>): Map<string, string> {
  const out = new Map<string, string>();
  for (const c of state.cycles.values()) for (const e of c.evidence.values()) if (e.documentId) out.set(`${c.id}/${e.evidenceId}`, e.documentId);
  return out;
}

/** `documents`: what `linkedDocumentIds` gives, so evidence with a file names it (the dossier itself does not). */
export function gearView(d: Dossier, documents: ReadonlyMap<string, string> = new Map()) {
  return {
    framework: d.framework,
    version: d.version,
    asOf: d.asOf,
    position: d.position,
    period: d.period,
    mapping: { source: d.mapping.source, revision: d.mapping.revision },
    summary: d.summary,
    domains: d.domains.map((x) => ({
      id: x.id,
      title: x.title,
      core: x.core,
      zelfevaluatie: x.zelfevaluatie && reflectionView(x.zelfevaluatie),
      criteria: x.criteria.map((c) => ({
        code: c.code,
        title: c.title,
        ...(c.theme ? { theme: c.theme } : {}),
        status: c.status,
        zelfevaluatie: c.zelfevaluatie && reflectionView(c.zelfevaluatie),
        afwijking: c.afwijking,
        ...(c.afwijkingReden !== undefined ? { afwijkingReden: c.afwijkingReden } : {}),
        evidence: c.evidence.map((e) => ({
          id: e.id,
          title: e.title,
          kind: e.kind,
          effectiveAt: e.effectiveAt,
          ...(e.count !== undefined ? { count: e.count } : {}),
          herkomst: e.herkomst,
          ...(documents.has(e.id) ? { documentId: documents.get(e.id)! } : {}),
          source: { streamId: e.source.streamId, revision: e.source.revision, eventId: e.source.eventId },
        })),
      })),
      kpis: x.kpis.map((k) => ({
        id: k.id,
        goalId: k.goalId,
        name: k.name,
        unit: k.unit,
        baseline: k.baseline,
        target: k.target,
        targetValue: k.targetValue,
        measurements: k.measurements.map((m) => ({ value: m.value, source: m.source, measuredAt: m.measuredAt })),
        latest: k.latest,
        progress: k.progress,
        ...(k.explanation !== undefined ? { explanation: k.explanation } : {}),
        cycle: k.cycle,
      })),
      summary: x.summary,
      openFindings: x.openFindings,
      openActions: x.openActions,
      cycles: x.cycles,
    })),
    gaps: d.gaps,
  };
}

/** A reflection as the view shows it: its revision (for If-Match) but, like evidence, no store position. */
export function reflectionView<T extends { source: unknown }>({ source: _source, ...rest }: T): Omit<T, 'source'> {
  return rest;
}

export type GearView = ReturnType<typeof gearView>;
