/**
 * `POST /api/v1/documents` and `GET /api/v1/documents/:id` (API.md "Documents"): institute
 * documents (minutes, reports, survey results) uploaded once, stored by their sha256 in the data
 * folder, registered as a `DocumentUploaded` event, and linked to a cycle by `AddEvidence
 * {documentId}`. The quality staff and the MT upload; they and the auditor download; a partner never.
 */
import { Readable } from 'node:stream';
import { Hono } from 'hono';
import { z } from 'zod';
import { binary, commandContext, requireRole, type AuthVariables, type RouteDoc, type ServiceModule } from '@gearbox/http';
import { DomainError, envelopeOf, NotFoundError, text, type CommandContext, type SettingDeps } from '@gearbox/kernel';
import { DocumentFiles, type Received } from './files.ts';
import { DOCUMENT_UPLOADED, DocumentUploadedData, documentOf, documentStreamId, type DocumentRecord } from './registry.ts';
import { ACCEPTED, ACCEPTED_TYPES } from './types.ts';
import { MAX_DOCUMENT_BYTES, receiveUpload } from './upload.ts';

export const DOCUMENT_WRITERS = ['kwaliteitsmedewerker', 'mt'] as const;
export const DOCUMENT_READERS = ['kwaliteitsmedewerker', 'mt', 'auditor'] as const;

const notFound = (id: string) => new NotFoundError(text(`Document ${id}`, `document ${id}`));

/** `attachment; filename="ascii"; filename*=UTF-8''…` (RFC 6266), so any name survives the header. */
function disposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

type DocumentDeps = SettingDeps & { files: DocumentFiles };

/** Keeps received bytes and registers them: the bytes first, durable; only then the event that makes the document exist. */
async function saveDocument(deps: DocumentDeps, ctx: CommandContext, received: Received, as: { mediaType: string; filename: string }): Promise<DocumentRecord> {
  const document: DocumentRecord = { documentId: deps.ids(), sha256: received.sha256, bytes: received.bytes, ...as };
  await deps.files.keep(received);
  await deps.store.appendToStream(
    documentStreamId(ctx.institute, document.documentId),
    [{ id: deps.ids(), type: DOCUMENT_UPLOADED, data: document, metadata: envelopeOf(deps.keys, ctx, deps.clock()) }],
    { expectedRevision: 'no_stream' },
  );
  return document;
}

export interface DocumentsModule extends ServiceModule {
  files: DocumentFiles;
  /** Stores and registers bytes the server itself has (the demo's document), as an upload does; the type is not checked. */
  upload(ctx: CommandContext, bytes: Uint8Array, as: { mediaType: string; filename: string }): Promise<DocumentRecord>;
}

export function documentsModule(deps: DocumentDeps): DocumentsModule {
  const { store, files } = deps;
  const routes = new Hono<{ Variables: AuthVariables }>();

  routes.post('/documents', async (c) => {
    requireRole(c.get('actor'), DOCUMENT_WRITERS, text('een document uploaden', 'upload a document'));
    const upload = await receiveUpload(c, files);
    const document = await saveDocument(deps, commandContext(c), upload.received, { mediaType: upload.mediaType, filename: upload.filename });
    c.header('Location', `/api/v1/documents/${document.documentId}`);
    return c.json(document, 201);
  });

  routes.get('/documents/:id', async (c) => {
    requireRole(c.get('actor'), DOCUMENT_READERS, text('een document downloaden', 'download a document'));
    const id = c.req.param('id');
    const document = await documentOf(store, c.get('institute'), id);
    if (!document) throw notFound(id);
    if (!(await files.has(document.sha256))) {
      throw new DomainError(
        'document-missing',
        500,
        text('Document ontbreekt', 'Document missing'),
        text(
          `De inhoud van document ${id} ontbreekt in de datamap (documents/${document.sha256}); zet de map terug uit de back-up.`,
          `The content of document ${id} is missing from the data folder (documents/${document.sha256}); restore the folder from its backup.`,
        ),
      );
    }
    return c.body(Readable.toWeb(files.stream(document.sha256)) as ReadableStream, 200, {
      'Content-Type': document.mediaType,
      'Content-Length': String(document.bytes),
      'Content-Disposition': disposition(document.filename),
      ETag: `"${document.sha256}"`,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'private, no-cache',
    });
  });

  const types = Object.entries(ACCEPTED_TYPES).map(([type, t]) => `${type} (${t.ext})`).join(', ');
  const openapi: RouteDoc[] = [
    {
      method: 'post',
      path: '/api/v1/documents',
      tag: 'documenten',
      operationId: 'uploadDocument',
      summary: 'Een document van het instituut uploaden (notulen, rapporten, enquêteresultaten; geen persoonlijke bestanden): de inhoud zelf met zijn Content-Type, of multipart/form-data met één bestand. Opgeslagen op zijn sha256 in de datamap; koppel het met AddEvidence {documentId}.',
      description: `Hoogstens ${MAX_DOCUMENT_BYTES} bytes (64 MiB), geteld tijdens het lezen: groter is 413 voordat de inhoud helemaal gelezen is. Soorten: ${types}. De inhoud moet de opgegeven soort zijn (400). Bij een ruwe inhoud geeft \`?filename=\` de bestandsnaam.`,
      roles: DOCUMENT_WRITERS,
      query: z.object({ filename: z.string().max(1000).optional().describe('De bestandsnaam bij een ruwe inhoud (zonder map; ontbreekt hij, dan document.<extensie>)') }),
      bodies: Object.fromEntries([['multipart/form-data', z.object({ file: binary('application/octet-stream').describe('Precies één bestand') })], ...ACCEPTED.map((t) => [t, binary(t)])]),
      responses: {
        '201': { description: 'Het document is opgeslagen en geregistreerd', schema: DocumentUploadedData, headers: ['Location'] },
        '400': 'De inhoud is niet de opgegeven soort, leeg, of geen formulier met precies één bestand',
        '413': `Groter dan ${MAX_DOCUMENT_BYTES} bytes`,
        '415': `Een soort die niet wordt aangenomen (aangenomen: ${ACCEPTED.join(', ')})`,
      },
    },
    {
      method: 'get',
      path: '/api/v1/documents/{id}',
      tag: 'documenten',
      operationId: 'downloadDocument',
      summary: 'Een document downloaden, byte voor byte zoals het is geüpload (ETag: zijn sha256)',
      roles: DOCUMENT_READERS,
      responses: {
        '200': {
          description: 'Het document (Content-Disposition attachment met de bestandsnaam)',
          content: Object.fromEntries(ACCEPTED.map((t) => [t, binary(t)])),
          headers: { 'Content-Disposition': 'attachment; filename="…"', ETag: 'De sha256 van de inhoud' },
        },
        '404': 'Onbekend document (of een van een ander instituut)',
      },
    },
  ];

  const upload = async (ctx: CommandContext, bytes: Uint8Array, as: { mediaType: string; filename: string }) => {
    const received = await files.receive((async function* () { yield bytes; })(), MAX_DOCUMENT_BYTES, () => new Error(`document larger than ${MAX_DOCUMENT_BYTES} bytes`));
    return saveDocument(deps, ctx, received, as);
  };
  return { name: 'documents', files, upload, routes, openapi, eventSchemas: { [DOCUMENT_UPLOADED]: DocumentUploadedData } };
}
