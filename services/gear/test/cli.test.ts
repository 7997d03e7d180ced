import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { openSqliteEventStore } from '@gearbox/eventstore';
import { StreamHandler, manualClock, openSqliteKeyStore, sequentialIds } from '@gearbox/kernel';
import { cycleDefinition } from '@gearbox/cycles';
import { unzipFiles } from '@gearbox/gear';
import { exportDossierToFile, verifyDossierFile } from '../src/index.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

test('gearbox export writes the dossier file, and gearbox verify checks it and its manifest against the store', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gear-cli-'));
  dirs.push(dir);
  const store = openSqliteEventStore({ path: join(dir, 'events.sqlite3') });
  const keys = openSqliteKeyStore(':memory:');
  const cycles = new StreamHandler(cycleDefinition, { store, keys, clock: manualClock('2026-02-01T10:00:00Z'), ids: sequentialIds() });
  const ctx = { institute: 'utrecht', actor: { sub: 'q', name: 'Q', roles: ['kwaliteitsmedewerker', 'mt'] }, correlationId: 'cli' };
  const { view } = await cycles.start(ctx, { kind: 'organisatie', title: 'Jaarplan 2026', period: { from: '2026-01-01', to: '2026-12-31' } });
  await cycles.execute(ctx, view.id as string, { type: 'SetGoal', goalId: 'g', title: 'Kwaliteit borgen' });
  try {
    const out = join(dir, 'dossier.zip');
    const written = await exportDossierToFile(store, { institute: 'utrecht', asOf: '2026-02-02T00:00:00Z', out });
    expect(written).toMatchObject({ file: out, manifest: { institute: 'utrecht', eventCount: 2, position: '2' } });
    expect(written.bytes).toBe(readFileSync(out).length);
    expect(await verifyDossierFile(store, out)).toMatchObject({ valid: true, problems: [] });

    const manifest = unzipFiles(new Uint8Array(readFileSync(out))).find((f) => f.name === 'manifest.json')!;
    const manifestFile = join(dir, 'manifest.json');
    writeFileSync(manifestFile, manifest.bytes);
    expect(await verifyDossierFile(store, manifestFile)).toMatchObject({ valid: true });
    const edited = JSON.parse(Buffer.from(manifest.bytes).toString('utf8'));
    edited.files[0].sha256 = 'a'.repeat(64);
    writeFileSync(manifestFile, JSON.stringify(edited));
    expect(await verifyDossierFile(store, manifestFile)).toMatchObject({ valid: false, problems: [{ code: 'rebuild-mismatch', file: 'dossier.json' }] });

    const json = await exportDossierToFile(store, { institute: 'utrecht', asOf: '2026-02-02T00:00:00Z', format: 'json', out: join(dir, 'dossier.json') });
    expect(JSON.parse(readFileSync(json.file, 'utf8'))).toMatchObject({ institute: 'utrecht', position: '2' });
  } finally {
    await store.close();
    keys.close();
  }
});
