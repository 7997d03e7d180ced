/** The GEAR routes behind the real token check, with a cycles stream beside them; shared by the route tests. */
import { afterEach, expect } from 'vitest';
import { openSqliteEventStore } from '@gearbox/eventstore';
import { StreamHandler, manualClock, openSqliteKeyStore, sequentialIds, type KernelDeps } from '@gearbox/kernel';
import { cycleDefinition } from '@gearbox/cycles';
import { API_VERSION, OpenApiRegistry } from '@gearbox/http';
import { call, openapiCheck, testApp } from '@gearbox/http/testing';
import { gearModule } from '../src/index.ts';

export const NOW = '2026-03-01T09:00:00.000Z';
const opened: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of opened.splice(0)) await close();
});

export function setup() {
  const store = openSqliteEventStore({ path: ':memory:' });
  const keys = openSqliteKeyStore(':memory:');
  const clock = manualClock(NOW);
  const kernel: KernelDeps = { store, keys, clock, ids: sequentialIds() };
  opened.push(async () => {
    await store.close();
    keys.close();
  });
  const cycles = new StreamHandler(cycleDefinition, kernel);
  const gear = gearModule(kernel);
  const app = testApp({ routes: gear.routes, streams: [{ basePath: '/cycles', handler: cycles, list: () => [] }] });
  const http = call(app);
  // GEAR's answers held against its own part of the OpenAPI description, as the server serves it.
  const registry = new OpenApiRegistry();
  registry.add(...gear.openapi);
  const checked = call(app, openapiCheck(registry.document(API_VERSION)));
  const raw = (method: string, path: string, token: Promise<string>, body?: Uint8Array | string, type = 'application/zip') =>
    token.then((t) => app.request(path, { method, headers: { authorization: `Bearer ${t}`, 'content-type': type }, ...(body ? { body } : {}) }));
  return { store, clock, gear, app, http, checked, raw };
}

/** A bearer token for binary requests: the one `call` of @gearbox/http/testing would send. */
export async function tokenFor(roles: string, institute = 'utrecht'): Promise<string> {
  let seen = '';
  const capture = { request: (_path: string, init?: RequestInit) => ((seen = new Headers(init?.headers).get('authorization')!.slice(7)), new Response('')) };
  await call(capture)('GET', '/', roles, undefined, { 'x-institute': institute });
  return seen;
}

/** A curriculum cycle through the API, from start to closed, with evidence on two criteria. */
export async function curriculumCycle(s: ReturnType<typeof setup>): Promise<string> {
  const q = 'kwaliteitsmedewerker';
  const started = await s.http('POST', '/api/v1/cycles', q, { kind: 'curriculum', title: 'Curriculum 2025', period: { from: '2025-01-01', to: '2025-12-31' } });
  expect(started.status).toBe(201);
  const id = started.body.id as string;
  const send = async (roles: string, body: Record<string, unknown>) => {
    s.clock.advance(3_600_000);
    const r = await s.http('POST', `/api/v1/cycles/${id}/commands`, roles, body);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
  };
  await send(q, { type: 'SetGoal', goalId: 'g', title: 'Feedback verwerken' });
  await send(q, { type: 'PlanActivity', activityId: 'a', title: 'Feedbackrondes', owner: 'curriculumcommissie', due: '2025-12-31' });
  await send('mt', { type: 'ApprovePlan' });
  await send(q, { type: 'AddEvidence', evidenceId: 'fb', title: 'Feedback aios op programma\'s', kind: 'survey', effectiveAt: '2025-06-30', criteria: ['CUR-2'] });
  await send(q, { type: 'AddEvidence', evidenceId: 'tp', title: 'Toetsplan 2025', kind: 'document', effectiveAt: '2025-02-01', criteria: ['TB-1'] });
  await send(q, { type: 'CompleteActivity', activityId: 'a' });
  await send(q, { type: 'StartCheck' });
  await send(q, { type: 'RecordFinding', findingId: 'f', title: 'Feedback wordt verwerkt', assessment: 'voldoet', evidenceIds: ['fb'] });
  await send(q, { type: 'HoldReview', reviewId: 'r', body: 'curriculumcommissie', date: '2025-12-01' });
  await send(q, { type: 'CompleteCheck' });
  await send(q, { type: 'CommunicateOutcome', audience: ['aios'], channel: 'nieuwsbrief', summary: 'Gedeeld.' });
  await send('mt', { type: 'CloseCycle' });
  return id;
}

