import { Writable } from 'node:stream';
import { Hono } from 'hono';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { NotFoundError } from '@gearbox/kernel';
import { Metrics, requestLog } from '../src/observability.ts';
import { errorHandler, notFound } from '../src/problem.ts';

function setup() {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  const logger = pino({ level: 'info' }, sink);
  const metrics = new Metrics(false);
  const app = new Hono<{ Variables: { institute: string } }>();
  app.use('*', requestLog(logger, metrics));
  app.onError(errorHandler(logger));
  app.notFound(notFound);
  app.use('/api/v1/*', async (c, next) => {
    c.set('institute', 'utrecht');
    await next();
  });
  app.get('/api/v1/cycles/:id', (c) => {
    if (c.req.param('id') === 'missing') throw new NotFoundError('cycle missing');
    return c.json({ id: c.req.param('id') });
  });
  return { app, lines, metrics };
}

describe('request logging and metrics', () => {
  it('one log line per request with method, route, status, duration, request id and institute', async () => {
    const { app, lines } = setup();
    const res = await app.request('/api/v1/cycles/c-1', { headers: { 'X-Request-Id': 'req-42' } });
    expect(res.headers.get('x-request-id')).toBe('req-42');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ msg: 'request', method: 'GET', route: '/api/v1/cycles/:id', path: '/api/v1/cycles/c-1', status: 200, requestId: 'req-42', institute: 'utrecht' });
    expect(typeof lines[0]!.ms).toBe('number');
  });

  it('a request without an id gets one, and refusals are logged with their status', async () => {
    const { app, lines } = setup();
    const res = await app.request('/api/v1/cycles/missing');
    expect(res.status).toBe(404);
    const id = res.headers.get('x-request-id');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(lines).toEqual([expect.objectContaining({ status: 404, requestId: id, route: '/api/v1/cycles/:id' })]);
  });

  it('counts requests by route pattern and status, not by concrete path', async () => {
    const { app, metrics } = setup();
    await app.request('/api/v1/cycles/a');
    await app.request('/api/v1/cycles/b');
    await app.request('/api/v1/cycles/missing');
    await app.request('/nowhere/1');
    await app.request('/nowhere/2');
    const text = await metrics.registry.metrics();
    expect(text).toContain('gearbox_http_requests_total{method="GET",route="/api/v1/cycles/:id",status="200"} 2');
    expect(text).toContain('gearbox_http_requests_total{method="GET",route="/api/v1/cycles/:id",status="404"} 1');
    expect(text).not.toContain('/nowhere/1');
  });

  it('logs no subject id (it can carry a name) in a request line or an error line', async () => {
    const { app, lines } = setup();
    app.delete('/api/v1/subjects/:subjectId', (c) => {
      if (c.req.param('subjectId').includes('Kapot')) throw new Error('boom');
      return c.json({ forgotten: true });
    });
    const subject = (id: string) => `/api/v1/subjects/${encodeURIComponent(id)}`;
    expect((await app.request(subject('owner:Anna de Jong'), { method: 'DELETE' })).status).toBe(200);
    expect((await app.request(subject('u-anna'), { method: 'DELETE' })).status).toBe(200);
    expect((await app.request(subject('owner:Kapot de Jong'), { method: 'DELETE' })).status).toBe(500);
    expect((await app.request('/api/v1/nowhere/owner:Anna/x', { method: 'DELETE' })).status).toBe(404);
    expect(lines.map((l) => [l.msg, l.path])).toEqual([
      ['request', '/api/v1/subjects/[verborgen]'],
      ['request', '/api/v1/subjects/[verborgen]'],
      ['unexpected error', '/api/v1/subjects/[verborgen]'],
      ['request', '/api/v1/subjects/[verborgen]'],
      ['request', '/api/v1/nowhere/[verborgen]/x'],
    ]);
    expect(JSON.stringify(lines)).not.toMatch(/anna|kapot|owner/i);
  });
});
