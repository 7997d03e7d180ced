/**
 * A fuzzer driven by /openapi.json (fast-check): every operation, with paths that name the demo
 * institute's resources or hostile segments (traversal, percent-encodings, unicode, inherited
 * names, 5,000 characters), hostile query values, bodies that the schema accepts and the same with
 * one field replaced by a hostile value, any JSON, prototype names, deep nesting, huge strings,
 * bytes that are no UTF-8, UTF-16; hostile headers (tokens, content types, encodings,
 * Accept-Language, If-Match, Idempotency-Key); sent with a Content-Length or chunked. Raw HTTP
 * (node:http), so a path reaches the server as generated. No answer may have a status ≥ 500, the
 * server must stay up, and its RSS at rest afterwards (6 s after the last answer) must stay under 300 MiB.
 * Bounded: 1,000 requests or 15 s, whichever comes first; `pnpm reliability`: 100,000 (or 45
 * minutes; RELIABILITY_FUZZ_REQUESTS and RELIABILITY_FUZZ_MINUTES change both). A run stopped by its time limit must still have sent a quarter of its requests.
 */
import fc from 'fast-check';
import { Agent, request } from 'node:http';
import { readFileSync } from 'node:fs';
import { ROLES, type Role } from '@gearbox/http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FULL, startGearbox, tempDir, token, type Gearbox } from './gearbox.ts';
import { loadApi, pathValues, type Api, type Operation } from './openapi.ts';

const REQUESTS = Number(process.env.RELIABILITY_FUZZ_REQUESTS ?? (FULL ? 100_000 : 1_000));
const TIME_LIMIT_MS = Number(process.env.RELIABILITY_FUZZ_MINUTES ?? (FULL ? 45 : 0.25)) * 60_000;
const CONCURRENCY = 8;
const SEED = Number(process.env.RELIABILITY_SEED ?? Date.now() % 2 ** 31);

const tmp = tempDir('fuzz');
let server: Gearbox;
let api: Api;
let pathOfA: (template: string) => string;
const tokens: string[] = [];
beforeAll(async () => {
  server = await startGearbox({ dataDir: `${tmp.dir}/data`, logFile: `${tmp.dir}/log`, demo: true });
  api = await loadApi(server.base);
  pathOfA = await pathValues(server.base, await token('demo', ROLES), api.operations, { subjectId: 'demo-user' });
  for (const roles of [ROLES, ...ROLES.map((r) => [r])] as Role[][]) tokens.push(await token('demo', roles));
  tokens.push(await token('rotterdam', ROLES));
}, 120_000);
afterAll(async () => {
  await server?.kill();
  if (!process.env.RELIABILITY_KEEP) tmp.remove();
});

/** What is sent, with big bodies described rather than held until they are sent. */
interface Fuzzed {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: { text: string } | { bytes: Uint8Array } | { utf16: string } | { huge: number } | { deep: number };
  chunk?: number;
}

const printable = (maxLength: number) => fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength });
/** Percent-encoded; a lone surrogate becomes U+FFFD, as UTF-8 would carry it. */
const encode = (s: string) => encodeURIComponent(Buffer.from(s).toString());
const INHERITED = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'prototype'];

const hostileSegment = fc.oneof(
  fc.constantFrom(...INHERITED, '..', '.', '%2e%2e', '..%2f..%2fetc%2fpasswd', '%00', '%', '%ZZ', '%C0%AE%C0%AE', '%E2%80%AE', 'owner:Anna%20de%20Jong', 'a'.repeat(5000), ''),
  fc.string({ unit: 'grapheme', maxLength: 40 }).map(encode),
);
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, true, false, -1, 0, 1e308, -1e308, 2 ** 53 + 1, '', ...INHERITED, '2108-01-01T00:00:00Z', '9999-12-31', '0000-00-00', '2026-02-30', '\u0000', '\ud800', '<script>alert(1)</script>', "'; DROP TABLE events;--", '../../etc/passwd', 'x'.repeat(70_000)),
  fc.jsonValue({ maxDepth: 3 }),
  fc.string({ unit: 'grapheme', maxLength: 80 }),
);

function arbitraryRequest(ops: Operation[]): fc.Arbitrary<Fuzzed> {
  return fc.constantFrom(...ops).chain((op) => {
    const sample = api.sample(Object.values(op.bodies)[0]);
    const template = op.template.split('/');
    const path = fc.oneof(
      { weight: 6, arbitrary: fc.constant(pathOfA(op.template)) },
      { weight: 3, arbitrary: fc.array(hostileSegment, { minLength: template.length, maxLength: template.length }).map((s) => template.map((t, i) => (t.startsWith('{') ? s[i] : t)).join('/')) },
      {
        weight: 1,
        arbitrary: fc.constantFrom('/api/v1/../../etc/passwd', '/api/v1/%2e%2e/%2e%2e/etc/passwd', '//api//v1//cycles', '/api/v1/cycles/', '/docs/assets/../../package.json', '/docs/assets/%2e%2e%2f%2e%2e%2fpackage.json', '/api/v2/cycles', '/API/V1/CYCLES', '/api/v1/cycles;x=1', '*'),
      },
    );
    const query = fc.array(
      fc.tuple(op.query.length ? fc.constantFrom(...op.query.map((q) => q.name), 'x', '__proto__') : fc.constantFrom('x', '__proto__', 'asOf'), fc.oneof(hostileValue, fc.constantFrom(...op.query.map((q) => api.sample(q.schema)), 'zip', 'pdf', 'true'))),
      { maxLength: 3 },
    );
    const body = fc.oneof(
      { weight: 3, arbitrary: fc.tuple(fc.nat(), hostileValue).map(([i, v]) => {
          if (!sample || typeof sample !== 'object') return { text: JSON.stringify(v) ?? '' };
          const keys = Object.keys(sample);
          return { text: JSON.stringify(keys.length ? { ...sample, [keys[i % keys.length]!]: v } : v) ?? '' };
        }) },
      { weight: 2, arbitrary: fc.constant({ text: JSON.stringify(sample) ?? '' }) },
      { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => ({ text: JSON.stringify(v) ?? '' })) },
      { weight: 1, arbitrary: fc.constantFrom(...INHERITED).map((name) => ({ text: `{"${name}":{"admin":true,"prototype":{"polluted":1}},"type":"${name}","__proto__":{"roles":["admin"]}}` })) },
      { weight: 1, arbitrary: fc.integer({ min: 1_000, max: 200_000 }).map((deep) => ({ deep })) },
      { weight: 1, arbitrary: fc.constantFrom(100_000, 1_048_577, 3_000_000).map((huge) => ({ huge })) },
      { weight: 1, arbitrary: fc.uint8Array({ maxLength: 2_000 }).map((bytes) => ({ bytes })) },
      { weight: 1, arbitrary: fc.constant({ utf16: JSON.stringify(sample) ?? '' }) },
      { weight: 1, arbitrary: fc.constant(undefined) },
    );
    const optional = (a: fc.Arbitrary<string>) => fc.option(a, { nil: undefined, freq: 2 });
    const headers = fc.record({
      Authorization: fc.oneof({ weight: 12, arbitrary: fc.constantFrom(...tokens).map((t) => `Bearer ${t}`) }, { weight: 1, arbitrary: printable(300) }, { weight: 1, arbitrary: printable(300).map((t) => `Bearer ${t}`) }),
      'Content-Type': optional(fc.constantFrom('application/json', 'application/json; charset=utf-8', 'application/json; charset=utf-16', 'text/plain', 'application/zip', 'multipart/form-data; boundary=x', 'multipart/form-data', 'application/x-www-form-urlencoded', 'application/problem+json', 'application/json;;;', '')),
      'Content-Encoding': optional(fc.constantFrom('gzip', 'br', 'deflate, gzip', 'identity', 'x')),
      'Accept-Language': optional(fc.oneof(fc.constantFrom('en', 'nl', 'en-US,en;q=0.9', '*', 'xx', 'en;q=abc', ',,,', 'a'.repeat(4000)), printable(40))),
      'If-Match': optional(fc.oneof(fc.constantFrom('"1"', 'W/"0"', '*', '-1', '"99999999999999999999999"', '"', '"NaN"'), printable(40))),
      'Idempotency-Key': optional(printable(300)),
      Accept: optional(fc.constantFrom('application/json', 'text/html', '*/*', 'application/zip', 'x/y')),
    });
    const method = fc.oneof({ weight: 9, arbitrary: fc.constant(op.method) }, { weight: 1, arbitrary: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD') });
    const chunk = fc.option(fc.integer({ min: 1, max: 65_536 }), { nil: undefined });
    return fc.record({ method, path, query, body, headers, chunk }).map(({ method, path, query, body, headers, chunk }) => ({
      method,
      path: path + (query.length ? `?${query.map(([k, v]) => `${k}=${encode(typeof v === 'string' ? v : JSON.stringify(v) ?? '')}`).join('&')}` : ''),
      headers: Object.fromEntries(Object.entries(headers).filter(([, v]) => v !== undefined)) as Record<string, string>,
      ...(body ? { body } : {}),
      ...(chunk ? { chunk } : {}),
    }));
  });
}

function bytesOf(body: NonNullable<Fuzzed['body']>): Buffer {
  if ('text' in body) return Buffer.from(body.text);
  if ('bytes' in body) return Buffer.from(body.bytes);
  if ('utf16' in body) return Buffer.from(body.utf16, 'utf16le');
  if ('huge' in body) return Buffer.from(`{"title":"${'x'.repeat(body.huge)}"}`);
  return Buffer.from('['.repeat(body.deep) + ']'.repeat(body.deep));
}

type Outcome = { status: number } | { error: string };

/** A socket the server closed while a body was still being written fails that request only. */
const guarded = new WeakSet<object>();
const guard = (socket: NodeJS.EventEmitter) => {
  if (guarded.has(socket)) return;
  guarded.add(socket);
  socket.on('error', () => {});
};

function send(agent: Agent, r: Fuzzed): Promise<Outcome> {
  return new Promise((resolve) => {
    const payload = r.body ? bytesOf(r.body) : undefined;
    let req: ReturnType<typeof request>;
    try {
      req = request(server.base + (r.path.startsWith('/') ? '' : '/') + r.path, {
        agent,
        method: r.method,
        headers: { ...r.headers, ...(payload && !r.chunk ? { 'Content-Length': String(payload.length) } : {}) },
        timeout: 30_000,
      });
    } catch (error) {
      // A header or path node:http will not send never reaches the server.
      return resolve({ error: `not sent: ${(error as Error).message.slice(0, 60)}` });
    }
    req.on('socket', guard);
    req.on('response', (res) => {
      // Server-sent events do not end: the status is the answer.
      if (res.headers['content-type']?.startsWith('text/event-stream')) {
        res.destroy();
        return resolve({ status: res.statusCode! });
      }
      res.on('data', () => {});
      res.on('end', () => resolve({ status: res.statusCode! }));
      res.on('error', () => resolve({ status: res.statusCode! }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    // The server may answer (413) and close before all was sent: that is a refusal, not an error.
    req.on('error', (error) => resolve({ error: (error as NodeJS.ErrnoException).code ?? error.message }));
    // At most 1,000 writes per body: 3 MB in 1-byte chunks would block this process (and so every other
    // connection's timing) for seconds while the server has long answered 413.
    const chunk = r.chunk && Math.max(r.chunk, Math.ceil((payload?.length ?? 0) / 1_000));
    if (payload && chunk) for (let i = 0; i < payload.length; i += chunk) req.write(payload.subarray(i, i + chunk));
    req.end(payload && !r.chunk ? payload : undefined);
  });
}

describe('the /openapi.json fuzzer', () => {
  it('answers the requests that once were a 500 with the 4xx they call for', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const headers = { Authorization: `Bearer ${tokens[0]}`, 'Content-Type': 'application/json', 'Idempotency-Key': 'diep-1' };
    const deep = { deep: 5_000 };
    const cases: [Fuzzed, number][] = [
      // JSON nested 5,000 levels overflowed the stack while hashing for the Idempotency-Key.
      [{ method: 'POST', path: pathOfA('/api/v1/cycles/{id}/commands'), headers, body: deep }, 400],
      [{ method: 'POST', path: '/api/v1/cycles', headers, body: deep, chunk: 4_096 }, 400],
      // A percent-encoding that is no UTF-8 threw in decodeURIComponent; a % in a name was decoded twice.
      [{ method: 'DELETE', path: '/api/v1/subjects/%C0%AE%C0%AE', headers }, 400],
      [{ method: 'DELETE', path: '/api/v1/subjects/owner%3A100%25', headers }, 404],
    ];
    try {
      const answers = [];
      for (const [r] of cases) answers.push(await send(agent, r));
      expect(answers).toEqual(cases.map(([, status]) => ({ status })));
    } finally {
      agent.destroy();
    }
  });

  it(`answers none of ${REQUESTS} hostile requests with a status ≥ 500, stays up, and stays under 300 MiB`, { timeout: TIME_LIMIT_MS + 120_000 }, async () => {
    const generator = arbitraryRequest(api.operations);
    const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
    const statuses = new Map<string, number>();
    const failures: string[] = [];
    /** Requests the server did not answer within the client's 30 s, named, so a run says which they were. */
    const unanswered: string[] = [];
    /** Milliseconds spent per method and path (ids folded), to tell where the time went. */
    const cost = new Map<string, number>();
    const rssBefore = server.rssMiB();
    let peak = rssBefore;
    const sampler = setInterval(() => (peak = Math.max(peak, server.rssMiB())), 250);
    const started = Date.now();
    let sent = 0;
    try {
      for (let batch = 0; sent < REQUESTS && Date.now() - started < TIME_LIMIT_MS; batch++) {
        const requests = fc.sample(generator, { numRuns: Math.min(200, REQUESTS - sent), seed: SEED + batch });
        let next = 0;
        await Promise.all(
          Array.from({ length: CONCURRENCY }, async () => {
            // The time limit is checked before each request, so one slow request cannot end a run at 200.
            for (let r = requests[next++]; r && Date.now() - started < TIME_LIMIT_MS; r = requests[next++]) {
              const start = performance.now();
              sent++;
              const outcome = await send(agent, r);
              const op = `${r.method} ${r.path.split('?')[0]!.replace(/[0-9a-f-]{36}/g, '{id}').slice(0, 60)}`;
              cost.set(op, (cost.get(op) ?? 0) + performance.now() - start);
              const key = 'status' in outcome ? String(outcome.status) : outcome.error;
              statuses.set(key, (statuses.get(key) ?? 0) + 1);
              if ('error' in outcome && outcome.error === 'timeout') unanswered.push(op);
              if ('status' in outcome && outcome.status >= 500) failures.push(`${outcome.status} ${r.method} ${r.path.slice(0, 200)} ${JSON.stringify({ ...r.headers, Authorization: r.headers.Authorization?.slice(0, 16) })} ${r.body ? bytesOf(r.body).subarray(0, 300).toString() : ''}`);
            }
          }),
        );
      }
    } finally {
      clearInterval(sampler);
      agent.destroy();
    }
    const health = await fetch(`${server.base}/healthz`);
    await new Promise((r) => setTimeout(r, 1_000));
    const rssAtEnd = server.rssMiB();
    // What the server keeps once the burst is over: it hands back the heap a burst grew after a
    // few idle seconds (idle-compaction.ts), so the resting figure is taken after 6 s.
    await new Promise((r) => setTimeout(r, 5_000));
    const rssAfter = server.rssMiB();
    // Resident memory by kind: anonymous (heaps, malloc) and file-backed (code, mapped files).
    const status = readFileSync(`/proc/${server.pid}/status`, 'utf8');
    const kinds = ['RssAnon', 'RssFile', 'RssShmem'].map((k) => `${k.slice(3).toLowerCase()} ${(Number(new RegExp(`${k}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN) / 1024).toFixed(0)}`).join(', ');
    // Where the resident memory is: the V8 heap (held and used) and memory outside it.
    const metric = (name: string, text: string) => Number(new RegExp(`^gearbox_${name} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN) / 2 ** 20;
    const metricsText = await (await fetch(`${server.base}/metrics`)).text();
    const heap = `V8 heap ${metric('nodejs_heap_size_used_bytes', metricsText).toFixed(0)} of ${metric('nodejs_heap_size_total_bytes', metricsText).toFixed(0)} MiB used, external ${metric('nodejs_external_memory_bytes', metricsText).toFixed(0)} MiB`;
    const seconds = (Date.now() - started) / 1000;
    const slowest = [...cost].sort(([, a], [, b]) => b - a).slice(0, 5).map(([op, ms]) => `${op} ${(ms / 1000).toFixed(0)} s`).join(', ');
    const tally = [...statuses].sort(([a], [b]) => a.localeCompare(b)).map(([k, n]) => `${k}: ${n}`).join(', ');
    const summary =
      `reliability fuzz: seed ${SEED}, ${sent} requests in ${seconds.toFixed(0)} s (${Math.round(sent / seconds)}/s), ${failures.length} with status ≥ 500; ` +
        `RSS ${rssBefore.toFixed(0)} MiB before, peak ${peak.toFixed(0)}, ${rssAtEnd.toFixed(0)} 1 s after, ${rssAfter.toFixed(0)} at rest (6 s after: ${kinds} MiB; ${heap}); answers {${tally}}; most time (summed over ${CONCURRENCY} connections): ${slowest}` +
        (unanswered.length ? `; not answered within 30 s: ${unanswered.join(', ')}` : '');
    console.log(summary);
    // The summary goes with every failure: it carries the seed that replays the run (RELIABILITY_SEED).
    expect(health.status, summary).toBe(200);
    expect(failures.slice(0, 20), summary).toEqual([]);
    expect(sent, summary).toBeGreaterThanOrEqual(REQUESTS / 4);
    expect(rssAfter, summary).toBeLessThan(300);
  });
});
