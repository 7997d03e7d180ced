/** `POST/GET/DELETE /api/v1/peers` (admin) and `GET /api/v1/benchmark` (API.md "Shared events"). */
import { Hono } from 'hono';
import { z } from 'zod';
import { text, validated } from '@gearbox/kernel';
import { commandContext, readJson, requireRole, instant, type AuthVariables, type RouteDoc } from '@gearbox/http';
import type { BenchmarkKpi as Kpi } from './benchmark.ts';
import { PeerInput, type Peers } from './peers.ts';

/** The institute's own staff who may see the comparison; a partner may not. */
export const BENCHMARK_READERS = ['kwaliteitsmedewerker', 'mt', 'auditor', 'admin'] as const;
const MANAGE = text('peers beheren', 'manage peers');

export function peerRoutes(peers: Peers, benchmark: (institute: string) => Promise<Kpi[]>): Hono<{ Variables: AuthVariables }> {
  const routes = new Hono<{ Variables: AuthVariables }>();
  routes.post('/peers', async (c) => {
    requireRole(c.get('actor'), ['admin'], MANAGE);
    const { created, view } = await peers.add(commandContext(c), validated(PeerInput, await readJson(c)));
    return c.json(view, created ? 201 : 200);
  });
  routes.get('/peers', (c) => {
    requireRole(c.get('actor'), ['admin'], MANAGE);
    return c.json({ items: peers.list(c.get('institute')) });
  });
  routes.delete('/peers/:institute', async (c) => {
    requireRole(c.get('actor'), ['admin'], MANAGE);
    return c.json(await peers.remove(commandContext(c), c.req.param('institute')));
  });
  routes.get('/benchmark', async (c) => {
    requireRole(c.get('actor'), BENCHMARK_READERS, text('de benchmark lezen', 'read the benchmark'));
    return c.json({ items: await benchmark(c.get('institute')) });
  });
  return routes;
}

const Peer = z
  .object({
    institute: z.string(),
    feedUrl: z.string().optional(),
    kafkaTopic: z.string().optional(),
    hasToken: z.boolean().describe('Of er een token is bewaard (het token zelf wordt nooit getoond)'),
    since: instant,
    checkpoint: z.string().nullable().describe('Tot waar de peer gelezen en bewaard is: `next`/SSE-id van zijn feed, of <partitie>:<offset>'),
    caughtUp: z.boolean().describe('Bij met de peer: alles gelezen, nu live'),
    lagSeconds: z.number().int().min(0).describe('Seconden sinds de peer voor het laatst bij was; 0 als hij bij is'),
    received: z.number().int().min(0),
    parked: z.number().int().min(0).describe('Geweigerde events (ongeldig, onbekende bron of type), met hun reden bewaard, zonder hun data'),
    duplicates: z.number().int().min(0).describe('Dubbel ontvangen en genegeerd (sinds de start van de server)'),
    lastReceivedAt: instant.nullable(),
    lastError: z.object({ at: instant, message: z.string() }).nullable(),
    recentlyParked: z.array(z.object({ id: z.string().optional(), type: z.string().optional(), reason: z.string(), at: instant })),
  })
  .meta({ id: 'Peer' });

const BenchmarkKpi = z
  .object({
    nationalCode: z.string().optional(),
    name: z.string(),
    unit: z.string().optional(),
    institutes: z.array(
      z.object({
        institute: z.string(),
        own: z.boolean().describe('Het eigen instituut'),
        measuredAt: z.string(),
        n: z.number().optional(),
        value: z.number().optional().describe('Alleen bij n ≥ 5'),
        suppressed: z.literal(true).optional().describe('Minder dan 5 respondenten: de waarde blijft bij het instituut'),
      }),
    ),
  })
  .meta({ id: 'BenchmarkKpi' });

export function peerOpenApi(): RouteDoc[] {
  const tag = 'gedeeld';
  const roles = ['admin'] as const;
  return [
    {
      method: 'post', path: '/api/v1/peers', tag, operationId: 'addPeer', roles, body: PeerInput,
      summary: 'Een ander instituut volgen: zijn gedeelde events over zijn feed (SSE, met pagina\'s om bij te komen) of een Kafka-topic',
      description: '`feedUrl` is de volledige feed-URL van de peer, `token` een partner-token dat die peer uitgaf (versleuteld bewaard). Ontvangen events worden gecontroleerd tegen hun JSON Schema, ontdubbeld op `source` + `id` en apart van de eigen gegevens bewaard.',
      responses: { '201': { description: 'De peer wordt gevolgd', schema: Peer }, '200': { description: 'De instellingen van de peer zijn vervangen', schema: Peer } },
    },
    {
      method: 'get', path: '/api/v1/peers', tag, operationId: 'listPeers', roles,
      summary: 'De gevolgde peers met checkpoint, achterstand, tellingen en laatste fout',
      responses: { '200': { description: 'De peers', schema: z.object({ items: z.array(Peer) }).meta({ id: 'PeerList' }) } },
    },
    {
      method: 'delete', path: '/api/v1/peers/{institute}', tag, operationId: 'removePeer', roles,
      summary: 'Een peer niet meer volgen (wat al ontvangen is, blijft bewaard)',
      responses: { '200': { description: 'De peer zoals hij laatst stond; hij wordt niet meer gevolgd', schema: Peer } },
    },
    {
      method: 'get', path: '/api/v1/benchmark', tag, operationId: 'getBenchmark', roles: BENCHMARK_READERS,
      summary: 'De landelijke vergelijking: per gedeelde KPI (op nationalCode, anders op naam) de laatste meting per instituut met n en datum; onder 5 respondenten zonder waarde',
      responses: { '200': { description: 'De KPI\'s', schema: z.object({ items: z.array(BenchmarkKpi) }).meta({ id: 'Benchmark' }) } },
    },
  ];
}
