/**
 * Test histories written through the kernel's real command path (StreamHandler with the PDCA
 * cycle definition), on an in-memory or file SQLite store, with a manual clock.
 */
import { openSqliteEventStore, type EventStore } from '@gearbox/eventstore';
import { SCHEMA_VERSION, StreamHandler, manualClock, openSqliteKeyStore, seal, sequentialIds, type Actor, type CommandContext, type EventMeta, type KeyStore } from '@gearbox/kernel';
import { cycleDefinition, type Cycle } from '@gearbox/cycles';

export const INSTITUTE = 'utrecht';
export const KWALITEIT: Actor = { sub: 'q-1', name: 'Quinty Kwaliteitsma', roles: ['kwaliteitsmedewerker'] };
export const MT: Actor = { sub: 'mt-1', name: 'Marloes Managementteam', roles: ['mt'] };
export const ADMIN: Actor = { sub: 'admin-1', name: 'Adriaan Beheerder', roles: ['admin'] };

export interface World {
  store: EventStore;
  keys: KeyStore;
  clock: ReturnType<typeof manualClock>;
  cycles: StreamHandler<Cycle>;
  ids: () => string;
  ctx(actor: Actor, institute?: string): CommandContext;
  close(): Promise<void>;
}

// After the 2025 cycles of the histories: a measurement or review may not be dated in the future (services/cycles happened-on.ts).
export function world(path = ':memory:', start = '2026-01-06T09:00:00.000Z'): World {
  const store = openSqliteEventStore({ path });
  const keys = openSqliteKeyStore(':memory:');
  const clock = manualClock(start);
  const ids = sequentialIds();
  const cycles = new StreamHandler(cycleDefinition, { store, keys, clock, ids });
  return {
    store,
    keys,
    clock,
    cycles,
    ids,
    ctx: (actor, institute = INSTITUTE) => ({ institute, actor, correlationId: 'test' }),
    close: async () => {
      await store.close();
      keys.close();
    },
  };
}

export interface EvidenceSpec {
  evidenceId: string;
  title: string;
  kind?: string;
  effectiveAt?: string;
  criteria?: string[];
  summary?: string;
  uri?: string;
}

export interface CycleSpec {
  kind: string;
  title: string;
  period: { from: string; to: string };
  scope?: string;
  evidence?: EvidenceSpec[];
  kpi?: { kpiId: string; name: string; measured?: number };
  findings?: { findingId: string; title: string; assessment: 'voldoet' | 'deels' | 'voldoet-niet'; evidenceIds: string[] }[];
  actions?: { actionId: string; findingId: string; title: string; owner: string; complete?: boolean }[];
  accept?: { findingId: string; rationale: string }[];
  /** Where to stop: after the do phase's evidence, after the check, or closed (default). */
  until?: 'do' | 'check' | 'closed';
  institute?: string;
}

/** Runs a cycle from start to `until`, a clock hour per step; returns its id. */
export async function runCycle(w: World, spec: CycleSpec): Promise<string> {
  const q = w.ctx(KWALITEIT, spec.institute);
  const mt = w.ctx(MT, spec.institute);
  const step = async (ctx: CommandContext, body: Record<string, unknown>) => {
    w.clock.advance(3_600_000);
    return w.cycles.execute(ctx, id, body);
  };
  w.clock.advance(3_600_000);
  const started = await w.cycles.start(q, { kind: spec.kind, title: spec.title, period: spec.period, ...(spec.scope ? { scope: spec.scope } : {}) });
  const id = started.view.id as string;
  await step(q, { type: 'SetGoal', goalId: 'doel-1', title: `Doel van ${spec.title}` });
  if (spec.kpi) {
    await step(q, {
      type: 'DefineKpi',
      kpiId: spec.kpi.kpiId,
      goalId: 'doel-1',
      name: spec.kpi.name,
      unit: '%',
      baseline: { value: 60, source: 'NIVEL-enquête 2018', year: 2018 },
      target: { value: 72, by: spec.period.to },
    });
  }
  await step(q, { type: 'PlanActivity', activityId: 'act-1', title: 'Uitvoeren', owner: 'A. de Vries', due: spec.period.to });
  await step(mt, { type: 'ApprovePlan' });
  for (const e of spec.evidence ?? []) await step(q, { type: 'AddEvidence', kind: 'document', ...e });
  if (spec.kpi?.measured !== undefined) {
    await step(q, { type: 'RecordMeasurement', kpiId: spec.kpi.kpiId, value: spec.kpi.measured, source: 'NIVEL-enquête', measuredAt: spec.period.to });
  }
  if (spec.until === 'do') return id;
  await step(q, { type: 'CompleteActivity', activityId: 'act-1' });
  await step(q, { type: 'StartCheck' });
  for (const f of spec.findings ?? []) await step(q, { type: 'RecordFinding', ...f });
  await step(q, { type: 'HoldReview', reviewId: 'review-1', body: 'mt', date: spec.period.to });
  if (spec.kpi && spec.kpi.measured === undefined) await step(q, { type: 'ExplainKpi', kpiId: spec.kpi.kpiId, reason: 'De enquête is uitgesteld.' });
  await step(q, { type: 'CompleteCheck' });
  if (spec.until === 'check') return id;
  for (const a of spec.actions ?? []) {
    await step(mt, { type: 'DecideAction', actionId: a.actionId, findingId: a.findingId, title: a.title, owner: a.owner, due: spec.period.to });
  }
  for (const a of spec.accept ?? []) await step(mt, { type: 'AcceptFinding', ...a });
  for (const a of spec.actions ?? []) if (a.complete) await step(q, { type: 'CompleteAction', actionId: a.actionId, result: 'Gedaan.' });
  await step(q, { type: 'CommunicateOutcome', audience: ['aios', 'staf'], channel: 'nieuwsbrief', summary: 'Uitkomsten gedeeld.' });
  await step(mt, { type: 'CloseCycle' });
  return id;
}

/**
 * Events of another stream type, appended with the kernel's envelope: what a service (opleiders,
 * leerplekken, ...) would have stored. Used to show that only mapped counts reach a dossier.
 */
export async function appendOther(
  w: World,
  streamId: string,
  events: { type: string; data: Record<string, unknown> }[],
  actor: Actor = KWALITEIT,
  institute = INSTITUTE,
): Promise<void> {
  w.clock.advance(3_600_000);
  const metadata: EventMeta = {
    time: w.clock().toISOString(),
    institute,
    actor: { sub: actor.sub, name: seal(w.keys, institute, actor.sub, actor.name), roles: actor.roles },
    correlationId: 'test',
    causationId: null,
    schemaVersion: SCHEMA_VERSION,
  };
  await w.store.appendToStream(streamId, events.map((e) => ({ id: w.ids(), type: e.type, data: e.data, metadata })));
}

/** A small realistic history: four cycle kinds, evidence with and without criteria, findings, KPIs, and an opleider's events. */
export async function demoHistory(w: World): Promise<Record<string, string>> {
  const curriculum = await runCycle(w, {
    kind: 'curriculum',
    title: 'Curriculum 2025',
    period: { from: '2025-01-01', to: '2025-12-31' },
    evidence: [
      { evidenceId: 'feedback-h1', title: 'Feedback aios op terugkomdagen H1', kind: 'survey', effectiveAt: '2025-06-30', criteria: ['CUR-2'] },
      { evidenceId: 'toetsplan', title: 'Toetsplan 2025', effectiveAt: '2025-02-01', criteria: ['TB-1', 'AN-4'] },
      { evidenceId: 'notulen-cc', title: 'Notulen curriculumcommissie', kind: 'minutes', effectiveAt: '2025-03-15' },
    ],
    kpi: { kpiId: 'tevredenheid', name: 'Tevredenheid derdejaars aios over het onderwijs', measured: 70 },
    findings: [
      { findingId: 'f-feedback', title: 'Feedback wordt structureel verwerkt', assessment: 'voldoet', evidenceIds: ['feedback-h1'] },
      { findingId: 'f-toets', title: 'Toetsplan dekt wetenschappelijke vorming maar deels', assessment: 'deels', evidenceIds: ['toetsplan'] },
    ],
    actions: [{ actionId: 'a-toets', findingId: 'f-toets', title: 'Onderzoeksproject opnemen in toetsplan', owner: 'B. Jansen' }],
  });
  const leeromgeving = await runCycle(w, {
    kind: 'leeromgeving',
    title: 'Leeromgeving 2025',
    period: { from: '2025-01-01', to: '2025-12-31' },
    evidence: [{ evidenceId: 'klimaat', title: 'Enquête opleidingsklimaat 2025', kind: 'survey', effectiveAt: '2025-06-30', criteria: ['LO-3'] }],
    kpi: { kpiId: 'veilig', name: 'Aios die het opleidingsklimaat veilig vinden' },
    findings: [{ findingId: 'f-klimaat', title: 'Klimaat niet overal veilig', assessment: 'voldoet-niet', evidenceIds: ['klimaat'] }],
    actions: [{ actionId: 'a-klimaat', findingId: 'f-klimaat', title: 'Gesprekken met opleiders over veiligheid', owner: 'C. de Boer', complete: true }],
  });
  const opleiders = await runCycle(w, {
    kind: 'opleiders',
    title: 'Opleiders 2025',
    period: { from: '2025-01-01', to: '2025-12-31' },
    evidence: [{ evidenceId: 'leoh-2025', title: 'LEOH-groepsanalyse 2025', kind: 'dataset', effectiveAt: '2025-12-31' }],
    until: 'do',
  });
  const organisatie = await runCycle(w, {
    kind: 'organisatie',
    title: 'Jaarplan 2025',
    period: { from: '2025-01-01', to: '2025-12-31' },
    evidence: [{ evidenceId: 'jaarverslag', title: 'Jaarverslag 2024', effectiveAt: '2025-04-01', criteria: ['VKB-5', 'XYZ-9'] }],
    findings: [{ findingId: 'f-jv', title: 'Jaarverslag op tijd', assessment: 'deels', evidenceIds: ['jaarverslag'] }],
    accept: [{ findingId: 'f-jv', rationale: 'Vertraging door personeelswisseling; geaccepteerd voor dit jaar.' }],
  });
  await appendOther(w, `${INSTITUTE}/opleider-op-1`, [
    { type: 'OpleiderRegistered', data: { name: 'Dr. Olga Opleider', practice: 'Praktijk Zuid', subjectId: 'opleider:op-1' } },
    { type: 'StartvisitatieRecorded', data: { stage: 'bezoek', outcome: 'positief', date: '2025-03-03' } },
    { type: 'LeohRecorded', data: { evaluationId: 'ev-1', period: '2025-H1', respondent: 'resp-7f', scores: { veiligheid: 2 } } },
    { type: 'CmoDecided', data: { decision: 'monitoring', rationale: 'VERTROUWELIJK: zorgen over de begeleiding van aios Jan Jansen' } },
  ]);
  return { curriculum, leeromgeving, opleiders, organisatie };
}
