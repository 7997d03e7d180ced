// On demand (not a test): a crowd of dossier PDF exports against a fresh demo server, and the
// server's RSS before, at its peak and after. docs/reliability.md, "Concurrent dossier renders".
//   node test/reliability/pdf-crowd.mjs [rounds=20] [perRound=8]
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';

const [rounds = 20, perRound = 8] = process.argv.slice(2).map(Number);
const port = 3931;
const dir = mkdtempSync('/tmp/pdf-crowd-');
const env = { ...process.env, GEARBOX_PORT: String(port), GEARBOX_DATA_DIR: dir, GEARBOX_JWT_SECRET: 'x'.repeat(40), GEARBOX_LOG_LEVEL: 'silent', MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX ?? '2' };
const child = spawn('node', ['test/scripts/gearbox.mjs', 'serve', '--demo'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
try {
  for (let i = 0; i < 240; i++) {
    if (await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.ok, () => false)) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  // The process that listens (gearbox.mjs starts the server as a child of its own).
  const pid = /pid=(\d+)/.exec(execFileSync('ss', ['-ltnpH', `sport = :${port}`]).toString())?.[1];
  const rss = () => Math.round(Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024);
  const token = execFileSync('node', ['test/scripts/gearbox.mjs', 'token', '--institute', 'demo', '--roles', 'auditor', '--sub', 'a', '--name', 'A'], { env }).toString().trim().split('\n').pop();
  const before = rss();
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, rss())), 200);
  const started = Date.now();
  for (let round = 0; round < rounds; round++) {
    const statuses = await Promise.all(
      Array.from({ length: perRound }, () =>
        fetch(`http://127.0.0.1:${port}/api/v1/gear/export?format=pdf`, { headers: { authorization: `Bearer ${token}` } }).then(async (r) => (await r.arrayBuffer(), r.status)),
      ),
    );
    if (statuses.some((s) => s !== 200)) console.log('statuses', statuses);
  }
  clearInterval(sampler);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const after = rss();
  // As the fuzzer does: the server hands back a burst's heap once it has been idle a few seconds.
  await new Promise((r) => setTimeout(r, 6_000));
  console.log(`${rounds * perRound} PDF exports, ${perRound} at a time, in ${seconds} s: RSS ${before} MiB before, peak ${peak} MiB, ${after} MiB right after, ${rss()} MiB at rest (6 s after)`);
} finally {
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  rmSync(dir, { recursive: true, force: true });
}
