/**
 * The served /openapi.json against the NL GOV API Design Rules: Logius' Spectral ruleset, kept as
 * data beside the repository (`../shared/conformance/nlgov-adr-ruleset.yaml`), which also validates
 * the document as OpenAPI 3.1 (its oas3-schema rule). Zero errors and zero warnings.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { world, type World } from './world.ts';

/** The repository root is two levels above services/server; the shared folder sits beside it. */
const RULESET = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../shared/conformance/nlgov-adr-ruleset.yaml');

const require = createRequire(import.meta.url);
const cliPackage = require.resolve('@stoplight/spectral-cli/package.json');
const SPECTRAL = join(dirname(cliPackage), (require(cliPackage) as { bin: { spectral: string } }).bin.spectral);

interface Finding {
  code: string;
  message: string;
  path: string[];
  severity: number;
}

/** Spectral's severities: 0 error, 1 warning, 2 info, 3 hint. */
const SEVERITY = ['error', 'warning', 'info', 'hint'];

async function lint(document: unknown): Promise<Finding[]> {
  const dir = mkdtempSync(join(tmpdir(), 'gearbox-openapi-'));
  try {
    const file = join(dir, 'openapi.json');
    writeFileSync(file, JSON.stringify(document));
    // Spectral exits non-zero when it finds an error; its findings are on stdout either way.
    const run = await promisify(execFile)(process.execPath, [SPECTRAL, 'lint', '--ruleset', RULESET, '--format', 'json', '--fail-severity', 'hint', '--quiet', file], {
      maxBuffer: 64 * 1024 * 1024,
    }).catch((error: { stdout?: string; stderr?: string; message: string }) => {
      if (!error.stdout?.trim().startsWith('[')) throw new Error(`spectral did not run: ${error.stderr || error.message}`);
      return error as { stdout: string };
    });
    return JSON.parse(run.stdout.trim() || '[]') as Finding[];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

let w: World;
beforeAll(async () => {
  w = await world();
});
afterAll(() => w.stop());

describe('/openapi.json and the NL GOV API Design Rules', () => {
  it('the ruleset is where the test command expects it', () => {
    expect(existsSync(RULESET), `the NL GOV ruleset is missing: expected ${RULESET} (the shared folder beside the repository, ../shared)`).toBe(true);
  });

  it('lints with zero errors and zero warnings', { timeout: 60_000 }, async () => {
    const document = (await w.call('GET', '/openapi.json')).body;
    const findings = await lint(document);
    const report = findings.map((f) => `${SEVERITY[f.severity]} ${f.code} at ${f.path.join('.')}: ${f.message}`);
    expect(report).toEqual([]);
  });

  it('a document that breaks the rules is not passed: the linter really runs', { timeout: 60_000 }, async () => {
    const document = (await w.call('GET', '/openapi.json')).body as { info: Record<string, unknown>; components: { schemas: Record<string, unknown> } };
    const { contact: _contact, ...info } = document.info;
    const codes = (await lint({ ...document, info, components: { ...document.components, schemas: { ...document.components.schemas, 'event.Bad': { type: 'object' } } } })).map((f) => f.code);
    expect(codes).toEqual(expect.arrayContaining(['info-contact', 'nlgov:schema-camel-case']));
  });
});

describe('what a third-party developer relies on in the description', () => {
  type Operation = { operationId: string; tags: string[]; parameters?: { name: string; in: string }[]; responses: Record<string, { content?: Record<string, unknown>; headers?: Record<string, unknown> }> };
  let doc: { paths: Record<string, Record<string, Operation>>; tags: { name: string }[] };
  beforeAll(async () => {
    doc = (await w.call('GET', '/openapi.json')).body;
  });
  const operations = () =>
    Object.entries(doc.paths).flatMap(([path, item]) => Object.entries(item).filter(([method]) => method !== 'servers').map(([method, op]) => ({ path, method, op })));

  it('every operation has a unique lowerCamelCase operationId and one tag, and no tag differs from another only in case', () => {
    const ids = operations().map(({ op }) => op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z][A-Za-z0-9]*$/);
    for (const { op } of operations()) expect(op.tags).toHaveLength(1);
    const names = doc.tags.map((t) => t.name.toLowerCase());
    expect(new Set(names).size).toBe(names.length);
  });

  it('every 2xx answer describes its body', () => {
    const bare = operations().flatMap(({ path, method, op }) => Object.entries(op.responses).filter(([status, r]) => status.startsWith('2') && !r.content).map(([status]) => `${method} ${path} ${status}`));
    expect(bare).toEqual([]);
  });

  it('lists filter the way the API does: cycles by kind and phase', () => {
    const names = doc.paths['/cycles']!.get!.parameters!.map((p) => `${p.in}:${p.name}`);
    expect(names).toEqual(['query:kind', 'query:phase']);
  });

  it('the export offers every format, verify takes the zip, and a new cycle has a Location', () => {
    expect(Object.keys(doc.paths['/gear/export']!.get!.responses['200']!.content!).sort()).toEqual(
      ['application/json', 'application/pdf', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/zip', 'text/html'].sort(),
    );
    const verify = doc.paths['/gear/verify']!.post as unknown as { requestBody: { content: Record<string, unknown> } };
    expect(Object.keys(verify.requestBody.content).sort()).toEqual(['application/json', 'application/zip']);
    expect(Object.keys(doc.paths['/cycles']!.post!.responses['201']!.headers!)).toEqual(['API-Version', 'Location', 'ETag']);
  });
});
