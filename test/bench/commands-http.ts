/**
 * The command path over HTTP, measured with autocannon. Each server runs in a child process
 * (commands-server.ts) on 127.0.0.1; autocannon runs here, so server and load generator get a core
 * each. Every command subject gets `POST /api/v1/cycles/:id/commands` with AddEvidence, round-robin
 * over the same number of cycles, every request with an evidenceId of its own and a valid bearer
 * token, and is checked afterwards: the store must hold one evidence item per 2xx answer.
 *
 * - gearbox: the whole server; its cycles are brought into phase `do` through the API first.
 * - limit: the limit route (commands-limit.ts), one durable group-committed append per command.
 * - emmett: Emmett 0.38.5's CommandHandler behind the same Hono and token check (commands-emmett.ts).
 * - echo (reference only): `POST /echo` with the same body; Hono parses the JSON and sends it back.
 *
 * After the round-robin run, gearbox and the limit route take crowds, each on a fresh cycle: many
 * connections, a fixed number of commands, all on the same stream.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon, { type Options, type Result } from 'autocannon';
import { addEvidenceBody, startCycleBody, toPhaseDo } from './commands-workload.ts';
import type { CpuUsed, ServerReady } from './commands-server.ts';

export interface Crowd {
  connections: number;
  amount: number;
}

export interface HttpBenchOptions {
  dir: string;
  cycles: number;
  connections: number;
  /** The echo route runs for a time: its answer does not grow. */
  seconds: number;
  warmUpSeconds: number;
  /**
   * Command subjects send a fixed number of commands, so every subject's cycles end the same size
   * and its answers (the whole cycle) are the same size, however fast it is.
   */
  warmUpCommands: number;
  /**
   * Commands every subject (Emmett too) first sends to cycles of its own that are not measured: V8
   * compiles the server's hot code while they run, so the slices measure the server, not its JIT,
   * and the measured cycles start and end as they would without them.
   */
  warmUpElsewhere: number;
  commands: number;
  /** Crowds on one cycle: `connections` connections send `amount` AddEvidence to one fresh cycle. */
  crowds: Crowd[];
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
  /** Mean bytes per answer (headers and body), to show the subjects answer alike. */
  meanBytes: number;
  /** The server child's CPU time per answer in ms (user and system), where it was counted: less noisy than the rate. */
  cpuMsPerAnswer?: number;
}

export type Subject = 'gearbox' | 'limit' | 'emmett';

export interface HttpBenchResult {
  echo: HttpFigures;
  /** AddEvidence round-robin over `cycles` cycles. */
  commands: Record<Subject, HttpFigures>;
  /** Per crowd on one cycle, in the order of `crowds` (gearbox and the limit route). */
  crowds: Record<'gearbox' | 'limit', HttpFigures>[];
  /** Evidence items per cycle at the end of the round-robin run (gearbox). */
  streamLength: number;
}

interface Served {
  url: string;
  /** Milliseconds of CPU the server child has used so far (user and system). */
  cpuMs(): Promise<number>;
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
        cpuMs: () =>
          new Promise((answered) => {
            child.once('message', (used) => answered((used as CpuUsed).cpuMs));
            child.send('cpu');
          }),
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
 * One autocannon run: its result, every response's latency (autocannon's own histogram counts whole
 * milliseconds, too coarse for an echo route that answers in well under one) and the time from the
 * start to the last answer, measured here: autocannon ends a run of a fixed number of requests on
 * its one-second tick, so its `duration` (and the wall time of the run) reads 1.0 s for 1,500
 * answers whether they took 0.3 s or 0.9 s.
 */
interface Shot {
  result: Result;
  latencies: number[];
  bytes: number;
  seconds: number;
  /** The server's CPU time over the run, where it was counted. */
  cpuMs?: number;
}

async function shootOnce(options: Options): Promise<Shot> {
  const shot: Shot = { result: undefined as unknown as Result, latencies: [], bytes: 0, seconds: 0 };
  const started = performance.now();
  const instance = autocannon(options);
  let last = started;
  instance.on('response', (_client, _status, size, milliseconds) => {
    shot.latencies.push(milliseconds);
    shot.bytes += size;
    last = performance.now();
  });
  shot.result = await instance;
  shot.seconds = (last - started) / 1000;
  return shot;
}

/** The figures of one or more runs of the same subject, taken together. */
function figuresOf(shots: Shot[]): HttpFigures {
  const latencies = shots.flatMap((s) => s.latencies);
  const sum = (of: (r: Result) => number): number => shots.reduce((total, s) => total + of(s.result), 0);
  const requests = sum((r) => r['2xx'] + r.non2xx);
  const seconds = shots.reduce((total, s) => total + s.seconds, 0);
  const codes = new Map<string, number>();
  for (const { result } of shots) for (const [code, { count }] of Object.entries(result.statusCodeStats)) codes.set(code, (codes.get(code) ?? 0) + count);
  return {
    requests,
    seconds,
    perSecond: requests / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    non2xx: sum((r) => r.non2xx),
    errors: sum((r) => r.errors),
    statusCodes: [...codes].map(([code, count]) => `${count} × ${code}`).join(', '),
    meanBytes: shots.reduce((total, s) => total + s.bytes, 0) / Math.max(1, latencies.length),
    ...(shots.every((s) => s.cpuMs !== undefined) ? { cpuMsPerAnswer: shots.reduce((total, s) => total + s.cpuMs!, 0) / Math.max(1, latencies.length) } : {}),
  };
}

const shoot = async (options: Options): Promise<HttpFigures> => figuresOf([await shootOnce(options)]);

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

/** Evidence items the cycles hold, read back through the subject's API. */
async function countEvidence(url: string, token: string, ids: string[], subject: Subject): Promise<number> {
  let evidence = 0;
  for (const id of ids) {
    const cycle = await call(url, token, 'GET', `/api/v1/cycles/${id}`);
    if (subject === 'gearbox' && cycle.phase !== 'do') throw new Error(`cycle ${id} is in ${String(cycle.phase)}, not do`);
    evidence += (cycle.evidence as unknown[]).length;
  }
  return evidence;
}

/** Cycles to send AddEvidence to: gearbox's are brought into phase do; the peers' streams start with the first command. */
const prepare = (subject: Subject, url: string, token: string, count: number): Promise<string[]> =>
  subject === 'gearbox' ? prepareCycles(url, token, count) : Promise.resolve(Array.from({ length: count }, () => randomUUID()));

interface Load {
  connections: number;
  seconds?: number;
  amount?: number;
}

/**
 * Sends AddEvidence round-robin over `ids` and checks afterwards that the subject stored one
 * evidence item per 2xx answer. autocannon stops at its deadline without waiting for requests in
 * flight (at most one per connection per run), and gives up on a request after 10 s; the server
 * still stores those, so up to that many more may be stored.
 */
class CommandLoad {
  private sequence = 0;
  private succeeded = 0;
  private inFlight = 0;

  constructor(
    private readonly url: string,
    private readonly token: string,
    private readonly ids: string[],
  ) {}

  async run(load: Load): Promise<Shot> {
    const shot = await shootOnce({
      url: this.url,
      connections: load.connections,
      ...(load.amount ? { amount: load.amount } : { duration: load.seconds! }),
      method: 'POST',
      headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/json' },
      requests: [
        {
          setupRequest: (request) => {
            const n = this.sequence++;
            return { ...request, path: `/api/v1/cycles/${this.ids[n % this.ids.length]}/commands`, body: JSON.stringify(addEvidenceBody(n)) };
          },
        },
      ],
    });
    const { result } = shot;
    this.succeeded += result['2xx'];
    // A request that timed out, or was still in flight at the deadline, may have been stored.
    this.inFlight += result.errors + (load.amount ? 0 : load.connections);
    return shot;
  }

  /** Checks the store against the answers; returns the evidence items stored. */
  async check(subject: Subject): Promise<number> {
    const stored = await countEvidence(this.url, this.token, this.ids, subject);
    if (stored < this.succeeded || stored > this.succeeded + this.inFlight) {
      throw new Error(`${subject}: ${this.succeeded} AddEvidence answered 2xx but the cycles hold ${stored} evidence items (up to ${this.inFlight} may have been in flight)`);
    }
    return stored;
  }
}

const summary = (f: HttpFigures): string =>
  `${f.perSecond.toFixed(0)} req/s, p50 ${f.p50.toFixed(1)} ms, p99 ${f.p99.toFixed(1)} ms, ${f.statusCodes}, ${f.errors} errors, ${(f.meanBytes / 1024).toFixed(1)} KiB per answer` +
  (f.cpuMsPerAnswer === undefined ? '' : `, server CPU ${f.cpuMsPerAnswer.toFixed(3)} ms per answer`);

interface Started {
  subject: Subject;
  server: Served;
  token: string;
  load: CommandLoad;
}

/** Starts the subject's server, prepares its cycles and warms it up. */
async function start(subject: Subject, options: HttpBenchOptions): Promise<Started> {
  const target = subject === 'gearbox' ? join(options.dir, 'server') : join(options.dir, `${subject}.sqlite3`);
  const server = await serveInChild([subject, target], { GEARBOX_JWT_SECRET: JWT_SECRET });
  try {
    const token = await options.token(JWT_SECRET);
    options.log(`http ${subject}: preparing ${options.cycles} cycles and ${options.cycles} more to warm up on, then warming up`);
    const load = new CommandLoad(server.url, token, await prepare(subject, server.url, token, options.cycles));
    const elsewhere = new CommandLoad(server.url, token, await prepare(subject, server.url, token, options.cycles));
    await elsewhere.run({ connections: options.connections, amount: options.warmUpElsewhere });
    await elsewhere.check(subject);
    // Emmett is an order of magnitude slower: it runs for a time instead, so its cycles stay smaller
    // than the others' (which favours it: it reads the whole stream for every command).
    await load.run(subject === 'emmett' ? { connections: options.connections, seconds: options.warmUpSeconds } : { connections: options.connections, amount: options.warmUpCommands });
    return { subject, server, token, load };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

/** Evidence items per cycle after the check that every 2xx answer was stored. */
const checked = async ({ subject, load }: Started, cycles: number): Promise<number> => Math.ceil((await load.check(subject)) / cycles);

async function crowdOn({ subject, server, token }: Started, crowd: Crowd, options: HttpBenchOptions): Promise<HttpFigures> {
  options.log(`http ${subject}: ${crowd.amount} commands from ${crowd.connections} connections on one cycle`);
  const one = new CommandLoad(server.url, token, await prepare(subject, server.url, token, 1));
  const figures = figuresOf([await one.run(crowd)]);
  options.log(`http ${subject} on one cycle: ${summary(figures)}`);
  await one.check(subject);
  return figures;
}

/** Slices per subject when the subjects take turns. */
const ROUNDS = 4;
const SUBJECTS: Subject[] = ['limit', 'gearbox', 'emmett'];

/**
 * The command subjects run side by side: all servers up and warm, then they take turns in slices
 * (limit, gearbox, Emmett, then the other way round, …), so that the load of the moment on a shared
 * machine hits all alike. Then the crowds, for gearbox and the limit route.
 */
async function sideBySide(options: HttpBenchOptions): Promise<Omit<HttpBenchResult, 'echo'>> {
  const started: Started[] = [];
  try {
    for (const subject of SUBJECTS) started.push(await start(subject, options));
    const shots = new Map<Subject, Shot[]>(SUBJECTS.map((subject) => [subject, []]));
    const slice = (subject: Subject): Load =>
      subject === 'emmett' ? { connections: options.connections, seconds: options.seconds / ROUNDS } : { connections: options.connections, amount: Math.round(options.commands / ROUNDS) };
    for (let round = 0; round < ROUNDS; round++) {
      for (const s of round % 2 === 0 ? started : [...started].reverse()) {
        options.log(`http ${s.subject}: slice ${round + 1}/${ROUNDS}`);
        const cpuBefore = await s.server.cpuMs();
        const shot = await s.load.run(slice(s.subject));
        shot.cpuMs = (await s.server.cpuMs()) - cpuBefore;
        shots.get(s.subject)!.push(shot);
      }
    }
    const commands = Object.fromEntries(SUBJECTS.map((subject) => [subject, figuresOf(shots.get(subject)!)])) as Record<Subject, HttpFigures>;
    for (const subject of SUBJECTS) options.log(`http ${subject}: ${summary(commands[subject])}`);
    const [limit, gearbox, emmett] = started as [Started, Started, Started];
    await checked(limit, options.cycles);
    await checked(emmett, options.cycles);
    const streamLength = await checked(gearbox, options.cycles);
    const crowds: HttpBenchResult['crowds'] = [];
    for (const crowd of options.crowds) crowds.push({ limit: await crowdOn(limit, crowd, options), gearbox: await crowdOn(gearbox, crowd, options) });
    return { commands, crowds, streamLength };
  } finally {
    for (const s of started.reverse()) await s.server.stop();
  }
}

/**
 * Only the crowds, `rounds` times, gearbox and the limit route taking turns (`bench crowds`): a
 * quicker and repeated look at the one-cycle figures than the whole run gives.
 */
export async function runCrowdBench(options: HttpBenchOptions, rounds: number): Promise<HttpBenchResult['crowds'][]> {
  const started: Started[] = [];
  try {
    for (const subject of ['limit', 'gearbox'] as const) started.push(await start(subject, options));
    const results: HttpBenchResult['crowds'][] = [];
    for (let round = 0; round < rounds; round++) {
      const [first, second] = (round % 2 === 0 ? started : [...started].reverse()) as [Started, Started];
      const crowds: HttpBenchResult['crowds'] = [];
      for (const crowd of options.crowds) {
        const one = await crowdOn(first, crowd, options);
        const other = await crowdOn(second, crowd, options);
        crowds.push({ [first.subject]: one, [second.subject]: other } as HttpBenchResult['crowds'][number]);
      }
      results.push(crowds);
    }
    return results;
  } finally {
    for (const s of started.reverse()) await s.server.stop();
  }
}

export async function runHttpBench(options: HttpBenchOptions): Promise<HttpBenchResult> {
  const echo = await runEcho(options);
  return { echo, ...(await sideBySide(options)) };
}
