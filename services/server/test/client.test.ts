/**
 * The OpenAPI description is good enough to build a client from: types generated from the running
 * server's /openapi.json (openapi-typescript) and openapi-fetch drive a whole PDCA cycle, the program
 * type-checks under --strict without a cast, and the types refuse the mistakes in client/misuse.ts.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import openapiTS, { astToString } from 'openapi-typescript';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { world, type World } from './world.ts';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const PROGRAMS = ['pdca.ts', 'misuse.ts'];

let w: World;
let dir: string;
beforeAll(async () => {
  w = await world();
  dir = mkdtempSync(join(tmpdir(), 'gearbox-client-'));
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await w.stop();
});

/** The generated types, the programs, and openapi-fetch where the programs' imports find it. */
async function writeClient(): Promise<void> {
  const text = await (await fetch(`${w.base}/openapi.json`)).text();
  const spec = JSON.parse(text) as { servers?: { url: string }[] };
  writeFileSync(join(dir, 'api.ts'), astToString(await openapiTS(text, { silent: true })));
  const token = await w.token('utrecht', ['kwaliteitsmedewerker', 'mt'], 'u-client', 'C. Lient');
  writeFileSync(join(dir, 'config.ts'), `export const baseUrl = ${JSON.stringify(new URL(spec.servers?.[0]?.url ?? '/', w.base).href.replace(/\/$/, ''))};\nexport const token = ${JSON.stringify(token)};\n`);
  for (const program of PROGRAMS) copyFileSync(join(here, 'client', program), join(dir, program));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        strict: true, noUncheckedIndexedAccess: true, noEmit: true, target: 'ES2022', lib: ['ES2023', 'DOM'], types: [],
        module: 'NodeNext', moduleResolution: 'NodeNext', allowImportingTsExtensions: true, skipLibCheck: true,
      },
      files: PROGRAMS,
    }),
  );
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(realpathSync(join(here, '..', 'node_modules', 'openapi-fetch')), join(dir, 'node_modules', 'openapi-fetch'));
}

/** What tsc -p would say about the folder, one line per diagnostic. */
function typeErrors(): string[] {
  const config = ts.getParsedCommandLineOfConfigFile(join(dir, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n')); } })!;
  const program = ts.createProgram(config.fileNames, config.options);
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file ? `${d.file.fileName.slice(dir.length + 1)}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}` : '';
    return `${where} ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`;
  });
}

/** Casts, `any`, `!` and suppressed errors: whatever would let a program compile against types it does not fit. */
function escapes(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isAsExpression(node) || ts.isTypeAssertionExpression(node) || ts.isNonNullExpression(node) || node.kind === ts.SyntaxKind.AnyKeyword) found.push(node.getText(source));
    ts.forEachChild(node, visit);
  };
  visit(source);
  if (/@ts-(ignore|expect-error|nocheck)/.test(source.text)) found.push('a @ts- comment');
  return found;
}

describe('a client generated from /openapi.json', () => {
  it('type-checks under --strict, refuses wrong calls, and drives a cycle from plan to closed', async () => {
    await writeClient();
    expect(typeErrors()).toEqual([]);
    expect(escapes(join(dir, 'pdca.ts'))).toEqual([]);

    const tsx = join(dirname(require.resolve('tsx/package.json')), 'dist', 'cli.mjs');
    const run = await promisify(execFile)(process.execPath, [tsx, 'pdca.ts'], { cwd: dir, timeout: 60_000 });
    const seen = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(seen).toEqual({
      phases: ['plan', 'plan', 'do', 'do', 'do', 'check', 'check', 'check', 'act', 'act', 'act', 'closed'],
      phase: 'closed',
      revision: 12,
      allowed: [],
      actions: ['x1'],
      events: [
        'CycleStarted', 'GoalSet', 'ActivityPlanned', 'PlanApproved', 'ActivityCompleted', 'EvidenceAdded', 'CheckStarted',
        'FindingRecorded', 'ReviewHeld', 'CheckCompleted', 'ActionDecided', 'OutcomeCommunicated', 'CycleClosed',
      ],
      listed: true,
    });
  }, 120_000);
});
