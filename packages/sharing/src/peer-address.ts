/**
 * Where a peer's feed may be: an admin's `feedUrl` makes this server fetch it, so it must not point
 * inward (server-side request forgery): not at loopback, link-local (169.254.x, the cloud metadata
 * services), private, shared or reserved addresses, by address or by a name that resolves to one.
 * The name is resolved when the peer is added and again at every connection the follower makes
 * (the check is in the connection's own lookup, so a name that changes its answer in between gains
 * nothing), and a feed may not redirect. Hosts in GEARBOX_PEER_ALLOWED_HOSTS (`host[:port]`, comma
 * separated: a peer on the institute's own network, the tests on loopback) are exempt.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { Agent, fetch, type RequestInit, type Response } from 'undici';
import { text, type Text } from '@gearbox/kernel';

const INTERNAL_V4: [string, number][] = [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12], ['192.0.0.0', 24],
  ['192.0.2.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['198.51.100.0', 24], ['203.0.113.0', 24], ['224.0.0.0', 4], ['240.0.0.0', 4],
];
const INTERNAL_V6: [string, number][] = [['::', 96], ['100::', 64], ['2001:db8::', 32], ['fc00::', 7], ['fe80::', 10], ['fec0::', 10], ['ff00::', 8]];

const internal = new BlockList();
for (const [net, bits] of INTERNAL_V6) internal.addSubnet(net, bits, 'ipv6');
for (const [net, bits] of INTERNAL_V4) {
  internal.addSubnet(net, bits, 'ipv4'); // also its IPv4-mapped form, ::ffff:a.b.c.d
  // The same addresses inside NAT64 (64:ff9b::/96) and 6to4 (2002::/16) addresses.
  const hex = net.split('.').map((b) => Number(b).toString(16).padStart(2, '0')).join('').replace(/^(....)/, '$1:');
  internal.addSubnet(`64:ff9b::${hex}`, 96 + bits, 'ipv6');
  internal.addSubnet(`2002:${hex}::`, 16 + bits, 'ipv6');
}

/** True for an address this server must not fetch a peer's feed from. */
export function isInternalAddress(address: string): boolean {
  const family = isIP(address);
  return family === 0 || internal.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/** GEARBOX_PEER_ALLOWED_HOSTS as a list; throws on an entry that is not `host[:port]`. */
export function peerAllowedHostsFromEnv(env: NodeJS.ProcessEnv = process.env): string[] {
  const entries = (env.GEARBOX_PEER_ALLOWED_HOSTS ?? '').split(',').map((h) => h.trim()).filter(Boolean);
  for (const entry of entries) hostEntry(entry);
  return entries;
}

function hostEntry(entry: string): { hostname: string; port: string | undefined } {
  const [, host, port] = /^(.+?)(?::(\d{1,5}))?$/.exec(entry) ?? [];
  try {
    const url = new URL(`http://${host}`);
    if (url.href === `http://${url.hostname}/`) return { hostname: url.hostname, port };
  } catch {
    // said below
  }
  throw new Error(`GEARBOX_PEER_ALLOWED_HOSTS: "${entry}" is not host[:port] (an IPv6 address in brackets)`);
}

export interface PeerAddressOptions {
  /** `host[:port]` entries that may be followed wherever they are (GEARBOX_PEER_ALLOWED_HOSTS). */
  allowedHosts?: readonly string[];
  /** How names are resolved (default: the system's, `dns.lookup`); the tests give their own. */
  lookup?: LookupFunction;
}

export class PeerAddresses {
  private readonly allowed: { hostname: string; port: string | undefined }[];
  private readonly lookup: LookupFunction;
  /** Connects only where the guarded lookup says, for every host not allowed. */
  private readonly guarded: Agent;

  constructor(options: PeerAddressOptions = {}) {
    this.allowed = (options.allowedHosts ?? []).map(hostEntry);
    this.lookup = options.lookup ?? (dnsLookup as LookupFunction);
    this.guarded = new Agent({ connect: { lookup: this.guardedLookup } });
  }

  /** Why the server may not follow a feed at this URL, or undefined; resolves its name (a name that does not resolve now is left to the follower). */
  async refusal(feedUrl: string): Promise<Text | undefined> {
    const url = new URL(feedUrl);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return text('een http- of https-adres', 'an http or https address');
    if (this.isAllowed(url)) return undefined;
    const addresses = isIP(bare(url.hostname)) ? [bare(url.hostname)] : await this.resolve(url.hostname);
    const inward = addresses.find(isInternalAddress);
    return inward === undefined ? undefined : refused(url.hostname, inward);
  }

  /** fetch for a follower: an internal address is refused when the connection is made, and a redirect is an error. */
  async fetch(url: URL, init: RequestInit): Promise<Response> {
    const allowed = this.isAllowed(url);
    if (!allowed && isIP(bare(url.hostname)) && isInternalAddress(bare(url.hostname))) throw new Error(refused(url.hostname, bare(url.hostname)).nl);
    try {
      return await fetch(url, { ...init, redirect: 'error', ...(allowed ? {} : { dispatcher: this.guarded }) });
    } catch (error) {
      // undici says "fetch failed"; the cause says why (refused, not found, a redirect).
      throw error instanceof Error && error.cause instanceof Error ? error.cause : error;
    }
  }

  async close(): Promise<void> {
    await this.guarded.close();
  }

  private isAllowed(url: URL): boolean {
    const port = url.port || (url.protocol === 'https:' ? '443' : '80');
    return this.allowed.some((a) => a.hostname === url.hostname && (a.port === undefined || a.port === port));
  }

  private resolve(hostname: string): Promise<string[]> {
    return new Promise((done) => this.lookup(hostname, { all: true }, (error, found) => done(error ? [] : (found as LookupAddress[]).map((a) => a.address))));
  }

  private readonly guardedLookup: LookupFunction = (hostname, options, callback) => {
    this.lookup(hostname, { ...options, all: true }, (error, found) => {
      const addresses = (found ?? []) as LookupAddress[];
      const inward = addresses.find((a) => isInternalAddress(a.address));
      if (error || addresses.length === 0) callback(error ?? new Error(`${hostname} heeft geen adres`), '', 0);
      else if (inward) callback(new Error(refused(hostname, inward.address).nl), '', 0);
      else if (options.all) callback(null, addresses);
      else callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
}

const bare = (hostname: string) => hostname.replace(/^\[(.*)\]$/, '$1');

function refused(hostname: string, address: string): Text {
  const at = bare(hostname) === address ? address : `${hostname} (${address})`;
  return text(
    `een adres van buiten: ${at} is een intern adres (loopback, link-local, privé of gereserveerd); sta de host zo nodig toe met GEARBOX_PEER_ALLOWED_HOSTS`,
    `an outside address: ${at} is internal (loopback, link-local, private or reserved); allow the host with GEARBOX_PEER_ALLOWED_HOSTS if needed`,
  );
}
