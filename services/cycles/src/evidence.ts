/**
 * Evidence from a source into a cycle, the same way for every source (ADR 0011; ARCHITECTURE.md: work that
 * spans streams is a process manager that sends commands with deterministic ids). A source — a
 * feedback round, the LEOH group analysis, the startvisitaties, the docenten figures, the safe-climate
 * figures, the visits — only declares what it is and how it reads as evidence; this workflow does the
 * rest, once:
 * - `sha256` is the hash of the source's figures as canonical JSON (RFC 8785, @gearbox/kernel);
 * - a KPI measurement needs its figure: a source without it is refused (422, naming what is missing)
 *   before anything is stored, so evidence never lands without the measurement it was sent for;
 * - AddEvidence and RecordMeasurement carry event ids derived from the cycle, the source (stream and
 *   event, or read model and period) and the hash of its figures, and a step whose event the cycle
 *   already holds is not sent again. So a retry, a second request or a run after a restart never
 *   adds a second evidence item for the same source, and the same figures give the same result.
 *
 * The request that names the cycle is what starts it: a source event alone does not say which cycle
 * it belongs to, so the routes run the workflow directly rather than through a reactor. Evidence
 * and its measurement are one decision and one append (StreamHandler.executeAll): a process killed
 * at any moment leaves both or neither, and the same source sent again completes it
 * (services/server/test/evidence-crash.test.ts). If-Match and Idempotency-Key apply to that one
 * decision.
 */
import {
  CommandNotAllowedError,
  deterministicId,
  IdempotencyKeyReusedError,
  refused,
  sha256Of,
  text,
  ValidationError,
  type Answer,
  type Command,
  type CommandContext,
  type CommandOptions,
  type Decider,
  type EventRecord,
  type KernelDeps,
  type Text,
  type StreamHandler,
} from '@gearbox/kernel';
import { documentOf, type DocumentRecord } from '@gearbox/documents/registry';
import type { z } from 'zod';
import type { Cycle } from './definition.ts';
import type { AddEvidence, CycleKind } from './schemas.ts';

/** A figure of the source that a KPI of the cycle can take, measured at the evidence's `effectiveAt`. */
export interface SourceFigure {
  /** null when the source does not hold it (no data, a group too small to show). */
  value: number | null;
  /** What is missing when `value` is null, said so that a person can act on it. */
  missing: Text;
  /** Where the figure comes from, as the cycle's measurement records it. */
  source: string;
}

export interface EvidenceSource {
  /** What the evidence is taken from: a stream and one of its events, or a read model and the period it covers. */
  source: { stream: string; event: string };
  /** The kind of cycle the evidence belongs to; a cycle of another kind refuses it (422). */
  cycleKind: CycleKind;
  /** The figures the evidence rests on: hashed into `sha256`, and shown as `content` in the answer. */
  content: unknown;
  /** The evidence; the request may name another `evidenceId` and other `criteria`. */
  evidence: Omit<z.output<typeof AddEvidence>, 'sha256'>;
  figure?: SourceFigure;
}

/** What an evidence request names: the cycle, and optionally the evidence id, the criteria and a KPI to measure. */
export interface EvidenceRequest {
  cycleId: string;
  evidenceId?: string | undefined;
  criteria?: string[] | undefined;
  kpiId?: string | undefined;
}

export interface EvidenceResult {
  /** The cycle after the workflow, with the workflow's events (appended now, or by an earlier run). */
  cycle: Answer<Cycle> & { newEvents: EventRecord[] };
  evidence: z.output<typeof AddEvidence> & { sha256: string; content: unknown };
}

type RequestOptions = Pick<CommandOptions, 'ifMatch' | 'idempotencyKey' | 'requestHash'>;

export async function addEvidence(
  cycles: StreamHandler<Cycle>,
  ctx: CommandContext,
  request: EvidenceRequest,
  from: EvidenceSource,
  options: RequestOptions = {},
): Promise<EvidenceResult> {
  const { cycleId, kpiId } = request;
  // One read gives the cycle and the steps it already holds (by event id).
  const { view: cycle, events } = await cycles.read(ctx, cycleId);
  const held = byId(events);
  if (cycle.kind !== from.cycleKind) {
    throw new CommandNotAllowedError(
      'AddEvidence',
      cycle.allowed,
      text(
        `Cyclus ${cycleId} is een ${cycle.kind}-cyclus; dit bewijs hoort bij een ${from.cycleKind}-cyclus.`,
        `cycle ${cycleId} is a ${cycle.kind} cycle; this evidence belongs to a ${from.cycleKind} cycle.`,
      ),
    );
  }
  const evidence = {
    ...from.evidence,
    ...(request.evidenceId ? { evidenceId: request.evidenceId } : {}),
    ...(request.criteria ? { criteria: request.criteria } : {}),
    sha256: sha256Of(from.content),
  };
  const idOf = (step: string) =>
    deterministicId(`evidence:${ctx.institute}:${cycleId}:${from.source.stream}:${from.source.event}:${evidence.sha256}:${step}`);
  const steps: { id: string; command: Record<string, unknown> }[] = [{ id: idOf('evidence'), command: { type: 'AddEvidence', ...evidence } }];
  if (kpiId) {
    // Refused before anything is stored, so evidence never lands without its measurement.
    if (!cycle.kpis.some((k) => k.kpiId === kpiId)) {
      throw new CommandNotAllowedError(
        'RecordMeasurement',
        cycle.allowed,
        text(`KPI ${kpiId} is niet gedefinieerd in cyclus ${cycleId}.`, `KPI ${kpiId} is not defined in cycle ${cycleId}.`),
      );
    }
    const figure = from.figure;
    if (!figure || figure.value === null) {
      const missing = figure?.missing ?? text('deze bron geeft geen cijfer.', 'this source gives no figure.');
      throw new CommandNotAllowedError(
        'RecordMeasurement',
        cycle.allowed,
        text(`KPI ${kpiId} kan niet gemeten worden: ${missing.nl}`, `KPI ${kpiId} cannot be measured: ${missing.en}`),
      );
    }
    // Checked here, not by the RecordMeasurement schema after the evidence was stored.
    if (!evidence.effectiveAt) throw new Error(`${from.source.stream}: a source with a figure gives its evidence an effectiveAt`);
    const measurement = { type: 'RecordMeasurement', kpiId, value: figure.value, source: figure.source, measuredAt: evidence.effectiveAt };
    steps.push({ id: idOf(`measurement:${kpiId}`), command: measurement });
  }

  // The steps this cycle does not hold yet go in one decision and one append: evidence and its
  // measurement are stored together or not at all. With an Idempotency-Key the kernel judges the
  // key even when every step was done before: the same key with another body is refused (API.md),
  // and the same request answers what it stored.
  const todo = steps.filter((step) => !held.has(step.id));
  const sent = todo.length === 0 && options.idempotencyKey ? steps.slice(0, 1) : todo;
  let view: Answer<Cycle> = cycle;
  if (sent.length > 0) {
    try {
      const result = await cycles.executeAll(ctx, cycleId, sent.map((step) => ({ body: step.command, eventId: step.id })), options);
      if (!result.replayed) view = result.view;
      for (const event of result.newEvents) held.set(event.id, event);
    } catch (error) {
      if (error instanceof IdempotencyKeyReusedError) throw error;
      // Stored before without this key, or by a concurrent run of the same workflow: then it is done.
      const now = await cycles.read(ctx, cycleId);
      const stored = byId(now.events);
      if (!steps.every((step) => stored.has(step.id))) throw error;
      for (const [eventId, event] of stored) held.set(eventId, event);
      view = now.view;
    }
  }
  const newEvents = steps.map((step) => held.get(step.id)!);
  return { cycle: { ...view, newEvents }, evidence: { ...evidence, content: from.content } };
}

function byId(events: EventRecord[]): Map<string, EventRecord> {
  return new Map(events.map((e) => [e.id, e]));
}

/**
 * `AddEvidence {documentId}` links an uploaded document (services/documents): the cycle's
 * definition reads it from the registry before the decision (`contextFor`), and the decider fills
 * `sha256` from it, so the evidence names exactly the bytes that were uploaded. A `sha256` sent
 * beside a `documentId` is a 400; a document this institute does not have is a 422; nothing is
 * stored either way.
 */
export async function linkedDocument(deps: KernelDeps, institute: string, command: Command): Promise<{ document: DocumentRecord | undefined } | undefined> {
  const documentId = command.type === 'AddEvidence' ? command.data.documentId : undefined;
  if (typeof documentId !== 'string') return undefined;
  if (command.data.sha256 !== undefined) {
    throw new ValidationError(
      [{ path: 'sha256', message: text('vult de server in bij een documentId; stuur het niet mee', 'is filled in by the server for a documentId; do not send it') }],
      text('Stuur bij een document alleen zijn documentId.', 'Send only the documentId of a document.'),
    );
  }
  return { document: await documentOf(deps.store, institute, documentId) };
}

/** The cycle's decider with `sha256` filled from the linked document (linkedDocument). */
export function withDocuments(built: Decider): Decider {
  return {
    ...built,
    decide(state, command, context) {
      const linked = context.extra as Awaited<ReturnType<typeof linkedDocument>>;
      if (!linked) return built.decide(state, command, context);
      const { document } = linked;
      const decision = built.decide(state, document ? { ...command, data: { ...command.data, sha256: document.sha256 } } : command, context);
      if ('refusal' in decision || document) return decision;
      const id = String(command.data.documentId);
      return refused(
        new CommandNotAllowedError(
          command.type,
          built.allowed(state, command.roles),
          text(`Document ${id} bestaat niet in dit instituut; upload het eerst (POST /api/v1/documents).`, `Document ${id} does not exist in this institute; upload it first (POST /api/v1/documents).`),
        ),
      );
    },
  };
}
