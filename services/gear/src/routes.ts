/**
 * The GEAR routes of API.md: the five-domain view, the dossier export, verify, and the mapping
 * (admin). Readers may read and export but never write: GET /gear and export only read the store;
 * verify reads the store and writes nothing either. Authentication and problem+json come from the
 * server (packages/http).
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { commandContext, parseIfMatch, readJson, readQuery, requireRole, type AuthVariables, type RouteDoc } from '@gearbox/http';
import { ValidationError, isoDate, isoInstant, type Clock, type KernelDeps } from '@gearbox/kernel';
import {
  EXPORT_FORMATS,
  ExportQuery,
  GearMappingChangedData,
  Manifest,
  MappingInput,
  buildDossier,
  changeMapping,
  currentMapping,
  dossierOf,
  exportDossier,
  frameworkOf,
  gearView,
  mappingAt,
  readInstitute,
  verifyDossier,
  type GearLiveProjection,
  type MappingInForce,
} from '@gearbox/gear';

/** API.md: the auditor reads and exports, as the quality staff and the MT do. */
export const GEAR_READERS = ['kwaliteitsmedewerker', 'mt', 'auditor'] as const;
export const MAPPING_READERS = [...GEAR_READERS, 'admin'] as const;
/** A dossier zip is a few MB even for years of history; a bigger body is no dossier. */
export const MAX_VERIFY_BYTES = 64 * 1024 * 1024;

export const GearQuery = z
  .object({ asOf: isoInstant.optional(), from: isoDate.optional(), to: isoDate.optional() })
  .strict()
  .refine((q) => q.from === undefined || q.to === undefined || q.from <= q.to, { message: 'from must not be after to', path: ['to'] });

export interface GearRouteDeps {
  kernel: Pick<KernelDeps, 'store' | 'keys' | 'clock' | 'ids'>;
  /** The live state fed by the server's projection runner; used for "now" once it has caught up. */
  live?: GearLiveProjection;
}

const mappingView = (m: MappingInForce) => ({ ...m.mapping, source: m.source, revision: m.revision, changedAt: m.changedAt });

export function gearRoutes(deps: GearRouteDeps) {
  const { store } = deps.kernel;
  const clock: Clock = deps.kernel.clock;
  const app = new Hono<{ Variables: AuthVariables }>();

  app.get('/gear', async (c) => {
    requireRole(c.get('actor'), GEAR_READERS, 'read the GEAR view');
    const query = readQuery(c, GearQuery);
    const institute = c.get('institute');
    const period = { from: query.from ?? null, to: query.to ?? null };
    if (query.asOf === undefined && deps.live && deps.live.position >= (await store.headPosition())) {
      // Now, from the live state: the same fold as a read of the store, without reading it again.
      const state = deps.live.state(institute);
      const mapping = mappingAt(state);
      const dossier = buildDossier(state, {
        institute,
        framework: frameworkOf(mapping),
        mapping,
        period,
        asOf: clock().toISOString(),
        position: state.position.toString(),
        eventCount: state.eventCount,
        chainHead: null,
      });
      return c.json(gearView(dossier));
    }
    const asOf = new Date(query.asOf ?? clock()).toISOString();
    const read = await readInstitute(store, { institute, asOf });
    return c.json(gearView(dossierOf(read, { institute, period, asOf })));
  });

  app.get('/gear/export', async (c) => {
    requireRole(c.get('actor'), GEAR_READERS, 'export a GEAR dossier');
    const query = readQuery(c, ExportQuery);
    const result = await exportDossier(store, { institute: c.get('institute'), ...query, now: clock });
    return c.body(Buffer.from(result.body), 200, {
      'Content-Type': result.contentType,
      'Content-Disposition': `attachment; filename="${result.filename}"`,
      'Cache-Control': 'no-store',
      'X-Gear-Position': result.manifest.position,
      'X-Gear-Chain-Head': result.manifest.chainHead,
    });
  });

  app.post('/gear/verify', async (c) => {
    requireRole(c.get('actor'), GEAR_READERS, 'verify a GEAR dossier');
    const declared = Number(c.req.header('Content-Length') ?? 0);
    if (declared > MAX_VERIFY_BYTES) throw tooLarge();
    const body = new Uint8Array(await c.req.arrayBuffer());
    if (body.length > MAX_VERIFY_BYTES) throw tooLarge();
    if (body.length === 0) throw new ValidationError([{ path: '(body)', message: 'send the dossier zip or its manifest.json' }], 'The body is empty.');
    return c.json(await verifyDossier(store, body, { institute: c.get('institute') }));
  });

  app.get('/gear/mapping', async (c) => {
    requireRole(c.get('actor'), MAPPING_READERS, 'read the GEAR mapping');
    const current = await currentMapping(store, c.get('institute'));
    // The framework's default has no revision a client could send back in If-Match.
    if (current.revision >= 0) c.header('ETag', `"${current.revision}"`);
    return c.json(mappingView(current));
  });

  app.put('/gear/mapping', async (c) => {
    requireRole(c.get('actor'), ['admin'], 'change the GEAR mapping');
    const changed = await changeMapping(deps.kernel, commandContext(c), await readJson(c), { ifMatch: parseIfMatch(c.req.header('If-Match')) });
    c.header('ETag', `"${changed.revision}"`);
    return c.json(mappingView(changed));
  });

  return app;
}

function tooLarge(): ValidationError {
  return new ValidationError([{ path: '(body)', message: `at most ${MAX_VERIFY_BYTES} bytes` }], 'The body is too large for a dossier.');
}

const TAG = 'GEAR';

export function gearOpenApi(): RouteDoc[] {
  const binary = (contentType: string) => ({ description: 'The file', contentType, schema: z.string() });
  return [
    {
      method: 'get',
      path: '/api/v1/gear',
      tag: TAG,
      summary: 'The five GEAR domains with criteria, status, evidence (with its source event), KPIs, open findings and actions, cycles; as of an instant (default now), for a period on effectiveAt (default all)',
      roles: GEAR_READERS,
      query: GearQuery,
      responses: { '200': '{framework, version, asOf, position, domains: [{id, title, criteria: [{code, title, status, evidence: [{id, title, kind, source}]}], kpis, openFindings, openActions, cycles: {total, closed}}], gaps}' },
    },
    {
      method: 'get',
      path: '/api/v1/gear/export',
      tag: TAG,
      summary: `Download the dossier (${EXPORT_FORMATS.join(', ')}). The zip holds dossier.json, dossier.html, dossier.pdf, dossier.xlsx and manifest.json; for a fixed asOf every dossier file is byte-identical between downloads. Headers X-Gear-Position and X-Gear-Chain-Head name the store position and chain head.`,
      roles: GEAR_READERS,
      query: ExportQuery,
      responses: { '200': binary('application/zip') },
    },
    {
      method: 'post',
      path: '/api/v1/gear/verify',
      tag: TAG,
      summary: 'Check a dossier zip (application/zip) or its manifest.json (application/json): files against the manifest, the chain head against the store, and the file hashes against a dossier rebuilt from the store at the manifest\'s position. Answers 200 with valid false and the problems when it does not hold.',
      roles: GEAR_READERS,
      body: Manifest,
      responses: { '200': '{valid, problems: [{code, message, file?}], store: {position, eventCount, chainHead}}' },
    },
    {
      method: 'get',
      path: '/api/v1/gear/mapping',
      tag: TAG,
      summary: 'The mapping in force: framework version, cycle kind → domains (and default criteria), event type → criteria; ETag is its revision (none while the framework\'s default is in force: revision -1)',
      roles: MAPPING_READERS,
      responses: { '200': { description: 'The mapping', schema: GearMappingChangedData } },
    },
    {
      method: 'put',
      path: '/api/v1/gear/mapping',
      tag: TAG,
      summary: 'Replace the mapping (recorded as GearMappingChanged, so the mapping at any past position is known); what is left out comes from the framework version\'s default. If-Match: the revision you saw.',
      roles: ['admin'],
      body: MappingInput,
      responses: { '200': { description: 'The mapping now in force', schema: GearMappingChangedData }, '409': 'If-Match is stale' },
    },
  ];
}
