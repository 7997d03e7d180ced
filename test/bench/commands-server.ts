/**
 * Child process of the HTTP command benchmark: serves either the Hono echo route or the gearbox
 * server on 127.0.0.1, tells the parent its port over IPC and stops when told. A child of its own
 * gives the server one of the two cores and autocannon the other, and echo and gearbox are served
 * the same way, by the same Node.
 *
 *   commands-server.ts echo
 *   commands-server.ts gearbox <data dir>     (GEARBOX_JWT_SECRET comes from the environment; the
 *                                             request log goes to stdout, which the parent discards)
 */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { authConfigFromEnv } from '@gearbox/http';
import { createGearbox } from '@gearbox/server';

export interface ServerReady {
  port: number;
}

interface Running {
  port: number;
  stop(): Promise<void>;
}

/** The baseline: a bare Hono app on @hono/node-server that parses the JSON body and sends it back. */
function startEcho(): Promise<Running> {
  const app = new Hono();
  app.post('/echo', async (c) => c.json(await c.req.json()));
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info) => {
      resolve({
        port: info.port,
        stop: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });
}

/** The whole server as `gearbox serve` builds it, on a sqlite file store in `dir`. */
async function startGearbox(dir: string): Promise<Running> {
  const gearbox = createGearbox({ dataDir: dir, auth: authConfigFromEnv(process.env) });
  await gearbox.start();
  const { port } = await gearbox.listen(0, '127.0.0.1');
  return { port, stop: () => gearbox.stop() };
}

const [mode, dir] = process.argv.slice(2);
const running = mode === 'echo' ? await startEcho() : await startGearbox(dir!);
process.on('message', (message) => {
  if (message !== 'stop') return;
  void running.stop().then(() => process.exit(0));
});
// If the parent dies, do not linger.
process.on('disconnect', () => process.exit(0));
process.send!({ port: running.port } satisfies ServerReady);
