/** The check every end-to-end answer goes through: it must refuse what the description does not say. */
import { describe, expect, it } from 'vitest';
import { openapiCheck, type Answer } from '../src/openapi-check.ts';

const doc = {
  openapi: '3.1.0',
  servers: [{ url: '/api/v1' }],
  paths: {
    '/cycles/{id}': {
      get: {
        responses: {
          '200': {
            description: 'A cycle',
            headers: { ETag: { $ref: '#/components/headers/ETag' } },
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Cycle' } } },
          },
          '404': { description: 'Unknown', content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } },
        },
      },
    },
    '/cycles/summary': { get: { responses: { '200': { description: 'Counts', content: { 'application/json': { schema: { type: 'object', required: ['total'] } } } } } } },
    '/docs': { servers: [{ url: '/' }], get: { responses: { '200': { description: 'Page', content: { 'text/html': { schema: { type: 'string' } } } } } } },
    '/readyz': { servers: [{ url: '/' }], get: { responses: { '200': { description: 'Ready' } } } },
  },
  components: {
    headers: { ETag: { required: true, schema: { type: 'string' } } },
    schemas: {
      Cycle: {
        type: 'object',
        required: ['id', 'phase', 'period'],
        properties: { id: { type: 'string' }, phase: { enum: ['plan', 'do'] }, period: { type: 'object', properties: { from: { type: 'string', format: 'date' } } } },
      },
      Problem: { type: 'object', required: ['type', 'title', 'status', 'detail'] },
    },
  },
};

const check = openapiCheck(doc);
const answer = (path: string, status: number, contentType: string, body: unknown, headers: Record<string, string> = {}): Answer => ({
  method: 'GET',
  path,
  status,
  headers: new Headers({ 'content-type': contentType, ...headers }),
  text: typeof body === 'string' ? body : JSON.stringify(body),
});
const cycle = { id: 'c1', phase: 'plan', period: { from: '2026-01-01' } };
const problem = { type: 'https://gearbox.dev/problems/not-found', title: 'Niet gevonden', status: 404, detail: 'Geen cyclus c9.' };

describe('holding an answer against the OpenAPI description', () => {
  it('passes answers that match: templates under the API server, literal paths, other servers, problems for unknown routes', () => {
    expect(check.problems(answer('/api/v1/cycles/c1?x=1', 200, 'application/json; charset=utf-8', cycle, { ETag: '"1"' }))).toEqual([]);
    expect(check.problems(answer('/api/v1/cycles/summary', 200, 'application/json', { total: 3 }))).toEqual([]);
    expect(check.problems(answer('/api/v1/cycles/c9', 404, 'application/problem+json', problem))).toEqual([]);
    expect(check.problems(answer('/docs', 200, 'text/html; charset=UTF-8', '<!doctype html>'))).toEqual([]);
    expect(check.problems(answer('/readyz', 200, '', ''))).toEqual([]);
    expect(check.problems(answer('/api/v2/cycles', 404, 'application/problem+json', problem))).toEqual([]);
  });

  it('names a body that does not match its schema, with the path of the wrong member', () => {
    expect(check.problems(answer('/api/v1/cycles/c1', 200, 'application/json', { ...cycle, phase: 'klaar' }, { ETag: '"1"' }))).toEqual([
      expect.stringMatching(/^body\/phase must be equal to one of the allowed values/),
    ]);
    expect(check.problems(answer('/api/v1/cycles/c1', 200, 'application/json', { ...cycle, period: { from: '1 januari' } }, { ETag: '"1"' }))).toEqual([
      expect.stringMatching(/^body\/period\/from must match format "date"/),
    ]);
    expect(check.problems(answer('/api/v1/cycles/summary', 200, 'application/json', {}))).toEqual([expect.stringMatching(/must have required property 'total'/)]);
    expect(check.problems(answer('/api/v1/cycles/c1', 200, 'application/json', 'niet json', { ETag: '"1"' }))[0]).toMatch(/not JSON/);
    expect(check.problems(answer('/api/v1/cycles/c9', 404, 'application/problem+json', { status: 404 }))).toHaveLength(3);
  });

  it('names an undocumented status, content type, operation, body or missing required header', () => {
    expect(check.problems(answer('/api/v1/cycles/c1', 418, 'application/json', {}))).toEqual(['status 418 is not documented for GET /api/v1/cycles/{id} (documented: 200, 404)']);
    expect(check.problems(answer('/api/v1/cycles/c1', 200, 'text/plain', 'x', { ETag: '"1"' }))).toEqual(['content type text/plain is not documented for 200 (documented: application/json)']);
    expect(check.problems(answer('/api/v1/cycles/c1', 200, 'application/json', cycle))).toEqual(['required header ETag is missing']);
    expect(check.problems(answer('/readyz', 200, 'application/json', { status: 'ready' }))).toEqual(['a application/json body is answered, but 200 documents no content']);
    expect(check.problems(answer('/api/v2/cycles', 200, 'application/json', []))).toEqual(['no documented operation for GET /api/v2/cycles, yet it answered 200 application/json']);
    expect(check.problems({ ...answer('/docs', 200, 'text/html', ''), method: 'POST' })[0]).toMatch(/no documented operation for POST \/docs/);
  });

  it('throws with the operation, the status and every difference', () => {
    expect(() => check.assert(answer('/api/v1/cycles/c1', 200, 'application/json', { ...cycle, id: 1 }))).toThrow(
      /^GET \/api\/v1\/cycles\/c1 → 200 does not match \/openapi.json:\n {2}required header ETag is missing\n {2}body\/id must be string/,
    );
    expect(() => check.assert(answer('/api/v1/cycles/c1', 200, 'application/json', cycle, { ETag: '"1"' }))).not.toThrow();
  });
});
