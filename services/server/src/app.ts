/**
 * The composition root: one process serves everything in the embedded default. It opens the
 * store and the key store, builds the kernel, mounts every service module, replays the read
 * models, starts the reactors and the deadline scheduler, and serves HTTP.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { Hono, type Context } from 'hono';
import type { Logger } from 'pino';
import { openEventStore, type EventStore } from '@gearbox/eventstore';
import { DeadlineScheduler, DeadlineTable, IdempotencyIndex, instituteSettingAt, openSqliteCheckpoints, openSqliteKeyStore, ProjectionRunner, randomIds, ReactorRunner, StreamHandler, systemClock, NotFoundError, DomainError, text, type Text, type Clock, type IdGenerator, type KernelDeps, type StreamDefinition } from '@gearbox/kernel';
import { cycleDefinition, phaseOf, type Cycle } from '@gearbox/cycles';
import {
  API_BASE,
  API_VERSION,
  apiVersionHeader,
  authenticate,
  createLogger,
  docsOpenapi,
  docsRoutes,
  errorHandler,
  jsonBodyLimit,
  pathEncoding,
  Metrics,
  notFound,
  OpenApiRegistry,
  problem,
  requestLog,
  moduleRoutes,
  type AuthConfig,
  type AuthVariables,
  type ServiceModule,
} from '@gearbox/http';
import { opleidersModule } from '@gearbox/opleiders';
import { docentenModule } from '@gearbox/docenten';
import { leeromgevingModule } from '@gearbox/leeromgeving';
import { curriculumModule } from '@gearbox/curriculum';
import { organisatieModule } from '@gearbox/organisatie';
import { gearModule } from '@gearbox/gear-service';
import { DocumentFiles, documentsModule } from '@gearbox/documents';
import { cyclesModule } from '@gearbox/cycles';
import { signalenModule } from '@gearbox/signalen';
import { opsDocs } from './ops-docs.ts';
import { privacyDocs, privacyRoutes, SubjectErased } from './privacy.ts';
import { instituteSettingsModule } from './institute-settings.ts';
import { kafkaConfigFromEnv, peerAllowedHostsFromEnv, sharingModule, type KafkaConfig } from '@gearbox/sharing';
import { demoDocs, demoRoutes, signInConfig, signInDocs, signInRoutes, webRoutes } from './web.ts';

/** The version of this build; the API contract's version is API_VERSION (packages/http). */
export const VERSION = '0.1.0';

export interface ServerOptions {
  /** Folder for events.sqlite3, keys.sqlite3 and state.sqlite3; ignored for `memory`. */
  dataDir?: string;
  /** Store URL (GEARBOX_EVENTSTORE); `sqlite::memory:` keeps everything in memory (tests). */
  storeUrl?: string;
  auth: AuthConfig;
  clock?: Clock;
  ids?: IdGenerator;
  logger?: Logger;
  /** How often the deadline scheduler looks (ms); 0 disables it (tests call tick()). */
  schedulerIntervalMs?: number;
  /** How other institutes reach this server (GEARBOX_PUBLIC_URL), for the shared events' `dataschema`. */
  publicUrl?: string;
  /** Publish the shared events to Kafka; default from GEARBOX_KAFKA_BROKERS and GEARBOX_KAFKA_TOPIC. */
  kafka?: KafkaConfig;
  /** The built web UI (services/web/dist), served at `/`; without it `/` stays a 404. */
  webDir?: string;
  /** The demo sign-in (`/api/v1/demo/*`): only on the embedded default with the demo seeded and no OIDC issuer. */
  demo?: { institute: string; secret: string };
}

export interface Gearbox {
  app: Hono<{ Variables: AuthVariables }>;
  store: EventStore;
  kernel: KernelDeps;
  cycles: StreamHandler<Cycle>;
  modules: ServiceModule[];
  projections: ProjectionRunner;
  reactors: ReactorRunner;
  scheduler: DeadlineScheduler;
  deadlines: DeadlineTable;
  logger: Logger;
  sharing: ReturnType<typeof sharingModule>;
  /** Replays the read models and starts reactors and the scheduler. */
  start(): Promise<void>;
  listen(port: number, hostname?: string): Promise<{ port: number; server: ServerType }>;
  stop(): Promise<void>;
}

export function createGearbox(options: ServerOptions): Gearbox {
  const logger = options.logger ?? createLogger();
  const memory = options.storeUrl === 'sqlite::memory:';
  const dataDir = options.dataDir ?? process.env.GEARBOX_DATA_DIR ?? './data';
  if (!memory) mkdirSync(dataDir, { recursive: true });
  // Uploaded documents, by their sha256 (services/documents); a store in memory keeps them in a temporary folder.
  const documentsDir = memory ? mkdtempSync(join(tmpdir(), 'gearbox-documents-')) : join(dataDir, 'documents');
  const documentFiles = new DocumentFiles(documentsDir);
  const store = openEventStore({ ...(options.storeUrl ? { url: options.storeUrl } : {}), dataDir });
  const keys = openSqliteKeyStore(memory ? ':memory:' : join(dataDir, 'keys.sqlite3'));
  const checkpoints = openSqliteCheckpoints(memory ? ':memory:' : join(dataDir, 'state.sqlite3'));
  const clock = options.clock ?? systemClock;
  const idempotency = new IdempotencyIndex();
  const kernel: KernelDeps = { store, keys, clock, ids: options.ids ?? randomIds, idempotency };
  const cycles = new StreamHandler(cycleDefinition, kernel);

  let deadlines: DeadlineTable;
  const mountedAt = new Map<string, string>();
  const namedBy = new Map<string, NonNullable<ServiceModule['deadlineName']>>();
  const cyclesMod = cyclesModule(cycles, () => deadlines, (category) => mountedAt.get(category), (category, ...about) => namedBy.get(category)?.(...about));
  const modules: ServiceModule[] = [
    cyclesMod,
    organisatieModule((institute) => cyclesMod.index.entries(institute), phaseOf, (institute) => instituteSettingAt(store, institute), (institute) => sharing.benchmark(institute)),
    opleidersModule(kernel, cycles) as ServiceModule,
    docentenModule(kernel, cycles) as ServiceModule,
    leeromgevingModule(kernel, cycles) as ServiceModule,
    curriculumModule(kernel, cycles),
    signalenModule(kernel),
    gearModule(kernel, { readDocument: (sha256) => documentFiles.read(sha256) }),
    documentsModule({ ...kernel, files: documentFiles }),
    instituteSettingsModule(kernel),
  ];
  for (const m of modules) if (m.basePath && m.definition) mountedAt.set((m.definition as StreamDefinition).category, `/api/v1${m.basePath}`);
  for (const m of modules) if (m.deadlineName && m.definition) namedBy.set((m.definition as StreamDefinition).category, m.deadlineName);
  deadlines = new DeadlineTable(modules.flatMap((m) => m.deadlineRules ?? []));
  const projections = new ProjectionRunner(store, [idempotency, deadlines, ...modules.flatMap((m) => m.projections ?? [])]);
  const reactors = new ReactorRunner(
    store,
    modules.flatMap((m) => m.reactors ?? []),
    checkpoints,
    (message, error) => logger.error({ err: error }, message),
    (event) => projections.waitFor(event.position),
  );
  // The scheduler sends a deadline's internal command to the stream type the deadline belongs to.
  const handlers = new Map<string, StreamHandler<unknown>>();
  for (const m of modules) if (m.handler && m.definition) handlers.set((m.definition as StreamDefinition).category, m.handler);
  const scheduler = new DeadlineScheduler(
    deadlines,
    async (d, ctx, o) => {
      const handler = handlers.get(d.category);
      if (!handler) throw new NotFoundError(text(`Streamtype ${d.category}`, `stream type ${d.category}`));
      const result = await handler.execute(ctx, d.streamEntityId, d.command, o);
      await projections.waitFor(result.position);
    },
    clock,
    (message, error) => logger.error({ err: error }, message),
  );

  const metrics = new Metrics();
  const registry = new OpenApiRegistry();
  const app = new Hono<{ Variables: AuthVariables }>();
  app.use('*', apiVersionHeader(), requestLog(logger, metrics));
  app.onError(errorHandler(logger));
  app.notFound(notFound);

  let ready = false;
  const notReady = (c: Context, detail: Text) => problem(c, new DomainError('not-ready', 503, text('Niet gereed', 'Not ready'), detail));
  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', async (c) => {
    try {
      await store.ping();
    } catch (error) {
      logger.warn({ err: error }, 'store not reachable');
      return notReady(c, text('De event store is niet bereikbaar.', 'The event store is not reachable.'));
    }
    if (!ready) return notReady(c, text('De leesmodellen lopen nog in.', 'Read models are still catching up.'));
    try {
      // Rejects once the projection loop has failed: the read models no longer follow the store.
      await projections.waitFor(0n);
    } catch (error) {
      logger.error({ err: error }, 'read models stopped following the store');
      return notReady(c, text('De leesmodellen volgen de store niet meer.', 'The read models stopped following the store.'));
    }
    return c.json({ status: 'ready', position: projections.at.toString() });
  });
  app.get('/metrics', async (c) => c.text(await metrics.registry.metrics(), 200, { 'Content-Type': metrics.registry.contentType }));
  app.get('/openapi.json', (c) => c.json(registry.document(API_VERSION)));
  app.route('/', docsRoutes());

  registry.add(...opsDocs, ...docsOpenapi, ...privacyDocs, ...demoDocs, ...signInDocs);
  // Before authentication: the demo sign-in is how the UI gets its token.
  app.route('/api/v1', demoRoutes(options.demo, clock));
  app.route('/api/v1', signInRoutes(signInConfig(process.env, options.demo !== undefined)));
  registry.addEvents({ SubjectErased });

  app.use('/api/v1/*', authenticate(options.auth), pathEncoding(), jsonBodyLimit());
  const afterWrite = (position: bigint) => projections.waitFor(position);
  const publicUrl = options.publicUrl ?? process.env.GEARBOX_PUBLIC_URL;
  const kafka = options.kafka ?? kafkaConfigFromEnv();
  const sharing = sharingModule({
    store,
    kernel: { keys, clock, ids: kernel.ids },
    definitions: modules.flatMap((m) => (m.definition ? [m.definition] : [])),
    registry,
    checkpoints,
    ...(publicUrl ? { publicUrl } : {}),
    ...(kafka ? { kafka } : {}),
    peerAddresses: { allowedHosts: peerAllowedHostsFromEnv() },
    onError: (message, error) => logger.error({ err: error }, message),
  });
  app.route(API_BASE, moduleRoutes(sharing, { registry }));
  app.route('/api/v1', privacyRoutes(store, keys, clock, (institute) => modules.flatMap((m) => m.people?.(institute) ?? [])));
  for (const m of modules) app.route(API_BASE, moduleRoutes(m, { registry, afterWrite, metrics }));
  if (options.webDir) app.route('/', webRoutes(options.webDir));

  let server: ServerType | undefined;
  return {
    app,
    store,
    kernel,
    cycles,
    modules,
    projections,
    reactors,
    scheduler,
    deadlines,
    logger,
    sharing,
    async start() {
      await projections.start();
      reactors.start();
      await sharing.start();
      if (options.schedulerIntervalMs !== 0) scheduler.start(options.schedulerIntervalMs ?? 60_000);
      ready = true;
    },
    listen(port, hostname = '127.0.0.1') {
      return new Promise((resolve) => {
        server = serve({ fetch: app.fetch, port, hostname }, (info) => resolve({ port: info.port, server: server! }));
      });
    },
    async stop() {
      ready = false;
      // First: an open SSE stream would keep the server from closing.
      await sharing.stop();
      await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
      await scheduler.stop();
      await reactors.stop();
      await projections.stop();
      await store.close();
      keys.close();
      checkpoints.close();
      if (memory) rmSync(documentsDir, { recursive: true, force: true });
    },
  };
}
