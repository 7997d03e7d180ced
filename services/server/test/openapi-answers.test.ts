/**
 * The description against what the server really answers, on the demo institute (every subject,
 * with real data) and for each role, since a role sees less of an opleider or a docent: every answer
 * is held against the served /openapi.json (status, media type, headers, and the body against its
 * closed schema), so a field the server sends but the description leaves out fails here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openapiCheck, type OpenapiCheck } from '@gearbox/http/testing';
import type { Role } from '@gearbox/http';
import { DEMO_SEEDED_AT, seedDemo } from '../src/seed-demo.ts';
import { world, type World } from './world.ts';

const ROLES: Role[][] = [['kwaliteitsmedewerker', 'mt', 'cmo', 'admin'], ['kwaliteitsmedewerker'], ['auditor'], ['cmo'], ['integratie']];
const PERIOD = 'from=2020-01-01&to=2030-12-31';
const READS = [
  '/api/v1/deadlines',
  '/api/v1/organisatie/jaarverslag?year=2026',
  '/api/v1/organisatie/jaarverslag?year=2026&format=html',
  '/api/v1/settings/leoh',
  '/api/v1/cmo/queue',
  '/api/v1/opleiders/leoh/summary',
  `/api/v1/opleiders/startvisitaties/summary?${PERIOD}`,
  `/api/v1/docenten/aggregate/summary?${PERIOD}`,
  `/api/v1/leerplekken/klimaat/summary?${PERIOD}`,
  `/api/v1/leerplekken/bezoeken/summary?${PERIOD}`,
  '/api/v1/gear',
  '/api/v1/gear/mapping',
  '/api/v1/gear/export?format=json',
  '/api/v1/subjects',
  '/api/v1/subjects/erasures',
  '/api/v1/schemas',
  '/api/v1/schemas/GoalSet',
];
const SUBJECTS = ['cycles', 'opleiders', 'docenten', 'leerplekken', 'programmas'];

let w: World;
let check: OpenapiCheck;
beforeAll(async () => {
  w = await world();
  w.clock.set(DEMO_SEEDED_AT);
  await seedDemo(w.gearbox);
  check = openapiCheck((await w.call('GET', '/openapi.json')).body as object);
}, 120_000);
afterAll(() => w.stop());

describe('answers on the demo institute match /openapi.json', () => {
  it('for every subject, read and summary, in each role', { timeout: 120_000 }, async () => {
    const found: string[] = [];
    let ok = 0;
    for (const roles of ROLES) {
      const token = await w.token('demo', roles);
      const get = async (path: string) => {
        const res = await fetch(w.base + path, { headers: { Authorization: `Bearer ${token}` } });
        const text = await res.text();
        found.push(...check.problems({ method: 'GET', path, status: res.status, headers: res.headers, text }).map((p) => `${roles.join(',')} GET ${path} → ${res.status}: ${p}`));
        if (res.status === 200) ok += 1;
        return res.status === 200 && res.headers.get('content-type')?.startsWith('application/json') ? JSON.parse(text) : undefined;
      };
      for (const subject of SUBJECTS) {
        const list = (await get(`/api/v1/${subject}`)) as { items: { id: string }[] } | undefined;
        for (const { id } of list?.items.slice(0, 12) ?? []) {
          await get(`/api/v1/${subject}/${id}`);
          await get(`/api/v1/${subject}/${id}/events`);
        }
      }
      for (const path of READS) await get(path);
    }
    expect(found).toEqual([]);
    // The check ran on real answers, not only on refusals.
    expect(ok).toBeGreaterThan(200);
  });
});
