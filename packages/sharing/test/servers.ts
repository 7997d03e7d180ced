/**
 * Real gearbox servers for the two-server tests and the sharing benchmark: `gearbox serve`
 * (services/server/src/cli.ts, as test/scripts/gearbox.mjs runs it, without building the web UI) on
 * 127.0.0.1 with a data dir of its own and its own generated JWT secret, tokens made with the CLI's
 * `token` command. The log goes to a file beside, not inside, the data dir. Every child is killed
 * when the test process exits.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from './kafka-broker.ts';

const SERVER_DIR = resolve(import.meta.dirname, '../../../services/server');
const CLI = join(SERVER_DIR, 'src', 'cli.ts');
const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export interface GearboxServer {
  base: string;
  dataDir: string;
  logFile: string;
  /** The running server's process id (undefined while it is stopped). */
  readonly pid: number | undefined;
  start(): Promise<void>;
  /** SIGKILL, then wait until it is gone. */
  kill(): Promise<void>;
  /** SIGTERM (a clean stop). */
  stop(): Promise<void>;
  /** Stops it and removes its folders. */
  remove(): Promise<void>;
  /** A token made by `gearbox token -d <data dir>`. */
  token(institute: string, roles: string[], sub: string, name: string): Promise<string>;
  /** A JSON call. */
  call(method: string, path: string, token: string, body?: unknown): Promise<{ status: number; body: any }>;
}

export async function gearboxServer(name: string, env: Record<string, string> = {}): Promise<GearboxServer> {
  const root = mkdtempSync(join(tmpdir(), `gearbox-sharing-${name}-`));
  const dataDir = join(root, 'data');
  const logFile = join(root, 'server.log');
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const { GEARBOX_JWT_SECRET: _s, GEARBOX_KAFKA_BROKERS: _k, GEARBOX_EVENTSTORE: _e, ...inherited } = process.env;
  const childEnv = { ...inherited, GEARBOX_LOG_LEVEL: 'info', ...env };
  let child: ChildProcess | undefined;
  const ended = async (signal: NodeJS.Signals) => {
    const proc = child;
    child = undefined;
    if (!proc) return;
    if (proc.exitCode === null && proc.signalCode === null) {
      const exited = once(proc, 'exit');
      proc.kill(signal);
      await exited;
    }
    running.delete(proc);
  };
  const server: GearboxServer = {
    base,
    dataDir,
    logFile,
    get pid() {
      return child?.pid;
    },
    async start() {
      const log = openSync(logFile, 'a');
      const proc = spawn(process.execPath, ['--import', 'tsx', CLI, 'serve', '--host', '127.0.0.1', '-p', String(port), '-d', dataDir], { cwd: SERVER_DIR, env: childEnv, stdio: ['ignore', log, log] });
      closeSync(log);
      child = proc;
      running.add(proc);
      const deadline = Date.now() + 90_000;
      for (;;) {
        if (proc.exitCode !== null) throw new Error(`gearbox ${name} exited with ${proc.exitCode}:\n${readFileSync(logFile, 'utf8').slice(-3000)}`);
        if (Date.now() > deadline) throw new Error(`gearbox ${name} was not ready within 90 s`);
        try {
          if ((await fetch(`${base}/readyz`)).ok) return;
        } catch {
          // not listening yet
        }
        await sleep(100);
      }
    },
    kill: () => ended('SIGKILL'),
    stop: () => ended('SIGTERM'),
    async remove() {
      await ended('SIGKILL');
      rmSync(root, { recursive: true, force: true });
    },
    async token(institute, roles, sub, name) {
      const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', CLI, 'token', '--institute', institute, '--roles', roles.join(','), '--sub', sub, '--name', name, '-d', dataDir], { cwd: SERVER_DIR, env: childEnv });
      return stdout.trim();
    },
    async call(method, path, token, body) {
      const res = await fetch(base + path, {
        method,
        headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : undefined };
    },
  };
  await server.start();
  return server;
}

/** Which of `needles` occur in the bytes of any file under `dir`. */
export function foundIn(dir: string, needles: string[]): string[] {
  const files = (d: string): string[] => readdirSync(d).flatMap((f) => (statSync(join(d, f)).isDirectory() ? files(join(d, f)) : [join(d, f)]));
  const contents = files(dir).map((f) => readFileSync(f));
  return needles.filter((n) => contents.some((c) => c.includes(Buffer.from(n, 'utf8'))));
}
