/**
 * HTTP routes of opleiders beyond the five every stream type gets from `streamRoutes` (register,
 * list, one, events, commands): the LEOH setting, the CMO queue, the LEOH group analysis, the batch
 * import, and evidence for the opleiders cycle. Authentication and the mapping of domain errors to
 * problem+json come from the server (packages/http); these handlers only read `institute` and
 * `actor` from the context and throw domain errors.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { commandContext, commandOptions, languageOf, parseIfMatch, readJson, readQuery, requireRole, type AuthVariables, type RouteDoc } from '@gearbox/http';
import { NotFoundError, isoDate, orderedPeriod, validated, type Clock, type KeyStore, type StreamHandler, text } from '@gearbox/kernel';
import { addEvidence, type Cycle } from '@gearbox/cycles';
import {
  leohSource,
  LeohEvidenceRequest,
  startvisitatieFigures,
  startvisitatieSource,
  StartvisitatieEvidenceRequest,
} from './evidence.ts';
import type { Opleider } from './definition.ts';
import { OPLEIDING_STATUSES } from './machine.ts';
import { seesCmoRationale, withoutCmoRationale } from './visibility.ts';
import { assertMayImport, importLeoh, LeohImport, MAX_IMPORT } from './leoh-import.ts';
import { LeohSettingsInput, type LeohSettingsStore } from './leoh-settings.ts';
import { CmoQueue, LeohEvidenceAdded, LeohImportResult, LeohSetting, LeohSummarySchema, StartvisitatieEvidenceAdded, StartvisitatieFiguresSchema } from './views.ts';
import { cmoQueue, leohSummary, listOpleiders, type OpleiderIndex } from './read-models.ts';
import { period } from './schemas.ts';
import { audienceOf } from './visibility.ts';

export interface OpleidersRouteDeps {
  handler: StreamHandler<Opleider>;
  settings: LeohSettingsStore;
  index: OpleiderIndex;
  keys: KeyStore;
  /** The cycle handler, for evidence on the opleiders cycle. */
  cycles: StreamHandler<Cycle>;
  /** The injected clock: an import's days are checked against its today. */
  clock: Clock;
}

export const SETTINGS_READERS = ['admin', 'kwaliteitsmedewerker', 'mt', 'cmo', 'integratie', 'auditor'] as const;
export const SUMMARY_READERS = ['kwaliteitsmedewerker', 'mt', 'cmo', 'auditor'] as const;
export const QUEUE_READERS = ['cmo', 'mt'] as const;
export const EVIDENCE_SENDERS = ['kwaliteitsmedewerker', 'mt'] as const;
export const IMPORTERS = ['integratie', 'kwaliteitsmedewerker'] as const;

export const SummaryQuery = z.object({ period: period.optional() }).strict();
export const FiguresQuery = orderedPeriod(z
  .object({ from: isoDate, to: isoDate })
  .strict());
export const OpleiderListParams = z.object({ status: z.enum(OPLEIDING_STATUSES).optional(), cmo: z.literal('open').optional() }).strict();

/** The list of opleiders for `streamRoutes` (or its own GET): filtered by status, or `cmo=open`. */
export function opleiderList(deps: OpleidersRouteDeps) {
  return (institute: string, roles: readonly string[], values: Record<string, string>) =>
    listOpleiders(deps.index, deps.keys, institute, roles, validated(OpleiderListParams, values, 'query'));
}

/** Routes under `/api/v1`: mount with `app.route('/api/v1', opleidersRoutes(deps))`. */
export function opleidersRoutes(deps: OpleidersRouteDeps) {
  const app = new Hono<{ Variables: AuthVariables }>();
  const settingsView = (s: Awaited<ReturnType<LeohSettingsStore['current']>>) =>
    s && { ...s.settings, revision: s.revision, setAt: s.setAt };

  app.get('/settings/leoh', async (c) => {
    requireRole(c.get('actor'), SETTINGS_READERS, text('de LEOH-instelling lezen', 'read the LEOH setting'));
    const current = await deps.settings.current(c.get('institute'));
    if (!current) throw new NotFoundError(text('De LEOH-instelling van dit instituut', 'The LEOH setting of this institute'));
    c.header('ETag', `"${current.revision}"`);
    return c.json(settingsView(current));
  });

  app.put('/settings/leoh', async (c) => {
    requireRole(c.get('actor'), ['admin'], text('de LEOH-instelling wijzigen', 'change the LEOH setting'));
    const stored = await deps.settings.put(commandContext(c), await readJson(c), { ifMatch: parseIfMatch(c.req.header('If-Match')) });
    c.header('ETag', `"${stored.revision}"`);
    return c.json(settingsView(stored));
  });

  app.get('/cmo/queue', async (c) => {
    requireRole(c.get('actor'), QUEUE_READERS, text('de CMO-wachtrij lezen', 'read the CMO queue'));
    const items = cmoQueue(deps.index, deps.keys, c.get('institute'));
    const roles = c.get('actor').roles;
    return c.json({ items: seesCmoRationale(roles) ? items : items.map((item) => ({ ...item, cmo: withoutCmoRationale(item).cmo })) });
  });

  app.get('/opleiders/leoh/summary', async (c) => {
    const actor = c.get('actor');
    requireRole(actor, SUMMARY_READERS, text('de LEOH-groepsanalyse lezen', 'read the LEOH group analysis'));
    const { period: p } = readQuery(c, SummaryQuery);
    const current = await deps.settings.current(c.get('institute'));
    return c.json(leohSummary(deps.index, deps.keys, c.get('institute'), current?.settings, p, audienceOf(actor.roles)));
  });

  app.post('/opleiders/leoh/import', async (c) => {
    assertMayImport(deps.handler, c.get('actor'));
    const result = await importLeoh(deps, commandContext(c), await readJson(c), languageOf(c));
    return c.json(result);
  });

  app.post('/opleiders/leoh/summary/evidence', async (c) => {
    const actor = c.get('actor');
    requireRole(actor, EVIDENCE_SENDERS, text('bewijs aan een cyclus toevoegen', 'add evidence to a cycle'));
    const body = await readJson(c);
    const request = validated(LeohEvidenceRequest, body);
    const current = await deps.settings.current(c.get('institute'));
    const summary = leohSummary(deps.index, deps.keys, c.get('institute'), current?.settings, request.period, audienceOf(actor.roles));
    return c.json(await addEvidence(deps.cycles, commandContext(c), request, leohSource(summary), commandOptions(c, body)));
  });

  app.get('/opleiders/startvisitaties/summary', async (c) => {
    requireRole(c.get('actor'), SUMMARY_READERS, text('de startvisitaties lezen', 'read the startvisitaties'));
    const { from, to } = readQuery(c, FiguresQuery);
    return c.json(startvisitatieFigures(deps.index, c.get('institute'), from, to));
  });

  app.post('/opleiders/startvisitaties/evidence', async (c) => {
    requireRole(c.get('actor'), EVIDENCE_SENDERS, text('bewijs aan een cyclus toevoegen', 'add evidence to a cycle'));
    const body = await readJson(c);
    const request = validated(StartvisitatieEvidenceRequest, body);
    const figures = startvisitatieFigures(deps.index, c.get('institute'), request.from, request.to);
    return c.json(await addEvidence(deps.cycles, commandContext(c), request, startvisitatieSource(request, figures), commandOptions(c, body)));
  });

  return app;
}

const TAG = 'opleiders';
const etag = ['ETag'] as const;

/** The OpenAPI description of these routes (the five stream routes are described by streamRoutes). */
export function opleidersOpenApi(): RouteDoc[] {
  return [
    { method: 'get', path: '/api/v1/settings/leoh', tag: TAG, operationId: 'getLeohSetting', summary: 'De LEOH-instelling die geldt (ETag: haar revisie)', roles: SETTINGS_READERS, responses: { '200': { description: 'De instelling met revisie en setAt', schema: LeohSetting, headers: etag }, '404': 'Nog geen instelling' } },
    { method: 'put', path: '/api/v1/settings/leoh', tag: TAG, operationId: 'putLeohSetting', summary: 'De LEOH-instelling vervangen: schaal, items, cruciale items, drempel (If-Match: de revisie die u zag)', roles: ['admin'], body: LeohSettingsInput, headers: ['If-Match'], responses: { '200': { description: 'De nieuwe instelling', schema: LeohSetting, headers: etag }, '409': 'If-Match is verouderd' } },
    { method: 'get', path: '/api/v1/cmo/queue', tag: TAG, operationId: 'getCmoQueue', summary: 'Open CMO-screenings en -trajecten, oudste eerst', roles: QUEUE_READERS, responses: { '200': { description: 'De wachtrij', schema: CmoQueue } } },
    { method: 'get', path: '/api/v1/opleiders/leoh/summary', tag: TAG, operationId: 'getLeohSummary', summary: 'LEOH-groepsanalyse: per item n, gemiddelde, verdeling; opleiders met signalen; groepen onder 5 respondenten als "te weinig respons"', roles: SUMMARY_READERS, query: SummaryQuery, responses: { '200': { description: 'De analyse', schema: LeohSummarySchema } } },
    { method: 'post', path: '/api/v1/opleiders/leoh/import', tag: TAG, operationId: 'importLeoh', summary: `Tot ${MAX_IMPORT} LEOH-evaluaties importeren; één ongeldige score weigert de hele partij (400)`, roles: IMPORTERS, body: LeohImport, responses: { '200': { description: 'Per evaluatie: vastgelegd, dubbel of geweigerd', schema: LeohImportResult }, '422': 'Nog geen LEOH-instelling' } },
    { method: 'post', path: '/api/v1/opleiders/leoh/summary/evidence', tag: TAG, operationId: 'addLeohSummaryEvidence', summary: 'De LEOH-groepsanalyse als bewijs aan een opleiderscyclus toevoegen', roles: EVIDENCE_SENDERS, body: LeohEvidenceRequest, headers: ['If-Match', 'Idempotency-Key'], responses: { '200': { description: 'De cyclus met het nieuwe bewijs', schema: LeohEvidenceAdded }, '404': 'Onbekende cyclus', '409': 'If-Match is verouderd', '422': 'Geen opleiderscyclus, of de cyclus weigert AddEvidence nu' } },
    { method: 'get', path: '/api/v1/opleiders/startvisitaties/summary', tag: TAG, operationId: 'getStartvisitatieFigures', summary: 'Nieuwe opleiders in een periode en hun startvisitaties', roles: SUMMARY_READERS, query: FiguresQuery, responses: { '200': { description: 'De cijfers', schema: StartvisitatieFiguresSchema } } },
    { method: 'post', path: '/api/v1/opleiders/startvisitaties/evidence', tag: TAG, operationId: 'addStartvisitatieEvidence', summary: 'De startvisitaties als bezoekverslag (en een KPI-meting) aan een opleiderscyclus toevoegen', roles: EVIDENCE_SENDERS, body: StartvisitatieEvidenceRequest, headers: ['If-Match', 'Idempotency-Key'], responses: { '200': { description: 'De cyclus met het nieuwe bewijs', schema: StartvisitatieEvidenceAdded }, '404': 'Onbekende cyclus', '409': 'If-Match is verouderd', '422': 'Geen opleiderscyclus, onbekende KPI, of geweigerd door de cyclus' } },
  ];
}
