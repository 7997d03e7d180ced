import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteEventStore } from '@gearbox/eventstore';
import { manualClock, openSqliteKeyStore, randomIds } from '@gearbox/kernel';
import { moduleApp, tokenFor } from '@gearbox/http/testing';
import { openapiCheck } from '@gearbox/http/testing';
import { DocumentFiles, documentsModule, documentsOf, MAX_DOCUMENT_BYTES, safeFilename } from '../src/index.ts';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const CSV = Buffer.from('jaar;respondenten;veilig\n2026;104;82\n');
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0)) await f();
});

async function setup() {
  const store = openSqliteEventStore({ path: ':memory:' });
  const keys = openSqliteKeyStore(':memory:');
  const dir = mkdtempSync(join(tmpdir(), 'gearbox-documents-test-'));
  const files = new DocumentFiles(join(dir, 'documents'));
  const mod = documentsModule({ store, keys, clock: manualClock('2026-03-01T09:00:00Z'), ids: randomIds, files });
  const { app, spec, stop } = await moduleApp(mod, store);
  const check = openapiCheck(spec);
  cleanup.push(async () => {
    await stop();
    await store.close();
    keys.close();
    rmSync(dir, { recursive: true, force: true });
  });
  /** A request with a token; every answer is held against the module's OpenAPI description. */
  const request = async (method: string, path: string, roles: string, init: { body?: Uint8Array | FormData | ReadableStream<Uint8Array>; headers?: Record<string, string>; institute?: string } = {}) => {
    const response = await app.request(path, {
      method,
      headers: { authorization: `Bearer ${await tokenFor(roles, init.institute)}`, ...init.headers },
      ...(init.body ? { body: init.body, duplex: 'half' } : {}),
    } as RequestInit);
    const bytes = Buffer.from(await response.arrayBuffer());
    const text = bytes.toString('utf8');
    check.assert({ method, path, status: response.status, headers: response.headers, text });
    return { status: response.status, headers: response.headers, bytes, json: () => JSON.parse(text) };
  };
  const stored = () => readdirSync(files.dir);
  return { store, files, request, stored };
}

const q = 'kwaliteitsmedewerker';

describe('documents', () => {
  it('stores a raw upload by its sha256 and downloads the same bytes', async () => {
    const s = await setup();
    const up = await s.request('POST', '/api/v1/documents?filename=Notulen%20MT%2012-03-2026.pdf', q, { body: PDF, headers: { 'content-type': 'application/pdf' } });
    expect(up.status).toBe(201);
    const doc = up.json();
    expect(doc).toEqual({ documentId: expect.any(String), sha256: sha(PDF), bytes: PDF.length, mediaType: 'application/pdf', filename: 'Notulen MT 12-03-2026.pdf' });
    expect(up.headers.get('location')).toBe(`/api/v1/documents/${doc.documentId}`);
    expect(s.stored()).toEqual([sha(PDF)]);

    const down = await s.request('GET', `/api/v1/documents/${doc.documentId}`, 'auditor');
    expect(down.status).toBe(200);
    expect(down.bytes.equals(PDF)).toBe(true);
    expect(down.headers.get('content-type')).toBe('application/pdf');
    expect(down.headers.get('content-disposition')).toContain('filename="Notulen MT 12-03-2026.pdf"');
    expect(down.headers.get('etag')).toBe(`"${sha(PDF)}"`);
  });

  it('takes one file from a multipart form, and stores the same bytes once', async () => {
    const s = await setup();
    const form = () => {
      const f = new FormData();
      f.append('file', new Blob([CSV], { type: 'text/csv' }), '../../etc/enquête<2026>.csv');
      return f;
    };
    const first = await s.request('POST', '/api/v1/documents', 'mt', { body: form() });
    expect(first.status).toBe(201);
    expect(first.json()).toMatchObject({ sha256: sha(CSV), bytes: CSV.length, mediaType: 'text/csv', filename: 'enquête2026.csv' });
    const second = await s.request('POST', '/api/v1/documents', 'mt', { body: form() });
    expect(second.status).toBe(201);
    expect(second.json().documentId).not.toBe(first.json().documentId);
    expect(s.stored()).toEqual([sha(CSV)]);
    const down = await s.request('GET', `/api/v1/documents/${second.json().documentId}`, q);
    expect(down.bytes.equals(CSV)).toBe(true);
    // The registry is the event store: both uploads are known after a rebuild.
    expect((await documentsOf(s.store, 'utrecht', await s.store.headPosition())).map((d) => d.sha256)).toEqual([sha(CSV), sha(CSV)]);
  });

  it('refuses content that is not the declared type (400, in Dutch) and keeps nothing', async () => {
    const s = await setup();
    const raw = await s.request('POST', '/api/v1/documents', q, { body: CSV, headers: { 'content-type': 'application/pdf' } });
    expect(raw.status).toBe(400);
    expect(raw.json().errors).toEqual([{ path: 'Content-Type', message: 'de inhoud is geen PDF maar geen herkenbaar bestand' }]);
    const f = new FormData();
    f.append('file', new Blob([PDF], { type: 'text/plain' }), 'rapport.txt');
    const form = await s.request('POST', '/api/v1/documents', q, { body: f });
    expect(form.status).toBe(400);
    expect(form.json().errors).toEqual([{ path: 'file', message: 'de inhoud is geen tekstbestand maar een PDF' }]);
    expect(s.stored()).toEqual([]);
    expect(await s.store.headPosition()).toBe(0n);
  });

  it('refuses a type it does not take (415), an empty body and a form with two files (400)', async () => {
    const s = await setup();
    const exe = await s.request('POST', '/api/v1/documents', q, { body: Buffer.from('MZ\x90\x00'), headers: { 'content-type': 'application/x-msdownload' } });
    expect(exe.status).toBe(415);
    expect(exe.json().detail).toContain('Stuur een document als een van deze soorten');
    const empty = await s.request('POST', '/api/v1/documents', q, { body: Buffer.alloc(0), headers: { 'content-type': 'text/plain' } });
    expect(empty.status).toBe(400);
    const two = new FormData();
    two.append('a', new Blob([CSV], { type: 'text/csv' }), 'a.csv');
    two.append('b', new Blob([CSV], { type: 'text/csv' }), 'b.csv');
    const both = await s.request('POST', '/api/v1/documents', q, { body: two });
    expect(both.status).toBe(400);
    expect(both.json().errors[0].message).toBe('precies één bestand per upload');
    expect(s.stored()).toEqual([]);
    expect(await s.store.headPosition()).toBe(0n);
  });

  it('answers another institute\'s document 404, and refuses roles that may not (403)', async () => {
    const s = await setup();
    const { documentId } = (await s.request('POST', '/api/v1/documents', q, { body: PDF, headers: { 'content-type': 'application/pdf' } })).json();
    expect((await s.request('GET', `/api/v1/documents/${documentId}`, q, { institute: 'amsterdam' })).status).toBe(404);
    expect((await s.request('GET', '/api/v1/documents/nope', q)).status).toBe(404);
    expect((await s.request('GET', `/api/v1/documents/${documentId}`, 'partner')).status).toBe(403);
    const auditor = await s.request('POST', '/api/v1/documents', 'auditor', { body: PDF, headers: { 'content-type': 'application/pdf' } });
    expect(auditor.status).toBe(403);
  });

  it('refuses a declared Content-Length over 64 MiB before reading (413)', async () => {
    const s = await setup();
    const r = await s.request('POST', '/api/v1/documents', q, { body: PDF, headers: { 'content-type': 'application/pdf', 'content-length': String(MAX_DOCUMENT_BYTES + 1) } });
    expect(r.status).toBe(413);
    expect(r.json().detail).toBe(`Een document mag hoogstens ${MAX_DOCUMENT_BYTES} bytes (64 MiB) zijn.`);
  });

  for (const form of [false, true]) {
    it(`stops a chunked ${form ? 'form' : 'raw body'} over 64 MiB while reading (413), without holding it in memory`, async () => {
      const s = await setup();
      const chunk = Buffer.alloc(1024 * 1024, 0x41);
      const boundary = 'gearbox-boundary';
      const [before, after] = form
        ? [Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="groot.txt"\r\nContent-Type: text/plain\r\n\r\n`), Buffer.from(`\r\n--${boundary}--\r\n`)]
        : [Buffer.alloc(0), Buffer.alloc(0)];
      let sent = 0;
      // 16 MiB more than the limit: the answer comes before the body is read whole.
      const total = MAX_DOCUMENT_BYTES + 16 * 1024 * 1024;
      const body = new ReadableStream<Uint8Array>({
        start(c) {
          if (before.length) c.enqueue(before);
        },
        pull(c) {
          if (sent >= total) {
            if (after.length) c.enqueue(after);
            return c.close();
          }
          const n = Math.min(chunk.length, total - sent);
          sent += n;
          c.enqueue(n === chunk.length ? chunk : chunk.subarray(0, n));
        },
      });
      const rss = process.memoryUsage().rss;
      const r = await s.request('POST', '/api/v1/documents', q, {
        body,
        headers: { 'content-type': form ? `multipart/form-data; boundary=${boundary}` : 'text/plain' },
      });
      const grown = process.memoryUsage().rss - rss;
      expect(r.status).toBe(413);
      // Never the whole body: the limit is 64 MiB, the process grew by far less.
      expect(grown).toBeLessThan(32 * 1024 * 1024);
      expect(sent).toBeLessThan(total);
      expect(s.stored()).toEqual([]);
      expect(await s.store.headPosition()).toBe(0n);
    });
  }

  it('sanitises file names', () => {
    expect(safeFilename('C:\\Users\\x\\verslag.pdf', 'application/pdf')).toBe('verslag.pdf');
    expect(safeFilename(' ..\u0000 ', 'application/pdf')).toBe('document.pdf');
    expect(safeFilename(undefined, 'text/csv')).toBe('document.csv');
    const long = safeFilename(`${'a'.repeat(300)}.docx`, 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(long).toHaveLength(200);
    expect(long.endsWith('.docx')).toBe(true);
  });
});
