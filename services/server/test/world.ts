/**
 * A real gearbox on 127.0.0.1 with an in-memory store, and a small client for tests. Every answer
 * the client receives is held against the server's own /openapi.json: an undocumented status or a
 * body that does not match its schema fails the test that received it.
 */
import { signToken, type Role } from '@gearbox/http';
import { openapiCheck, type OpenapiCheck } from '@gearbox/http/testing';
import { manualClock } from '@gearbox/kernel';
import { createGearbox, type Gearbox } from '../src/app.ts';
import pino from 'pino';

export const SECRET = 'test-secret-that-is-long-enough-0123456789';

export interface World {
  gearbox: Gearbox;
  base: string;
  clock: ReturnType<typeof manualClock>;
  /** The server's /openapi.json as a check, for answers a test gets without `call`. */
  spec: OpenapiCheck;
  token(institute: string, roles: Role[], sub?: string, name?: string): Promise<string>;
  call(method: string, path: string, options?: { token?: string; body?: unknown; headers?: Record<string, string> }): Promise<{ status: number; body: any; headers: Headers }>;
  stop(): Promise<void>;
}

export async function world(options: { logger?: pino.Logger } = {}): Promise<World> {
  const clock = manualClock('2026-03-01T09:00:00Z');
  const gearbox = createGearbox({ storeUrl: 'sqlite::memory:', auth: { secret: SECRET }, clock, logger: options.logger ?? pino({ level: 'silent' }), schedulerIntervalMs: 0 });
  await gearbox.start();
  const { port } = await gearbox.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${port}`;
  const spec = openapiCheck((await (await fetch(`${base}/openapi.json`)).json()) as object);
  return {
    gearbox,
    base,
    clock,
    spec,
    token: (institute, roles, sub = `u-${roles.join('-')}`, name = 'Test Persoon') => signToken({ institute, roles, sub, name }, SECRET),
    async call(method, path, options = {}) {
      const headers: Record<string, string> = { ...(options.headers ?? {}) };
      if (options.token) headers.Authorization = `Bearer ${options.token}`;
      let body: string | undefined;
      if (options.body !== undefined) {
        body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
        headers['Content-Type'] ??= 'application/json';
      }
      const res = await fetch(base + path, { method, headers, ...(body !== undefined ? { body } : {}) });
      const text = await res.text();
      spec.assert({ method, path, status: res.status, headers: res.headers, text });
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // not JSON: keep the text
      }
      return { status: res.status, body: parsed, headers: res.headers };
    },
    stop: () => gearbox.stop(),
  };
}
