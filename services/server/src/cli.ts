#!/usr/bin/env -S npx tsx
/**
 * `gearbox`: serve, token, seed-demo, rebuild, export, verify.
 * Configuration comes from the environment (GEARBOX_PORT, GEARBOX_DATA_DIR, GEARBOX_JWT_SECRET,
 * GEARBOX_EVENTSTORE, GEARBOX_JWKS_URL) and can be overridden with flags.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, InvalidArgumentError } from 'commander';
import { authConfigFromEnv, Claims, ROLES, signToken } from '@gearbox/http';
import type { ServerOptions } from './app.ts';
import { jwtSecret } from './secret.ts';
import { DEMO_INSTITUTE, seedDemo } from './seed-demo.ts';
import { demoSignInRefused } from './web.ts';
import { startIdleCompaction } from './idle-compaction.ts';

const mib = (bytes: number) => Math.round(bytes / 2 ** 20);

/** The web UI as `pnpm start` builds it (test/scripts/gearbox.mjs). */
const WEB_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'web', 'dist');

// The composition root loads every service; `token` and `--help` should not wait for that.
async function openGearbox(options: ServerOptions) {
  const { createGearbox } = await import('./app.ts');
  return createGearbox(options);
}

const program = new Command('gearbox').description('Quality cycles for GP training institutes, as events.').version('0.1.0');

const dataDirOf = (opts: { dataDir?: string }) => opts.dataDir ?? process.env.GEARBOX_DATA_DIR ?? './data';
const port = (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('a port number 0-65535');
  return n;
};

program
  .command('serve')
  .description('start the HTTP service')
  .option('-p, --port <port>', 'port (GEARBOX_PORT, default 3000)', port)
  .option('-d, --data-dir <dir>', 'data folder (GEARBOX_DATA_DIR, default ./data)')
  .option('--host <host>', 'interface to listen on', '0.0.0.0')
  .option('--demo', 'seed the demo institute when the store is empty, and print a token to try it')
  .action(async (opts: { port?: number; dataDir?: string; host: string; demo?: boolean }) => {
    const dataDir = dataDirOf(opts);
    const { secret, source } = jwtSecret(dataDir);
    const demoOff = demoSignInRefused(process.env, opts.demo === true);
    const gearbox = await openGearbox({
      dataDir,
      auth: authConfigFromEnv(process.env, secret),
      webDir: WEB_DIR,
      ...(demoOff ? {} : { demo: { institute: DEMO_INSTITUTE, secret } }),
    });
    if (source === 'generated') gearbox.logger.warn(`no GEARBOX_JWT_SECRET: generated one and kept it in ${dataDir}/jwt-secret`);
    if (source === 'file') gearbox.logger.info(`no GEARBOX_JWT_SECRET: using the one kept in ${dataDir}/jwt-secret`);
    await gearbox.start();
    const empty = (await gearbox.store.headPosition()) === 0n;
    if (opts.demo && empty) {
      gearbox.logger.info('empty store: seeding the demo institute');
      await seedDemo(gearbox);
    }
    const listening = await gearbox.listen(opts.port ?? Number(process.env.GEARBOX_PORT ?? 3000), opts.host);
    gearbox.logger.info({ port: listening.port, dataDir }, 'gearbox is listening');
    if (opts.demo && !process.env.GEARBOX_JWKS_URL) {
      const token = await signToken({ institute: DEMO_INSTITUTE, roles: ['kwaliteitsmedewerker', 'mt'], sub: 'demo-user', name: 'Demo Gebruiker' }, secret);
      const base = `http://localhost:${listening.port}`;
      console.log(`\ngearbox listens on ${base} (web UI: ${base}/, docs: ${base}/docs)\n\nA token for the demo institute (kwaliteitsmedewerker, mt; 12 hours):\n\nexport TOKEN=${token}\n`);
      console.log(`curl -s ${base}/api/v1/cycles -H "Authorization: Bearer $TOKEN"`);
      console.log(`curl -s ${base}/api/v1/deadlines -H "Authorization: Bearer $TOKEN"`);
      console.log(`curl -s -X POST ${base}/api/v1/cycles -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d '{"kind":"curriculum","title":"Curriculum 2027","period":{"from":"2027-01-01","to":"2027-12-31"}}'\n`);
    }
    const stopCompaction = startIdleCompaction({
      onCollect: (before, after) =>
        gearbox.logger.info({ heapMiB: { before: mib(before.totalBytes), after: mib(after.totalBytes), used: mib(after.usedBytes) } }, 'idle: heap compacted'),
    });
    const shutdown = async (signal: string) => {
      gearbox.logger.info({ signal }, 'shutting down');
      stopCompaction();
      await gearbox.stop();
      process.exit(0);
    };
    process.once('SIGINT', () => void shutdown('SIGINT'));
    process.once('SIGTERM', () => void shutdown('SIGTERM'));
  });

program
  .command('token')
  .description('print a signed JWT (HS256 with GEARBOX_JWT_SECRET or the data folder\'s secret)')
  .requiredOption('--institute <id>', 'tenant, e.g. utrecht')
  .requiredOption('--roles <roles>', `comma-separated: ${ROLES.join(', ')}`)
  .option('--sub <id>', 'person id', 'u1')
  .option('--name <name>', 'display name', 'Q. Officer')
  .option('--expires <span>', 'lifetime, e.g. 12h or 7d', '12h')
  .option('--secret <secret>', 'HS256 secret (default: GEARBOX_JWT_SECRET or the data folder\'s)')
  .option('-d, --data-dir <dir>', 'data folder whose secret to use')
  .action(async (opts: { institute: string; roles: string; sub: string; name: string; expires: string; secret?: string; dataDir?: string }) => {
    const claims = Claims.safeParse({ institute: opts.institute, roles: opts.roles.split(',').map((r) => r.trim()).filter(Boolean), sub: opts.sub, name: opts.name });
    if (!claims.success) {
      console.error(`invalid token claims: ${claims.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
      process.exit(2);
    }
    const secret = opts.secret ?? jwtSecret(dataDirOf(opts)).secret;
    console.log(await signToken(claims.data, secret, opts.expires));
  });

program
  .command('seed-demo')
  .description(`fill the demo institute "${DEMO_INSTITUTE}" (idempotent: a second run appends nothing)`)
  .option('-d, --data-dir <dir>', 'data folder')
  .action(async (opts: { dataDir?: string }) => {
    const dataDir = dataDirOf(opts);
    const gearbox = await openGearbox({ dataDir, auth: { secret: jwtSecret(dataDir).secret }, schedulerIntervalMs: 0 });
    await gearbox.start();
    const before = await gearbox.store.headPosition();
    const summary = await seedDemo(gearbox);
    const after = await gearbox.store.headPosition();
    console.log(JSON.stringify({ ...summary, eventsAppended: Number(after - before) }, null, 2));
    await gearbox.stop();
  });

program
  .command('rebuild')
  .description('replay every read model from the store and report what it holds')
  .option('-d, --data-dir <dir>', 'data folder')
  .action(async (opts: { dataDir?: string }) => {
    const dataDir = dataDirOf(opts);
    const gearbox = await openGearbox({ dataDir, auth: { secret: jwtSecret(dataDir).secret }, schedulerIntervalMs: 0 });
    const started = performance.now();
    await gearbox.projections.start();
    const ms = Math.round(performance.now() - started);
    console.log(JSON.stringify({ position: gearbox.projections.at.toString(), projections: gearbox.projections.projections.map((p) => p.name), ms }, null, 2));
    await gearbox.stop();
  });

program
  .command('export')
  .description('write the GEAR dossier (zip with dossier.json, .html, .pdf, .xlsx and manifest.json, or one of them)')
  .requiredOption('--institute <id>', 'tenant, e.g. demo')
  .option('--from <date>', 'period start, YYYY-MM-DD')
  .option('--to <date>', 'period end, YYYY-MM-DD')
  .option('--as-of <instant>', 'the state at this instant (default now); the same asOf gives the same files')
  .option('--format <format>', 'zip | json | html | pdf | xlsx', 'zip')
  .option('--documents', 'put the linked documents (AddEvidence {documentId}) in the zip and its manifest, from the data folder')
  .option('-o, --out <file>', 'file to write (default: the dossier name in this folder)')
  .option('-d, --data-dir <dir>', 'data folder')
  .action(async (opts: { institute: string; from?: string; to?: string; asOf?: string; format: string; documents?: boolean; out?: string; dataDir?: string }) => {
    const { openEventStore } = await import('@gearbox/eventstore');
    const { exportDossierToFile } = await import('@gearbox/gear-service');
    const store = openEventStore({ dataDir: dataDirOf(opts) });
    try {
      const documents = opts.documents ? new (await import('@gearbox/documents')).DocumentFiles(join(dataDirOf(opts), 'documents')) : undefined;
      const { file, bytes, manifest } = await exportDossierToFile(store, {
        institute: opts.institute,
        ...(opts.from ? { from: opts.from } : {}),
        ...(opts.to ? { to: opts.to } : {}),
        ...(opts.asOf ? { asOf: opts.asOf } : {}),
        format: opts.format as never,
        ...(documents ? { documents: 'true' as const, readDocument: (sha256: string) => documents.read(sha256) } : {}),
        ...(opts.out ? { out: opts.out } : {}),
      });
      console.log(JSON.stringify({ file, bytes, position: manifest.position, eventCount: manifest.eventCount, chainHead: manifest.chainHead }, null, 2));
    } catch (error) {
      console.error(`gearbox export: ${(error as Error).message}`);
      process.exitCode = 2;
    } finally {
      await store.close();
    }
  });

program
  .command('verify')
  .description('check a dossier zip or manifest.json against the store: {valid, problems[]}; exit 1 when not valid')
  .argument('<file>', 'dossier zip or manifest.json')
  .option('-d, --data-dir <dir>', 'data folder')
  .action(async (file: string, opts: { dataDir?: string }) => {
    const { openEventStore } = await import('@gearbox/eventstore');
    const { verifyDossierFile } = await import('@gearbox/gear-service');
    const store = openEventStore({ dataDir: dataDirOf(opts) });
    try {
      const result = await verifyDossierFile(store, file);
      console.log(JSON.stringify(result, null, 2));
      process.exitCode = result.valid ? 0 : 1;
    } catch (error) {
      console.error(`gearbox verify: ${(error as Error).message}`);
      process.exitCode = 2;
    } finally {
      await store.close();
    }
  });

await program.parseAsync(process.argv);
