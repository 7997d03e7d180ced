/**
 * What the browser tests stand on: a real gearbox (`gearbox serve --demo`, the README's start
 * command without the build) on a free port with its own data folder, and Debian's Chromium driven
 * by playwright-core. No downloaded browser: the test command installs the `chromium` package.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { afterAll, beforeAll, expect } from 'vitest';
import { signToken, type Role } from '@gearbox/http';

const here = dirname(fileURLToPath(import.meta.url));
const server = join(here, '..', '..', 'server');
export const CHROMIUM = process.env.GEARBOX_CHROMIUM ?? '/usr/bin/chromium';
const SECRET = 'browser-test-secret-that-is-long-enough-42';

export interface Running {
  base: string;
  token(institute: string, roles: Role[]): Promise<string>;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
    probe.on('error', reject);
  });
}

/** `extra`: environment on top, e.g. an OIDC issuer (then the demo sign-in is off). */
export async function startGearbox(extra: NodeJS.ProcessEnv = {}): Promise<Running> {
  if (!existsSync(join(here, '..', 'dist', 'index.html'))) throw new Error('services/web/dist is missing: `pnpm run build` first (the test script does)');
  const dataDir = mkdtempSync(join(tmpdir(), 'gearbox-ui-'));
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, GEARBOX_JWT_SECRET: SECRET, GEARBOX_LOG_LEVEL: 'silent' };
  delete env.GEARBOX_OIDC_ISSUER;
  delete env.GEARBOX_JWKS_URL;
  delete env.GEARBOX_EVENTSTORE;
  Object.assign(env, extra);
  const child: ChildProcess = spawn(join(server, 'node_modules', '.bin', 'tsx'), [join(server, 'src', 'cli.ts'), 'serve', '--demo', '--port', String(port), '--host', '127.0.0.1', '-d', dataDir], {
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`gearbox exited with ${child.exitCode}`);
    const ready = await fetch(`${base}/readyz`).then((r) => r.ok, () => false);
    if (ready) break;
    if (Date.now() > deadline) throw new Error('gearbox did not become ready within 120 s');
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    base,
    token: (institute, roles) => signToken({ institute, roles, sub: `t-${institute}`, name: 'Test Persoon' }, SECRET),
    async stop() {
      await new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      });
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
}

/** The demo sign-in, as a person does it: pick yourself in the list, press Aanmelden. */
export async function signIn(page: Page, person: string): Promise<void> {
  await page.getByLabel('Demo-gebruiker').selectOption({ label: person });
  await page.getByRole('button', { name: 'Aanmelden' }).click();
  await page.getByRole('navigation', { name: 'Hoofdmenu' }).waitFor();
}

/** The options a choice with search (combobox `name` in `scope`) offers now, after typing `typed` (all of them when left out). */
export async function offered(scope: Page | Locator, name: string, typed?: string): Promise<string[]> {
  const box = scope.getByRole('combobox', { name, exact: true });
  if (typed === undefined) {
    await box.fill('');
    await box.press('ArrowDown');
  } else await box.fill(typed);
  const list = scope.getByRole('listbox', { name, exact: true });
  await list.waitFor();
  return list.getByRole('option').allInnerTexts();
}

/**
 * Chooses `label` in a choice with search as a person does with the keyboard: types `typed` (part of
 * the name), checks every option offered then holds it, and presses ↓ until `label` is active, then Enter.
 */
export async function choose(scope: Page | Locator, name: string, typed: string, label: string): Promise<void> {
  const options = await offered(scope, name, typed);
  for (const o of options) expect(o.toLocaleLowerCase('nl'), `"${o}" offered for "${typed}"`).toContain(typed.toLocaleLowerCase('nl'));
  const at = options.indexOf(label);
  expect(at, `${label} offered for "${typed}"`).toBeGreaterThanOrEqual(0);
  const box = scope.getByRole('combobox', { name, exact: true });
  for (let i = 0; i <= at; i++) await box.press('ArrowDown');
  await box.press('Enter');
  expect(await box.inputValue()).toBe(label);
  expect(await box.getAttribute('aria-expanded')).toBe('false');
}

/** WCAG 2.1 A and AA violations on the page as it is now, one line each (empty when none). */
export async function wcagViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

/** A page in a fresh browser context (nobody signed in), Dutch and in Amsterdam, at gearbox's first page. */
export async function freshPage(browser: Browser, base: string): Promise<Page> {
  const page = await (await browser.newContext({ locale: 'nl-NL', timezoneId: 'Europe/Amsterdam', acceptDownloads: true })).newPage();
  await page.goto(base);
  return page;
}

/** A view once loaded: one h1, lang="nl"; its axe violations kept under `name` in `seen`, for one test to assert them all. */
export async function checkView(page: Page, name: string, seen: Record<string, string[]>): Promise<void> {
  await page.locator('h1').first().waitFor();
  await page.getByText('Laden…').first().waitFor({ state: 'detached' });
  expect(await page.locator('h1').count(), name).toBe(1);
  expect(await page.locator('html').getAttribute('lang'), name).toBe('nl');
  seen[name] = await wcagViolations(page);
}

/** A link of the main navigation (UI.md: "Hoofdmenu"). */
export const menu = (page: Page, name: string) => page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name, exact: true });

/** One gearbox and one Chromium for a test file: started before its tests, stopped after them. */
export function runningGearbox(): { readonly gearbox: Running; readonly browser: Browser } {
  const env = {} as { gearbox: Running; browser: Browser };
  beforeAll(async () => {
    [env.gearbox, env.browser] = await Promise.all([startGearbox(), launch()]);
  });
  afterAll(async () => {
    await env.browser?.close();
    await env.gearbox?.stop();
  });
  return env;
}
