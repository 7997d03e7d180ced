// Runs the `gearbox` CLI (services/server/src/cli.ts) from the repository root, so relative paths
// such as the default ./data are the root's. `pnpm start` is `gearbox serve --demo`: the service on
// the embedded store, seeding the demo institute when the store is empty. Honours GEARBOX_PORT,
// GEARBOX_DATA_DIR and GEARBOX_JWT_SECRET. Before `serve` it builds the web UI (services/web) when
// its sources are newer than the build, so the start command always serves the UI at /.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const server = join(root, 'services', 'server');
const args = process.argv.slice(2).filter((a) => a !== '--');

const web = join(root, 'services', 'web');
const newest = (path) => (statSync(path).isDirectory() ? Math.max(0, ...readdirSync(path).map((f) => newest(join(path, f)))) : statSync(path).mtimeMs);
if (args[0] === 'serve' && existsSync(join(web, 'package.json'))) {
  const built = join(web, 'dist', 'index.html');
  const sources = ['src', 'index.html', 'vite.config.ts', 'package.json'].map((f) => join(web, f)).filter(existsSync);
  if (!existsSync(built) || Math.max(...sources.map(newest)) > statSync(built).mtimeMs) {
    console.log('building the web UI (services/web) …');
    const build = spawnSync(join(web, 'node_modules', '.bin', 'vite'), ['build', '--logLevel', 'warn'], { cwd: web, stdio: 'inherit' });
    if (build.status !== 0) console.log('the web UI could not be built; the API still starts, / will answer 404');
  }
}
// Two malloc arenas instead of glibc's eight per core: the server allocates natively from a few
// threads (HTTP, SQLite, the libuv pool), and memory freed after a burst (concurrent dossier
// renders, large bodies) stays resident per arena (docs/reliability.md). Set it yourself to override.
const child = spawn(join(server, 'node_modules', '.bin', 'tsx'), [join(server, 'src', 'cli.ts'), ...args], { stdio: 'inherit', env: { MALLOC_ARENA_MAX: '2', MALLOC_MMAP_THRESHOLD_: '131072', ...process.env } });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
