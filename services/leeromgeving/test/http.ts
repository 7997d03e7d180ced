/**
 * A stand-in for the server's auth and error middleware (packages/http), so these routes can be
 * tested over `app.request`: `x-roles` and `x-institute` headers instead of a JWT, and domain
 * errors as problem+json. Anything else is a 500, which the fuzz tests look for.
 */
import { Hono } from 'hono';
import { DomainError, UnauthorizedError } from '@gearbox/kernel';
import type { AuthVariables } from '../src/routes.ts';

export function testApp(mount: (app: Hono<{ Variables: AuthVariables }>) => void) {
  const app = new Hono<{ Variables: AuthVariables }>();
  app.use('*', async (c, next) => {
    const roles = c.req.header('x-roles');
    if (!roles) throw new UnauthorizedError();
    c.set('institute', c.req.header('x-institute') ?? 'utrecht');
    c.set('actor', { sub: `user-${roles}`, name: `Test ${roles}`, roles: roles.split(',') });
    await next();
  });
  app.onError((error, c) => {
    if (error instanceof DomainError) return c.json(error.toProblem(), error.status as 400);
    return c.json({ status: 500, detail: String(error) }, 500);
  });
  mount(app);
  return app;
}

export function call(app: { request: (path: string, init?: RequestInit) => Response | Promise<Response> }) {
  return async (method: string, path: string, roles: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await app.request(path, {
      method,
      headers: { 'x-roles': roles, 'content-type': 'application/json', ...headers },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
  };
}
