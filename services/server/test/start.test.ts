import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..', '..');
const dataDir = mkdtempSync(join(tmpdir(), 'gearbox-start-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** Runs `pnpm start`'s command until it has printed its token, hands over, then stops it with SIGTERM. */
async function started<T>(use: (port: number, out: () => string) => Promise<T>): Promise<{ result: T; exitCode: number | null; out: string }> {
  const port = await freePort();
  const child = spawn(process.execPath, [join(root, 'test', 'scripts', 'gearbox.mjs'), 'serve', '--demo'], {
    env: { ...process.env, GEARBOX_PORT: String(port), GEARBOX_DATA_DIR: dataDir, GEARBOX_JWT_SECRET: '', GEARBOX_EVENTSTORE: '', GEARBOX_LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  try {
    const until = Date.now() + 90_000;
    while (!/export TOKEN=/.test(out)) {
      if (Date.now() > until || child.exitCode !== null) throw new Error(`start did not come up:\n${out}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    const result = await use(port, () => out);
    child.kill('SIGTERM');
    return { result, exitCode: await exited, out };
  } catch (error) {
    child.kill('SIGKILL');
    await exited;
    throw error;
  }
}

const cycles = async (port: number, token: string) => {
  const res = await fetch(`http://127.0.0.1:${port}/api/v1/cycles`, { headers: { Authorization: `Bearer ${token}` } });
  return { status: res.status, body: (await res.json()) as { items: { id: string; kind: string; phase: string }[] } };
};

describe('the README start command', () => {
  let firstToken = '';
  let firstIds: string[] = [];

  it('serves /healthz, seeds the demo institute, prints a working token and three curl lines', async () => {
    const run = await started(async (port, out) => {
      const health = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(await health.json()).toEqual({ status: 'ok' });
      firstToken = /export TOKEN=(\S+)/.exec(out())![1]!;
      const listed = await cycles(port, firstToken);
      expect(listed.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'curriculum', phase: 'check' }), expect.objectContaining({ kind: 'organisatie' })]));
      firstIds = listed.body.items.map((c) => c.id);
      expect(out().match(/^curl /gm)).toHaveLength(3);
      expect(out()).toContain(`curl -s http://localhost:${port}/api/v1/cycles`);
    });
    expect(run.out).toContain(`generated one and kept it in ${dataDir}/jwt-secret`);
    expect(run.out).toContain('seeding the demo institute');
    expect(run.exitCode).toBe(0);
  }, 120_000);

  it('after a restart on the same data folder the old token still works and nothing is seeded twice', async () => {
    expect(firstToken).not.toBe('');
    const run = await started(async (port) => {
      const listed = await cycles(port, firstToken);
      expect(listed.status).toBe(200);
      expect(listed.body.items.map((c) => c.id)).toEqual(firstIds);
    });
    expect(run.out).toContain(`using the one kept in ${dataDir}/jwt-secret`);
    expect(run.out).not.toContain('seeding the demo institute');
    expect(run.exitCode).toBe(0);
  }, 120_000);
});
