/**
 * The peers an institute follows (API.md `POST/GET/DELETE /api/v1/peers`). A peer's settings are
 * events in a stream per peer, `<institute>/peer-<peer>`; its token is sealed with the institute's
 * key store (packages/kernel personal-data) under the subject `peer-<peer>`, so it is never in the
 * store in plain text, nor in an answer or a log line. One follower per peer runs in this process.
 */
import { z } from 'zod';
import { Claims } from '@gearbox/http';
import { says, isSealed, NotFoundError, seal, streamIdOf, text, unseal, ValidationError, envelopeOf, FORGOTTEN, type CommandContext, type SettingDeps, type StoredEvent } from '@gearbox/kernel';
import { HttpFollower, KafkaFollower, type Follower, type FollowOptions } from './follow.ts';
import { PeerInbox, type Parked } from './inbox.ts';
import { PeerAddresses, type PeerAddressOptions } from './peer-address.ts';
import type { SharingPolicies } from './policy.ts';

export const PEER_ADDED = 'PeerAdded';
export const PEER_REMOVED = 'PeerRemoved';

export const PeerInput = z
  .object({
    institute: Claims.shape.institute.describe('De instituutscode van de peer, zoals utrecht'),
    feedUrl: z
      .url({ protocol: /^https?$/ })
      .max(2000)
      .regex(/\/api\/v1\/shared\/events$/, { error: says('de volledige feed-URL, eindigend op /api/v1/shared/events', 'the full feed URL, ending in /api/v1/shared/events') })
      .describe('De volledige feed-URL van de peer: https://…/api/v1/shared/events')
      .optional(),
    token: z.string().min(1).max(8000).describe('Een partner-token dat de peer uitgaf; wordt versleuteld bewaard en nooit getoond').optional(),
    kafkaTopic: z.string().regex(/^[A-Za-z0-9._-]{1,249}$/).describe('Een Kafka-topic met de gedeelde events van de peer (sleutel = instituut)').optional(),
  })
  .strict()
  .refine((p) => (p.feedUrl === undefined) !== (p.kafkaTopic === undefined), { error: says('geef feedUrl of kafkaTopic, één van beide', 'give feedUrl or kafkaTopic, one of them'), path: ['feedUrl'] });
export type PeerInput = z.output<typeof PeerInput>;

const sealedSchema = z.object({ $pd: z.literal(1), s: z.string(), k: z.string(), d: z.string() });
export const PeerSettingSchemas = {
  [PEER_ADDED]: z.object({ institute: z.string(), feedUrl: z.string().optional(), kafkaTopic: z.string().optional(), token: sealedSchema.optional() }),
  [PEER_REMOVED]: z.object({ institute: z.string() }),
};

export interface PeerView {
  institute: string;
  feedUrl?: string;
  kafkaTopic?: string;
  hasToken: boolean;
  since: string;
  checkpoint: string | null;
  caughtUp: boolean;
  lagSeconds: number;
  received: number;
  parked: number;
  duplicates: number;
  lastReceivedAt: string | null;
  lastError: { at: string; message: string } | null;
  recentlyParked: Parked[];
}

interface Peer {
  settings: { institute: string; feedUrl?: string; kafkaTopic?: string; token?: unknown };
  since: string;
  follower: Follower;
}

export interface PeersOptions extends SettingDeps, FollowOptions, PeerAddressOptions {
  policies: SharingPolicies;
  /** GEARBOX_KAFKA_BROKERS: needed to follow a peer by Kafka topic. */
  kafkaBrokers?: string[];
}

const id = (institute: string, peer: string) => `${institute}\u0000${peer}`;

export class Peers {
  private readonly peers = new Map<string, Peer>();
  private readonly addresses: PeerAddresses;

  constructor(private readonly options: PeersOptions) {
    this.addresses = new PeerAddresses(options);
  }

  /** Follows every peer whose latest setting is an addition. */
  async start(): Promise<void> {
    const latest = new Map<string, StoredEvent>();
    for await (const e of this.options.store.readAll({ filter: { eventTypes: [PEER_ADDED, PEER_REMOVED] } })) {
      latest.set(id(e.streamId.split('/')[0]!, (e.data as { institute: string }).institute), e as StoredEvent);
    }
    for (const e of latest.values()) if (e.type === PEER_ADDED) await this.follow(e.metadata!.institute, e.data as Peer['settings'], e.metadata!.time);
  }

  async stop(): Promise<void> {
    await Promise.all([...this.peers.values()].map((p) => p.follower.stop()));
    this.peers.clear();
  }

  /** Adds or replaces a peer; true when it is new. */
  async add(ctx: CommandContext, input: PeerInput): Promise<{ created: boolean; view: PeerView }> {
    if (input.institute === ctx.institute) throw invalid('institute', text('een ander instituut dan het eigen', 'another institute than your own'));
    if (input.kafkaTopic && !this.options.kafkaBrokers?.length) {
      throw invalid('kafkaTopic', text('deze server heeft geen Kafka (GEARBOX_KAFKA_BROKERS is niet gezet)', 'this server has no Kafka (GEARBOX_KAFKA_BROKERS is not set)'));
    }
    const inward = input.feedUrl && (await this.addresses.refusal(input.feedUrl));
    if (inward) throw invalid('feedUrl', inward);
    const { token, ...rest } = input;
    const settings = { ...rest, ...(token ? { token: seal(this.options.keys, ctx.institute, `peer-${input.institute}`, token) } : {}) };
    const now = this.options.clock();
    await this.append(ctx, input.institute, PEER_ADDED, settings, now);
    const created = !this.peers.has(id(ctx.institute, input.institute));
    await this.follow(ctx.institute, settings, now.toISOString());
    return { created, view: this.view(this.peers.get(id(ctx.institute, input.institute))!) };
  }

  /** Stops following; answers the peer as it last stood. */
  async remove(ctx: CommandContext, peer: string): Promise<PeerView> {
    const found = this.peers.get(id(ctx.institute, peer));
    if (!found) throw new NotFoundError(text(`Peer ${peer}`, `peer ${peer}`));
    await this.append(ctx, peer, PEER_REMOVED, { institute: peer }, this.options.clock());
    this.peers.delete(id(ctx.institute, peer));
    await found.follower.stop();
    return this.view(found);
  }

  list(institute: string): PeerView[] {
    return [...this.peers.values()].filter((p) => p.follower.inbox.institute === institute).map((p) => this.view(p)).sort((a, b) => a.institute.localeCompare(b.institute));
  }

  private async append(ctx: CommandContext, peer: string, type: string, data: Record<string, unknown>, now: Date): Promise<void> {
    const { store, keys, ids } = this.options;
    await store.appendToStream(streamIdOf(ctx.institute, 'peer', peer), [{ id: ids(), type, data, metadata: envelopeOf(keys, ctx, now) }]);
  }

  private async follow(institute: string, settings: Peer['settings'], since: string): Promise<void> {
    const key = id(institute, settings.institute);
    await this.peers.get(key)?.follower.stop();
    this.peers.delete(key);
    const inbox = await PeerInbox.open({ ...this.options }, institute, settings.institute);
    const token = isSealed(settings.token) ? unseal(this.options.keys, institute, settings.token) : undefined;
    const follower = settings.feedUrl
      ? new HttpFollower(inbox, settings.feedUrl, typeof token === 'string' && token !== FORGOTTEN ? token : undefined, this.addresses, this.options)
      : new KafkaFollower(inbox, this.options.kafkaBrokers ?? [], settings.kafkaTopic!, this.options);
    this.peers.set(key, { settings, since, follower });
    follower.start();
  }

  private view({ settings, since, follower }: Peer): PeerView {
    const { inbox, status } = follower;
    return {
      institute: settings.institute,
      ...(settings.feedUrl ? { feedUrl: settings.feedUrl } : {}),
      ...(settings.kafkaTopic ? { kafkaTopic: settings.kafkaTopic } : {}),
      hasToken: settings.token !== undefined,
      since,
      checkpoint: inbox.checkpoint,
      caughtUp: status.caughtUp,
      lagSeconds: status.caughtUp ? 0 : Math.round((Date.now() - status.caughtUpAt) / 1000),
      received: inbox.received,
      parked: inbox.parked,
      duplicates: inbox.duplicates,
      lastReceivedAt: inbox.lastReceivedAt,
      lastError: status.lastError,
      recentlyParked: [...inbox.recentlyParked],
    };
  }
}

function invalid(path: string, message: ReturnType<typeof text>): ValidationError {
  return new ValidationError([{ path, message }], text('Deze peer kan niet worden gevolgd.', 'This peer cannot be followed.'));
}
