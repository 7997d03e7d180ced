/**
 * Following a peer as an admin meets it, against a peer that misbehaves (a fake feed on loopback):
 * good events are kept apart from the institute's own data and feed the benchmark; a schema-invalid
 * event, one from an unknown source, one with a value under five respondents and junk are parked
 * with their reason; a duplicate is dropped; a peer that is down is retried and reported, and the
 * server keeps answering. The token is sealed and never shown. Every answer is checked against the
 * module's OpenAPI description.
 */
import { lookup as dnsLookup } from 'node:dns';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { LookupFunction } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEventStore, type EventStore } from '@gearbox/eventstore';
import { openSqliteCheckpoints, openSqliteKeyStore, randomIds, systemClock, type KeyStore } from '@gearbox/kernel';
import { cycleDefinition } from '@gearbox/cycles';
import { moduleApp } from '@gearbox/http/testing';
import type { ServiceModule } from '@gearbox/http';
import { checkIncoming, compare, peerAllowedHostsFromEnv, sharingModule, PEER_EVENT_PARKED, type PeerAddressOptions } from '../src/index.ts';
import { appendCycle, policies } from './events.ts';

const T = 'nl.huisartsopleiding.gearbox';
const LEIDEN = 'urn:nld:huisartsopleiding:leiden';
const ce = (id: string, type: string, data: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  specversion: '1.0', id, source: LEIDEN, type: `${T}.${type}.v1`, subject: 'cycle-c1', time: '2026-03-01T09:00:00.000Z',
  datacontenttype: 'application/json', dataschema: `https://leiden.example/api/v1/schemas/${T}.${type}.v1`, data, ...extra,
});
const defined = ce('e1', 'kpi-defined', { kpiId: 'k1', name: 'Aios die het klimaat veilig vinden', unit: '%', nationalCode: 'nivel-veilig-klimaat', baseline: { value: 60, year: 2020 }, target: { changePercent: 20, by: '2026-12-31' } });
const FIRST_PAGE = [
  defined,
  ce('e2', 'kpi-measured', { kpiId: 'k1', value: 77, measuredAt: '2026-02-01', n: 30, source: 'lijst van Jan Jansen' }),
  ce('e3', 'kpi-measured', { kpiId: 'k1', value: 70, n: 30 }),
  defined,
  ce('e4', 'kpi-measured', { kpiId: 'k1', value: 70, measuredAt: '2026-02-02', n: 30 }, { source: 'urn:nld:huisartsopleiding:elders' }),
  'kapot',
  ce('e5', 'kpi-measured', { kpiId: 'k1', value: 12, measuredAt: '2026-02-03', n: 3 }),
];
const LIVE = ce('e6', 'kpi-measured', { kpiId: 'k1', value: 80, measuredAt: '2026-03-01', n: 40 });

/** A peer's feed: one page, then an SSE stream with one more event; it records what was asked. */
function fakePeer(): Promise<{ server: Server; base: string; asked: string[]; auth: string[] }> {
  const asked: string[] = [];
  const auth: string[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url!, 'http://x');
    auth.push(req.headers.authorization ?? '');
    if (url.pathname === '/api/v1/shared/events') {
      asked.push(`after=${url.searchParams.get('after')}`);
      const after = url.searchParams.get('after');
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify(after === '0' ? { items: FIRST_PAGE, next: '7' } : { items: [], next: after }));
    } else if (url.pathname.startsWith('/redirect/')) {
      // A feed that sends its reader on to an inside address.
      res.writeHead(302, { Location: 'http://169.254.169.254/api/v1/shared/events' });
      res.end();
    } else if (url.pathname === '/api/v1/shared/stream') {
      asked.push(`stream from ${req.headers['last-event-id']}`);
      res.writeHead(200, { 'Content-Type': 'text/event-stream' });
      if (req.headers['last-event-id'] === '7') res.write(`: hallo\n\nid: 8\ndata: ${JSON.stringify(LIVE)}\n\n`);
    } else {
      res.statusCode = 404;
      res.end();
    }
  });
  return new Promise((done) => server.listen(0, '127.0.0.1', () => done({ server, base: `http://127.0.0.1:${(server.address() as { port: number }).port}`, asked, auth })));
}

async function until(what: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await what())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await sleep(20);
  }
}

describe('an event from a peer', () => {
  it('is kept with only what its schema names, and refused with a reason that repeats none of its values', () => {
    const kept = checkIncoming(FIRST_PAGE[1], 'leiden', policies);
    expect(kept).toEqual({ event: { id: 'e2', source: LEIDEN, type: `${T}.kpi-measured.v1`, subject: 'cycle-c1', time: '2026-03-01T09:00:00.000Z', data: { kpiId: 'k1', value: 77, measuredAt: '2026-02-01', n: 30 } } });
    const reasons = FIRST_PAGE.slice(2).map((raw) => ('reason' in checkIncoming(raw, 'leiden', policies) ? (checkIncoming(raw, 'leiden', policies) as { reason: string }).reason : 'kept'));
    expect(reasons).toEqual([
      'data past niet in het schema: measuredAt invalid_type',
      'kept',
      'bron is niet urn:nld:huisartsopleiding:leiden',
      'geen geldige CloudEvent: (event) invalid_type',
      'waarde bij minder dan 5 respondenten',
    ]);
    expect(checkIncoming({ ...LIVE, type: `${T}.geheim.v1` }, 'leiden', policies)).toEqual({ id: 'e6', reason: 'onbekend eventtype' });
    expect(checkIncoming({ ...LIVE, subject: 'Jan Jansen' }, 'leiden', policies)).toMatchObject({ reason: 'geen geldige CloudEvent: subject invalid_format' });
  });
});

describe('the benchmark', () => {
  it('compares by national code, else by name; shows each institute\'s latest value with n and date; withholds values under five', () => {
    const m = (source: string, subject: string, kpiId: string, measuredAt: string, n: number | undefined, value?: number) => ({ source, subject, type: `${T}.kpi-measured.v1`, data: { kpiId, measuredAt, ...(n === undefined ? {} : { n }), ...(value === undefined ? {} : { value }) } });
    const d = (source: string, subject: string, kpiId: string, name: string, nationalCode?: string) => ({ source, subject, type: `${T}.kpi-defined.v1`, data: { kpiId, name, unit: '%', ...(nationalCode ? { nationalCode } : {}) } });
    const U = 'urn:nld:huisartsopleiding:utrecht';
    const items = compare(
      [
        d(U, 'cycle-1', 'k1', 'Veilig klimaat', 'nivel-veilig-klimaat'),
        m(U, 'cycle-1', 'k1', '2026-05-01', 25, 82),
        m(U, 'cycle-1', 'k1', '2026-01-01', 25, 60),
        d(LEIDEN, 'cycle-9', 'x', 'Klimaat (Leiden)', 'nivel-veilig-klimaat'),
        m(LEIDEN, 'cycle-9', 'x', '2026-04-01', 3),
        d(U, 'cycle-2', 'k2', 'Tevreden  aios'),
        m(U, 'cycle-2', 'k2', '2026-03-01', 10, 7.5),
        d(LEIDEN, 'cycle-8', 'k2', 'tevreden aios'),
        m(LEIDEN, 'cycle-8', 'k2', '2026-03-02', 12, 8),
        m(LEIDEN, 'cycle-8', 'undefined-kpi', '2026-03-02', 12, 8),
      ],
      U,
    );
    expect(items).toEqual([
      {
        nationalCode: 'nivel-veilig-klimaat', name: 'Veilig klimaat', unit: '%',
        institutes: [
          { institute: 'utrecht', own: true, measuredAt: '2026-05-01', n: 25, value: 82 },
          { institute: 'leiden', own: false, measuredAt: '2026-04-01', n: 3, suppressed: true },
        ],
      },
      {
        name: 'Tevreden  aios', unit: '%',
        institutes: [
          { institute: 'utrecht', own: true, measuredAt: '2026-03-01', n: 10, value: 7.5 },
          { institute: 'leiden', own: false, measuredAt: '2026-03-02', n: 12, value: 8 },
        ],
      },
    ]);
  });
});

/** The sharing module as the server makes it, on the test's store and key store. */
function moduleOf(store: EventStore, keys: KeyStore, peerAddresses: PeerAddressOptions) {
  return sharingModule({
    store, kernel: { keys, clock: systemClock, ids: randomIds }, definitions: [cycleDefinition], registry: { events: {}, eventSchema: () => undefined },
    checkpoints: openSqliteCheckpoints(':memory:'), peerRetryMs: 50, peerAddresses,
  });
}

interface Harness {
  store: EventStore;
  keys: KeyStore;
  peer: Awaited<ReturnType<typeof fakePeer>>;
  sharing: ReturnType<typeof moduleOf>;
  api: Awaited<ReturnType<typeof moduleApp>>;
}

/** Before the describe's tests: a store, a fake peer and the module with its API; after them, all closed. */
function harness(peerAddresses: (peer: Harness['peer']) => PeerAddressOptions): Harness {
  const h = {} as Harness;
  beforeAll(async () => {
    h.store = openEventStore({ url: 'sqlite::memory:' });
    h.keys = openSqliteKeyStore(':memory:');
    await appendCycle(h.store, 'utrecht', 'c-own');
    h.peer = await fakePeer();
    h.sharing = moduleOf(h.store, h.keys, peerAddresses(h.peer));
    await h.sharing.start();
    h.api = await moduleApp(h.sharing as unknown as ServiceModule, h.store);
  });
  afterAll(async () => {
    await h.sharing?.stop();
    await h.api?.stop();
    h.peer?.server.closeAllConnections();
    h.peer?.server.close();
    await h.store?.close();
    h.keys?.close();
  });
  return h;
}

describe('peers', () => {
  // The fake peer and the one that is down are on loopback: allowed, by host and port.
  const allowed = (peer: Harness['peer']) => ({ allowedHosts: [new URL(peer.base).host, '127.0.0.1:9'] });
  const h = harness(allowed);

  it('are managed by an admin only, with a clear problem for bad input that changes nothing', async () => {
    expect((await h.api.http('GET', '/api/v1/peers', 'kwaliteitsmedewerker,mt')).status).toBe(403);
    expect((await h.api.http('POST', '/api/v1/peers', 'partner', { institute: 'leiden', feedUrl: `${h.peer.base}/api/v1/shared/events` })).status).toBe(403);
    const bad = [
      { institute: 'leiden' },
      { institute: 'leiden', feedUrl: `${h.peer.base}/api/v1/shared/events`, kafkaTopic: 't' },
      { institute: 'leiden', feedUrl: `${h.peer.base}/elders` },
      { institute: 'Leiden!', feedUrl: `${h.peer.base}/api/v1/shared/events` },
      { institute: 'utrecht', feedUrl: `${h.peer.base}/api/v1/shared/events` },
      { institute: 'leiden', kafkaTopic: 'gearbox.shared.v1' },
    ];
    for (const body of bad) {
      const res = await h.api.http('POST', '/api/v1/peers', 'admin', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.title).toBe('Ongeldig verzoek');
    }
    expect((await h.api.http('DELETE', '/api/v1/peers/leiden', 'admin')).status).toBe(404);
    expect((await h.api.http('GET', '/api/v1/peers', 'admin')).body).toEqual({ items: [] });
  });

  it('takes the good events of a misbehaving peer, parks the bad ones with a reason, drops duplicates, and feeds the benchmark', async () => {
    const added = await h.api.http('POST', '/api/v1/peers', 'admin', { institute: 'leiden', feedUrl: `${h.peer.base}/api/v1/shared/events`, token: 'geheim-partner-token' });
    expect(added.status).toBe(201);
    expect(JSON.stringify(added.body)).not.toContain('geheim-partner-token');
    await until(async () => (await h.api.http('GET', '/api/v1/peers', 'admin')).body.items[0].received === 3);
    const [view] = (await h.api.http('GET', '/api/v1/peers', 'admin')).body.items;
    expect(view).toMatchObject({ institute: 'leiden', hasToken: true, checkpoint: '8', caughtUp: true, lagSeconds: 0, received: 3, parked: 4, duplicates: 1, lastError: null });
    expect(view.recentlyParked.map((p: { id?: string; reason: string }) => `${p.id ?? '-'}: ${p.reason}`)).toEqual([
      'e3: data past niet in het schema: measuredAt invalid_type',
      'e4: bron is niet urn:nld:huisartsopleiding:leiden',
      '-: geen geldige CloudEvent: (event) invalid_type',
      'e5: waarde bij minder dan 5 respondenten',
    ]);
    expect(h.peer.asked).toEqual(['after=0', 'after=7', 'stream from 7']);
    expect(new Set(h.peer.auth)).toEqual(new Set(['Bearer geheim-partner-token']));

    // Kept in a stream of its own, the token sealed, nothing of what a peer may not send.
    const all: { streamId: string; type: string; data: unknown }[] = [];
    for await (const e of h.store.readAll()) all.push({ streamId: e.streamId, type: e.type, data: e.data, metadata: e.metadata } as never);
    const bytes = JSON.stringify(all);
    expect(bytes).not.toContain('geheim-partner-token');
    expect(bytes).not.toContain('Jan Jansen');
    expect(new Set(all.filter((e) => e.type.startsWith('PeerEvent')).map((e) => e.streamId))).toEqual(new Set(['utrecht/peerfeed-leiden']));
    expect(all.filter((e) => e.type === PEER_EVENT_PARKED).every((e) => !('data' in (e.data as object)))).toBe(true);
    // The own feed does not pass on what came from the h.peer.
    expect(JSON.stringify((await h.sharing.feed.read(0n, 1000, 'http://localhost', 'utrecht')).entries.map((e) => e.event))).not.toContain('leiden');

    const bench = await h.api.http('GET', '/api/v1/benchmark', 'kwaliteitsmedewerker');
    expect(bench.status).toBe(200);
    expect(bench.body.items).toEqual([
      {
        nationalCode: 'nivel-veilig-klimaat', name: 'aios die het klimaat veilig vinden', unit: '%',
        institutes: [
          { institute: 'utrecht', own: true, measuredAt: '2026-07-31', n: 3, suppressed: true },
          { institute: 'leiden', own: false, measuredAt: '2026-03-01', n: 40, value: 80 },
        ],
      },
    ]);
    expect((await h.api.http('GET', '/api/v1/benchmark', 'partner')).status).toBe(403);
  });

  it('resumes from its checkpoint after a restart, without taking anything twice', async () => {
    await h.sharing.stop();
    h.peer.asked.length = 0;
    h.sharing = moduleOf(h.store, h.keys, allowed(h.peer));
    await h.sharing.start();
    await h.api.stop();
    h.api = await moduleApp(h.sharing as unknown as ServiceModule, h.store);
    await until(() => h.peer.asked.length >= 2);
    expect(h.peer.asked.slice(0, 2)).toEqual(['after=8', 'stream from 8']);
    expect(h.sharing.peers.list('utrecht')[0]).toMatchObject({ checkpoint: '8', received: 3, parked: 4 });
  });

  it('keeps trying a peer that is down, reports why, and keeps serving', async () => {
    const down = await h.api.http('POST', '/api/v1/peers', 'admin', { institute: 'nijmegen', feedUrl: 'http://127.0.0.1:9/api/v1/shared/events' });
    expect(down.status).toBe(201);
    await until(() => h.sharing.peers.list('utrecht').find((p) => p.institute === 'nijmegen')!.lastError !== null);
    const view = h.sharing.peers.list('utrecht').find((p) => p.institute === 'nijmegen')!;
    expect(view).toMatchObject({ caughtUp: false, received: 0, hasToken: false });
    expect((await h.api.http('GET', '/api/v1/benchmark', 'mt')).status).toBe(200);
    const removed = await h.api.http('DELETE', '/api/v1/peers/nijmegen', 'admin');
    expect(removed.status).toBe(200);
    expect(removed.body).toMatchObject({ institute: 'nijmegen', received: 0 });
    expect(h.sharing.peers.list('utrecht').map((p) => p.institute)).toEqual(['leiden']);
  });

  it('does not follow a redirect, not even from an allowed host', async () => {
    expect((await h.api.http('POST', '/api/v1/peers', 'admin', { institute: 'tilburg', feedUrl: `${h.peer.base}/redirect/api/v1/shared/events` })).status).toBe(201);
    await until(() => h.sharing.peers.list('utrecht').find((p) => p.institute === 'tilburg')!.lastError !== null);
    expect(h.sharing.peers.list('utrecht').find((p) => p.institute === 'tilburg')).toMatchObject({ received: 0, lastError: { message: 'unexpected redirect' } });
    expect((await h.api.http('DELETE', '/api/v1/peers/tilburg', 'admin')).status).toBe(200);
  });
});

describe('a peer feed that points inward', () => {
  /** What the next lookups of feed.leiden.example answer (the last one repeats): a name whose owner changes its answer. */
  let answers: string[] = [];
  const lookup: LookupFunction = (hostname, options, callback) => {
    if (hostname !== 'feed.leiden.example') return dnsLookup(hostname, options, callback);
    const address = answers.length > 1 ? answers.shift()! : answers[0]!;
    if (options.all) callback(null, [{ address, family: 4 }]);
    else callback(null, address, 4);
  };
  const h = harness(() => ({ allowedHosts: ['127.0.0.1:1'], lookup }));
  const add = (feedUrl: string, headers: Record<string, string> = {}) => h.api.http('POST', '/api/v1/peers', 'admin', { institute: 'leiden', feedUrl: `${feedUrl}/api/v1/shared/events` }, headers);

  it('is refused with a clear problem: loopback, link-local, private and reserved addresses, by address or by name, unless its host is allowed', async () => {
    const port = new URL(h.peer.base).port;
    answers = ['127.0.0.1'];
    const inward = [
      h.peer.base,
      `http://localhost:${port}`,
      `http://feed.leiden.example:${port}`,
      `http://[::1]:${port}`,
      `http://[::ffff:127.0.0.1]:${port}`,
      `http://0x7f.1:${port}`,
      'http://169.254.169.254',
      'http://[64:ff9b::a9fe:a9fe]',
      'http://10.1.2.3',
      'https://172.16.0.1',
      'http://192.168.1.1:8080',
      'http://100.64.0.1',
      'http://0.0.0.0',
      'http://[fd00::1]',
      'http://[fe80::1]',
      'http://127.0.0.1:2',
    ];
    for (const base of inward) {
      const res = await add(base);
      expect(res.status, base).toBe(400);
      expect(res.body.errors, base).toEqual([{ path: 'feedUrl', message: expect.stringContaining('is een intern adres') }]);
    }
    expect((await add(`http://feed.leiden.example:${port}`, { 'accept-language': 'en' })).body.errors[0].message).toContain('feed.leiden.example (127.0.0.1) is internal');
    expect((await h.api.http('GET', '/api/v1/peers', 'admin')).body).toEqual({ items: [] });
    expect(h.peer.asked).toEqual([]);
    // The allowed host and port may be followed.
    expect((await add('http://127.0.0.1:1')).status).toBe(201);
    expect((await h.api.http('DELETE', '/api/v1/peers/leiden', 'admin')).status).toBe(200);
  });

  it('may be allowed by GEARBOX_PEER_ALLOWED_HOSTS, a list of host[:port]; a server does not start with an entry that is not one', () => {
    expect(peerAllowedHostsFromEnv({ GEARBOX_PEER_ALLOWED_HOSTS: ' feed.intern.example , 10.0.0.5:8443,[::1]:3000,' })).toEqual(['feed.intern.example', '10.0.0.5:8443', '[::1]:3000']);
    expect(peerAllowedHostsFromEnv({})).toEqual([]);
    for (const bad of ['::1', 'a/b', 'http://a', 'a:b', 'piet@a']) expect(() => peerAllowedHostsFromEnv({ GEARBOX_PEER_ALLOWED_HOSTS: bad }), bad).toThrow(/GEARBOX_PEER_ALLOWED_HOSTS: "/);
  });

  it('is checked again at every connection: a name that answered an outside address when the peer was added and loopback since is not followed', async () => {
    answers = ['93.184.215.14', '127.0.0.1'];
    expect((await add(`http://feed.leiden.example:${new URL(h.peer.base).port}`)).status).toBe(201);
    await until(() => h.sharing.peers.list('utrecht')[0]?.lastError !== null);
    expect(h.sharing.peers.list('utrecht')[0]).toMatchObject({ received: 0, caughtUp: false, lastError: { message: expect.stringContaining('feed.leiden.example (127.0.0.1) is een intern adres') } });
    expect(h.peer.asked).toEqual([]);
  });
});
