// Runs the `gearbox` CLI (services/server/src/cli.ts) from the repository root, so relative paths
// such as the default ./data are the root's. `pnpm start` is `gearbox serve --demo`: the service on
// the embedded store, seeding the demo institute when the store is empty. Honours GEARBOX_PORT,
// GEARBOX_DATA_DIR and GEARBOX_JWT_SECRET.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const server = join(root, 'services', 'server');
const args = process.argv.slice(2).filter((a) => a !== '--');
const child = spawn(join(server, 'node_modules', '.bin', 'tsx'), [join(server, 'src', 'cli.ts'), ...args], { stdio: 'inherit', env: process.env });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
