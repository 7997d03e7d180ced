/**
 * Deterministic zips: entries in the given order, every entry's time set to one instant (the
 * dossier's asOf), so the same files always give the same bytes — also for the .xlsx, which is a
 * zip that exceljs writes with the clock's time on every entry.
 */
import { unzipSync, zipSync, type Zippable } from 'fflate';

export interface NamedFile {
  name: string;
  bytes: Uint8Array;
}

/**
 * A zip entry's time is a DOS date in local time and fflate reads the local fields of the Date it
 * gets; building the Date from the instant's UTC fields makes the entry show the UTC time in every
 * time zone, so the bytes do not depend on the machine's zone.
 */
function dosTime(instant: Date): Date {
  return new Date(
    instant.getUTCFullYear(),
    instant.getUTCMonth(),
    instant.getUTCDate(),
    instant.getUTCHours(),
    instant.getUTCMinutes(),
    instant.getUTCSeconds(),
  );
}

export function zipFiles(files: NamedFile[], mtime: Date): Uint8Array {
  const entries: Zippable = {};
  const time = dosTime(mtime);
  for (const f of files) entries[f.name] = [f.bytes, { mtime: time, level: 6 }];
  return zipSync(entries);
}

export class ZipTooLargeError extends Error {}

/**
 * The entries of a zip, in their stored order. Throws when the bytes are not a zip, or when the
 * entries would unpack to more than `maxBytes` (a zip bomb sent to verify).
 */
export function unzipFiles(bytes: Uint8Array, maxBytes = Number.MAX_SAFE_INTEGER): NamedFile[] {
  let total = 0;
  const filter = (file: { name: string; originalSize: number }) => {
    total += file.originalSize;
    if (total > maxBytes) throw new ZipTooLargeError(`the zip unpacks to more than ${maxBytes} bytes`);
    return true;
  };
  return Object.entries(unzipSync(bytes, { filter })).map(([name, content]) => ({ name, bytes: content }));
}

/** Rewrites a zip with fixed entry times (same entries, same order). */
export function normaliseZip(bytes: Uint8Array, mtime: Date): Uint8Array {
  return zipFiles(unzipFiles(bytes), mtime);
}

export function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}
