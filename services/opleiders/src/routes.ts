/**
 * HTTP routes of opleiders beyond the five every stream type gets from `streamRoutes` (register,
 * list, one, events, commands): the LEOH setting, the CMO queue, the LEOH group analysis, the batch
 * import, and evidence for the opleiders cycle. Authentication and the mapping of domain errors to
 * problem+json come from the server (packages/http); these handlers only read `institute` and
 * `actor` from the context and throw domain errors.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { commandContext, parseIfMatch, readJson, readQuery, requireRole, type AuthVariables, type RouteDoc } from '@gearbox/http';
import { NotFoundError, isoDate, orderedPeriod, validated, type KeyStore, type StreamHandler } from '@gearbox/kernel';
import { type Cycle } from '@gearbox/cycles';
import {
  addLeohEvidence,
  addStartvisitatieEvidence,
  LeohEvidenceRequest,
  startvisitatieFigures,
  StartvisitatieEvidenceRequest,
} from './evidence.ts';
import type { OpleiderHandler } from './handler.ts';
import { importLeoh, LeohImport, MAX_IMPORT } from './leoh-import.ts';
import { LeohSettingsData, LeohSettingsInput } from './leoh-settings.ts';
import { cmoQueue, leohSummary, listOpleiders, type OpleiderIndex } from './read-models.ts';
import { period } from './schemas.ts';
import { audienceOf } from './visibility.ts';

export interface OpleidersRouteDeps {
  handler: OpleiderHandler;
  index: OpleiderIndex;
  keys: KeyStore;
  /** The cycle handler, for evidence on the opleiders cycle. */
  cycles: StreamHandler<Cycle>;
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
export const OpleiderListParams = z.object({ status: z.enum(['aangemeld', 'startvisitatie', 'erkend', 'beeindigd']).optional(), cmo: z.literal('open').optional() }).strict();

/** The list of opleiders for `streamRoutes` (or its own GET): filtered by status, or `cmo=open`. */
export function opleiderList(deps: OpleidersRouteDeps) {
  return (institute: string, roles: readonly string[], values: Record<string, string>) =>
    listOpleiders(deps.index, deps.keys, institute, roles, validated(OpleiderListParams, values, 'query'));
}

/** Routes under `/api/v1`: mount with `app.route('/api/v1', opleidersRoutes(deps))`. */
export function opleidersRoutes(deps: OpleidersRouteDeps) {
  const app = new Hono<{ Variables: AuthVariables }>();
  const settingsView = (s: Awaited<ReturnType<OpleiderHandler['settings']['current']>>) =>
    s && { ...s.settings, revision: s.revision, setAt: s.setAt };

  app.get('/settings/leoh', async (c) => {
    requireRole(c.get('actor'), SETTINGS_READERS, 'read the LEOH setting');
    const current = await deps.handler.settings.current(c.get('institute'));
    if (!current) throw new NotFoundError('The LEOH setting of this institute');
    c.header('ETag', `"${current.revision}"`);
    return c.json(settingsView(current));
  });

  app.put('/settings/leoh', async (c) => {
    requireRole(c.get('actor'), ['admin'], 'change the LEOH setting');
    const stored = await deps.handler.settings.put(commandContext(c), await readJson(c), { ifMatch: parseIfMatch(c.req.header('If-Match')) });
    c.header('ETag', `"${stored.revision}"`);
    return c.json(settingsView(stored));
  });

  app.get('/cmo/queue', async (c) => {
    requireRole(c.get('actor'), QUEUE_READERS, 'read the CMO queue');
    return c.json({ items: cmoQueue(deps.index, deps.keys, c.get('institute')) });
  });

  app.get('/opleiders/leoh/summary', async (c) => {
    const actor = c.get('actor');
    requireRole(actor, SUMMARY_READERS, 'read the LEOH group analysis');
    const { period: p } = readQuery(c, SummaryQuery);
    const current = await deps.handler.settings.current(c.get('institute'));
    return c.json(leohSummary(deps.index, deps.keys, c.get('institute'), current?.settings, p, audienceOf(actor.roles)));
  });

  app.post('/opleiders/leoh/import', async (c) => {
    const result = await importLeoh(deps.handler, commandContext(c), await readJson(c));
    return c.json(result);
  });

  app.post('/opleiders/leoh/summary/evidence', async (c) => {
    const actor = c.get('actor');
    requireRole(actor, EVIDENCE_SENDERS, 'add evidence to a cycle');
    const request = validated(LeohEvidenceRequest, await readJson(c));
    const current = await deps.handler.settings.current(c.get('institute'));
    const summary = leohSummary(deps.index, deps.keys, c.get('institute'), current?.settings, request.period, audienceOf(actor.roles));
    const result = await addLeohEvidence(deps.cycles, commandContext(c), request, summary);
    return c.json(result);
  });

  app.get('/opleiders/startvisitaties/summary', async (c) => {
    requireRole(c.get('actor'), SUMMARY_READERS, 'read the startvisitaties');
    const { from, to } = readQuery(c, FiguresQuery);
    return c.json(startvisitatieFigures(deps.index, c.get('institute'), from, to));
  });

  app.post('/opleiders/startvisitaties/evidence', async (c) => {
    requireRole(c.get('actor'), EVIDENCE_SENDERS, 'add evidence to a cycle');
    const request = validated(StartvisitatieEvidenceRequest, await readJson(c));
    const figures = startvisitatieFigures(deps.index, c.get('institute'), request.from, request.to);
    return c.json(await addStartvisitatieEvidence(deps.cycles, commandContext(c), request, figures));
  });

  return app;
}

const TAG = 'Opleiders';

/** The OpenAPI description of these routes (the five stream routes are described by streamRoutes). */
export function opleidersOpenApi(): RouteDoc[] {
  return [
    { method: 'get', path: '/api/v1/settings/leoh', tag: TAG, summary: 'The LEOH setting in force (ETag: its revision)', roles: SETTINGS_READERS, responses: { '200': { description: 'The setting with revision and setAt', schema: LeohSettingsData }, '404': 'No setting yet' } },
    { method: 'put', path: '/api/v1/settings/leoh', tag: TAG, summary: 'Replace the LEOH setting: scale, items, crucial items, threshold (If-Match: the revision you saw)', roles: ['admin'], body: LeohSettingsInput, responses: { '200': { description: 'The new setting', schema: LeohSettingsData }, '409': 'If-Match is stale' } },
    { method: 'get', path: '/api/v1/cmo/queue', tag: TAG, summary: 'Open CMO screenings and trajects, oldest first', roles: QUEUE_READERS, responses: { '200': '{items: [{opleiderId, name, practice, status, cmo, signals}]}' } },
    { method: 'get', path: '/api/v1/opleiders/leoh/summary', tag: TAG, summary: 'LEOH group analysis: per item n, mean, distribution; opleiders with signals; groups under 5 respondents as "te weinig respons"', roles: SUMMARY_READERS, query: SummaryQuery, responses: { '200': 'The analysis' } },
    { method: 'post', path: '/api/v1/opleiders/leoh/import', tag: TAG, summary: `Import up to ${MAX_IMPORT} LEOH evaluations; one bad score refuses the whole batch (400)`, roles: IMPORTERS, body: LeohImport, responses: { '200': '{recorded, duplicates, refused, results[]}', '422': 'No LEOH setting yet' } },
    { method: 'post', path: '/api/v1/opleiders/leoh/summary/evidence', tag: TAG, summary: 'Add the LEOH group analysis as evidence to an opleiders cycle', roles: EVIDENCE_SENDERS, body: LeohEvidenceRequest, responses: { '200': '{cycle, evidence}', '404': 'Unknown cycle', '422': 'Not an opleiders cycle, or the cycle refuses AddEvidence now' } },
    { method: 'get', path: '/api/v1/opleiders/startvisitaties/summary', tag: TAG, summary: 'New opleiders in a period and their startvisitaties', roles: SUMMARY_READERS, query: FiguresQuery, responses: { '200': 'The figures' } },
    { method: 'post', path: '/api/v1/opleiders/startvisitaties/evidence', tag: TAG, summary: 'Add the startvisitaties as visit-report evidence (and a KPI measurement) to an opleiders cycle', roles: EVIDENCE_SENDERS, body: StartvisitatieEvidenceRequest, responses: { '200': '{cycle, evidence}', '404': 'Unknown cycle', '422': 'Not an opleiders cycle, unknown KPI, or refused by the cycle' } },
  ];
}
