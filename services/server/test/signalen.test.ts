/**
 * Signalen in the whole server: mounted at /api/v1/signalen (described in /openapi.json, which
 * `world` holds every answer against), seeded into the demo, and feeding the GEAR view — the
 * complaint criterion and the safe climate from signals, academisch niveau from tagged evidence.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_INSTITUTE, seedDemo } from '../src/seed-demo.ts';
import { world, type World } from './world.ts';

let w: World | undefined;
afterEach(async () => {
  await w?.stop();
  w = undefined;
});

describe('signalen in the server', () => {
  it('the demo\'s signals and tagged evidence give the complaint, safe-climate and academisch-niveau criteria evidence', async () => {
    w = await world();
    // The demo's year as it stands at its end: its measurements and reviews lie after March.
    w.clock.set('2026-12-31T12:00:00Z');
    await seedDemo(w.gearbox);
    const auditor = await w.token(DEMO_INSTITUTE, ['auditor']);
    const list = await w.call('GET', '/api/v1/signalen', { token: auditor });
    expect(list.status).toBe(200);
    expect(list.body.items.map((s: { kind: string; status: string }) => `${s.kind}:${s.status}`).sort()).toEqual(['incident:gesloten', 'klacht:gesloten', 'weekstart:in-behandeling', 'weekstart:ontvangen']);
    const gear = await w.call('GET', '/api/v1/gear', { token: auditor });
    const criterion = (code: string) => gear.body.domains.flatMap((d: { criteria: unknown[] }) => d.criteria).find((c: { code: string }) => c.code === code);
    const titles = (code: string) => criterion(code).evidence.map((e: { title: string }) => e.title);
    expect(titles('OMM-5')).toEqual(expect.arrayContaining(['Geregistreerde klachten en signalen (alleen het aantal)', 'Afgehandelde klachten en signalen, met opvolging en uitkomst (alleen het aantal)']));
    expect(titles('LO-3')).toEqual(expect.arrayContaining(['Signalen over het opleidingsklimaat uit de weekstart', 'Gemelde incidenten in de leeromgeving']));
    for (const code of ['AN-1', 'AN-2', 'AN-4', 'AN-5']) expect(criterion(code).status, code).not.toBe('geen-bewijs');
    expect(titles('AN-2')).toEqual(['Leerlijn wetenschappelijke vorming: EBM-onderwijs en het beoordeelde onderzoeksproject van derdejaars']);
    // What a signal says never reaches the GEAR view.
    expect(JSON.stringify(gear.body)).not.toMatch(/supervisor|roosterwijzigingen|Klachtencoördinator/);
  });

  it('a data subject erasure forgets a signal\'s texts and keeps that it was handled', async () => {
    w = await world();
    const qm = await w.token('utrecht', ['kwaliteitsmedewerker', 'mt']);
    const admin = await w.token('utrecht', ['admin']);
    const created = await w.call('POST', '/api/v1/signalen', { token: qm, body: { kind: 'klacht', title: 'Klacht over een beoordeling', receivedOn: '2026-02-20', summary: 'D. Dekker vindt de beoordeling onterecht.' } });
    expect(created.status).toBe(201);
    const { id, subjectId } = created.body;
    expect((await w.call('DELETE', `/api/v1/subjects/${subjectId}`, { token: admin })).status).toBe(200);
    const after = await w.call('GET', `/api/v1/signalen/${id}`, { token: qm });
    expect(after.body).toMatchObject({ summary: '[vergeten]', title: 'Klacht over een beoordeling', status: 'ontvangen' });
    expect(JSON.stringify((await w.call('GET', `/api/v1/signalen/${id}/events`, { token: qm })).body)).not.toContain('Dekker');
  });
});
