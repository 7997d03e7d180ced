/**
 * Deterministic zips: entries in the given order, every entry's time set to one instant (the
 * dossier's asOf), nothing else that varies. Written here rather than by a library so that every
 * header field is fixed and documented:
 *
 * - `stored` entries (the .xlsx, whose bytes are a hashed dossier file) are not compressed at all, so
 *   their bytes do not depend on any compressor version;
 * - `deflated` entries (the dossier zip) use Node's zlib, which is fast; only the dossier files
 *   inside are hashed, never the zip itself, so a newer zlib cannot break a verify.
 *
 * Reading uses fflate.
 */
import { crc32 as zlibCrc32, deflateRawSync } from 'node:zlib';
import { unzipSync } from 'fflate';

export interface NamedFile {
  name: string;
  bytes: Uint8Array;
}

/** The zip's CRC-32, by zlib (native: a pass in JS cost a tenth of a second over a big dossier's files). */
export function crc32(bytes: Uint8Array): number {
  return zlibCrc32(bytes);
}

/** MS-DOS date and time of an instant's UTC fields (2-second resolution), as zip headers hold them. */
function dosDateTime(instant: Date): { date: number; time: number } {
  const year = Math.max(1980, instant.getUTCFullYear());
  return {
    date: ((year - 1980) << 9) | ((instant.getUTCMonth() + 1) << 5) | instant.getUTCDate(),
    time: (instant.getUTCHours() << 11) | (instant.getUTCMinutes() << 5) | (instant.getUTCSeconds() >> 1),
  };
}

const UTF8_NAMES = 0x0800;

export function zipFiles(files: NamedFile[], mtime: Date, method: 'deflated' | 'stored' = 'deflated'): Uint8Array {
  const { date, time } = dosDateTime(mtime);
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const file of files) {
    const name = Buffer.from(file.name, 'utf8');
    const data = method === 'deflated' ? deflateRawSync(file.bytes, { level: 6 }) : Buffer.from(file.bytes);
    const crc = crc32(file.bytes);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(UTF8_NAMES, 6);
    local.writeUInt16LE(method === 'deflated' ? 8 : 0, 8);
    local.writeUInt16LE(time, 10);
    local.writeUInt16LE(date, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(file.bytes.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    local.copy(central, 8, 6, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    centrals.push(central, name);
    offset += local.length + name.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, directory, end]));
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

/** Rewrites a zip stored, with fixed entry times (same entries, same order). */
export function normaliseZip(bytes: Uint8Array, mtime: Date): Uint8Array {
  return zipFiles(unzipFiles(bytes), mtime, 'stored');
}

export function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}
