/** End to end over HTTP: the docenten module's stream routes and extra routes behind the real token check. */
import { afterEach, describe, expect, it } from 'vitest';
import { StreamHandler } from '@gearbox/kernel';
import { cycleDefinition } from '@gearbox/cycles';
import { memoryDeps } from '@gearbox/kernel/testing';
import { asServiceModule, docentenModule } from '../src/module.ts';
import { moduleApp } from '@gearbox/http/testing';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function server() {
  const deps = memoryDeps();
  cleanups.push(deps.close);
  const mounted = await moduleApp(asServiceModule(docentenModule(deps, new StreamHandler(cycleDefinition, deps))), deps.store);
  cleanups.push(mounted.stop);
  return mounted.http;
}

describe('docenten over HTTP', () => {
  it('registers a docent, runs a year and shows each role what it may see', async () => {
    const http = await server();
    const created = await http('POST', '/api/v1/docenten', 'kwaliteitsmedewerker', { name: 'M. Visser', role: 'huisartsdocent' });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const send = (roles: string, body: Record<string, unknown>, headers: Record<string, string> = {}) => http('POST', `/api/v1/docenten/${id}/commands`, roles, body, headers);
    expect((await send('integratie', { type: 'RecordAiosFeedback', feedbackId: 'f1', date: '2026-02-12', programme: 'terugkomdag', n: 12, scores: { didactiek: 8 } })).status).toBe(200);
    expect((await send('integratie', { type: 'RecordAiosFeedback', feedbackId: 'f2', date: '2026-02-12', programme: 'terugkomdag', n: 12, scores: { didactiek: 80 } })).body).toMatchObject({ status: 400, errors: [{ path: 'scores.didactiek' }] });
    const early = await send('mt', { type: 'RecordJaargesprek', year: 2026, date: '2026-02-25', agreements: ['x'] });
    expect(early.body).toMatchObject({ status: 422, detail: expect.stringMatching(/360-gradenfeedbackronde van 2026/) });
    await send('kwaliteitsmedewerker', { type: 'StartFeedbackRound', roundId: 'r', year: 2026, sources: ['aios'], due: '2026-10-01' });
    await send('integratie', { type: 'Record360Feedback', roundId: 'r', source: 'aios', n: 6, scores: { didactiek: 8 } });
    const closed = await send('kwaliteitsmedewerker', { type: 'CloseFeedbackRound', roundId: 'r' }, { 'If-Match': '"3"' });
    expect(closed.status).toBe(200);
    expect((await send('mt', { type: 'RecordJaargesprek', year: 2026, date: '2026-02-25', agreements: ['Vertrouwelijk'] })).status).toBe(200);
    expect((await http('GET', `/api/v1/docenten/${id}`, 'mt')).body.jaargesprekken[0].agreements).toEqual(['Vertrouwelijk']);
    expect(JSON.stringify((await http('GET', `/api/v1/docenten/${id}/events`, 'kwaliteitsmedewerker')).body)).not.toContain('Vertrouwelijk');
    expect((await http('GET', `/api/v1/docenten/${id}`, 'auditor')).body).not.toHaveProperty('name');
    expect((await http('GET', '/api/v1/docenten?role=huisartsdocent', 'kwaliteitsmedewerker')).body.items).toMatchObject([{ id, name: 'M. Visser' }]);
    expect((await http('GET', `/api/v1/docenten/${id}`, 'mt', undefined, { 'x-institute': 'amc' })).status).toBe(404);
    const summary = await http('GET', '/api/v1/docenten/aggregate/summary?from=2026-01-01&to=2026-12-31', 'auditor');
    expect(summary.body).toMatchObject({ docenten: 1, feedback: { sessions: 1, respondents: 12 }, jaargesprekken: { held: 1 } });
  });
});
