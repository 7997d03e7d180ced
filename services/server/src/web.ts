/**
 * The web UI (services/web) as the server hands it out, and the demo sign-in it uses on the embedded
 * default. The UI is static files: hashed assets are cached for ever, index.html never, and a page
 * URL such as /cycli/123 answers index.html so that a mailed link opens the page (the UI routes
 * it). Paths of the API and the operations routes are never answered with the UI.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import { Hono } from 'hono';
import { z } from 'zod';
import { NotFoundError, says, text, validated } from '@gearbox/kernel';
import { instant, readJson, signToken, type RouteDoc } from '@gearbox/http';

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};
/** Never the UI: the API, its description and the operations routes keep their own 404s. */
const RESERVED = /^\/(api|openapi\.json|docs|healthz|readyz|metrics)(\/|$)/;

/** Serves `dir` (the built UI). Mount after every other route. */
export function webRoutes(dir: string): Hono {
  const app = new Hono();
  const index = join(dir, 'index.html');
  app.on(['GET', 'HEAD'], '*', async (c, next) => {
    let path: string;
    try {
      path = decodeURIComponent(c.req.path);
    } catch {
      return next();
    }
    if (RESERVED.test(path) || path.split(/[/\\]/).includes('..')) return next();
    const file = normalize(join(dir, path));
    if (file.startsWith(dir + sep) && existsSync(file) && statSync(file).isFile()) {
      // Vite names every file under assets/ by its content hash: a new build is a new name.
      const cache = path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache';
      return c.body(readFileSync(file), 200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', 'Cache-Control': cache });
    }
    // A page URL (no file extension) is the UI's; a missing file is a plain 404.
    if (extname(path) || !existsSync(index)) return next();
    return c.body(readFileSync(index), 200, { 'Content-Type': TYPES['.html']!, 'Cache-Control': 'no-cache' });
  });
  return app;
}

export interface DemoUser {
  id: string;
  name: string;
  roles: string[];
}

/** The people of the demo institute one may sign in as (UI.md: one per role). */
export const DEMO_USERS: DemoUser[] = [
  { id: 'demo-kwaliteit', name: 'Sanne de Vries', roles: ['kwaliteitsmedewerker'] },
  { id: 'demo-mt', name: 'Pieter Bakker', roles: ['mt'] },
  { id: 'demo-auditor', name: 'Anouk Jansen', roles: ['auditor'] },
  { id: 'demo-cmo', name: 'Karim El Amrani', roles: ['cmo'] },
  { id: 'demo-admin', name: 'Lotte Visser', roles: ['admin'] },
];
/** Short-lived: a demo session ends within the hour (API.md). */
const DEMO_TOKEN_LIFETIME_S = 3600;

const DemoUserSchema = z.object({ id: z.string(), name: z.string(), roles: z.array(z.string()) }).meta({ id: 'DemoUser' });
const DemoSessionRequest = z
  .object({ user: z.enum(DEMO_USERS.map((u) => u.id) as [string, ...string[]], { error: says('kies een demogebruiker', 'choose a demo user') }) })
  .meta({ id: 'DemoSessionRequest' });
const DemoSession = z.object({ token: z.string(), expiresAt: instant, institute: z.string(), user: DemoUserSchema }).meta({ id: 'DemoSession' });
const DEMO_ONLY = 'Alleen op de ingebedde standaard met het demo-instituut en zonder OIDC-issuer; anders 404. Vraagt geen token.';

export const demoDocs: RouteDoc[] = [
  {
    method: 'get', path: '/api/v1/demo/users', tag: 'demo', operationId: 'listDemoUsers', public: true, summary: 'De demogebruikers waarmee de web-UI kan aanmelden', description: DEMO_ONLY,
    responses: { '200': { description: 'Eén persoon per rol', schema: z.object({ items: z.array(DemoUserSchema) }).meta({ id: 'DemoUserList' }) }, '404': 'Geen demo op deze server' },
  },
  {
    method: 'post', path: '/api/v1/demo/sessions', tag: 'demo', operationId: 'startDemoSession', public: true, summary: 'Aanmelden als demogebruiker: een token van een uur voor het demo-instituut', description: DEMO_ONLY,
    body: DemoSessionRequest,
    responses: { '201': { description: 'Het token (HS256) en wie ermee aanmeldt', schema: DemoSession }, '400': 'Onbekende demogebruiker', '404': 'Geen demo op deze server' },
  },
];

/**
 * `/demo/*` under /api/v1, before authentication: there is no token yet. Without a demo every
 * call answers 404, with or without a token.
 */
export function demoRoutes(demo: { institute: string; secret: string } | undefined, now: () => Date): Hono {
  const app = new Hono();
  if (!demo) {
    const none = () => {
      throw new NotFoundError(text('Demo-aanmelding (deze server heeft geen demo)', 'Demo sign-in (this server has no demo)'));
    };
    app.get('/demo/users', none);
    app.post('/demo/sessions', none);
    return app;
  }
  const { institute, secret } = demo;
  app.get('/demo/users', (c) => c.json({ items: DEMO_USERS }));
  app.post('/demo/sessions', async (c) => {
    const { user: id } = validated(DemoSessionRequest, await readJson(c));
    const user = DEMO_USERS.find((u) => u.id === id)!;
    const token = await signToken({ institute, sub: user.id, name: user.name, roles: user.roles as never }, secret, `${DEMO_TOKEN_LIFETIME_S}s`);
    const expiresAt = new Date(now().getTime() + DEMO_TOKEN_LIFETIME_S * 1000).toISOString();
    return c.json({ token, expiresAt, institute, user }, 201);
  });
  return app;
}

/** Why the demo sign-in is off, or undefined when it is on. */
export function demoSignInRefused(env: NodeJS.ProcessEnv, demo: boolean): string | undefined {
  if (!demo) return 'started without --demo';
  if (env.GEARBOX_OIDC_ISSUER) return 'GEARBOX_OIDC_ISSUER is set';
  if (env.GEARBOX_JWKS_URL) return 'GEARBOX_JWKS_URL is set (tokens come from the OIDC provider)';
  return undefined;
}

/** How the UI signs a person in: OIDC when GEARBOX_OIDC_ISSUER is set, else the demo when there is one. */
const SignInConfig = z
  .object({
    method: z.enum(['oidc', 'demo', 'none']),
    oidc: z.object({ issuer: z.string(), clientId: z.string(), resource: z.string().optional() }).optional(),
  })
  .meta({ id: 'SignInConfig' });
export type SignInConfig = z.infer<typeof SignInConfig>;

export const signInDocs: RouteDoc[] = [
  {
    method: 'get', path: '/api/v1/sign-in', tag: 'demo', operationId: 'getSignInConfig', public: true, summary: 'Hoe de web-UI aanmeldt: OIDC (issuer en client-id), de demo of geen',
    description: 'Openbaar (vraagt geen token). OIDC: authorization code met PKCE bij `issuer`; `resource` is de doelgroep (GEARBOX_JWT_AUDIENCE) van het access token.',
    responses: { '200': { description: 'De aanmeldmethode', schema: SignInConfig } },
  },
];

/** GEARBOX_OIDC_ISSUER with GEARBOX_OIDC_CLIENT_ID (default `gearbox-ui`) and GEARBOX_JWT_AUDIENCE as the resource. */
export function signInConfig(env: NodeJS.ProcessEnv, demo: boolean): SignInConfig {
  if (env.GEARBOX_OIDC_ISSUER) {
    const oidc = { issuer: env.GEARBOX_OIDC_ISSUER, clientId: env.GEARBOX_OIDC_CLIENT_ID ?? 'gearbox-ui', ...(env.GEARBOX_JWT_AUDIENCE ? { resource: env.GEARBOX_JWT_AUDIENCE } : {}) };
    return { method: 'oidc', oidc };
  }
  return { method: demo ? 'demo' : 'none' };
}

/** `/sign-in` under /api/v1, before authentication. */
export function signInRoutes(config: SignInConfig): Hono {
  return new Hono().get('/sign-in', (c) => c.json(config));
}
