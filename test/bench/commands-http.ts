/**
 * The command path over HTTP, measured with autocannon against a bare Hono echo route on the
 * same Node. Each server runs in a child process (commands-server.ts) on 127.0.0.1; autocannon
 * runs here, so server and load generator get a core each.
 *
 * - echo: `POST /echo` with an AddEvidence body; Hono parses the JSON and sends it back.
 * - gearbox: `POST /api/v1/cycles/:id/commands` with AddEvidence, round-robin over cycles that were
 *   brought into phase `do` through the API first; every request has an evidenceId of its own and
 *   a valid bearer token.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon, { type Options, type Result } from 'autocannon';
import { addEvidenceBody, startCycleBody, toPhaseDo } from './commands-workload.ts';
import type { ServerReady } from './commands-server.ts';

export interface HttpBenchOptions {
  dir: string;
  cycles: number;
  connections: number;
  seconds: number;
  warmUpSeconds: number;
  /** Signs a bearer token for the benchmark's caller with `secret`. */
  token(secret: string): Promise<string>;
  log(message: string): void;
}

export interface HttpFigures {
  requests: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  statusCodes: string;
}

export interface HttpBenchResult {
  echo: HttpFigures;
  commands: HttpFigures;
  /** Events per cycle stream at the end of the run. */
  streamLength: number;
}

interface Served {
  url: string;
  stop(): Promise<void>;
}

const JWT_SECRET = 'bench-secret-that-is-long-enough-for-hs256-0123456789';

function serveInChild(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Served> {
  const script = fileURLToPath(new URL('./commands-server.ts', import.meta.url));
  return new Promise((resolve, reject) => {
    // fork() reuses this process's execArgv, which carries tsx's loader. The server's request log goes nowhere.
    // GEARBOX_BENCH_CPU_PROF=<dir> writes a V8 CPU profile of each server child there (open it in Chrome's DevTools).
    const profile = process.env.GEARBOX_BENCH_CPU_PROF;
    const execArgv = [...process.execArgv, ...(profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : [])];
    const child: ChildProcess = fork(script, args, { stdio: ['ignore', 'ignore', 'inherit', 'ipc'], env: { ...process.env, ...env }, execArgv });
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`server child ${args[0]} exited early with code ${code}`)));
    child.once('message', (message) => {
      const { port } = message as ServerReady;
      resolve({
        url: `http://127.0.0.1:${port}`,
        stop: async () => {
          child.send('stop');
          await exited;
        },
      });
    });
  });
}

/** Nearest-rank percentile of unsorted samples. */
function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

/**
 * Runs autocannon and keeps every response's latency: autocannon's own histogram counts whole
 * milliseconds, too coarse for an echo route that answers in well under one.
 */
async function shoot(options: Options): Promise<HttpFigures> {
  const latencies: number[] = [];
  const instance = autocannon(options);
  instance.on('response', (_client, _status, _bytes, milliseconds) => latencies.push(milliseconds));
  const result: Result = await instance;
  const requests = result['2xx'] + result.non2xx;
  return {
    requests,
    seconds: result.duration,
    perSecond: requests / result.duration,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    non2xx: result.non2xx,
    errors: result.errors,
    statusCodes: Object.entries(result.statusCodeStats)
      .map(([code, { count }]) => `${count} × ${code}`)
      .join(', '),
  };
}

async function runEcho(options: HttpBenchOptions): Promise<HttpFigures> {
  const server = await serveInChild(['echo']);
  try {
    let sequence = 0;
    const run = (seconds: number) =>
      shoot({
        url: `${server.url}/echo`,
        connections: options.connections,
        duration: seconds,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        requests: [{ setupRequest: (request) => ({ ...request, body: JSON.stringify(addEvidenceBody(sequence++)) }) }],
      });
    options.log(`http: echo warm-up, ${options.warmUpSeconds} s`);
    await run(options.warmUpSeconds);
    options.log(`http: echo, ${options.seconds} s, ${options.connections} connections`);
    return await run(options.seconds);
  } finally {
    await server.stop();
  }
}

async function call(url: string, token: string, method: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const answer = (await response.json()) as Record<string, unknown>;
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${JSON.stringify(answer)}`);
  return answer;
}

/** Brings `count` cycles into phase `do` through the API; returns their ids. */
async function prepareCycles(url: string, token: string, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let index = 0; index < count; index++) {
    const cycle = await call(url, token, 'POST', '/api/v1/cycles', startCycleBody(index));
    const id = String(cycle.id);
    for (const command of toPhaseDo) await call(url, token, 'POST', `/api/v1/cycles/${id}/commands`, command);
    ids.push(id);
  }
  return ids;
}

/** The answers only count if the server holds exactly one evidence item per 2xx answer. */
async function countEvidence(url: string, token: string, ids: string[]): Promise<number> {
  let evidence = 0;
  for (const id of ids) {
    const cycle = await call(url, token, 'GET', `/api/v1/cycles/${id}`);
    if (cycle.phase !== 'do') throw new Error(`cycle ${id} is in ${String(cycle.phase)}, not do`);
    evidence += (cycle.evidence as unknown[]).length;
  }
  return evidence;
}

async function runCommands(options: HttpBenchOptions): Promise<{ figures: HttpFigures; streamLength: number }> {
  const server = await serveInChild(['gearbox', join(options.dir, 'server')], { GEARBOX_JWT_SECRET: JWT_SECRET });
  try {
    const token = await options.token(JWT_SECRET);
    options.log(`http: preparing ${options.cycles} cycles in phase do through the API`);
    const ids = await prepareCycles(server.url, token, options.cycles);
    let sequence = 0;
    let succeeded = 0;
    const run = async (seconds: number) => {
      const result = await shoot({
        url: server.url,
        connections: options.connections,
        duration: seconds,
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        requests: [
          {
            setupRequest: (request) => {
              const n = sequence++;
              return { ...request, path: `/api/v1/cycles/${ids[n % ids.length]}/commands`, body: JSON.stringify(addEvidenceBody(n)) };
            },
          },
        ],
      });
      succeeded += result.requests - result.non2xx;
      return result;
    };
    options.log(`http: commands warm-up, ${options.warmUpSeconds} s`);
    await run(options.warmUpSeconds);
    options.log(`http: commands, ${options.seconds} s, ${options.connections} connections`);
    const measured = await run(options.seconds);
    // autocannon stops at its deadline without waiting for requests in flight, at most one per
    // connection per run; the server still stores those. So every 2xx answer must be stored, and
    // at most that many more.
    const stored = await countEvidence(server.url, token, ids);
    const inFlight = 2 * options.connections;
    if (stored < succeeded || stored > succeeded + inFlight) {
      throw new Error(`${succeeded} AddEvidence answered 2xx but the cycles hold ${stored} evidence items (up to ${inFlight} may have been in flight)`);
    }
    return { figures: measured, streamLength: toPhaseDo.length + 1 + Math.ceil(stored / ids.length) };
  } finally {
    await server.stop();
  }
}

export async function runHttpBench(options: HttpBenchOptions): Promise<HttpBenchResult> {
  const echo = await runEcho(options);
  const { figures: commands, streamLength } = await runCommands(options);
  return { echo, commands, streamLength };
}
