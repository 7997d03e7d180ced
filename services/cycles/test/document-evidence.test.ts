import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { envelopeOf, StreamHandler, type DomainError } from '@gearbox/kernel';
import { as, contextOf, detailsOf, memoryDeps, type MemoryDeps } from '@gearbox/kernel/testing';
import { DOCUMENT_UPLOADED, documentStreamId } from '@gearbox/documents/registry';
import { cycleInDo } from '../src/testing.ts';
import { cycleDefinition, type Cycle } from '../src/index.ts';

const open: MemoryDeps[] = [];
afterEach(async () => {
  for (const deps of open.splice(0)) await deps.close();
});

const qm = contextOf(as('kwaliteitsmedewerker', 'mt'));
const SHA = 'a'.repeat(64);

/** A curriculum cycle in phase do, and document `notulen` uploaded by this institute (as services/documents registers it). */
async function setup() {
  const deps = memoryDeps();
  open.push(deps);
  const cycles = new StreamHandler(cycleDefinition, deps) as StreamHandler<Cycle>;
  const cycleId = await cycleInDo(cycles, { kind: 'curriculum', title: 'Curriculum 2026', period: { from: '2026-01-01', to: '2026-12-31' } });
  const data = { documentId: 'notulen', sha256: SHA, bytes: 1200, mediaType: 'application/pdf', filename: 'Notulen curriculumcommissie.pdf' };
  await deps.store.appendToStream(documentStreamId('utrecht', 'notulen'), [{ id: randomUUID(), type: DOCUMENT_UPLOADED, data, metadata: envelopeOf(deps.keys, qm, deps.clock()) }]);
  const evidenceCount = async () => (await cycles.read(qm, cycleId)).view.evidence.length;
  return { cycles, cycleId, evidenceCount };
}

const add = (extra: Record<string, unknown>) => ({ type: 'AddEvidence', evidenceId: 'e1', title: 'Notulen', kind: 'minutes', ...extra });
const refusal = (attempt: Promise<unknown>) => attempt.then(() => expect.unreachable(), (e: unknown) => e as DomainError);

describe('AddEvidence {documentId}', () => {
  it('links an uploaded document: the server fills its sha256', async () => {
    const s = await setup();
    const result = await s.cycles.execute(qm, s.cycleId, add({ documentId: 'notulen' }));
    expect(result.newEvents[0]!.data).toMatchObject({ evidenceId: 'e1', documentId: 'notulen', sha256: SHA });
    expect(result.view.evidence[0]).toMatchObject({ documentId: 'notulen', sha256: SHA });
  });

  it('refuses a document of another institute or none (422, in Dutch) and stores nothing', async () => {
    const s = await setup();
    const elsewhere = contextOf(as('kwaliteitsmedewerker'), 'amsterdam');
    const other = await cycleInDo(s.cycles, { kind: 'curriculum', title: 'Curriculum 2026', period: { from: '2026-01-01', to: '2026-12-31' } }, undefined, 'amsterdam');
    const error = await refusal(s.cycles.execute(elsewhere, other, add({ documentId: 'notulen' })));
    expect(error.status).toBe(422);
    expect(detailsOf(error).nl).toBe('Document notulen bestaat niet in dit instituut; upload het eerst (POST /api/v1/documents).');
    expect((await refusal(s.cycles.execute(qm, s.cycleId, add({ documentId: 'onbekend' })))).status).toBe(422);
    expect(await s.evidenceCount()).toBe(0);
  });

  it('refuses a sha256 sent beside a documentId (400), and a role that may not add evidence still gets its 403', async () => {
    const s = await setup();
    const error = await refusal(s.cycles.execute(qm, s.cycleId, add({ documentId: 'notulen', sha256: 'b'.repeat(64) })));
    expect(error.status).toBe(400);
    expect(error.toProblem(undefined, 'nl').errors).toEqual([{ path: 'sha256', message: 'vult de server in bij een documentId; stuur het niet mee' }]);
    expect((await refusal(s.cycles.execute(contextOf(as('auditor')), s.cycleId, add({ documentId: 'onbekend' })))).status).toBe(403);
    expect(await s.evidenceCount()).toBe(0);
  });
});
