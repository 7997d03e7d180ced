/**
 * The export (API.md `GET /api/v1/gear/export`, `gearbox export`): one read of the institute's
 * history (projection and hash chain together), then the dossier files and the manifest. Only
 * reads; never writes to the store.
 *
 * For a fixed asOf every dossier file is byte-identical between runs: the content comes from the
 * events up to the asOf position only, document dates and zip entry times are the asOf. The
 * manifest's `generatedAt` is the one thing that changes, and it is not part of any hashed file.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { EventStore } from '@gearbox/eventstore';
import { documentsOf } from '@gearbox/documents/registry';
import { instituteSettingAt, isoDate, isoInstant, says, toNotBeforeFrom, validated, type InstituteSetting } from '@gearbox/kernel';
import { buildDossier, type Dossier, type Period } from './dossier.ts';
import { frameworkOf, mappingAt, readInstitute, type InstituteRead } from './read.ts';
import { renderHtml } from './render-html.ts';
import { renderPdf } from './render-pdf.ts';
import { renderXlsx } from './render-xlsx.ts';
import { zipFiles, type NamedFile } from './zip.ts';

export const EXPORT_FORMATS = ['zip', 'json', 'html', 'pdf', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export type FileFormat = Exclude<ExportFormat, 'zip'>;

export const DOSSIER_FILES: Record<FileFormat, string> = {
  json: 'dossier.json',
  html: 'dossier.html',
  pdf: 'dossier.pdf',
  xlsx: 'dossier.xlsx',
};
export const MANIFEST_FILE = 'manifest.json';

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  zip: 'application/zip',
  json: 'application/json; charset=utf-8',
  html: 'text/html; charset=utf-8',
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/**
 * The files in the zip (the dossier, and the .xlsx, itself a zip) are dated at the asOf, and a zip's
 * date field (a DOS date) holds 1980 to 2107 only: an asOf outside it is refused before any rendering.
 */
const ZIP_DATES = [Date.parse('1980-01-01T00:00:00Z'), Date.parse('2108-01-01T00:00:00Z')] as const;
const dossierInstant = isoInstant.refine((s) => Date.parse(s) >= ZIP_DATES[0] && Date.parse(s) < ZIP_DATES[1], {
  error: says('een tijdstip van 1980 tot en met 2107 (UTC): een zip kan geen andere datum bewaren', 'an instant from 1980 to 2107 (UTC): a zip cannot hold another date'),
});

/** The query of an export (and the CLI's options): a period on effectiveAt, an instant, a format. */
export const ExportQuery = z
  .object({
    from: isoDate.optional(),
    to: isoDate.optional(),
    asOf: dossierInstant.optional(),
    format: z.enum(EXPORT_FORMATS).default('zip'),
    documents: z.enum(['true', 'false']).optional().describe('true: de gekoppelde documenten (AddEvidence {documentId}) onder documents/ in de zip en in het manifest'),
  })
  .strict()
  .refine((q) => q.from === undefined || q.to === undefined || q.from <= q.to, toNotBeforeFrom)
  .refine((q) => q.documents !== 'true' || q.format === 'zip', {
    path: ['documents'],
    error: says('alleen bij format=zip: de documenten gaan mee in de zip', 'with format=zip only: the documents go into the zip'),
  });

export type ExportQuery = z.input<typeof ExportQuery>;

/**
 * The dossier format this version writes: which renderers made the files. A verify rebuilds the
 * files only for a manifest of the same format; raise it whenever a change alters the bytes of a
 * dossier file for the same events (docs/gear.md "Verify"). A manifest without `format` is of 1,
 * the renderers before the self-evaluation dossier.
 */
export const DOSSIER_FORMAT = 2;

export const ManifestFile = z.object({ name: z.string().min(1), sha256: z.string().regex(/^[a-f0-9]{64}$/), bytes: z.number().int().nonnegative() }).strict();

/** manifest.json: the fields API.md names, and the dossier `format` (optional: earlier manifests lack it). */
export const Manifest = z
  .object({
    institute: z.string().min(1),
    framework: z.string().min(1),
    version: z.string().min(1),
    format: z.number().int().positive().optional(),
    period: z.object({ from: isoDate.nullable(), to: isoDate.nullable() }).strict(),
    asOf: isoInstant,
    generatedAt: isoInstant,
    position: z.string().regex(/^\d+$/),
    eventCount: z.number().int().nonnegative(),
    chainHead: z.string().regex(/^[a-f0-9]{64}$/),
    files: z.array(ManifestFile),
  })
  .strict();
export type Manifest = z.infer<typeof Manifest>;

export interface ExportResult {
  format: ExportFormat;
  filename: string;
  contentType: string;
  body: Uint8Array;
  manifest: Manifest;
  dossier: Dossier;
}

export const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

export function parseExportQuery(query: unknown): z.output<typeof ExportQuery> {
  return validated(ExportQuery, query, 'query');
}

/**
 * The dossier from a read of the store: the mapping (and so the framework) in force at its position;
 * `setting`, the institute setting at that position (instituteSettingAt with `read.position`).
 */
export function dossierOf(read: InstituteRead, input: { institute: string; period: Period; asOf: string; setting?: InstituteSetting }): Dossier {
  const mapping = mappingAt(read.state);
  return buildDossier(read.state, {
    institute: input.institute,
    ...(input.setting ? { setting: input.setting } : {}),
    framework: frameworkOf(mapping),
    mapping,
    period: input.period,
    asOf: input.asOf,
    position: read.position.toString(),
    eventCount: read.eventCount,
    chainHead: read.chain?.head ?? null,
  });
}

export async function renderDossierFiles(d: Dossier, formats: readonly FileFormat[] = ['json', 'html', 'pdf', 'xlsx']): Promise<NamedFile[]> {
  const files: NamedFile[] = [];
  for (const format of formats) {
    const name = DOSSIER_FILES[format];
    if (format === 'json') files.push({ name, bytes: Buffer.from(`${JSON.stringify(d, null, 2)}\n`, 'utf8') });
    else if (format === 'html') files.push({ name, bytes: Buffer.from(renderHtml(d), 'utf8') });
    else if (format === 'pdf') files.push({ name, bytes: await renderPdf(d) });
    else files.push({ name, bytes: await renderXlsx(d) });
  }
  return files;
}

/** Where the linked documents go in the zip (and in the manifest). */
export const DOCUMENTS_FOLDER = 'documents/';

export interface LinkedDocument {
  /** `documents/<first 12 hex of the sha256>-<file name>`: unique per content. */
  name: string;
  sha256: string;
  bytes: number;
}

/**
 * The documents that evidence in the read links (its sha256 is an uploaded document's, API.md
 * `AddEvidence {documentId}`), as the registry knew them at the read's position: each content once,
 * under the name it was first uploaded with, sorted by name. Only the store is read, so verify
 * finds the same list without the files.
 */
export async function linkedDocuments(store: EventStore, institute: string, read: InstituteRead): Promise<LinkedDocument[]> {
  const linked = new Set<string>();
  for (const cycle of read.state.cycles.values()) for (const e of cycle.evidence.values()) if (e.sha256) linked.add(e.sha256);
  const out = new Map<string, LinkedDocument>();
  for (const d of await documentsOf(store, institute, read.position)) {
    if (linked.has(d.sha256) && !out.has(d.sha256)) out.set(d.sha256, { name: `${DOCUMENTS_FOLDER}${d.sha256.slice(0, 12)}-${d.filename}`, sha256: d.sha256, bytes: d.bytes });
  }
  return [...out.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export function manifestOf(d: Dossier, files: NamedFile[], generatedAt: Date): Manifest {
  return {
    institute: d.institute,
    framework: d.framework,
    version: d.version,
    format: DOSSIER_FORMAT,
    period: d.period,
    asOf: d.asOf,
    generatedAt: generatedAt.toISOString(),
    position: d.position,
    eventCount: d.eventCount,
    chainHead: d.chainHead!,
    files: files.map((f) => ({ name: f.name, sha256: sha256(f.bytes), bytes: f.bytes.length })),
  };
}

export interface ExportOptions extends ExportQuery {
  institute: string;
  /** The clock: `asOf` when none is given, and the manifest's generatedAt. */
  now?: () => Date;
  /** The bytes of a stored document by its sha256 (services/documents); needed for `documents: 'true'`. */
  readDocument?: (sha256: string) => Promise<Uint8Array>;
}

export async function exportDossier(store: EventStore, options: ExportOptions): Promise<ExportResult> {
  const query = parseExportQuery({
    ...(options.from !== undefined ? { from: options.from } : {}),
    ...(options.to !== undefined ? { to: options.to } : {}),
    ...(options.asOf !== undefined ? { asOf: options.asOf } : {}),
    ...(options.format !== undefined ? { format: options.format } : {}),
    ...(options.documents !== undefined ? { documents: options.documents } : {}),
  });
  const now = options.now ?? (() => new Date());
  const asOf = new Date(query.asOf ?? now()).toISOString();
  const period: Period = { from: query.from ?? null, to: query.to ?? null };
  const read = await readInstitute(store, { institute: options.institute, asOf, chain: true });
  const { setting } = await instituteSettingAt(store, options.institute, read.position);
  const dossier = dossierOf(read, { institute: options.institute, period, asOf, setting });
  const formats = query.format === 'zip' ? (['json', 'html', 'pdf', 'xlsx'] as const) : ([query.format] as const);
  const files = await renderDossierFiles(dossier, formats);
  if (query.documents === 'true') {
    const { readDocument } = options;
    if (!readDocument) throw new Error('exportDossier: documents asked for, but no readDocument given');
    for (const d of await linkedDocuments(store, options.institute, read)) files.push({ name: d.name, bytes: await readDocument(d.sha256) });
  }
  const manifest = manifestOf(dossier, files, now());
  const stem = `gear-dossier-${options.institute}-${asOf.slice(0, 10)}`;
  if (query.format !== 'zip') {
    return { format: query.format, filename: `${stem}.${query.format}`, contentType: CONTENT_TYPES[query.format], body: files[0]!.bytes, manifest, dossier };
  }
  const manifestBytes = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8');
  const body = zipFiles([...files, { name: MANIFEST_FILE, bytes: manifestBytes }], new Date(asOf));
  return { format: 'zip', filename: `${stem}.zip`, contentType: CONTENT_TYPES.zip, body, manifest, dossier };
}
