/**
 * A real gearbox as a child process on 127.0.0.1: `gearbox serve` (services/server/src/cli.ts) on its
 * own data dir, its stdout and stderr (the pino log) appended to a log file outside that dir. The
 * child is the server itself (node with tsx's loader, no wrapper), so SIGKILL reaches the process
 * that holds the store, and /proc/<pid> is its memory. Every child started here is SIGKILLed when
 * the test process exits, also on failure, and ends itself when that process is gone
 * (orphan-guard.mjs).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { cpSync, mkdtempSync, openSync, closeSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inject } from 'vitest';
import { signToken, type Role } from '@gearbox/http';

const here = dirname(fileURLToPath(import.meta.url));
export const serverDir = join(here, '..', '..', 'services', 'server');
export const SECRET = 'reliability-secret-that-is-long-enough-0123456789';

const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** A temp folder (data dir and log), removed by `remove`. */
export function tempDir(name: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `gearbox-reliability-${name}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

export interface Gearbox {
  base: string;
  pid: number;
  /** Resident memory of the server process now, in MiB (from /proc). */
  rssMiB(): number;
  /** SIGKILL, then wait until it is gone. */
  kill(): Promise<void>;
}

/** node's arguments for the `gearbox` CLI itself (tsx's loader, no wrapper), ending itself with its parent. */
export const cliArgs = (...args: string[]) => ['--import', 'tsx', '--import', join(here, 'orphan-guard.mjs'), join(serverDir, 'src', 'cli.ts'), ...args];

/**
 * `demo`: the demo institute, copied from the run's seeded data (demo-data.ts) into an empty data
 * dir, and the demo sign-in on.
 */
export async function startGearbox(options: { dataDir: string; logFile: string; demo?: boolean }): Promise<Gearbox> {
  const port = await freePort();
  if (options.demo) cpSync(inject('demoData'), options.dataDir, { recursive: true, errorOnExist: true, force: false });
  const log = openSync(options.logFile, 'a');
  const child = spawn(
    process.execPath,
    cliArgs('serve', '--host', '127.0.0.1', ...(options.demo ? ['--demo'] : [])),
    {
      cwd: serverDir,
      // Two malloc arenas, as `pnpm start` runs it (test/scripts/gearbox.mjs, docs/reliability.md).
      env: { MALLOC_ARENA_MAX: '2', MALLOC_MMAP_THRESHOLD_: '131072', ...process.env, GEARBOX_CHECK_STEPS: '0', GEARBOX_PORT: String(port), GEARBOX_DATA_DIR: options.dataDir, GEARBOX_JWT_SECRET: SECRET, GEARBOX_EVENTSTORE: '', GEARBOX_LOG_LEVEL: 'info' },
      stdio: ['ignore', log, log],
    },
  );
  closeSync(log);
  running.add(child);
  const exited = once(child, 'exit');
  const gearbox: Gearbox = {
    base: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    rssMiB: () => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))![1]) / 1024,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
      running.delete(child);
    },
  };
  const until = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`gearbox exited with ${child.exitCode}:\n${readFileSync(options.logFile, 'utf8').slice(-2000)}`);
    if (Date.now() > until) {
      await gearbox.kill();
      throw new Error('gearbox did not answer /healthz within 60 s');
    }
    try {
      if ((await fetch(`${gearbox.base}/healthz`)).ok) return gearbox;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

export const token = (institute: string, roles: readonly Role[], sub = `${institute}-${roles.join('-')}`, name = 'Test Persoon') =>
  signToken({ institute, roles: [...roles], sub, name }, SECRET);

/** A JSON call; `body` is undefined when the answer is not JSON. */
export async function call(base: string, method: string, path: string, bearer: string, body?: unknown) {
  const res = await fetch(base + path, {
    method,
    headers: { Authorization: `Bearer ${bearer}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, body: json };
}

/** Bounded in the test command; RELIABILITY=full (`pnpm reliability`) runs the sizes of issue 15. */
export const FULL = process.env.RELIABILITY === 'full';
