/**
 * An app like the server's, for route tests over `app.request`: the real bearer-token check and
 * the one error handler, a module's extra routes under /api/v1 and its stream routes. Import it from
 * `@gearbox/http/testing` (it is not part of the runtime package).
 */
import { Hono } from 'hono';
import { API_VERSION, apiVersionHeader, authenticate, errorHandler, moduleRoutes, notFound, OpenApiRegistry, signToken, streamRoutes, type AuthVariables, type ListFn, type ServiceModule, type StreamRoutesOptions } from './index.ts';
import { openapiCheck, type OpenapiCheck } from './openapi-check.ts';
import { ProjectionRunner, type StreamHandler } from '@gearbox/kernel';
import type { EventStore } from '@gearbox/eventstore';

const SECRET = 'test-secret-for-route-tests-only';
const quiet = { error: () => {}, warn: () => {}, info: () => {} } as unknown as Parameters<typeof errorHandler>[0];

export interface Mount {
  routes?: Hono<any>;
  streams?: { basePath: string; handler: StreamHandler<any>; list: ListFn; afterWrite?: (position: bigint) => Promise<void>; openapi?: StreamRoutesOptions['openapi'] }[];
}

export function testApp(mount: Mount) {
  const app = new Hono<{ Variables: AuthVariables }>();
  app.use('*', apiVersionHeader());
  app.onError(errorHandler(quiet));
  app.notFound(notFound);
  app.use('/api/v1/*', authenticate({ secret: SECRET }));
  if (mount.routes) app.route('/api/v1', mount.routes);
  for (const s of mount.streams ?? []) app.route(`/api/v1${s.basePath}`, streamRoutes({ ...s, basePath: `/api/v1${s.basePath}` }));
  return app;
}

/**
 * A service module mounted as the server mounts it, over `app.request`: its projections running on
 * the store, its extra routes and its stream routes behind the real token check, and a command's
 * answer waiting for the projections to catch up. Every answer `http` receives is held against the
 * module's part of the OpenAPI description (`spec`), as the server describes it. `stop` ends the
 * projections.
 */
export async function moduleApp(mod: ServiceModule, store: EventStore) {
  const projections = new ProjectionRunner(store, mod.projections ?? []);
  await projections.start();
  const afterWrite = (position: bigint) => projections.waitFor(position);
  const registry = new OpenApiRegistry();
  const app = testApp({ routes: moduleRoutes(mod, { registry, afterWrite }) });
  const spec = registry.document(API_VERSION);
  return { app, http: call(app, openapiCheck(spec)), spec, projections, stop: () => projections.stop() };
}

const tokens = new Map<string, string>();
async function token(roles: string, institute: string): Promise<string> {
  const key = `${roles}@${institute}`;
  let t = tokens.get(key);
  if (!t) {
    t = await signToken({ sub: `user-${roles}`, name: `Test ${roles}`, institute, roles: roles.split(',') as never }, SECRET);
    tokens.set(key, t);
  }
  return t;
}

/** A bearer token for `roles` of `institute`, for requests `call` does not make (a binary upload). */
export const tokenFor = (roles: string, institute = 'utrecht') => token(roles, institute);

/** Requests with a token for `roles`; with `check`, every answer must match the OpenAPI description. */
export function call(app: { request: (path: string, init?: RequestInit) => Response | Promise<Response> }, check?: OpenapiCheck) {
  return async (method: string, path: string, roles: string, body?: unknown, headers: Record<string, string> = {}) => {
    const institute = headers['x-institute'] ?? 'utrecht';
    const response = await app.request(path, {
      method,
      headers: { authorization: `Bearer ${await token(roles, institute)}`, 'content-type': 'application/json', ...headers },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await response.text();
    check?.assert({ method, path, status: response.status, headers: response.headers, text });
    return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
  };
}

export { openapiCheck, type Answer, type OpenapiCheck } from './openapi-check.ts';
