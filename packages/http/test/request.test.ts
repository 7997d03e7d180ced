import { describe, expect, it, vi } from 'vitest';
import { Hono } from 'hono';
import pino from 'pino';
import { z } from 'zod';
import { ValidationError } from '@gearbox/kernel';
import { errorHandler } from '../src/problem.ts';
import { commandOptions, jsonBodyLimit, MAX_JSON_DEPTH, parseIdempotencyKey, parseIfMatch, pathEncoding, readJson, readQuery, requestHash } from '../src/request.ts';

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
    const h = requestHash('POST', '/api/v1/cycles/1/commands', { type: 'SetGoal', goalId: 'g' });
    expect(requestHash('POST', '/api/v1/cycles/1/commands', { goalId: 'g', type: 'SetGoal' })).toBe(h);
    expect(requestHash('POST', '/api/v1/cycles/2/commands', { goalId: 'g', type: 'SetGoal' })).not.toBe(h);
    expect(requestHash('POST', '/api/v1/cycles/1/commands', { goalId: 'h', type: 'SetGoal' })).not.toBe(h);
  });
});

describe('reading a request', () => {
  const app = new Hono();
  app.onError(errorHandler(pino({ level: 'silent' })));
  app.use('*', jsonBodyLimit(64));
  app.post('/echo', async (c) => {
    const body = await readJson(c);
    return c.json({ body, options: commandOptions(c, body) });
  });
  app.get('/list', (c) => c.json(readQuery(c, z.object({ kind: z.enum(['curriculum', 'organisatie']).optional() }).strict())));
  const post = (body: string, headers: Record<string, string> = {}) =>
    app.request('/echo', { method: 'POST', body, headers: { 'Content-Type': 'application/json', ...headers } });

  it('a JSON body comes through with its command options', async () => {
    const res = await post('{"b":1,"a":2}', { 'If-Match': 'W/"4"', 'Idempotency-Key': 'k-1' });
    const answer = (await res.json()) as { body: unknown; options: { ifMatch: number; idempotencyKey: string; requestHash: string } };
    expect(answer.body).toEqual({ a: 2, b: 1 });
    expect(answer.options).toEqual({ ifMatch: 4, idempotencyKey: 'k-1', requestHash: requestHash('POST', '/echo', { a: 2, b: 1 }) });
  });

  it('malformed JSON, another content type and bad headers are 400 problems with errors', async () => {
    const cases: [Response | Promise<Response>, string][] = [
      [post('{"type":'), '(body)'],
      [app.request('/echo', { method: 'POST', body: '{}', headers: { 'Content-Type': 'text/plain' } }), 'Content-Type'],
      [app.request('/echo', { method: 'POST', body: '{}' }), 'Content-Type'],
      [post('{}', { 'If-Match': '"drie"' }), 'If-Match'],
      [post('{}', { 'Idempotency-Key': 'x'.repeat(256) }), 'Idempotency-Key'],
    ];
    for (const [pending, path] of cases) {
      const res = await pending;
      expect(res.status, path).toBe(400);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      const problem = (await res.json()) as { errors: { path: string; message: string }[] };
      expect(problem.errors.map((e) => e.path)).toEqual([path]);
      expect(problem.errors[0]!.message.length).toBeGreaterThan(0);
    }
  });

  it('says what is wrong in Dutch, or in English when asked', async () => {
    const wrongType = (language?: string) =>
      app.request('/echo', { method: 'POST', body: '{}', headers: { 'Content-Type': 'text/plain', ...(language ? { 'Accept-Language': language } : {}) } });
    expect(await (await wrongType()).json()).toMatchObject({
      title: 'Ongeldig verzoek',
      detail: 'Stuur de inhoud als application/json.',
      errors: [{ path: 'Content-Type', message: 'moet application/json zijn' }],
    });
    expect(await (await wrongType('en')).json()).toMatchObject({
      title: 'Invalid request',
      detail: 'Send the body as application/json.',
      errors: [{ path: 'Content-Type', message: 'must be application/json' }],
    });
    expect(await (await post('x'.repeat(100))).json()).toMatchObject({ status: 413, title: 'Inhoud te groot', detail: 'Een JSON-inhoud mag hoogstens 64 bytes zijn.' });
  });

  it('a JSON body over the limit is a 413 problem, with or without Content-Length', async () => {
    const big = JSON.stringify({ text: 'x'.repeat(100) });
    const res = await post(big);
    expect(res.status).toBe(413);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    const streamed = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(big));
        controller.close();
      },
    });
    const chunked = await app.request('/echo', { method: 'POST', body: streamed, headers: { 'Content-Type': 'application/json' }, duplex: 'half' } as RequestInit);
    expect(chunked.status).toBe(413);
    expect((await post('{"a":1}')).status).toBe(200);
  });

  it('JSON nested deeper than 64 levels is a 400 in Dutch, 64 levels still come through', async () => {
    const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
    const deep = new Hono();
    deep.onError(errorHandler(pino({ level: 'silent' })));
    deep.post('/echo', async (c) => c.json({ options: commandOptions(c, await readJson(c)) }));
    const send = (body: string) =>
      deep.request('/echo', { method: 'POST', body, headers: { 'Content-Type': 'application/json', 'Idempotency-Key': 'k-1' } });
    expect((await send(nested(MAX_JSON_DEPTH))).status).toBe(200);
    for (const body of [nested(MAX_JSON_DEPTH + 1), nested(200_000), `{"a":${nested(5_000)}}`]) {
      const res = await send(body);
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ detail: 'De JSON-inhoud is dieper genest dan 64 niveaus.', errors: [{ path: '(body)' }] });
    }
  });

  it('a large body nested too deep is refused before it is parsed; brackets inside strings do not count', async () => {
    const deep = new Hono();
    deep.onError(errorHandler(pino({ level: 'silent' })));
    deep.post('/echo', async (c) => c.json({ ok: (await readJson(c)) !== undefined }));
    const send = (body: string) => deep.request('/echo', { method: 'POST', body, headers: { 'Content-Type': 'application/json' } });
    // 10 kB of strings full of brackets and escaped quotes, nested exactly 64 levels: accepted.
    const noise = '[[{{\\"]]}}'.repeat(500);
    const nestedWith = (depth: number) => '{"a":'.repeat(depth - 1) + `["${noise}","${noise}"]` + '}'.repeat(depth - 1);
    expect(nestedWith(64).length).toBeGreaterThan(8 * 1024);
    expect(JSON.parse(nestedWith(64))).toBeTypeOf('object');
    expect((await send(nestedWith(64))).status).toBe(200);
    expect((await send(nestedWith(65))).status).toBe(400);
    // 400,000 levels: refused without JSON.parse ever building them.
    const parse = vi.spyOn(JSON, 'parse');
    try {
      const res = await send('['.repeat(400_000) + ']'.repeat(400_000));
      expect(res.status).toBe(400);
      expect(parse.mock.calls.filter(([text]) => typeof text === 'string' && text.length > 100_000)).toEqual([]);
    } finally {
      parse.mockRestore();
    }
  });

  it('a path whose percent-encoding is no UTF-8 is a 400 problem, a valid one reaches the route decoded', async () => {
    const paths = new Hono();
    paths.onError(errorHandler(pino({ level: 'silent' })));
    paths.use('*', pathEncoding());
    paths.get('/subjects/:id', (c) => c.json({ id: c.req.param('id') }));
    for (const path of ['/subjects/%C0%AE%C0%AE', '/subjects/%E0%A4%A', '/subjects/100%', '/subjects/%FF']) {
      const res = await paths.request(path);
      expect(res.status, path).toBe(400);
      expect(await res.json()).toMatchObject({ detail: 'Het pad bevat een ongeldige procentcodering.', errors: [{ path: '(path)' }] });
    }
    expect(await (await paths.request('/subjects/owner%3AAnna%20de%20Jong')).json()).toEqual({ id: 'owner:Anna de Jong' });
    expect(await (await paths.request('/subjects/owner%3A100%25')).json()).toEqual({ id: 'owner:100%' });
  });

  it('query filters are validated: unknown values and unknown names are 400 with query paths', async () => {
    expect(await (await app.request('/list?kind=curriculum')).json()).toEqual({ kind: 'curriculum' });
    const bad = await app.request('/list?kind=tandarts&soort=x');
    expect(bad.status).toBe(400);
    const problem = (await bad.json()) as { errors: { path: string }[] };
    expect(problem.errors.map((e) => e.path).sort()).toEqual(['query', 'query.kind']);
  });
});
