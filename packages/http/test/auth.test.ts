import { createServer, type Server } from 'node:http';
import fc from 'fast-check';
import { Hono } from 'hono';
import { exportJWK, generateKeyPair, SignJWT, UnsecuredJWT, type JWK } from 'jose';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { authenticate, requireRole, signToken, verifier, type AuthConfig, type AuthVariables } from '../src/auth.ts';
import { text } from '@gearbox/kernel';
import { errorHandler } from '../src/problem.ts';

const secret = 'een-geheim-dat-lang-genoeg-is-voor-hs256';

function appWith(config: AuthConfig) {
  const app = new Hono<{ Variables: AuthVariables }>();
  app.onError(errorHandler(pino({ level: 'silent' })));
  app.use('*', authenticate(config));
  app.get('/who', (c) => c.json({ institute: c.get('institute'), actor: c.get('actor') }));
  app.post('/settings', (c) => {
    requireRole(c.get('actor'), ['admin'], text('de instellingen van het instituut wijzigen', 'change institute settings'));
    return c.json({ ok: true });
  });
  return app;
}

const bearer = (token: string) => ({ headers: { Authorization: `Bearer ${token}` } });

/** Signs any claims, also ones signToken refuses, to see what the middleware does with them. */
const rawToken = (claims: Record<string, unknown>, key = secret) =>
  new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setIssuedAt().setExpirationTime('1h').sign(new TextEncoder().encode(key));

async function expectUnauthorized(res: Response): Promise<void> {
  expect(res.status).toBe(401);
  expect(res.headers.get('content-type')).toBe('application/problem+json');
  expect(res.headers.get('www-authenticate')).toBe('Bearer');
  expect(await res.json()).toMatchObject({ type: 'https://gearbox.dev/problems/unauthorized', status: 401, title: 'Niet aangemeld' });
}

describe('HS256 bearer tokens', () => {
  const app = appWith({ secret });

  it('a valid token yields the institute and the actor', async () => {
    const token = await signToken({ institute: 'utrecht', roles: ['kwaliteitsmedewerker', 'mt'], sub: 'u1', name: 'Q. Officer' }, secret);
    const res = await app.request('/who', bearer(token));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ institute: 'utrecht', actor: { sub: 'u1', name: 'Q. Officer', roles: ['kwaliteitsmedewerker', 'mt'] } });
  });

  it('no token, another scheme, another secret, an expired token: 401 with WWW-Authenticate', async () => {
    const good = { institute: 'utrecht', roles: ['mt'], sub: 'u1', name: 'n' };
    await expectUnauthorized(await app.request('/who'));
    await expectUnauthorized(await app.request('/who', { headers: { Authorization: `Basic ${btoa('u1:pw')}` } }));
    await expectUnauthorized(await app.request('/who', bearer(await rawToken(good, 'een-ander-geheim-van-voldoende-lengte!!'))));
    await expectUnauthorized(await app.request('/who', bearer(await signToken(good as never, secret, '-1m'))));
    await expectUnauthorized(await app.request('/who', bearer('not.a.jwt')));
  });

  it('a token accepted before is refused once it has expired, though it was verified already', async () => {
    const token = await signToken({ institute: 'utrecht', roles: ['mt'], sub: 'u1', name: 'n' }, secret, '30s');
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      expect((await app.request('/who', bearer(token))).status).toBe(200);
      vi.setSystemTime(Date.now() + 31_000);
      await expectUnauthorized(await app.request('/who', bearer(token)));
    } finally {
      vi.useRealTimers();
    }
  });

  it('a token without exp is refused, however well it is signed', async () => {
    const claims = { institute: 'utrecht', roles: ['mt'], sub: 'u1', name: 'n' };
    const forever = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setIssuedAt().sign(new TextEncoder().encode(secret));
    await expectUnauthorized(await app.request('/who', bearer(forever)));
    expect((await app.request('/who', bearer(await rawToken(claims)))).status).toBe(200);
  });

  it('an unsigned token (alg none) is refused', async () => {
    const unsigned = new UnsecuredJWT({ institute: 'utrecht', roles: ['admin'], name: 'n' }).setSubject('u1').encode();
    await expectUnauthorized(await app.request('/who', bearer(unsigned)));
  });

  it('claims are checked: unknown roles, no institute, an institute that is not a slug, no name', async () => {
    const base = { institute: 'utrecht', roles: ['mt'], sub: 'u1', name: 'n' };
    for (const claims of [
      { ...base, roles: ['superuser'] },
      { ...base, roles: [] },
      { ...base, roles: 'mt' },
      { ...base, institute: undefined },
      { ...base, institute: 'Utrecht Centrum' },
      { ...base, name: undefined },
      { ...base, sub: undefined },
    ]) {
      await expectUnauthorized(await app.request('/who', bearer(await rawToken(claims))));
    }
  });

  it('signToken refuses claims the middleware would refuse', async () => {
    await expect(signToken({ institute: 'utrecht', roles: ['root' as never], sub: 'u1', name: 'n' }, secret)).rejects.toThrow();
  });

  it('a valid token without the role is a 403 problem', async () => {
    const mt = await signToken({ institute: 'utrecht', roles: ['mt'], sub: 'u1', name: 'n' }, secret);
    const res = await app.request('/settings', { method: 'POST', ...bearer(mt) });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({
      type: 'https://gearbox.dev/problems/forbidden',
      status: 403,
      title: 'Geen toegang',
      detail: 'Met uw rollen mag u dit niet: de instellingen van het instituut wijzigen. Daarvoor is een van deze rollen nodig: admin.',
    });
    const english = await app.request('/settings', { method: 'POST', headers: { ...bearer(mt).headers, 'Accept-Language': 'en' } });
    expect(await english.json()).toMatchObject({
      type: 'https://gearbox.dev/problems/forbidden',
      status: 403,
      title: 'Forbidden',
      detail: 'Your roles may not change institute settings; it needs one of: admin.',
    });
    const admin = await signToken({ institute: 'utrecht', roles: ['admin'], sub: 'u2', name: 'n' }, secret);
    expect((await app.request('/settings', { method: 'POST', ...bearer(admin) })).status).toBe(200);
  });

  it('without a secret or a key set there is no way to check tokens, and it says so at start', () => {
    expect(() => verifier({})).toThrow(/GEARBOX_JWT_SECRET/);
    expect(() => verifier({ jwksUrl: 'https://idp.example/jwks' })).toThrow(/ISSUER/);
  });
});

describe('JWKS (an OIDC provider)', () => {
  const issuer = 'https://idp.example.nl';
  const audience = 'gearbox';
  let server: Server;
  let jwksUrl: string;
  let sign: (claims: Record<string, unknown>, overrides?: { iss?: string; aud?: string }) => Promise<string>;

  beforeAll(async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    const jwk: JWK = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
    server = createServer((req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    jwksUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}/jwks`;
    sign = (claims, overrides = {}) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
        .setIssuer(overrides.iss ?? issuer)
        .setAudience(overrides.aud ?? audience)
        .setIssuedAt()
        .setExpirationTime('5m')
        .sign(privateKey);
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const claims = { sub: 'surf-123', name: 'A. Auditor', institute: 'amc', roles: ['auditor'] };

  it('accepts a token signed by the provider with the right issuer and audience', async () => {
    const app = appWith({ jwksUrl, issuer, audience });
    const res = await app.request('/who', bearer(await sign(claims)));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ institute: 'amc', actor: { sub: 'surf-123', name: 'A. Auditor', roles: ['auditor'] } });
  });

  it('refuses another issuer, another audience, and an HS256 token', async () => {
    const app = appWith({ jwksUrl, issuer, audience, secret });
    await expectUnauthorized(await app.request('/who', bearer(await sign(claims, { iss: 'https://elders.example' }))));
    await expectUnauthorized(await app.request('/who', bearer(await sign(claims, { aud: 'iets-anders' }))));
    // With a JWKS configured the shared secret no longer counts: no algorithm confusion.
    await expectUnauthorized(await app.request('/who', bearer(await signToken(claims as never, secret))));
  });

  it('arbitrary bearer strings are a 401, never an outage or a crash', async () => {
    const app = appWith({ jwksUrl, issuer, audience });
    const segment = fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'.split('')), maxLength: 60 });
    const header = fc.constantFrom('{"alg":"ES256","kid":"k1"}', '{"alg":"ES256"}', '{"alg":"RS256","kid":"k1"}', '{"alg":"none"}', '{}', 'null', '[1]');
    const token = fc.oneof(
      fc.tuple(header, segment, segment).map(([h, p, s]) => `${Buffer.from(h).toString('base64url')}.${p}.${s}`),
      fc.tuple(segment, segment, segment).map((parts) => parts.join('.')),
    );
    await fc.assert(
      fc.asyncProperty(token, async (t) => {
        const res = await app.request('/who', bearer(t));
        expect(res.status).toBe(401);
      }),
      { numRuns: 300 },
    );
  });

  it('an unreachable key set is a 503 problem, not a 401', async () => {
    const down = createServer();
    await new Promise<void>((resolve) => down.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(down.address() as { port: number }).port}/jwks`;
    await new Promise<void>((resolve) => down.close(() => resolve()));
    const app = appWith({ jwksUrl: url, issuer, audience });
    const res = await app.request('/who', bearer(await sign(claims)));
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ type: 'https://gearbox.dev/problems/auth-unavailable', status: 503 });
  });
});
