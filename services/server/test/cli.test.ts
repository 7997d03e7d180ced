import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { unzipFiles } from '@gearbox/gear';
import { verifier } from '@gearbox/http';
import { jwtSecret } from '../src/secret.ts';

const server = join(import.meta.dirname, '..');
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'gearbox-cli-'));
  dirs.push(d);
  return d;
};

function gearbox(args: string[], env: Record<string, string> = {}) {
  const run = spawnSync(join(server, 'node_modules', '.bin', 'tsx'), [join(server, 'src', 'cli.ts'), ...args], {
    env: { ...process.env, GEARBOX_JWT_SECRET: '', GEARBOX_LOG_LEVEL: 'warn', ...env },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: run.status, out: run.stdout, err: run.stderr };
}

describe('the JWT secret', () => {
  it('comes from GEARBOX_JWT_SECRET, or is generated once into the data folder and reused after that', () => {
    const dir = tempDir();
    expect(jwtSecret(dir, { GEARBOX_JWT_SECRET: 'from-env' })).toEqual({ secret: 'from-env', source: 'env' });
    const generated = jwtSecret(dir, {});
    expect(generated.source).toBe('generated');
    expect(generated.secret.length).toBeGreaterThanOrEqual(40);
    expect(readFileSync(join(dir, 'jwt-secret'), 'utf8').trim()).toBe(generated.secret);
    expect(jwtSecret(dir, {})).toEqual({ secret: generated.secret, source: 'file' });
  });
});

describe('gearbox CLI', () => {
  it('token prints a JWT the server accepts, with the claims asked for', async () => {
    const secret = 'cli-test-secret-0123456789-abcdef';
    const run = gearbox(['token', '--institute', 'utrecht', '--roles', 'kwaliteitsmedewerker,mt', '--sub', 'u1', '--name', 'Q. Officer', '--secret', secret]);
    expect(run.code, run.err).toBe(0);
    const claims = await verifier({ secret })(run.out.trim());
    expect(claims).toEqual({ sub: 'u1', name: 'Q. Officer', institute: 'utrecht', roles: ['kwaliteitsmedewerker', 'mt'] });
  }, 60_000);

  it('token refuses unknown roles with exit 2, and uses the data folder\'s secret without --secret', async () => {
    const dir = tempDir();
    const bad = gearbox(['token', '--institute', 'utrecht', '--roles', 'superuser', '-d', dir]);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('roles');
    const good = gearbox(['token', '--institute', 'demo', '--roles', 'auditor', '-d', dir]);
    expect(good.code, good.err).toBe(0);
    const claims = await verifier({ secret: jwtSecret(dir, {}).secret })(good.out.trim());
    expect(claims.institute).toBe('demo');
  }, 60_000);

  it('seed-demo fills a data folder once; a second run appends nothing', () => {
    const dir = tempDir();
    const first = gearbox(['seed-demo', '-d', dir]);
    expect(first.code, first.err).toBe(0);
    const summary = JSON.parse(first.out) as { institute: string; eventsAppended: number };
    expect(summary.institute).toBe('demo');
    expect(summary.eventsAppended).toBeGreaterThan(0);
    const second = gearbox(['seed-demo', '-d', dir]);
    expect(JSON.parse(second.out)).toEqual({ ...summary, eventsAppended: 0 });
    const rebuilt = gearbox(['rebuild', '-d', dir]);
    expect(rebuilt.code, rebuilt.err).toBe(0);
    expect(JSON.parse(rebuilt.out).position).not.toBe('0');
  }, 180_000);

  it('export writes the GEAR dossier and verify accepts it, and refuses it after one changed byte', () => {
    const dir = tempDir();
    expect(gearbox(['seed-demo', '-d', dir]).code).toBe(0);
    const zip = join(dir, 'dossier.zip');
    const exported = gearbox(['export', '--institute', 'demo', '--as-of', new Date().toISOString(), '-o', zip, '-d', dir]);
    expect(exported.code, exported.err).toBe(0);
    const summary = JSON.parse(exported.out) as { file: string; bytes: number; eventCount: number; chainHead: string };
    expect(summary.bytes).toBeGreaterThan(1000);
    expect(summary.eventCount).toBeGreaterThan(0);
    expect(summary.chainHead).toMatch(/^[0-9a-f]{64}$/);
    const ok = gearbox(['verify', zip, '-d', dir]);
    expect(ok.code, ok.err).toBe(0);
    expect(JSON.parse(ok.out)).toMatchObject({ valid: true, problems: [] });

    // --documents: the demo's uploaded decision list goes into the zip and its manifest, and verify checks it.
    const withDocuments = join(dir, 'dossier-documenten.zip');
    const exportedDocuments = gearbox(['export', '--institute', 'demo', '--documents', '-o', withDocuments, '-d', dir]);
    expect(exportedDocuments.code, exportedDocuments.err).toBe(0);
    const names = unzipFiles(readFileSync(withDocuments)).map((f) => f.name);
    expect(names).toEqual(expect.arrayContaining([expect.stringMatching(/^documents\/[0-9a-f]{12}-besluitenlijst-managementreview-najaar-2026\.pdf$/)]));
    const okDocuments = gearbox(['verify', withDocuments, '-d', dir]);
    expect(okDocuments.code, okDocuments.err).toBe(0);
    expect(gearbox(['export', '--institute', 'demo', '--documents', '--format', 'pdf', '-d', dir]).code).toBe(2);

    const bytes = readFileSync(zip);
    const middle = Math.floor(bytes.length / 2);
    bytes[middle] = bytes[middle]! ^ 0xff;
    writeFileSync(zip, bytes);
    const bad = gearbox(['verify', zip, '-d', dir]);
    expect(bad.code).not.toBe(0);
    expect(gearbox(['export', '-d', dir]).code).not.toBe(0);
  }, 240_000);
});
