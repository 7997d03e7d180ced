export { DocumentFiles, type Received } from './files.ts';
export { DOCUMENT_READERS, DOCUMENT_WRITERS, documentsModule, type DocumentsModule } from './module.ts';
export * from './registry.ts';
export { ACCEPTED, ACCEPTED_TYPES, safeFilename, type AcceptedType } from './types.ts';
export { MAX_DOCUMENT_BYTES } from './upload.ts';
