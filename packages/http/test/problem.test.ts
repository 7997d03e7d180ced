import { Writable } from 'node:stream';
import { Hono } from 'hono';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { CommandNotAllowedError, DomainError, NotFoundError, RevisionConflictError, ValidationError } from '@gearbox/kernel';
import { errorHandler, notFound } from '../src/problem.ts';

function appLogging(lines: string[]) {
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const app = new Hono();
  app.onError(errorHandler(pino({ level: 'info' }, sink)));
  app.notFound(notFound);
  return app;
}

describe('problem+json', () => {
  const logged: string[] = [];
  const app = appLogging(logged);
  app.get('/domain', () => {
    throw new DomainError('custom', 418, 'Teapot', 'short and stout', { extra: 1 });
  });
  app.get('/invalid', () => {
    throw new ValidationError([{ path: 'period.to', message: 'from must not be after to' }]);
  });
  app.get('/conflict', () => {
    throw new RevisionConflictError(7);
  });
  app.get('/phase', () => {
    throw new CommandNotAllowedError('StartCheck', ['SetGoal', 'CancelCycle'], 'StartCheck is not allowed in phase plan.');
  });
  app.get('/missing', () => {
    throw new NotFoundError('cycle 42');
  });
  app.get('/boom', () => {
    throw new Error('secret internals at /srv/app.ts:12');
  });

  it('a domain error keeps its type, status and extensions', async () => {
    const res = await app.request('/domain');
    expect(res.status).toBe(418);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(await res.json()).toEqual({ type: 'https://gearbox.dev/problems/custom', title: 'Teapot', status: 418, detail: 'short and stout', instance: '/domain', extra: 1 });
  });

  it('400 lists errors[{path, message}], 409 the current revision, 422 what is allowed, 404 what is missing', async () => {
    expect(await (await app.request('/invalid')).json()).toMatchObject({ status: 400, errors: [{ path: 'period.to', message: 'from must not be after to' }] });
    expect(await (await app.request('/conflict')).json()).toMatchObject({ status: 409, currentRevision: 7 });
    expect(await (await app.request('/phase')).json()).toMatchObject({ status: 422, allowed: ['SetGoal', 'CancelCycle'], command: 'StartCheck' });
    const missing = await app.request('/missing');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ type: 'https://gearbox.dev/problems/not-found', detail: 'cycle 42 was not found.' });
  });

  it('an unexpected error is a 500 with an id, logged with its stack, and no internals to the client', async () => {
    const res = await app.request('/boom');
    const text = await res.text();
    const body = JSON.parse(text) as { status: number; errorId: string; detail: string };
    expect(res.status).toBe(500);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(body.errorId).toMatch(/^[0-9a-f-]{36}$/);
    expect(body.detail).toContain(body.errorId);
    expect(text).not.toContain('internals');
    expect(text).not.toContain('app.ts');
    const line = logged.map((l) => JSON.parse(l) as { errorId?: string; err?: { stack?: string } }).find((l) => l.errorId === body.errorId);
    expect(line?.err?.stack).toContain('secret internals at /srv/app.ts:12');
  });

  it('an unknown route is a 404 problem', async () => {
    const res = await app.request('/nowhere');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(await res.json()).toMatchObject({ status: 404, instance: '/nowhere' });
  });
});
