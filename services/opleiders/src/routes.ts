/**
 * HTTP routes of opleiders beyond the five every stream type gets from `streamRoutes` (register,
 * list, one, events, commands): the LEOH setting, the CMO queue, the LEOH group analysis, the batch
 * import, and evidence for the opleiders cycle. Authentication and the mapping of domain errors to
 * problem+json come from the server (packages/http); these handlers only read `institute` and
 * `actor` from the context and throw domain errors.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import {
  ForbiddenError,
  NotFoundError,
  isoDate,
  ValidationError,
  zodErrors,
  type Actor,
  type CommandContext,
  type Cycle,
  type KeyStore,
  type StreamHandler,
} from '@gearbox/kernel';
import {
  addLeohEvidence,
  addStartvisitatieEvidence,
  LeohEvidenceRequest,
  parseRequest,
  startvisitatieFigures,
  StartvisitatieEvidenceRequest,
} from './evidence.ts';
import type { OpleiderHandler } from './handler.ts';
import { importLeoh } from './leoh-import.ts';
import { cmoQueue, leohSummary, listOpleiders, type OpleiderIndex } from './read-models.ts';
import { period } from './schemas.ts';
import { audienceOf } from './visibility.ts';

export type AuthVariables = { institute: string; actor: Actor; correlationId?: string };

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

function requireRole(actor: Actor, roles: readonly string[], what: string): void {
  if (!actor.roles.some((r) => roles.includes(r))) throw new ForbiddenError(`Your roles may not ${what}; it needs one of: ${roles.join(', ')}.`);
}

function query<T extends z.ZodType>(schema: T, values: Record<string, string>): z.output<T> {
  const parsed = schema.safeParse(values);
  if (!parsed.success) throw new ValidationError(zodErrors(parsed.error));
  return parsed.data;
}

async function json(c: { req: { json(): Promise<unknown> } }): Promise<unknown> {
  try {
    return await c.req.json();
  } catch {
    throw new ValidationError([{ path: '(body)', message: 'a JSON body' }], 'The body is not JSON.');
  }
}

const ctxOf = (c: { get(key: 'institute'): string; get(key: 'actor'): Actor; get(key: 'correlationId'): string | undefined }): CommandContext => ({
  institute: c.get('institute'),
  actor: c.get('actor'),
  correlationId: c.get('correlationId') ?? crypto.randomUUID(),
});

const ifMatch = (header: string | undefined): number | undefined => {
  if (header === undefined) return undefined;
  const match = /^(?:W\/)?"?(-?\d+)"?$/.exec(header.trim());
  if (!match) throw new ValidationError([{ path: 'If-Match', message: 'a revision such as "3"' }]);
  return Number(match[1]);
};

const SummaryQuery = z.object({ period: period.optional() }).strict();
const FiguresQuery = z
  .object({ from: isoDate, to: isoDate })
  .strict()
  .refine((r) => r.from <= r.to, { message: 'from must not be after to', path: ['to'] });
const ListQuery = z.object({ status: z.enum(['aangemeld', 'startvisitatie', 'erkend', 'beeindigd']).optional(), cmo: z.literal('open').optional() }).strict();

/** The list of opleiders for `streamRoutes` (or its own GET): filtered by status, or `cmo=open`. */
export function opleiderList(deps: OpleidersRouteDeps) {
  return (institute: string, roles: readonly string[], values: Record<string, string>) =>
    listOpleiders(deps.index, deps.keys, institute, roles, query(ListQuery, values));
}

/** Routes under `/api`: mount with `app.route('/api', opleidersRoutes(deps))`. */
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
    const stored = await deps.handler.settings.put(ctxOf(c), await json(c), { ifMatch: ifMatch(c.req.header('If-Match')) });
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
    const { period: p } = query(SummaryQuery, c.req.query());
    const current = await deps.handler.settings.current(c.get('institute'));
    return c.json(leohSummary(deps.index, deps.keys, c.get('institute'), current?.settings, p, audienceOf(actor.roles)));
  });

  app.post('/opleiders/leoh/import', async (c) => {
    const result = await importLeoh(deps.handler, ctxOf(c), await json(c));
    return c.json(result);
  });

  app.post('/opleiders/leoh/summary/evidence', async (c) => {
    const actor = c.get('actor');
    requireRole(actor, EVIDENCE_SENDERS, 'add evidence to a cycle');
    const request = parseRequest(LeohEvidenceRequest, await json(c));
    const current = await deps.handler.settings.current(c.get('institute'));
    const summary = leohSummary(deps.index, deps.keys, c.get('institute'), current?.settings, request.period, audienceOf(actor.roles));
    const result = await addLeohEvidence(deps.cycles, ctxOf(c), request, summary);
    return c.json(result);
  });

  app.get('/opleiders/startvisitaties/summary', async (c) => {
    requireRole(c.get('actor'), SUMMARY_READERS, 'read the startvisitaties');
    const { from, to } = query(FiguresQuery, c.req.query());
    return c.json(startvisitatieFigures(deps.index, c.get('institute'), from, to));
  });

  app.post('/opleiders/startvisitaties/evidence', async (c) => {
    requireRole(c.get('actor'), EVIDENCE_SENDERS, 'add evidence to a cycle');
    const request = parseRequest(StartvisitatieEvidenceRequest, await json(c));
    const figures = startvisitatieFigures(deps.index, c.get('institute'), request.from, request.to);
    return c.json(await addStartvisitatieEvidence(deps.cycles, ctxOf(c), request, figures));
  });

  return app;
}
