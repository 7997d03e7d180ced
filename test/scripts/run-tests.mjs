// Runs every workspace package's tests through turbo, then prints one line with the sum:
// `tests: N passed, N failed`. Each package's `test` script writes a vitest JSON report to
// .vitest/report.json; a package whose run ends without a report counts as one failure.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const groups = ['packages', 'services', '.'];
const packages = [];
for (const group of groups) {
  const dirs = group === '.' ? ['test'] : readdirSync(join(root, group)).map((d) => join(group, d));
  for (const dir of dirs) {
    const manifest = join(root, dir, 'package.json');
    if (!existsSync(manifest)) continue;
    const pkg = JSON.parse(readFileSync(manifest, 'utf8'));
    if (pkg.scripts?.test) packages.push({ name: pkg.name, dir: join(root, dir) });
  }
}
for (const p of packages) rmSync(join(p.dir, '.vitest'), { recursive: true, force: true });

// The GEAR tests render the dossier PDF with pdftoppm (Debian's poppler-utils) and the web UI's
// browser tests drive Debian's Chromium (never a downloaded browser). On a fresh Debian machine, run
// as root, both are installed here so that this one command sets up every test.
const has = (command) => spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
function ensureDebianPackage(present, pkg, needed) {
  if (present) return;
  if (process.getuid?.() === 0 && has('apt-get')) {
    console.log(`installing ${pkg} for ${needed}`);
    const apt = spawnSync('sh', ['-c', `apt-get update -qq && apt-get install -y -qq ${pkg} >/dev/null`], { stdio: 'inherit' });
    if (apt.status !== 0) console.log(`${pkg} could not be installed; ${needed} will fail without it`);
  } else {
    console.log(`${pkg} is missing; ${needed} will fail until it is installed (apt-get install ${pkg})`);
  }
}
ensureDebianPackage(has('pdftoppm'), 'poppler-utils', 'the GEAR PDF tests');
ensureDebianPackage(existsSync(process.env.GEARBOX_CHROMIUM ?? '/usr/bin/chromium'), 'chromium', 'the web UI browser tests');

const run = spawnSync('npx', ['turbo', 'run', 'test', '--concurrency=1', '--continue', ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, FORCE_COLOR: process.env.FORCE_COLOR ?? '0' },
});

let passed = 0;
let failed = 0;
let skipped = 0;
/** Failed tests, named with the start of their message: the end of a CI log shows only its last lines. */
const failures = [];
for (const p of packages) {
  const report = join(p.dir, '.vitest', 'report.json');
  if (!existsSync(report)) {
    console.log(`${p.name}: no test report (the run crashed or was not started)`);
    failed += 1;
    continue;
  }
  const r = JSON.parse(readFileSync(report, 'utf8'));
  passed += r.numPassedTests;
  failed += r.numFailedTests;
  skipped += r.numPendingTests + (r.numTodoTests ?? 0);
  for (const file of r.testResults ?? []) {
    for (const t of file.assertionResults ?? []) {
      if (t.status !== 'failed') continue;
      const message = (t.failureMessages ?? []).join(' ').replace(/\u001b\[[0-9;]*m/g, '').replace(/\s+/g, ' ').slice(0, 600);
      failures.push(`${p.name} ${file.name.slice(p.dir.length + 1)} > ${t.fullName}: ${message}`);
    }
  }
  if (!r.success && r.numFailedTests === 0) {
    console.log(`${p.name}: the run failed outside a test (a suite could not load)`);
    failed += 1;
  }
}
if (failures.length) console.log(`failed tests:\n${failures.map((f) => `- ${f}`).join('\n')}`);
console.log(`tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || run.status !== 0 ? 1 : 0);
