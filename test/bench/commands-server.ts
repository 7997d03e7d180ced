/**
 * Child process of the HTTP command benchmark: serves one subject on 127.0.0.1, tells the parent
 * its port over IPC and stops when told. A child of its own gives the server one of the two cores
 * and autocannon the other, and every subject is served the same way, by the same Node.
 *
 *   commands-server.ts echo
 *   commands-server.ts gearbox <data dir>     (the request log goes to stdout, which the parent discards)
 *   commands-server.ts limit <sqlite file>    (commands-limit.ts)
 *   commands-server.ts emmett <sqlite file>   (commands-emmett.ts)
 *
 * GEARBOX_JWT_SECRET comes from the environment for all but echo.
 */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { authConfigFromEnv } from '@gearbox/http';
import type { PeerApp } from './commands-limit.ts';

export interface ServerReady {
  port: number;
}

export interface CpuUsed {
  cpuMs: number;
}

interface Running {
  port: number;
  stop(): Promise<void>;
}

function listen(app: { fetch: (request: Request) => Response | Promise<Response> }, close: () => Promise<void> = async () => {}): Promise<Running> {
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info) => {
      resolve({
        port: info.port,
        stop: () => new Promise<void>((done) => server.close(() => done())).then(close),
      });
    });
  });
}

/** The reference: a bare Hono app on @hono/node-server that parses the JSON body and sends it back. */
function startEcho(): Promise<Running> {
  const app = new Hono();
  app.post('/echo', async (c) => c.json(await c.req.json()));
  return listen(app);
}

const startPeer = ({ app, close }: PeerApp): Promise<Running> => listen(app, close);

/** The whole server as `gearbox serve` builds it, on a sqlite file store in `dir`. */
async function startGearbox(dir: string): Promise<Running> {
  const { createGearbox } = await import('@gearbox/server');
  const gearbox = createGearbox({ dataDir: dir, auth: authConfigFromEnv(process.env) });
  await gearbox.start();
  const { port } = await gearbox.listen(0, '127.0.0.1');
  return { port, stop: () => gearbox.stop() };
}

const [mode, dir] = process.argv.slice(2);
const starts: Record<string, () => Promise<Running>> = {
  echo: startEcho,
  gearbox: () => startGearbox(dir!),
  // Each subject loads only its own code.
  limit: async () => startPeer((await import('./commands-limit.ts')).limitApp(dir!, authConfigFromEnv(process.env))),
  emmett: async () => startPeer((await import('./commands-emmett.ts')).emmettApp(dir!, authConfigFromEnv(process.env))),
};
const running = await starts[mode!]!();
process.on('message', (message) => {
  // The parent asks for the CPU time this server has used, to count CPU per command over a slice.
  if (message === 'cpu') {
    const { user, system } = process.cpuUsage();
    process.send!({ cpuMs: (user + system) / 1000 } satisfies CpuUsed);
  }
  if (message !== 'stop') return;
  void running.stop().then(() => process.exit(0));
});
// If the parent dies, do not linger.
process.on('disconnect', () => process.exit(0));
process.send!({ port: running.port } satisfies ServerReady);
