/**
 * Documents end to end over HTTP (API.md "Documents"): upload, link with AddEvidence {documentId},
 * the dossier zip with documents=true, and verify finding a changed document.
 */
import { createHash } from 'node:crypto';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MANIFEST_FILE, unzipFiles, zipFiles, type Manifest, type NamedFile } from '@gearbox/gear';
import { world, type World } from './world.ts';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const CSV = Buffer.from('jaar;respondenten;veilig\n2026;104;82\n');
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

let w: World;
let q: string;
let auditor: string;
let documentId: string;
let zip: NamedFile[];

async function raw(method: string, path: string, token: string, body?: Uint8Array, type?: string) {
  const res = await fetch(w.base + path, { method, headers: { Authorization: `Bearer ${token}`, ...(type ? { 'Content-Type': type } : {}) }, ...(body ? { body } : {}) });
  const bytes = new Uint8Array(await res.arrayBuffer());
  w.spec.assert({ method, path, status: res.status, headers: res.headers, text: Buffer.from(bytes).toString('utf8') });
  return { status: res.status, bytes, json: () => JSON.parse(Buffer.from(bytes).toString('utf8')) };
}

const verify = async (files: NamedFile[]) => (await raw('POST', '/api/v1/gear/verify', auditor, zipFiles(files, new Date('2026-03-01T09:00:00Z')), 'application/zip')).json();

beforeAll(async () => {
  w = await world();
  q = await w.token('demo', ['kwaliteitsmedewerker', 'mt']);
  auditor = await w.token('demo', ['auditor']);
  const up = await raw('POST', '/api/v1/documents?filename=Notulen%20curriculumcommissie.pdf', q, PDF, 'application/pdf');
  expect(up.status).toBe(201);
  documentId = up.json().documentId;

  const started = await w.call('POST', '/api/v1/cycles', { token: q, body: { kind: 'curriculum', title: 'Curriculum 2026', period: { from: '2026-01-01', to: '2026-12-31' } } });
  const id = started.body.id as string;
  for (const body of [
    { type: 'SetGoal', goalId: 'g', title: 'Feedback verwerken' },
    { type: 'PlanActivity', activityId: 'a', title: 'Commissievergadering', owner: 'curriculumcommissie', due: '2026-12-31' },
    { type: 'ApprovePlan' },
  ]) {
    expect((await w.call('POST', `/api/v1/cycles/${id}/commands`, { token: q, body })).status).toBe(200);
  }
  const added = await w.call('POST', `/api/v1/cycles/${id}/commands`, { token: q, body: { type: 'AddEvidence', evidenceId: 'notulen', title: 'Notulen curriculumcommissie', kind: 'minutes', documentId, criteria: ['CUR-2'] } });
  expect(added.status).toBe(200);
  expect(added.body.evidence[0]).toMatchObject({ documentId, sha256: sha(PDF) });
  const survey = await raw('POST', '/api/v1/documents?filename=enquete.csv', q, CSV, 'text/csv');
  const second = { type: 'AddEvidence', evidenceId: 'enquete', title: 'Enquête aios', kind: 'survey', documentId: survey.json().documentId, criteria: ['CUR-2'] };
  expect((await w.call('POST', `/api/v1/cycles/${id}/commands`, { token: q, body: second })).status).toBe(200);

  const exported = await raw('GET', '/api/v1/gear/export?format=zip&documents=true', auditor);
  expect(exported.status).toBe(200);
  zip = unzipFiles(exported.bytes);
});
afterAll(() => w.stop());

describe('documents in the dossier', () => {
  it('puts a linked document under documents/ in the zip and in the manifest', () => {
    const name = `documents/${sha(PDF).slice(0, 12)}-Notulen curriculumcommissie.pdf`;
    const doc = zip.find((f) => f.name === name);
    expect(Buffer.from(doc!.bytes).equals(PDF)).toBe(true);
    const manifest = JSON.parse(Buffer.from(zip.find((f) => f.name === MANIFEST_FILE)!.bytes).toString('utf8')) as Manifest;
    expect(manifest.files).toContainEqual({ name, sha256: sha(PDF), bytes: PDF.length });
  });

  it('verifies the zip with its documents', async () => {
    expect(await verify(zip)).toMatchObject({ valid: true, problems: [] });
  });

  it('finds a changed document, and a document whose manifest entry was changed to match', async () => {
    const changed = Buffer.from(PDF.toString('latin1').replace('Catalog', 'Catalox'), 'latin1');
    const name = `documents/${sha(PDF).slice(0, 12)}-Notulen curriculumcommissie.pdf`;
    const edit = (f: NamedFile) => (f.name === name ? { ...f, bytes: changed } : f);
    const result = await verify(zip.map(edit));
    expect(result.valid).toBe(false);
    expect(result.problems.map((p: { code: string; file?: string }) => [p.code, p.file])).toEqual([['file-changed', name]]);

    const manifest = JSON.parse(Buffer.from(zip.find((f) => f.name === MANIFEST_FILE)!.bytes).toString('utf8')) as Manifest;
    manifest.files = manifest.files.map((f) => (f.name === name ? { ...f, sha256: sha(changed) } : f));
    const forged = zip.map(edit).map((f) => (f.name === MANIFEST_FILE ? { ...f, bytes: Buffer.from(JSON.stringify(manifest)) } : f));
    const second = await verify(forged);
    expect(second.valid).toBe(false);
    expect(second.problems.map((p: { code: string }) => p.code)).toEqual(['rebuild-mismatch']);
    expect(second.problems[0].message).toContain('wijkt af van het dossier');
  });

  it('finds a linked document dropped from both the zip and its manifest', async () => {
    const dropped = `documents/${sha(CSV).slice(0, 12)}-enquete.csv`;
    const manifest = JSON.parse(Buffer.from(zip.find((f) => f.name === MANIFEST_FILE)!.bytes).toString('utf8')) as Manifest;
    manifest.files = manifest.files.filter((f) => f.name !== dropped);
    const files = zip.filter((f) => f.name !== dropped).map((f) => (f.name === MANIFEST_FILE ? { ...f, bytes: Buffer.from(JSON.stringify(manifest)) } : f));
    const result = await verify(files);
    expect(result.problems.map((p: { code: string; file?: string }) => [p.code, p.file])).toEqual([['file-missing', dropped]]);
  });

  it('leaves documents out unless asked, and takes them with the zip only', async () => {
    const plain = unzipFiles((await raw('GET', '/api/v1/gear/export?format=zip', auditor)).bytes);
    expect(plain.some((f) => f.name.startsWith('documents/'))).toBe(false);
    const pdf = await raw('GET', '/api/v1/gear/export?format=pdf&documents=true', auditor);
    expect(pdf.status).toBe(400);
    expect(pdf.json().errors).toEqual([{ path: 'query.documents', message: 'alleen bij format=zip: de documenten gaan mee in de zip' }]);
  });

  it('answers 413 over a socket while the client is still sending, for a declared and for a chunked body', async () => {
    const MiB = 1024 * 1024;
    /** Sends up to 80 MiB in 1 MiB chunks until the answer comes; how much was written by then. */
    const upload = (headers: Record<string, string>) =>
      new Promise<{ status: number; problem: { detail: string }; written: number }>((resolve, reject) => {
        const url = new URL('/api/v1/documents', w.base);
        let written = 0;
        let answered = false;
        const req = request(url, { method: 'POST', headers: { Authorization: `Bearer ${q}`, 'Content-Type': 'text/plain', ...headers } }, (res) => {
          answered = true;
          let body = '';
          res.on('data', (d) => (body += d));
          res.on('end', () => {
            req.destroy();
            resolve({ status: res.statusCode!, problem: JSON.parse(body), written });
          });
        });
        req.on('error', (error) => (answered ? undefined : reject(error)));
        const chunk = Buffer.alloc(MiB, 0x41);
        const write = () => {
          while (!answered && written < 80 * MiB) {
            written += MiB;
            if (!req.write(chunk)) return void req.once('drain', write);
          }
          if (!answered) req.end();
        };
        write();
      });
    const declared = await upload({ 'Content-Length': String(80 * MiB) });
    expect(declared.status).toBe(413);
    expect(declared.problem.detail).toBe('Een document mag hoogstens 67108864 bytes (64 MiB) zijn.');
    expect(declared.written).toBeLessThan(80 * MiB);
    const chunked = await upload({ 'Transfer-Encoding': 'chunked' });
    expect(chunked.status).toBe(413);
    expect(chunked.written).toBeLessThan(80 * MiB);
  });

  it('names the document of each evidence in the GEAR view, now and as of a moment, for the auditor to download', async () => {
    const asOf = encodeURIComponent(new Date().toISOString());
    for (const path of ['/api/v1/gear', `/api/v1/gear?asOf=${asOf}`]) {
      const view = (await raw('GET', path, auditor)).json() as { domains: { criteria: { code: string; evidence: { title: string; documentId?: string }[] }[] }[] };
      const cur2 = view.domains.flatMap((d) => d.criteria).find((c) => c.code === 'CUR-2')!;
      expect(cur2.evidence.find((e) => e.title === 'Notulen curriculumcommissie')?.documentId, path).toBe(documentId);
      // Each evidence names its own file: the auditor gets the survey's bytes with the survey's id.
      const survey = cur2.evidence.find((e) => e.title === 'Enquête aios')!.documentId!;
      expect(Buffer.from((await raw('GET', `/api/v1/documents/${survey}`, auditor)).bytes).equals(CSV), path).toBe(true);
    }
  });

  it('lets the auditor download the document, never upload one', async () => {
    const down = await raw('GET', `/api/v1/documents/${documentId}`, auditor);
    expect(Buffer.from(down.bytes).equals(PDF)).toBe(true);
    expect((await raw('POST', '/api/v1/documents', auditor, PDF, 'application/pdf')).status).toBe(403);
  });
});
