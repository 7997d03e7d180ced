/**
 * The registry of uploaded documents: one `DocumentUploaded` event per document, in a stream of its
 * own, `<institute>/document-<documentId>`. The event store is the registry (no table beside it), so
 * a document id is only ever found under the caller's institute (another institute's id: 404), and a
 * rebuild of the store knows every document. The bytes themselves are in the data folder (files.ts),
 * named by their sha256.
 *
 * Only the store is needed here: AddEvidence (services/cycles) and the dossier's export and verify
 * (packages/gear) read the registry through `@gearbox/documents/registry`.
 */
import { z } from 'zod';
import { StreamNotFoundError, type EventStore } from '@gearbox/eventstore';
import { identifier, streamIdOf, type StoredEvent } from '@gearbox/kernel';

export const DOCUMENT_CATEGORY = 'document';
export const DOCUMENT_UPLOADED = 'DocumentUploaded';

/** The data of a `DocumentUploaded` event, and the answer of an upload. The institute and the actor are in the envelope. */
export const DocumentUploadedData = z
  .object({
    documentId: z.string(),
    sha256: z.string().regex(/^[a-f0-9]{64}$/),
    bytes: z.number().int().nonnegative(),
    mediaType: z.string(),
    filename: z.string(),
  })
  .strict()
  .meta({ id: 'Document' });
export type DocumentRecord = z.output<typeof DocumentUploadedData>;

export const documentStreamId = (institute: string, documentId: string) => streamIdOf(institute, DOCUMENT_CATEGORY, documentId);

/** The document of this institute with this id; undefined for an unknown id or another institute's. */
export async function documentOf(store: EventStore, institute: string, documentId: string): Promise<DocumentRecord | undefined> {
  if (!identifier.safeParse(documentId).success || documentId.trim() !== documentId) return undefined;
  try {
    for await (const e of store.readStream(documentStreamId(institute, documentId), { maxCount: 1 })) {
      if (e.type === DOCUMENT_UPLOADED) return e.data as DocumentRecord;
    }
  } catch (error) {
    if (!(error instanceof StreamNotFoundError)) throw error;
  }
  return undefined;
}

/** Every document the institute uploaded up to a store position (inclusive), oldest first. */
export async function documentsOf(store: EventStore, institute: string, upTo: bigint): Promise<DocumentRecord[]> {
  const out: DocumentRecord[] = [];
  const filter = { streamPrefixes: [documentStreamId(institute, '')], eventTypes: [DOCUMENT_UPLOADED] };
  for await (const e of store.readAll({ filter })) {
    if (e.position > upTo) break;
    out.push((e as StoredEvent).data as DocumentRecord);
  }
  return out;
}
