import { afterEach, describe, expect, it } from 'vitest';
import { CommandNotAllowedError, IdempotencyKeyReusedError, sha256Of, StreamHandler, text, type DomainError } from '@gearbox/kernel';
import { as, contextOf, memoryDeps, type MemoryDeps } from '@gearbox/kernel/testing';
import { cycleInDo } from '../src/testing.ts';
import { addEvidence, cycleDefinition, type Cycle, type EvidenceSource } from '../src/index.ts';

const open: MemoryDeps[] = [];
afterEach(async () => {
  for (const deps of open.splice(0)) await deps.close();
});

const qm = contextOf(as('kwaliteitsmedewerker', 'mt'));
const KPI = { kpiId: 'veilig', name: 'aios die het klimaat veilig vinden', unit: '%', baseline: { value: 70, source: 'NIVEL', year: 2018 }, target: { value: 84, by: '2026-12-31' } };

/** A leeromgeving cycle in phase do with KPI `veilig`, on in-memory stores. */
async function setup() {
  const deps = memoryDeps();
  open.push(deps);
  const cycles = new StreamHandler(cycleDefinition, deps);
  const cycleId = await cycleInDo(cycles, { kind: 'leeromgeving', title: 'Leeromgeving 2026', period: { from: '2026-01-01', to: '2026-12-31' } }, KPI);
  const events = async () => (await cycles.events(qm, cycleId)).map((e) => e.type);
  return { deps, cycles: cycles as StreamHandler<Cycle>, cycleId, events };
}

/** A climate survey as a source: its figures, and the share safe as the figure a KPI can take. */
const klimaat = (shareSafe: number | null, respondents = 40): EvidenceSource => ({
  source: { stream: 'leerplekken-klimaat', event: '2025-07-01/2025-12-31' },
  cycleKind: 'leeromgeving',
  content: { respondents, shareSafe, from: '2025-07-01', to: '2025-12-31' },
  evidence: { evidenceId: 'klimaat-2026-h1', title: 'Veilig opleidingsklimaat', kind: 'survey', effectiveAt: '2025-12-31', summary: `${shareSafe}% veilig` },
  figure: { value: shareSafe, missing: text('te weinig respons (minder dan 5).', 'te weinig respons (fewer than 5).'), source: 'enquête' },
});

async function refusal(attempt: Promise<unknown>): Promise<DomainError> {
  const error = await attempt.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(Error);
  return error as DomainError;
}

describe('evidence from a source into a cycle', () => {
  it('adds the evidence with the sha256 of its figures as canonical JSON, and the KPI measurement', async () => {
    const { cycles, cycleId } = await setup();
    const { cycle, evidence } = await addEvidence(cycles, qm, { cycleId, kpiId: 'veilig', criteria: ['LO-2'] }, klimaat(81.5));
    expect(cycle.newEvents.map((e) => e.type)).toEqual(['EvidenceAdded', 'MeasurementRecorded']);
    expect(evidence.sha256).toBe(sha256Of({ to: '2025-12-31', from: '2025-07-01', shareSafe: 81.5, respondents: 40 }));
    expect(cycle.evidence).toMatchObject([{ evidenceId: 'klimaat-2026-h1', sha256: evidence.sha256, criteria: ['LO-2'], effectiveAt: '2025-12-31' }]);
    expect(cycle.kpis[0]!.measurements).toMatchObject([{ value: 81.5, source: 'enquête', measuredAt: '2025-12-31' }]);
  });

  it('adds the same source once: a second request answers the same events and appends nothing', async () => {
    const { deps, cycles, cycleId } = await setup();
    const first = await addEvidence(cycles, qm, { cycleId, kpiId: 'veilig' }, klimaat(81.5));
    const head = await deps.store.headPosition();
    const again = await addEvidence(cycles, qm, { cycleId, kpiId: 'veilig', evidenceId: 'ander-id' }, klimaat(81.5));
    expect(again.cycle.newEvents).toEqual(first.cycle.newEvents);
    expect(again.cycle.evidence).toHaveLength(1);
    expect(await deps.store.headPosition()).toBe(head);
    // Sent at the same moment, too.
    const { cycles: other, cycleId: id } = await setup();
    const both = await Promise.all([addEvidence(other, qm, { cycleId: id }, klimaat(70)), addEvidence(other, qm, { cycleId: id }, klimaat(70))]);
    expect(both[0].cycle.newEvents).toEqual(both[1].cycle.newEvents);
    expect((await other.get(qm, id)).evidence).toHaveLength(1);
  });

  it('stores evidence and its measurement together or not at all; a retry stores both once', async () => {
    const { deps, cycles, cycleId, events } = await setup();
    const before = await events();
    const append = deps.store.appendToStream.bind(deps.store);
    const batches: string[][] = [];
    deps.store.appendToStream = async (stream, batch, options) => {
      batches.push(batch.map((e) => e.type));
      if (batch.some((e) => e.type === 'MeasurementRecorded')) throw new Error('the store went away');
      return append(stream, batch, options);
    };
    await expect(addEvidence(cycles, qm, { cycleId, kpiId: 'veilig' }, klimaat(81.5))).rejects.toThrow('went away');
    deps.store.appendToStream = append;
    // One append carried both events; it failed, so neither is stored.
    expect(batches).toEqual([['EvidenceAdded', 'MeasurementRecorded']]);
    expect(await events()).toEqual(before);
    const retried = await addEvidence(cycles, qm, { cycleId, kpiId: 'veilig' }, klimaat(81.5));
    expect(retried.cycle.newEvents.map((e) => e.type)).toEqual(['EvidenceAdded', 'MeasurementRecorded']);
    expect((await events()).filter((t) => t === 'EvidenceAdded' || t === 'MeasurementRecorded')).toEqual(['EvidenceAdded', 'MeasurementRecorded']);
  });

  it('takes a stored append whose answer was lost as done', async () => {
    const { deps, cycles, cycleId, events } = await setup();
    const append = deps.store.appendToStream.bind(deps.store);
    deps.store.appendToStream = async (stream, batch, options) => {
      const result = await append(stream, batch, options);
      if (batch.some((e) => e.type === 'EvidenceAdded')) throw new Error('the answer was lost');
      return result;
    };
    const { cycle } = await addEvidence(cycles, qm, { cycleId, kpiId: 'veilig' }, klimaat(81.5));
    expect(cycle.newEvents.map((e) => e.type)).toEqual(['EvidenceAdded', 'MeasurementRecorded']);
    expect((await events()).filter((t) => t === 'EvidenceAdded')).toHaveLength(1);
  });

  it('refuses a KPI without its figure, naming what is missing, and stores nothing', async () => {
    const { deps, cycles, cycleId } = await setup();
    const head = await deps.store.headPosition();
    const missing = await refusal(addEvidence(cycles, qm, { cycleId, kpiId: 'veilig' }, klimaat(null, 3)));
    expect(missing).toBeInstanceOf(CommandNotAllowedError);
    expect(missing.toProblem()).toMatchObject({ status: 422, detail: 'KPI veilig kan niet gemeten worden: te weinig respons (minder dan 5).' });
    expect(missing.toProblem(undefined, 'en')).toMatchObject({ detail: 'KPI veilig cannot be measured: te weinig respons (fewer than 5).' });
    const { figure: _none, ...withoutFigure } = klimaat(80);
    expect((await refusal(addEvidence(cycles, qm, { cycleId, kpiId: 'veilig' }, withoutFigure))).toProblem().detail).toMatch(/geen cijfer/);
    expect((await refusal(addEvidence(cycles, qm, { cycleId, kpiId: 'onbekend' }, klimaat(80)))).toProblem().detail).toMatch(/KPI onbekend is niet gedefinieerd/);
    expect(await deps.store.headPosition()).toBe(head);
    // Without a KPI the same source is evidence: its summary says what it has.
    expect((await addEvidence(cycles, qm, { cycleId }, klimaat(null, 3))).cycle.newEvents.map((e) => e.type)).toEqual(['EvidenceAdded']);
  });

  it('refuses a cycle of another kind, and other figures under an evidence id the cycle already has', async () => {
    const { deps, cycles, cycleId } = await setup();
    const other = await cycleInDo(cycles, { kind: 'curriculum', title: 'Curriculum 2026', period: { from: '2026-01-01', to: '2026-12-31' } });
    const wrongKind = await refusal(addEvidence(cycles, qm, { cycleId: other }, klimaat(80)));
    expect(wrongKind.toProblem()).toMatchObject({ status: 422, detail: expect.stringMatching(/curriculum-cyclus; dit bewijs hoort bij een leeromgeving-cyclus/) });
    await addEvidence(cycles, qm, { cycleId }, klimaat(80));
    const head = await deps.store.headPosition();
    expect((await refusal(addEvidence(cycles, qm, { cycleId }, klimaat(82)))).status).toBe(422);
    expect(await deps.store.headPosition()).toBe(head);
    expect((await addEvidence(cycles, qm, { cycleId, evidenceId: 'klimaat-2026-h1-herzien' }, klimaat(82))).cycle.evidence).toHaveLength(2);
  });

  it('passes If-Match and the Idempotency-Key with AddEvidence: a retry answers the same, another body is refused', async () => {
    const { deps, cycles, cycleId } = await setup();
    const revision = (await cycles.get(qm, cycleId)).revision;
    expect((await refusal(addEvidence(cycles, qm, { cycleId }, klimaat(80), { ifMatch: revision - 1 }))).status).toBe(409);
    const keyed = { idempotencyKey: 'klimaat-1', requestHash: 'h1' };
    const first = await addEvidence(cycles, qm, { cycleId, kpiId: 'veilig' }, klimaat(80), { ...keyed, ifMatch: revision });
    const head = await deps.store.headPosition();
    const retry = await addEvidence(cycles, qm, { cycleId, kpiId: 'veilig' }, klimaat(80), { ...keyed, ifMatch: revision });
    expect(retry.cycle.newEvents).toEqual(first.cycle.newEvents);
    expect(retry.cycle.revision).toBe(first.cycle.revision);
    expect(await refusal(addEvidence(cycles, qm, { cycleId }, klimaat(80), { idempotencyKey: 'klimaat-1', requestHash: 'h2' }))).toBeInstanceOf(IdempotencyKeyReusedError);
    expect(await deps.store.headPosition()).toBe(head);
  });
});
