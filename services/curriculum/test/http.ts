/**
 * An app wired like the server's, for tests over `app.request`: the real bearer-token check and the
 * one error handler of packages/http, the curriculum module's routes and the stream routes of
 * programma's and cycles, on an in-memory store with read models that follow the store.
 */
import { Hono } from 'hono';
import { openSqliteEventStore } from '@gearbox/eventstore';
import { authenticate, errorHandler, notFound, signToken, streamRoutes, type AuthVariables, type Role } from '@gearbox/http';
import { IdempotencyIndex, manualClock, openSqliteKeyStore, ProjectionRunner, sequentialIds, StreamHandler, StreamIndex } from '@gearbox/kernel';
import { cycleDefinition } from '@gearbox/cycles';
import { TEST_NOW } from '@gearbox/kernel/testing';
import { curriculumModule } from '../src/module.ts';

const SECRET = 'curriculum-route-tests-secret-0123456789';
const quiet = { error: () => {}, warn: () => {}, info: () => {} } as unknown as Parameters<typeof errorHandler>[0];

export async function curriculumApp() {
  const store = openSqliteEventStore({ path: ':memory:' });
  const keys = openSqliteKeyStore(':memory:');
  const idempotency = new IdempotencyIndex();
  const kernel = { store, keys, clock: manualClock(TEST_NOW), ids: sequentialIds(), idempotency };
  const cycles = new StreamHandler(cycleDefinition, kernel);
  const module = curriculumModule(kernel, cycles);
  const projections = new ProjectionRunner(store, [idempotency, ...(module.projections ?? [])]);
  await projections.start();
  const afterWrite = (position: bigint) => projections.waitFor(position);

  const app = new Hono<{ Variables: AuthVariables }>();
  app.onError(errorHandler(quiet));
  app.notFound(notFound);
  app.use('/api/v1/*', authenticate({ secret: SECRET }));
  app.route('/api/v1', module.routes!);
  app.route('/api/v1/programmas', streamRoutes({ handler: module.handler, list: module.list!, basePath: '/api/v1/programmas', afterWrite }));
  const cycleIndex = new StreamIndex(cycleDefinition, (s) => s.id);
  app.route('/api/v1/cycles', streamRoutes({ handler: cycles, list: (institute) => cycleIndex.list(institute), basePath: '/api/v1/cycles' }));

  const tokens = new Map<string, string>();
  const token = async (roles: string, institute: string) => {
    const key = `${roles}@${institute}`;
    if (!tokens.has(key)) tokens.set(key, await signToken({ sub: `user-${roles}`, name: `Test ${roles}`, institute, roles: roles.split(',') as Role[] }, SECRET));
    return tokens.get(key)!;
  };
  /** `roles` as "kwaliteitsmedewerker,mt"; `institute` defaults to utrecht; null roles sends no token. */
  const call = async (method: string, path: string, roles: string | null, body?: unknown, headers: Record<string, string> = {}, institute = 'utrecht') => {
    const response = await app.request(path, {
      method,
      headers: { ...(roles === null ? {} : { authorization: `Bearer ${await token(roles, institute)}` }), 'content-type': 'application/json', ...headers },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await response.text();
    let parsed: any = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, body: parsed, headers: response.headers };
  };
  const close = async () => {
    await projections.stop();
    await store.close();
    keys.close();
  };
  return { app, call, store, module, cycles, close };
}
