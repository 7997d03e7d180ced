/**
 * Tenant × role matrix over every operation in /openapi.json. Institute A is the demo institute
 * (seeded by `serve --demo`), institute B starts empty. With a token of every role of B, every
 * operation is called on A's resources: B never sees A's data, and a path that names one of A's
 * resources answers 403 (the role may not) or 404 (not B's), never a 2xx. Then with every role of
 * A: a role the operation's `x-roles` leaves out gets 403, a role it names is never refused a read.
 * Without a token, every operation whose `security` asks for one is 401, and no other. Every answer's status is one the description
 * documents for that operation, and its body matches.
 */
import { ROLES } from '@gearbox/http';
import { openapiCheck } from '@gearbox/http/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGearbox, tempDir, token, type Gearbox } from './gearbox.ts';
import { loadApi, pathValues, type Api, type Operation } from './openapi.ts';

const tmp = tempDir('matrix');
let server: Gearbox;
let api: Api;
let check: ReturnType<typeof openapiCheck>;
/** Path with A's values, and the values that are A's own (B's data does not give them). */
let pathOfA: (template: string) => string;
let markers: string[];
beforeAll(async () => {
  server = await startGearbox({ dataDir: `${tmp.dir}/data`, logFile: `${tmp.dir}/log`, demo: true });
  api = await loadApi(server.base);
  check = openapiCheck(api.doc);
  pathOfA = await pathValues(server.base, await token('demo', ROLES), api.operations, { subjectId: 'demo-user' });
  const pathOfB = await pathValues(server.base, await token('rotterdam', ROLES), api.operations, { subjectId: 'demo-user' });
  const own = new Set<string>();
  for (const op of api.operations) {
    const a = pathOfA(op.template).split('/');
    const b = pathOfB(op.template).split('/');
    a.forEach((segment, i) => segment !== b[i] && own.add(decodeURIComponent(segment)));
  }
  markers = [...own, 'Huisartsopleiding Demo'];
}, 120_000);
afterAll(async () => {
  await server?.kill();
  tmp.remove();
});


async function send(op: Operation, path: string, bearer: string | undefined) {
  const [type, schema] = Object.entries(op.bodies).sort(([a]) => (a === 'application/json' ? -1 : 1))[0] ?? [];
  const headers: Record<string, string> = bearer ? { Authorization: `Bearer ${bearer}` } : {};
  let body: string | undefined;
  if (type) {
    headers['Content-Type'] = type;
    body = JSON.stringify(api.sample(schema));
  }
  const res = await fetch(server.base + path, { method: op.method, headers, signal: AbortSignal.timeout(60_000), ...(body === undefined ? {} : { body }) });
  const text = await textOf(res);
  return { status: res.status, text, problems: check.problems({ method: op.method, path, status: res.status, headers: res.headers, text }) };
}

/** The body; of a stream that does not end (server-sent events), what arrives within a second. */
async function textOf(res: Response): Promise<string> {
  if (!res.headers.get('Content-Type')?.startsWith('text/event-stream')) return res.text();
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  const until = Date.now() + 1_000;
  while (Date.now() < until) {
    const chunk = await Promise.race([reader.read(), new Promise<undefined>((r) => setTimeout(() => r(undefined), until - Date.now()))]);
    if (!chunk || chunk.done) break;
    text += decoder.decode(chunk.value, { stream: true });
  }
  await reader.cancel();
  return text;
}

/** `probe` for every operation, four at a time. */
async function inParallel(ops: Operation[], probe: (op: Operation) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: 4 }, async () => {
    for (let op = ops[next++]; op; op = ops[next++]) await probe(op);
  }));
}

describe('tenant × role matrix from /openapi.json', () => {
  it('covers every operation, with A resources found for the paths that name one', () => {
    expect(api.operations.length).toBeGreaterThan(40);
    // The demo institute has cycles, opleiders, docenten, leerplekken and programma's to aim at.
    expect(markers.length).toBeGreaterThanOrEqual(6);
  });

  it('institute B, in every role, never gets A\'s data and never a 2xx on A\'s resources', { timeout: 300_000 }, async () => {
    const wrong: string[] = [];
    let calls = 0;
    await inParallel(api.operations.filter((op) => op.secured), async (op) => {
      const path = pathOfA(op.template);
      const aims = markers.some((m) => path.includes(encodeURIComponent(m)));
      for (const role of ROLES) {
        const res = await send(op, path, await token('rotterdam', [role]));
        calls += 1;
        const where = `${op.method} ${path} as rotterdam ${role}: ${res.status}`;
        if (res.problems.length) wrong.push(`${where}: ${res.problems.join('; ')}`);
        if (aims && ![400, 403, 404].includes(res.status)) wrong.push(`${where} on A's resource (expected 403 or 404)`);
        const leaked = markers.find((m) => !path.includes(encodeURIComponent(m)) && res.text.includes(m));
        if (leaked) wrong.push(`${where} shows A's ${leaked}`);
      }
    });
    console.log(`reliability matrix: ${calls} calls by institute B over ${api.operations.filter((op) => op.secured).length} operations`);
    expect(wrong).toEqual([]);
  });

  it('institute A: a role the operation does not name gets 403; a named role may read; no token is 401 exactly where a token is asked', { timeout: 300_000 }, async () => {
    const wrong: string[] = [];
    // Reads first, so that writes by allowed roles (erasure, settings) come after everything read.
    const ops = api.operations;
    const probe = async (op: Operation) => {
      const path = pathOfA(op.template);
      const anonymous = await send(op, path, undefined);
      if (anonymous.problems.length) wrong.push(`${op.method} ${path} without a token: ${anonymous.problems.join('; ')}`);
      if (op.secured !== (anonymous.status === 401)) wrong.push(`${op.method} ${path} without a token: ${anonymous.status} (security ${op.secured ? 'asks' : 'asks no'} token)`);
      for (const role of ROLES) {
        const res = await send(op, path, await token('demo', [role]));
        const where = `${op.method} ${path} as demo ${role}: ${res.status}`;
        if (res.problems.length) wrong.push(`${where}: ${res.problems.join('; ')}`);
        if (op.roles && !op.roles.includes(role) && res.status !== 403) wrong.push(`${where} (x-roles ${op.roles.join(',')}: expected 403)`);
        if (op.roles?.includes(role) && op.method === 'GET' && res.status === 403) wrong.push(`${where} (x-roles names it)`);
      }
    };
    await inParallel(ops.filter((op) => op.method === 'GET'), probe);
    await inParallel(ops.filter((op) => op.method !== 'GET'), probe);
    expect(wrong).toEqual([]);
  });
});
