/**
 * An upload as it streams in: a raw body (its Content-Type the document's type, `?filename=` its
 * name), or `multipart/form-data` with exactly one file (busboy). Either way the bytes go straight
 * to a temporary file (files.ts) and are counted on the way: a declared Content-Length over the limit
 * is refused before anything is read, a longer body as soon as it passes the limit (413). What the
 * client still sends after a refusal is not read.
 */
import { Readable } from 'node:stream';
import busboy from 'busboy';
import type { Context } from 'hono';
import { PayloadTooLargeError, text, ValidationError } from '@gearbox/kernel';
import type { DocumentFiles, Received } from './files.ts';
import { acceptedType, checkContent, safeFilename, type AcceptedType } from './types.ts';

/** API.md: at most 64 MiB per document. */
export const MAX_DOCUMENT_BYTES = 64 * 1024 * 1024;

export interface Upload {
  received: Received;
  mediaType: AcceptedType;
  filename: string;
}

export const tooLarge = (max = MAX_DOCUMENT_BYTES) => () =>
  new PayloadTooLargeError(
    text(`Een document mag hoogstens ${max} bytes (${max / 1024 / 1024} MiB) zijn.`, `A document may hold at most ${max} bytes (${max / 1024 / 1024} MiB).`),
  );

/** The upload received into a temporary file and checked; the caller keeps or discards it. */
export async function receiveUpload(c: Context, files: DocumentFiles, max = MAX_DOCUMENT_BYTES): Promise<Upload> {
  const contentType = c.req.header('Content-Type') ?? '';
  const length = c.req.header('Content-Length');
  // A form adds a little around the file; its own limit (busboy's) is on the file.
  const overhead = /^multipart\/form-data\b/i.test(contentType) ? 64 * 1024 : 0;
  if (length !== undefined && Number(length) > max + overhead) throw tooLarge(max)();
  const body = c.req.raw.body;
  if (!body) throw empty();
  if (overhead > 0) return receiveForm(body, contentType, files, max);
  const mediaType = acceptedType(contentType, 'Content-Type');
  const received = await files.receive(chunksOf(body), max, tooLarge(max));
  return checked(files, { received, mediaType, filename: safeFilename(c.req.query('filename'), mediaType) }, 'Content-Type');
}

async function checked(files: DocumentFiles, upload: Upload, path: string): Promise<Upload> {
  try {
    await checkContent(upload.received, upload.mediaType, path);
    return upload;
  } catch (error) {
    await files.discard(upload.received);
    throw error;
  }
}

/** The chunks of a web body; stopping early releases it without cancelling, so the answer still goes out. */
async function* chunksOf(body: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = body.getReader();
  try {
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) yield chunk.value;
  } finally {
    reader.releaseLock();
  }
}

const empty = () => new ValidationError([{ path: '(body)', message: text('stuur één bestand', 'send one file') }], text('Er is geen document meegestuurd.', 'No document was sent.'));

/** One file from a form; a second file, or none, is a 400; a file over the limit stops the reading (413). */
function receiveForm(body: ReadableStream<Uint8Array>, contentType: string, files: DocumentFiles, max: number): Promise<Upload> {
  return new Promise<Upload>((resolve, reject) => {
    let form: busboy.Busboy;
    try {
      form = busboy({ headers: { 'content-type': contentType }, defParamCharset: 'utf8', limits: { files: 1, fileSize: max, fields: 20, parts: 21 } });
    } catch (error) {
      const reason = (error as Error).message;
      reject(new ValidationError([{ path: 'Content-Type', message: text('multipart/form-data met een boundary', 'multipart/form-data with a boundary') }], text(`Het formulier is niet te lezen: ${reason}`, `The form cannot be read: ${reason}`)));
      return;
    }
    const source = Readable.fromWeb(body as never);
    let file: Readable | undefined;
    let upload: Promise<Upload> | undefined;
    let failed = false;
    // Stops reading; the answer (the error) goes out once a file already received is removed again.
    const stop = (error: unknown) => {
      if (failed) return;
      failed = true;
      source.unpipe(form);
      source.pause();
      file?.destroy();
      const settled = upload ? upload.then((u) => files.discard(u.received), () => {}) : Promise.resolve();
      void settled.finally(() => reject(error));
    };
    form.on('file', (_field, stream, info) => {
      if (upload) return stream.resume();
      file = stream;
      stream.on('limit', () => stop(tooLarge(max)()));
      upload = (async () => {
        const mediaType = acceptedType(info.mimeType, 'file');
        const received = await files.receive(stream, max, tooLarge(max));
        return checked(files, { received, mediaType, filename: safeFilename(info.filename, mediaType) }, 'file');
      })();
      upload.catch(stop);
    });
    form.on('filesLimit', () => stop(new ValidationError([{ path: 'file', message: text('precies één bestand per upload', 'exactly one file per upload') }], text('Stuur één document per upload.', 'Send one document per upload.'))));
    form.on('error', (error: Error) => stop(new ValidationError([{ path: '(body)', message: text(error.message, error.message) }], text('Het formulier is niet te lezen.', 'The form cannot be read.'))));
    form.on('close', () => {
      if (failed) return;
      if (!upload) return reject(empty());
      upload.then(resolve, reject);
    });
    source.on('error', stop);
    source.pipe(form);
  });
}
