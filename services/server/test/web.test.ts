/**
 * The server's side of the web UI: the built files with the right cache headers, a page URL
 * answered with the UI, the API and operations routes never shadowed; and the demo sign-in, which
 * exists only when the server was started with the demo.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifier } from '@gearbox/http';
import { createGearbox, type Gearbox } from '../src/app.ts';
import { signInConfig } from '../src/web.ts';

const SECRET = 'web-test-secret-that-is-long-enough-0123';
let dir: string;
let withUi: Gearbox;
let plain: Gearbox;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'gearbox-web-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><html lang="nl"><title>gearbox</title></html>');
  writeFileSync(join(dir, 'assets', 'index-abc123.js'), 'console.log(1)');
  writeFileSync(join(dir, 'favicon.svg'), '<svg/>');
  const base = { storeUrl: 'sqlite::memory:', auth: { secret: SECRET }, logger: pino({ level: 'silent' }), schedulerIntervalMs: 0 } as const;
  withUi = createGearbox({ ...base, webDir: dir, demo: { institute: 'demo', secret: SECRET } });
  plain = createGearbox(base);
});
afterAll(async () => {
  await withUi.stop();
  await plain.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('the web UI', () => {
  it('serves index.html at / and at a page URL, never cached, so a new build is picked up', async () => {
    for (const path of ['/', '/cycli/0b6c3e0e-1111-4222-8333-944445555666', '/cycli?fase=check']) {
      const res = await withUi.app.request(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('Content-Type')).toMatch(/^text\/html/);
      expect(res.headers.get('Cache-Control')).toBe('no-cache');
      expect(await res.text()).toContain('lang="nl"');
    }
  });

  it('serves hashed assets as immutable and other files uncached', async () => {
    const asset = await withUi.app.request('/assets/index-abc123.js');
    expect(asset.status).toBe(200);
    expect(asset.headers.get('Content-Type')).toMatch(/^text\/javascript/);
    expect(asset.headers.get('Cache-Control')).toBe('public, max-age=31536000, immutable');
    const icon = await withUi.app.request('/favicon.svg');
    expect(icon.headers.get('Cache-Control')).toBe('no-cache');
  });

  it('answers a missing file and a path out of the folder with 404, not with the page', async () => {
    for (const path of ['/assets/gone-123.js', '/..%2f..%2fetc%2fpasswd', '/%2e%2e/package.json', '/cycli/%E0%A4%A']) {
      const res = await withUi.app.request(path);
      expect(res.status, path).toBe(404);
      expect(res.headers.get('Content-Type')).toMatch(/^application\/problem\+json/);
    }
  });

  it('never shadows the API, its description or the operations routes', async () => {
    const api = await withUi.app.request('/api/v1/nergens');
    expect(api.status).toBe(401);
    expect(api.headers.get('Content-Type')).toMatch(/problem\+json/);
    expect((await withUi.app.request('/openapi.json')).headers.get('Content-Type')).toMatch(/^application\/json/);
    expect((await withUi.app.request('/healthz')).headers.get('Content-Type')).toMatch(/^application\/json/);
    expect(await (await withUi.app.request('/docs')).text()).not.toContain('lang="nl"><title>gearbox');
    expect((await withUi.app.request('/api')).status).toBe(404);
  });

  it('leaves / a 404 on a server without the UI', async () => {
    expect((await plain.app.request('/')).status).toBe(404);
  });
});

describe('the demo sign-in', () => {
  const post = (g: Gearbox, body: unknown, headers: Record<string, string> = {}) =>
    g.app.request('/api/v1/demo/sessions', { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });

  it('lists one demo person per role and gives a short-lived token for the demo institute', async () => {
    const users = (await (await withUi.app.request('/api/v1/demo/users')).json()) as { items: { id: string; name: string; roles: string[] }[] };
    expect(users.items.map((u) => u.roles[0])).toEqual(['kwaliteitsmedewerker', 'mt', 'auditor', 'cmo', 'admin']);
    const res = await post(withUi, { user: 'demo-mt' });
    expect(res.status).toBe(201);
    const session = (await res.json()) as { token: string; expiresAt: string; institute: string; user: { name: string } };
    const claims = await verifier({ secret: SECRET })(session.token);
    expect(claims).toMatchObject({ institute: 'demo', roles: ['mt'], sub: 'demo-mt', name: 'Pieter Bakker' });
    const lifetime = Date.parse(session.expiresAt) - Date.now();
    expect(lifetime).toBeGreaterThan(50 * 60_000);
    expect(lifetime).toBeLessThanOrEqual(60 * 60_000);
    const cycles = await withUi.app.request('/api/v1/cycles', { headers: { Authorization: `Bearer ${session.token}` } });
    expect(cycles.status).toBe(200);
  });

  it('refuses an unknown person with a Dutch problem naming the field', async () => {
    const res = await post(withUi, { user: 'root' });
    expect(res.status).toBe(400);
    const problem = (await res.json()) as { errors: { path: string; message: string }[] };
    expect(problem.errors).toEqual([{ path: 'user', message: 'kies een demogebruiker' }]);
  });

  it('is described as needing no token, unlike every other API operation', async () => {
    const spec = (await (await withUi.app.request('/openapi.json')).json()) as { paths: Record<string, Record<string, { security?: unknown; responses: object }>> };
    for (const [path, method] of [['/demo/users', 'get'], ['/demo/sessions', 'post'], ['/sign-in', 'get']] as const) {
      expect(spec.paths[path]![method]!.security, path).toEqual([]);
      expect(Object.keys(spec.paths[path]![method]!.responses), path).not.toContain('401');
    }
    expect(spec.paths['/cycles']!.get!.security).toEqual([{ bearer: [] }]);
  });

  it('does not exist without the demo: 404 with or without a token', async () => {
    expect((await post(plain, { user: 'demo-mt' })).status).toBe(404);
    expect((await plain.app.request('/api/v1/demo/users')).status).toBe(404);
  });
});

describe('how the UI signs in (GET /api/v1/sign-in, no token)', () => {
  it('names the demo on the embedded default, nothing without it', async () => {
    expect(await (await withUi.app.request('/api/v1/sign-in')).json()).toEqual({ method: 'demo' });
    expect(await (await plain.app.request('/api/v1/sign-in')).json()).toEqual({ method: 'none' });
  });

  it('names the OIDC issuer, client and audience once GEARBOX_OIDC_ISSUER is set, also with the demo', () => {
    const env = { GEARBOX_OIDC_ISSUER: 'https://login.example.nl', GEARBOX_JWT_AUDIENCE: 'https://gearbox.example.nl/api' };
    expect(signInConfig(env, true)).toEqual({ method: 'oidc', oidc: { issuer: 'https://login.example.nl', clientId: 'gearbox-ui', resource: 'https://gearbox.example.nl/api' } });
    expect(signInConfig({ ...env, GEARBOX_OIDC_CLIENT_ID: 'utrecht-ui' }, false).oidc?.clientId).toBe('utrecht-ui');
  });
});
