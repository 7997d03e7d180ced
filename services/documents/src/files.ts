/**
 * The bytes of the documents, content-addressed: `<data folder>/documents/<sha256>`. An upload is
 * written to a temporary file in the same folder while it is hashed and counted, so it is never held
 * in memory whole; it gets its name only after it is complete, checked and fsynced (a rename, then an
 * fsync of the folder), so a document the API acknowledged survives a crash. The same bytes uploaded
 * twice are stored once.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, mkdirSync } from 'node:fs';
import { open, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';

export interface Received {
  /** The temporary file; `keep` names it by its hash, `discard` removes it. */
  temp: string;
  sha256: string;
  bytes: number;
  /** The first bytes, for checking the content against its declared type. */
  head: Uint8Array;
}

const HEAD_BYTES = 64 * 1024;
const SHA256 = /^[a-f0-9]{64}$/;

export class DocumentFiles {
  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true });
  }

  path(sha256: string): string {
    if (!SHA256.test(sha256)) throw new Error(`not a sha256: ${sha256}`);
    return join(this.dir, sha256);
  }

  /**
   * Writes the chunks to a temporary file while hashing and counting them. More than `maxBytes`
   * throws `tooLarge()` as soon as the limit is passed, and removes what was written.
   */
  async receive(chunks: AsyncIterable<Uint8Array>, maxBytes: number, tooLarge: () => Error): Promise<Received> {
    const temp = join(this.dir, `.upload-${randomUUID()}`);
    const file = await open(temp, 'wx');
    const hash = createHash('sha256');
    const head: Uint8Array[] = [];
    let bytes = 0;
    let headBytes = 0;
    try {
      for await (const chunk of chunks) {
        bytes += chunk.byteLength;
        if (bytes > maxBytes) throw tooLarge();
        hash.update(chunk);
        if (headBytes < HEAD_BYTES) {
          head.push(chunk.subarray(0, HEAD_BYTES - headBytes));
          headBytes += Math.min(chunk.byteLength, HEAD_BYTES - headBytes);
        }
        await file.write(chunk);
      }
      await file.sync();
    } catch (error) {
      await file.close();
      await rm(temp, { force: true });
      throw error;
    }
    await file.close();
    return { temp, sha256: hash.digest('hex'), bytes, head: Buffer.concat(head) };
  }

  /** Gives a received file its content name; the same content already stored is kept as it is. */
  async keep(received: Received): Promise<void> {
    const target = this.path(received.sha256);
    if (await exists(target)) return this.discard(received);
    await rename(received.temp, target);
    const dir = await open(this.dir, 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  }

  discard(received: Pick<Received, 'temp'>): Promise<void> {
    return rm(received.temp, { force: true });
  }

  async has(sha256: string): Promise<boolean> {
    return exists(this.path(sha256));
  }

  read(sha256: string): Promise<Buffer> {
    return readFile(this.path(sha256));
  }

  stream(sha256: string): Readable {
    return createReadStream(this.path(sha256));
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}
