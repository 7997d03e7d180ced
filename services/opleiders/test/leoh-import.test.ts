import { afterEach, describe, expect, it } from 'vitest';
import { DomainError } from '@gearbox/kernel';
import { importLeoh } from '../src/leoh-import.ts';
import { admin, auditor, integratie, qm, SETTINGS, world } from './world.ts';

const worlds: ReturnType<typeof world>[] = [];
afterEach(async () => {
  for (const w of worlds.splice(0)) await w.close();
});

const evaluation = (opleiderId: string, evaluationId: string, scores: Record<string, number> = { veiligheid: 4 }) => ({
  opleiderId, evaluationId, period: '2026-H1', respondent: `aios-${evaluationId}`, scores,
});

describe('LEOH batch import', () => {
  it('records each evaluation through the command path and reports duplicates and refusals', async () => {
    const w = world();
    worlds.push(w);
    await w.settings.put(w.ctx(admin), SETTINGS);
    const a = await w.recognised();
    const { view: fresh } = await w.handler.start(w.ctx(qm), { name: 'Nieuw', practice: 'P' });
    await w.leoh(a, 'e0', { veiligheid: 4 }, 'aios-e0');
    const result = await importLeoh(w, w.ctx(integratie), {
      evaluations: [evaluation(a, 'e0'), evaluation(a, 'e1'), evaluation(a, 'e2', { feedback: 1 }), evaluation(fresh.id, 'e3'), evaluation('onbekend', 'e4')],
    });
    expect(result).toMatchObject({ recorded: 2, duplicates: 1, refused: 2 });
    expect(result.results.map((r) => [r.evaluationId, r.status, r.problem?.status])).toEqual([
      ['e0', 'duplicate', undefined], ['e1', 'recorded', undefined], ['e2', 'recorded', undefined], ['e3', 'refused', 422], ['e4', 'refused', 404],
    ]);
  });

  it('one score off the scale refuses the whole batch with a 400 naming it, and stores nothing', async () => {
    const w = world();
    worlds.push(w);
    await w.settings.put(w.ctx(admin), SETTINGS);
    const a = await w.recognised();
    const head = await w.store.headPosition();
    const error = await importLeoh(w, w.ctx(integratie), { evaluations: [evaluation(a, 'e1'), evaluation(a, 'e2', { veiligheid: 7 })] }).catch((e: DomainError) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).status).toBe(400);
    expect(((error as DomainError).extensions.errors as { path: string }[]).map((e) => e.path)).toEqual(['evaluations.1.scores.veiligheid']);
    expect(await w.store.headPosition()).toBe(head);
    expect(((await importLeoh(w, w.ctx(integratie), { evaluations: [] }).catch((e: DomainError) => e)) as DomainError).status).toBe(400);
    expect(((await importLeoh(w, w.ctx(auditor), { evaluations: [evaluation(a, 'e1')] }).catch((e: DomainError) => e)) as DomainError).status).toBe(403);
  });

  it('a day filled in that is still to come refuses the whole batch with a 400 in Dutch naming it, and stores nothing', async () => {
    const w = world();
    worlds.push(w);
    await w.settings.put(w.ctx(admin), SETTINGS);
    const a = await w.recognised();
    const head = await w.store.headPosition();
    const body = { evaluations: [{ ...evaluation(a, 'e1'), date: '2026-02-27' }, { ...evaluation(a, 'e2'), date: '2026-03-02' }] };
    const error = (await importLeoh(w, w.ctx(integratie), body).catch((e: DomainError) => e)) as DomainError;
    expect(error.status).toBe(400);
    expect(error.extensions.errors).toEqual([{ path: 'evaluations.1.date', message: { nl: 'ligt na vandaag (01-03-2026)', en: 'is after today (2026-03-01)' } }]);
    expect(await w.store.headPosition()).toBe(head);
    const recorded = await importLeoh(w, w.ctx(integratie), { evaluations: [body.evaluations[0]] });
    expect(recorded.recorded).toBe(1);
    expect((await w.handler.get(w.ctx(qm), a)).leoh.find((e) => e.evaluationId === 'e1')?.date).toBe('2026-02-27');
  });
});
