import { describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import pino from 'pino';
import { DomainError, ValidationError } from '@gearbox/kernel';
import { authenticate, signToken, verifier } from '../src/auth.ts';
import { errorHandler, notFound } from '../src/problem.ts';
import { canonicalJson, parseIdempotencyKey, parseIfMatch, requestHash } from '../src/request.ts';

describe('command headers', () => {
  it('If-Match accepts "3", 3 and W/"3", and nothing else', () => {
    expect(parseIfMatch('"3"')).toBe(3);
    expect(parseIfMatch('3')).toBe(3);
    expect(parseIfMatch('W/"12"')).toBe(12);
    expect(parseIfMatch(undefined)).toBeUndefined();
    for (const bad of ['', '"-1"', 'abc', '"3', '3.5', '*']) expect(() => parseIfMatch(bad), bad).toThrow(ValidationError);
  });

  it('Idempotency-Key is 1 to 255 visible ASCII characters', () => {
    expect(parseIdempotencyKey('a-b_c.1')).toBe('a-b_c.1');
    for (const bad of ['', 'met spatie', 'é', 'x'.repeat(256)]) expect(() => parseIdempotencyKey(bad), bad).toThrow(ValidationError);
  });

  it('the request hash ignores key order but not values, paths or methods', () => {
    expect(canonicalJson({ b: [1, { d: 2, c: 3 }], a: null })).toBe('{"a":null,"b":[1,{"c":3,"d":2}]}');
    const h = requestHash('POST', '/api/cycles/1/commands', { type: 'SetGoal', goalId: 'g' });
    expect(requestHash('POST', '/api/cycles/1/commands', { goalId: 'g', type: 'SetGoal' })).toBe(h);
    expect(requestHash('POST', '/api/cycles/2/commands', { goalId: 'g', type: 'SetGoal' })).not.toBe(h);
    expect(requestHash('POST', '/api/cycles/1/commands', { goalId: 'h', type: 'SetGoal' })).not.toBe(h);
  });
});

describe('auth', () => {
  const secret = 'een-geheim-dat-lang-genoeg-is-voor-hs256';
  const app = new Hono();
  app.onError(errorHandler(pino({ level: 'silent' })));
  app.use('*', authenticate({ secret }));
  app.get('/who', (c) => c.json({ institute: c.get('institute' as never), actor: c.get('actor' as never) }));

  it('a valid token yields the institute and the actor', async () => {
    const token = await signToken({ institute: 'utrecht', roles: ['mt'], sub: 'u1', name: 'Q. Officer' }, secret);
    const res = await app.request('/who', { headers: { Authorization: `Bearer ${token}` } });
    expect(await res.json()).toEqual({ institute: 'utrecht', actor: { sub: 'u1', name: 'Q. Officer', roles: ['mt'] } });
  });

  it('another secret, unknown roles or a missing institute are 401 problems', async () => {
    const other = await signToken({ institute: 'utrecht', roles: ['mt'], sub: 'u1', name: 'n' }, 'een-ander-geheim-van-voldoende-lengte!!');
    const res = await app.request('/who', { headers: { Authorization: `Bearer ${other}` } });
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    await expect(verifier({ secret })('not.a.jwt')).rejects.toMatchObject({ status: 401 });
  });

  it('JWKS needs an issuer and an audience', () => {
    expect(() => verifier({ jwksUrl: 'https://idp.example/jwks' })).toThrow(/ISSUER/);
  });
});

describe('problem+json', () => {
  const app = new Hono();
  app.onError(errorHandler(pino({ level: 'silent' })));
  app.notFound(notFound);
  app.get('/domain', () => {
    throw new DomainError('custom', 418, 'Teapot', 'short and stout', { extra: 1 });
  });
  app.get('/boom', () => {
    throw new Error('secret internals at /srv/app.ts:12');
  });

  it('a domain error keeps its type, status and extensions', async () => {
    const res = await app.request('/domain');
    expect(res.status).toBe(418);
    expect(await res.json()).toEqual({ type: 'https://gearbox.dev/problems/custom', title: 'Teapot', status: 418, detail: 'short and stout', instance: '/domain', extra: 1 });
  });

  it('an unexpected error is a 500 with an id and no internals', async () => {
    const res = await app.request('/boom');
    const body = (await res.json()) as { status: number; errorId: string; detail: string };
    expect(res.status).toBe(500);
    expect(body.errorId).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.stringify(body)).not.toContain('internals');
  });

  it('an unknown route is a 404 problem', async () => {
    const res = await app.request('/nowhere');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
  });
});
