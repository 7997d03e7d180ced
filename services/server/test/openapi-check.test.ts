/**
 * Every answer the end-to-end tests receive through world.ts is held against the served
 * /openapi.json; here, that the check says no to a wrong body and an undocumented status.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Answer, OpenapiCheck } from '@gearbox/http/testing';
import { world, type World } from './world.ts';

let w: World;
let check: OpenapiCheck;
beforeAll(async () => {
  w = await world();
  check = w.spec;
});
afterAll(() => w.stop());

describe('the check on every end-to-end answer', () => {
  it('accepts what the server answers, and refuses it once the body, the status, the content type or a header is changed', async () => {
    const token = await w.token('utrecht', ['kwaliteitsmedewerker']);
    const created = await w.call('POST', '/api/v1/cycles', { token, body: { kind: 'docenten', title: 'Docenten 2026', period: { from: '2026-01-01', to: '2026-12-31' } } });
    const read = await w.call('GET', `/api/v1/cycles/${created.body.id}`, { token });
    const answer: Answer = { method: 'GET', path: `/api/v1/cycles/${created.body.id}`, status: read.status, headers: read.headers, text: JSON.stringify(read.body) };
    expect(check.problems(answer)).toEqual([]);

    expect(check.problems({ ...answer, text: JSON.stringify({ ...read.body, phase: 'klaar' }) })).toEqual([expect.stringMatching(/^body\/phase must be equal to one of the allowed values/)]);
    const { revision: _revision, ...withoutRevision } = read.body;
    expect(check.problems({ ...answer, text: JSON.stringify(withoutRevision) })).toEqual([expect.stringMatching(/^body must have required property 'revision'/)]);
    expect(check.problems({ ...answer, status: 418 })).toEqual([expect.stringMatching(/^status 418 is not documented for GET \/api\/v1\/cycles\/\{id\}/)]);
    const plain = new Headers(read.headers);
    plain.set('content-type', 'text/plain');
    expect(check.problems({ ...answer, headers: plain })).toEqual([expect.stringMatching(/^content type text\/plain is not documented/)]);
    const unversioned = new Headers(read.headers);
    unversioned.delete('api-version');
    expect(check.problems({ ...answer, headers: unversioned })).toEqual(['required header API-Version is missing']);
    expect(() => check.assert({ ...answer, status: 201 })).toThrow(`GET /api/v1/cycles/${created.body.id} → 201 does not match /openapi.json`);
  });
});
