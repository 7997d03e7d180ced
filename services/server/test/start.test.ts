import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..', '..');

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

describe('the README start command', () => {
  it('serves /healthz, seeds the demo institute and prints a working token', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'gearbox-start-'));
    const port = await freePort();
    const child = spawn(process.execPath, [join(root, 'test', 'scripts', 'gearbox.mjs'), 'serve', '--demo'], {
      env: { ...process.env, GEARBOX_PORT: String(port), GEARBOX_DATA_DIR: dataDir, GEARBOX_JWT_SECRET: '', GEARBOX_LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    try {
      const until = Date.now() + 60_000;
      while (!/export TOKEN=/.test(out)) {
        if (Date.now() > until || child.exitCode !== null) throw new Error(`start did not come up:\n${out}`);
        await new Promise((r) => setTimeout(r, 200));
      }
      const health = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(await health.json()).toEqual({ status: 'ok' });
      const token = /export TOKEN=(\S+)/.exec(out)![1];
      const cycles = await fetch(`http://127.0.0.1:${port}/api/cycles`, { headers: { Authorization: `Bearer ${token}` } });
      const body = (await cycles.json()) as { items: { kind: string; phase: string }[] };
      expect(body.items).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'curriculum', phase: 'check' }), expect.objectContaining({ kind: 'organisatie' })]));
      expect(out).toContain(`curl -s http://localhost:${port}/api/cycles`);
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 90_000);
});
