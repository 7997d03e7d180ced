import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { openSqliteEventStore } from '@gearbox/eventstore';
import { exportDossier, sha256, unzipFiles, verifyDossier, zipFiles, type Manifest, type NamedFile } from '../src/index.ts';
import { INSTITUTE, KWALITEIT, demoHistory, runCycle, world, type World } from './history.ts';

let dir: string;
let file: string;
let w: World;
let zip: Uint8Array;
let asOf: string;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gear-verify-'));
  file = join(dir, 'events.sqlite3');
  w = world(file);
  await demoHistory(w);
  asOf = w.clock().toISOString();
  zip = (await exportDossier(w.store, { institute: INSTITUTE, asOf, from: '2025-01-01', to: '2025-12-31' })).body;
});

afterEach(async () => {
  await w.close();
  rmSync(dir, { recursive: true, force: true });
});

const codes = (result: { problems: { code: string; file?: string }[] }) => result.problems.map((p) => (p.file ? `${p.code}:${p.file}` : p.code)).sort();

function edit(files: NamedFile[], name: string, change: (bytes: Uint8Array) => Uint8Array): NamedFile[] {
  return files.map((f) => (f.name === name ? { name, bytes: change(f.bytes) } : f));
}
const flipByte = (at: (length: number) => number) => (bytes: Uint8Array) => {
  const copy = new Uint8Array(bytes);
  const i = at(copy.length);
  copy[i] = copy[i]! ^ 0x01;
  return copy;
};
const rezip = (files: NamedFile[]) => zipFiles(files, new Date(asOf));
const manifestOf = (files: NamedFile[]): Manifest => JSON.parse(Buffer.from(files.find((f) => f.name === 'manifest.json')!.bytes).toString('utf8'));
const withManifest = (files: NamedFile[], manifest: Manifest) => edit(files, 'manifest.json', () => Buffer.from(JSON.stringify(manifest, null, 2)));

/** Changes the store file behind the service's back, as someone with disk access could. */
function tamper(sql: string): number {
  const db = new Database(file);
  try {
    return db.prepare(sql).run().changes;
  } finally {
    db.close();
  }
}

async function verifyOnFreshStore(body: Uint8Array) {
  const store = openSqliteEventStore({ path: file });
  try {
    return await verifyDossier(store, body, { institute: INSTITUTE });
  } finally {
    await store.close();
  }
}

describe('verify', () => {
  test('accepts an untouched zip, and its manifest.json alone', async () => {
    expect(await verifyDossier(w.store, zip, { institute: INSTITUTE })).toMatchObject({ valid: true, problems: [] });
    const manifest = unzipFiles(zip).find((f) => f.name === 'manifest.json')!.bytes;
    expect(await verifyDossier(w.store, manifest, { institute: INSTITUTE })).toMatchObject({ valid: true, problems: [] });
  });

  test('still accepts an old dossier after later events and a person\'s erasure', async () => {
    await runCycle(w, { kind: 'curriculum', title: 'Later', period: { from: '2026-01-01', to: '2026-12-31' }, until: 'do' });
    w.keys.erase(INSTITUTE, KWALITEIT.sub, 'admin-1', w.clock().toISOString());
    expect(await verifyDossier(w.store, zip, { institute: INSTITUTE })).toMatchObject({ valid: true, problems: [] });
  });

  test.each(['dossier.json', 'dossier.html', 'dossier.pdf', 'dossier.xlsx'])('finds one changed byte in %s', async (name) => {
    const files = edit(unzipFiles(zip), name, flipByte((n) => Math.floor(n / 2)));
    const result = await verifyDossier(w.store, rezip(files), { institute: INSTITUTE });
    expect(result.valid).toBe(false);
    expect(codes(result)).toEqual([`file-changed:${name}`]);
  });

  test('finds a missing file and an extra file', async () => {
    const files = unzipFiles(zip);
    const missing = await verifyDossier(w.store, rezip(files.filter((f) => f.name !== 'dossier.pdf')), { institute: INSTITUTE });
    expect(codes(missing)).toEqual(['file-missing:dossier.pdf']);
    const extra = await verifyDossier(w.store, rezip([...files, { name: 'bijlage.txt', bytes: Buffer.from('extra') }]), { institute: INSTITUTE });
    expect(codes(extra)).toEqual(['file-extra:bijlage.txt']);
  });

  test('finds a file dropped from both the zip and the manifest', async () => {
    const files = unzipFiles(zip).filter((f) => f.name !== 'dossier.xlsx');
    const manifest = manifestOf(files);
    manifest.files = manifest.files.filter((f) => f.name !== 'dossier.xlsx');
    const result = await verifyDossier(w.store, rezip(withManifest(files, manifest)), { institute: INSTITUTE });
    expect(codes(result)).toEqual(['file-missing:dossier.xlsx']);
  });

  test('finds a manifest edited to match an edited file, by rebuilding the dossier from the store', async () => {
    let files = edit(unzipFiles(zip), 'dossier.html', (bytes) => Buffer.from(Buffer.from(bytes).toString('utf8').replace('voldoet niet', 'voldoet')));
    const html = files.find((f) => f.name === 'dossier.html')!.bytes;
    const manifest = manifestOf(files);
    manifest.files = manifest.files.map((f) => (f.name === 'dossier.html' ? { ...f, sha256: sha256(html), bytes: html.length } : f));
    files = withManifest(files, manifest);
    const result = await verifyDossier(w.store, rezip(files), { institute: INSTITUTE });
    expect(codes(result)).toEqual(['rebuild-mismatch:dossier.html']);
    const alone = await verifyDossier(w.store, Buffer.from(JSON.stringify(manifest)), { institute: INSTITUTE });
    expect(codes(alone)).toEqual(['rebuild-mismatch:dossier.html']);
  });

  test('finds an edited chain head or position in the manifest', async () => {
    const files = unzipFiles(zip);
    const manifest = manifestOf(files);
    const chain = await verifyDossier(w.store, rezip(withManifest(files, { ...manifest, chainHead: 'f'.repeat(64) })), { institute: INSTITUTE });
    expect(codes(chain)).toEqual(['chain-mismatch']);
    const earlier = String(Number(manifest.position) - 1);
    const moved = await verifyDossier(w.store, rezip(withManifest(files, { ...manifest, position: earlier })), { institute: INSTITUTE });
    const rebuilt = ['dossier.html', 'dossier.json', 'dossier.pdf', 'dossier.xlsx'].map((f) => `rebuild-mismatch:${f}`);
    expect(codes(moved)).toEqual(['chain-mismatch', 'event-count-mismatch', ...rebuilt]);
  });

  test('finds an edited period or asOf in the manifest: the dossier rebuilt for them has other content', async () => {
    const files = unzipFiles(zip);
    const manifest = manifestOf(files);
    const rebuilt = ['dossier.html', 'dossier.json', 'dossier.pdf', 'dossier.xlsx'].map((f) => `rebuild-mismatch:${f}`);
    const period = await verifyDossier(w.store, rezip(withManifest(files, { ...manifest, period: { from: '2025-07-01', to: '2025-12-31' } })), { institute: INSTITUTE });
    expect(codes(period)).toEqual(rebuilt);
    const later = new Date(Date.parse(manifest.asOf) + 86_400_000).toISOString();
    const moved = await verifyDossier(w.store, rezip(withManifest(files, { ...manifest, asOf: later })), { institute: INSTITUTE });
    expect(codes(moved)).toEqual(rebuilt);
  });

  test('finds two past events swapped in the SQLite file, though every event is still there unchanged', async () => {
    const db = new Database(file);
    try {
      const swap = db.transaction(() => {
        db.prepare('UPDATE events SET position = -1 WHERE position = 3').run();
        db.prepare('UPDATE events SET position = 3 WHERE position = 4').run();
        db.prepare('UPDATE events SET position = 4 WHERE position = -1').run();
      });
      swap();
    } finally {
      db.close();
    }
    const result = await verifyOnFreshStore(zip);
    expect(result.valid).toBe(false);
    expect(codes(result)).toContain('chain-mismatch');
    expect(codes(result)).not.toContain('event-count-mismatch');
  });

  test('finds a past event whose data was altered in the SQLite file', async () => {
    expect(tamper(`UPDATE events SET data = json_set(data, '$.title', 'Toetsplan 2025 (herzien)') WHERE type = 'EvidenceAdded' AND data LIKE '%Toetsplan 2025%'`)).toBe(1);
    const result = await verifyOnFreshStore(zip);
    expect(result.valid).toBe(false);
    expect(codes(result)).toEqual(['chain-mismatch', 'rebuild-mismatch:dossier.html', 'rebuild-mismatch:dossier.json', 'rebuild-mismatch:dossier.pdf', 'rebuild-mismatch:dossier.xlsx']);
  });

  test('finds altered metadata of a past event, which no dossier line shows, through the chain head', async () => {
    expect(tamper(`UPDATE events SET metadata = json_set(metadata, '$.actor.roles', json('["mt"]')) WHERE position = 2`)).toBe(1);
    const result = await verifyOnFreshStore(zip);
    expect(codes(result)).toEqual(['chain-mismatch', 'rebuild-mismatch:dossier.html', 'rebuild-mismatch:dossier.json', 'rebuild-mismatch:dossier.pdf', 'rebuild-mismatch:dossier.xlsx']);
  });

  test('finds a past event deleted from the SQLite file', async () => {
    expect(tamper(`DELETE FROM events WHERE position = 5`)).toBe(1);
    const result = await verifyOnFreshStore(zip);
    expect(codes(result)).toEqual(expect.arrayContaining(['chain-mismatch', 'event-count-mismatch']));
  });

  test('finds events cut off the end of the store', async () => {
    tamper(`DELETE FROM events WHERE position > 40`);
    const result = await verifyOnFreshStore(zip);
    expect(codes(result)).toEqual(expect.arrayContaining(['position-beyond-head', 'position-mismatch', 'event-count-mismatch', 'chain-mismatch']));
  });

  test('accepts the dossier of an institute without events, whose chain head is the genesis', async () => {
    const empty = await exportDossier(w.store, { institute: 'lumc', asOf });
    expect(empty.manifest).toMatchObject({ position: '0', eventCount: 0, chainHead: '0'.repeat(64) });
    expect(await verifyDossier(w.store, empty.body, { institute: 'lumc' })).toMatchObject({ valid: true, problems: [] });
  });

  test('refuses a manifest of another institute, garbage, and a zip without manifest', async () => {
    expect(codes(await verifyDossier(w.store, zip, { institute: 'amc' }))).toEqual(['institute-mismatch']);
    expect(codes(await verifyDossier(w.store, Buffer.from('niet een dossier')))).toEqual(['not-a-dossier:manifest.json']);
    const noManifest = rezip(unzipFiles(zip).filter((f) => f.name !== 'manifest.json'));
    expect(codes(await verifyDossier(w.store, noManifest))).toEqual(['manifest-missing:manifest.json']);
    expect(codes(await verifyDossier(w.store, Buffer.from('{"institute":"utrecht"}')))).toEqual(['manifest-invalid:manifest.json']);
  });
});
