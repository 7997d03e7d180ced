/**
 * Which documents an institute may upload, and whether the content is what the upload says it is.
 * The declared type (the Content-Type of a raw body, the part's type in a form) must be one of
 * these, and the content must match it: a binary type by its signature (the `file-type` package
 * reads the magic bytes, and for docx, xlsx and odt the entries of the zip), a text type by having
 * no signature and no NUL byte in its first 64 KiB.
 */
import { fileTypeFromFile } from 'file-type';
import { DomainError, text, ValidationError } from '@gearbox/kernel';
import type { Received } from './files.ts';

export const ACCEPTED_TYPES = {
  'application/pdf': { ext: 'pdf', name: 'PDF' },
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': { ext: 'docx', name: 'Word-document (docx)' },
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { ext: 'xlsx', name: 'Excel-werkmap (xlsx)' },
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': { ext: 'pptx', name: 'PowerPoint-presentatie (pptx)' },
  'application/vnd.oasis.opendocument.text': { ext: 'odt', name: 'OpenDocument-tekst (odt)' },
  'application/vnd.oasis.opendocument.spreadsheet': { ext: 'ods', name: 'OpenDocument-rekenblad (ods)' },
  'image/png': { ext: 'png', name: 'PNG-afbeelding' },
  'image/jpeg': { ext: 'jpg', name: 'JPEG-afbeelding' },
  'text/csv': { ext: 'csv', name: 'CSV-bestand' },
  'text/plain': { ext: 'txt', name: 'tekstbestand' },
} as const satisfies Record<string, { ext: string; name: string }>;
export type AcceptedType = keyof typeof ACCEPTED_TYPES;
export const ACCEPTED = Object.keys(ACCEPTED_TYPES) as AcceptedType[];

const isText = (type: AcceptedType) => type.startsWith('text/');

/** `Text/CSV; charset=utf-8` → `text/csv` when accepted; otherwise 415 naming what is. */
export function acceptedType(declared: string | undefined, path: string): AcceptedType {
  const type = (declared ?? '').split(';')[0]!.trim().toLowerCase();
  if (Object.hasOwn(ACCEPTED_TYPES, type)) return type as AcceptedType;
  const said = type ? `${type} wordt niet aangenomen` : 'ontbreekt';
  const saidEn = type ? `${type} is not accepted` : 'is missing';
  throw new DomainError(
    'unsupported-media-type',
    415,
    text('Soort bestand niet aangenomen', 'Unsupported media type'),
    text(
      `Stuur een document als een van deze soorten: ${ACCEPTED.join(', ')}.`,
      `Send a document as one of these types: ${ACCEPTED.join(', ')}.`,
    ),
    { errors: [{ path, message: text(`de soort ${said}`, `the type ${saidEn}`) }] },
  );
}

/** Refuses (400) content that is not the declared type. */
export async function checkContent(received: Received, declared: AcceptedType, path: string): Promise<void> {
  if (received.bytes === 0) {
    throw new ValidationError([{ path, message: text('het bestand is leeg', 'the file is empty') }], text('Het document is leeg.', 'The document is empty.'));
  }
  const found = await fileTypeFromFile(received.temp);
  const expected = ACCEPTED_TYPES[declared];
  const matches = isText(declared) ? found === undefined && !received.head.includes(0) : found?.mime === declared;
  if (matches) return;
  const what = found ? `een ${Object.hasOwn(ACCEPTED_TYPES, found.mime) ? ACCEPTED_TYPES[found.mime as AcceptedType].name : `${found.ext}-bestand`}` : 'geen herkenbaar bestand';
  const whatEn = found ? `a ${found.ext} file` : 'not a recognisable file';
  throw new ValidationError(
    [{ path, message: text(`de inhoud is geen ${expected.name} maar ${what}`, `the content is not ${declared} but ${whatEn}`) }],
    text(`Het document is opgegeven als ${expected.name}, maar de inhoud is dat niet.`, `The document was declared as ${declared}, but its content is not.`),
  );
}

/**
 * A file name that is safe in a folder, a zip and a Content-Disposition header: no folders, no
 * control characters, none of `\ / : * ? " < > |`, at most 200 characters (the extension kept);
 * without one, `document.<ext>`.
 */
export function safeFilename(name: string | undefined, type: AcceptedType): string {
  const base = (name ?? '').normalize('NFC').split(/[\\/]/).at(-1)!;
  const cleaned = base
    .replace(/[\u0000-\u001f\u007f-\u009f"*:<>?|]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[. ]+|[. ]+$/g, '');
  if (!cleaned) return `document.${ACCEPTED_TYPES[type].ext}`;
  if (cleaned.length <= 200) return cleaned;
  const dot = cleaned.lastIndexOf('.');
  const ext = dot > 0 && cleaned.length - dot <= 10 ? cleaned.slice(dot) : '';
  return cleaned.slice(0, 200 - ext.length) + ext;
}
