/**
 * The GEAR routes of API.md: the five-domain view, the dossier export, verify, and the mapping
 * (admin). Readers may read and export but never write: GET /gear and export only read the store;
 * verify reads the store and writes nothing either. Authentication and problem+json come from the
 * server (packages/http).
 */
import pLimit from 'p-limit';
import { Hono } from 'hono';
import { z } from 'zod';
import { binary, commandContext, languageOf, parseIfMatch, readBytes, readJson, readQuery, requireRole, type AuthVariables, type RouteDoc } from '@gearbox/http';
import { CriteriumZelfevaluatieSchema, DomeinZelfevaluatieSchema, exportContent, GearMappingView, GearViewSchema, VerifyResultSchema } from './views.ts';
import { PayloadTooLargeError, ValidationError, isoDate, isoInstant, toNotBeforeFrom, type Clock, type KernelDeps, text } from '@gearbox/kernel';
import {
  CriteriumZelfevaluatieInput,
  DomeinZelfevaluatieInput,
  EXPORT_FORMATS,
  ExportQuery,
  Manifest,
  MappingInput,
  buildDossier,
  changeMapping,
  currentMapping,
  dossierOf,
  exportDossier,
  frameworkOf,
  frameworkVersion,
  gearView,
  linkedDocumentIds,
  mappingAt,
  readInstitute,
  recordCriterionZelfevaluatie,
  reflectionView,
  recordDomainZelfevaluatie,
  verifyDossier,
  type GearLiveProjection,
  type MappingInForce,
} from '@gearbox/gear';

/** API.md: the auditor reads and exports, as the quality staff and the MT do. */
export const GEAR_READERS = ['kwaliteitsmedewerker', 'mt', 'auditor'] as const;
export const MAPPING_READERS = [...GEAR_READERS, 'admin'] as const;
/** API.md "Self-evaluation": the quality staff and the MT write the institute's reflection. */
export const ZELFEVALUATIE_WRITERS = ['kwaliteitsmedewerker', 'mt'] as const;
/** A dossier zip is a few MB even for years of history; a bigger body is no dossier. */
export const MAX_VERIFY_BYTES = 64 * 1024 * 1024;

export const GearQuery = z
  .object({ asOf: isoInstant.optional(), from: isoDate.optional(), to: isoDate.optional() })
  .strict()
  .refine((q) => q.from === undefined || q.to === undefined || q.from <= q.to, toNotBeforeFrom);

export interface GearRouteDeps {
  kernel: Pick<KernelDeps, 'store' | 'keys' | 'clock' | 'ids'>;
  /** The live state fed by the server's projection runner; used for "now" once it has caught up. */
  live?: GearLiveProjection;
  /** The bytes of an uploaded document by its sha256 (services/documents), for `export?documents=true`. */
  readDocument?: (sha256: string) => Promise<Uint8Array>;
  /** How many dossiers this process renders at once (export and verify); default 1. */
  renders?: number;
}

/**
 * Rendering a dossier (above all its PDF) holds tens of MiB while it runs; any auditor may ask for
 * one. At most `renders` run at once per process and the rest wait their turn, so a crowd of exports
 * costs time, not memory: 160 PDF exports, 8 at a time, took the demo server from 189 to a peak of
 * 383 MiB one at a time, and to 725 MiB two at a time (docs/reliability.md).
 */
const DEFAULT_RENDERS = 1;

const mappingView = (m: MappingInForce) => ({
  ...m.mapping,
  source: m.source,
  revision: m.revision,
  changedAt: m.changedAt,
  domains: (frameworkVersion(m.mapping.version)?.domains ?? []).map((d) => ({ id: d.id, title: d.title, criteria: d.criteria.map((c) => ({ code: c.code, title: c.title })) })),
});

export function gearRoutes(deps: GearRouteDeps) {
  const { store } = deps.kernel;
  const clock: Clock = deps.kernel.clock;
  const rendering = pLimit(deps.renders ?? DEFAULT_RENDERS);
  const app = new Hono<{ Variables: AuthVariables }>();

  app.get('/gear', async (c) => {
    requireRole(c.get('actor'), GEAR_READERS, text('het GEAR-overzicht lezen', 'read the GEAR view'));
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
      return c.json(gearView(dossier, linkedDocumentIds(state)));
    }
    const asOf = new Date(query.asOf ?? clock()).toISOString();
    const read = await readInstitute(store, { institute, asOf });
    return c.json(gearView(dossierOf(read, { institute, period, asOf }), linkedDocumentIds(read.state)));
  });

  app.get('/gear/export', async (c) => {
    requireRole(c.get('actor'), GEAR_READERS, text('een GEAR-dossier exporteren', 'export a GEAR dossier'));
    const query = readQuery(c, ExportQuery);
    const institute = c.get('institute');
    const result = await rendering(() => exportDossier(store, { institute, ...query, now: clock, ...(deps.readDocument ? { readDocument: deps.readDocument } : {}) }));
    return c.body(Buffer.from(result.body), 200, {
      'Content-Type': result.contentType,
      'Content-Disposition': `attachment; filename="${result.filename}"`,
      'Cache-Control': 'no-store',
      'X-Gear-Position': result.manifest.position,
      'X-Gear-Chain-Head': result.manifest.chainHead,
    });
  });

  app.post('/gear/verify', async (c) => {
    requireRole(c.get('actor'), GEAR_READERS, text('een GEAR-dossier controleren', 'verify a GEAR dossier'));
    const body = await readBytes(c, MAX_VERIFY_BYTES, tooLarge);
    if (body.length === 0) {
      throw new ValidationError(
        [{ path: '(body)', message: text('stuur de dossier-zip of zijn manifest.json', 'send the dossier zip or its manifest.json') }],
        text('De inhoud is leeg.', 'The body is empty.'),
      );
    }
    const [institute, language] = [c.get('institute'), languageOf(c)];
    return c.json(await rendering(() => verifyDossier(store, body, { institute, language })));
  });

  app.get('/gear/mapping', async (c) => {
    requireRole(c.get('actor'), MAPPING_READERS, text('de GEAR-koppeling lezen', 'read the GEAR mapping'));
    const current = await currentMapping(store, c.get('institute'));
    // The framework's default has no revision a client could send back in If-Match.
    if (current.revision >= 0) c.header('ETag', `"${current.revision}"`);
    return c.json(mappingView(current));
  });

  app.put('/gear/mapping', async (c) => {
    requireRole(c.get('actor'), ['admin'], text('de GEAR-koppeling wijzigen', 'change the GEAR mapping'));
    const changed = await changeMapping(deps.kernel, commandContext(c), await readJson(c), { ifMatch: parseIfMatch(c.req.header('If-Match')) });
    c.header('ETag', `"${changed.revision}"`);
    return c.json(mappingView(changed));
  });

  // The reflection of one criterion or domain of the framework in force; the answer is the one in force after it.
  for (const [path, key, record] of [
    ['/gear/criteria/:code/zelfevaluatie', 'code', recordCriterionZelfevaluatie],
    ['/gear/domains/:id/zelfevaluatie', 'id', recordDomainZelfevaluatie],
  ] as const) {
    app.put(path, async (c) => {
      requireRole(c.get('actor'), ZELFEVALUATIE_WRITERS, text('een zelfevaluatie vastleggen', 'record a self-evaluation'));
      const framework = frameworkOf(await currentMapping(store, c.get('institute')));
      const ifMatch = parseIfMatch(c.req.header('If-Match'));
      const recorded = await record(deps.kernel, commandContext(c), framework, c.req.param(key), await readJson(c), { ifMatch });
      c.header('ETag', `"${recorded.revision}"`);
      return c.json(reflectionView(recorded));
    });
  }

  return app;
}

function tooLarge(): PayloadTooLargeError {
  return new PayloadTooLargeError(
    text(`Een dossier-zip mag hoogstens ${MAX_VERIFY_BYTES} bytes zijn.`, `A dossier zip may hold at most ${MAX_VERIFY_BYTES} bytes.`),
  );
}

const TAG = 'gear';

export function gearOpenApi(): RouteDoc[] {
  return [
    {
      method: 'get',
      path: '/api/v1/gear',
      tag: TAG,
      operationId: 'getGearView',
      summary: 'De vijf GEAR-domeinen met criteria, status, bewijs (met het event waar het vandaan komt), KPI\'s, open bevindingen en acties, cycli; op een moment (standaard nu), over een periode op effectiveAt (standaard alles)',
      roles: GEAR_READERS,
      query: GearQuery,
      responses: { '200': { description: 'Het GEAR-overzicht', schema: GearViewSchema } },
    },
    {
      method: 'get',
      path: '/api/v1/gear/export',
      tag: TAG,
      operationId: 'exportGearDossier',
      summary: `Het dossier downloaden (${EXPORT_FORMATS.join(', ')}). De zip bevat dossier.json, dossier.html, dossier.pdf, dossier.xlsx en manifest.json (met documents=true ook de gekoppelde documenten onder documents/, in het manifest, zodat verify ze controleert); bij een vaste asOf is elk dossierbestand bij elke download byte voor byte gelijk.`,
      roles: GEAR_READERS,
      query: ExportQuery,
      responses: {
        '200': {
          description: 'Het dossier in het gevraagde formaat (een download: Content-Disposition attachment)',
          content: exportContent,
          headers: {
            'Content-Disposition': 'attachment; filename="…"',
            'X-Gear-Position': 'De positie in de store waarop het dossier is gebouwd',
            'X-Gear-Chain-Head': 'De kop van de hashketen op die positie',
          },
        },
      },
    },
    {
      method: 'post',
      path: '/api/v1/gear/verify',
      tag: TAG,
      operationId: 'verifyGearDossier',
      summary: 'Een dossier-zip (application/zip) of zijn manifest.json (application/json) controleren: bestanden tegen het manifest, de kop van de keten tegen de store, en de hashes tegen een dossier dat op de positie van het manifest opnieuw uit de store is gebouwd. Klopt het niet, dan 200 met valid false en de problemen.',
      description: `Een zip mag hoogstens ${MAX_VERIFY_BYTES} bytes zijn (groter: 413); een manifest, als JSON, hoogstens een megabyte (groter: 413).`,
      roles: GEAR_READERS,
      body: Manifest,
      bodies: { 'application/zip': binary('application/zip') },
      responses: { '200': { description: 'Of het dossier klopt, en zo niet waarom', schema: VerifyResultSchema } },
    },
    {
      method: 'get',
      path: '/api/v1/gear/mapping',
      tag: TAG,
      operationId: 'getGearMapping',
      summary: 'De koppeling die geldt: versie van het kader, cyclussoort → domeinen (en standaardcriteria), eventtype → criteria; ETag is haar revisie (geen zolang de standaard van het kader geldt: revisie -1)',
      roles: MAPPING_READERS,
      responses: { '200': { description: 'De koppeling', schema: GearMappingView, headers: ['ETag'] } },
    },
    {
      method: 'put',
      path: '/api/v1/gear/mapping',
      tag: TAG,
      operationId: 'putGearMapping',
      summary: 'De koppeling vervangen (vastgelegd als GearMappingChanged, zodat de koppeling op elke eerdere positie bekend is); wat ontbreekt komt uit de standaard van de versie van het kader. If-Match: de revisie die u zag.',
      roles: ['admin'],
      body: MappingInput,
      headers: ['If-Match'],
      responses: { '200': { description: 'De koppeling die nu geldt', schema: GearMappingView, headers: ['ETag'] }, '409': 'If-Match is verouderd' },
    },
    {
      method: 'put',
      path: '/api/v1/gear/criteria/{code}/zelfevaluatie',
      tag: TAG,
      operationId: 'putCriteriumZelfevaluatie',
      summary: 'De zelfevaluatie van één criterium vastleggen (tekst, oordeel, sterktes, verbeterpunten), als event ZelfevaluatieCriteriumVastgelegd, zodat asOf de tekst toont zoals die toen luidde. GET /gear toont haar naast de berekende status en markeert een afwijking.',
      description: 'If-Match (optioneel): de revisie van de zelfevaluatie van dit criterium die u zag (haar ETag); verouderd: 409. 404: een code die het raamwerk in gebruik niet kent.',
      roles: ZELFEVALUATIE_WRITERS,
      body: CriteriumZelfevaluatieInput,
      headers: ['If-Match'],
      responses: { '200': { description: 'De zelfevaluatie die nu geldt', schema: CriteriumZelfevaluatieSchema, headers: ['ETag'] }, '404': 'Onbekend criterium', '409': 'If-Match is verouderd' },
    },
    {
      method: 'put',
      path: '/api/v1/gear/domains/{id}/zelfevaluatie',
      tag: TAG,
      operationId: 'putDomeinZelfevaluatie',
      summary: 'De zelfevaluatie (reflectie) van één domein vastleggen, als event ZelfevaluatieDomeinVastgelegd, zodat asOf de tekst toont zoals die toen luidde.',
      description: 'If-Match (optioneel): de revisie van de zelfevaluatie van dit domein die u zag (haar ETag); verouderd: 409. 404: een domein dat het raamwerk in gebruik niet kent.',
      roles: ZELFEVALUATIE_WRITERS,
      body: DomeinZelfevaluatieInput,
      headers: ['If-Match'],
      responses: { '200': { description: 'De zelfevaluatie die nu geldt', schema: DomeinZelfevaluatieSchema, headers: ['ETag'] }, '404': 'Onbekend domein', '409': 'If-Match is verouderd' },
    },
  ];
}
