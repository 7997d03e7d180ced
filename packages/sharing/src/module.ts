/**
 * Sharing as one module for the composition root: the feed, SSE and schema routes, the Kafka
 * publisher when configured, and the peers this server's institutes follow with the benchmark.
 */
import { Hono } from 'hono';
import type { EventStore } from '@gearbox/eventstore';
import type { CheckpointStore, SettingDeps, StreamDefinition } from '@gearbox/kernel';
import type { AuthVariables, OpenApiRegistry } from '@gearbox/http';
import { benchmark } from './benchmark.ts';
import { PeerEventSchemas } from './inbox.ts';
import { peerOpenApi, peerRoutes } from './peer-routes.ts';
import { Peers, PeerSettingSchemas } from './peers.ts';
import type { PeerAddressOptions } from './peer-address.ts';
import { SharedFeed } from './feed.ts';
import { KafkaPublisher, type KafkaConfig } from './kafka.ts';
import { SharingPolicies } from './policy.ts';
import { sharingOpenApi, sharingRoutes } from './routes.ts';

export interface SharingModuleOptions {
  store: EventStore;
  /** To seal a peer's token and record the peers' events. */
  kernel: Omit<SettingDeps, 'store'>;
  /** First wait before following a peer again after a failure (doubles up to 30 s). */
  peerRetryMs?: number;
  /** Every stream type served; their `shared` policies say what leaves the institute. */
  definitions: readonly StreamDefinition<any>[];
  registry: Pick<OpenApiRegistry, 'events' | 'eventSchema'>;
  checkpoints: CheckpointStore;
  /** GEARBOX_PUBLIC_URL: how others reach this server, for `dataschema`. */
  publicUrl?: string;
  kafka?: KafkaConfig;
  /** Where a peer's feed may be besides outside addresses (GEARBOX_PEER_ALLOWED_HOSTS), and how names resolve. */
  peerAddresses?: PeerAddressOptions;
  heartbeatMs?: number;
  onError?: (message: string, error: unknown) => void;
}

export function sharingModule(options: SharingModuleOptions) {
  const policies = new SharingPolicies(options.definitions);
  const feed = new SharedFeed(options.store, policies);
  const publisher =
    options.kafka &&
    new KafkaPublisher({
      ...options.kafka,
      feed,
      checkpoints: options.checkpoints,
      baseUrl: options.publicUrl ?? 'http://localhost:3000',
      ...(options.onError ? { onError: options.onError } : {}),
    });
  const { publicUrl, heartbeatMs } = options;
  const http = sharingRoutes({ feed, registry: options.registry, ...(publicUrl ? { publicUrl } : {}), ...(heartbeatMs ? { heartbeatMs } : {}) });
  const peers = new Peers({
    ...options.kernel,
    store: options.store,
    policies,
    ...options.peerAddresses,
    ...(options.kafka ? { kafkaBrokers: options.kafka.brokers } : {}),
    ...(options.peerRetryMs ? { retryMs: options.peerRetryMs } : {}),
    ...(options.onError ? { onError: options.onError } : {}),
  });
  const benchmarkOf = (institute: string) => benchmark(options.store, feed, institute);
  const routes = new Hono<{ Variables: AuthVariables }>();
  routes.route('/', http.routes);
  routes.route('/', peerRoutes(peers, benchmarkOf));
  return {
    name: 'sharing',
    feed,
    publisher,
    peers,
    /** The national benchmark as the institute's staff see it (also in the jaarverslag). */
    benchmark: benchmarkOf,
    routes,
    openapi: [...sharingOpenApi(), ...peerOpenApi()],
    eventSchemas: { ...PeerSettingSchemas, ...PeerEventSchemas },
    /** Starts the Kafka publisher and follows every peer. */
    start: async () => {
      publisher?.start();
      await peers.start();
    },
    /** Ends the open SSE streams, the peers' followers and the Kafka publisher. */
    stop: async () => {
      await http.closeStreams();
      await peers.stop();
      await publisher?.stop();
    },
  };
}
