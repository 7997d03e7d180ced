/**
 * Sign-in through a real OpenID provider (`oidc-provider`, started here on 127.0.0.1 with one test
 * account and a password, and its own small login and consent pages): authorization code + PKCE
 * from the browser, the server checking the access token by the provider's JWKS; a wrong password
 * or "Cancel" at the provider says so in Dutch and offers to try again; "Afmelden" also ends the
 * provider's session. With an issuer set the demo sign-in is gone.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import Provider from 'oidc-provider';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, freshPage, launch, menu, startGearbox, wcagViolations, type Running } from './harness.ts';

const AUDIENCE = 'https://gearbox.test/api';
const ACCOUNT = { sub: 'sanne', password: 'juist-wachtwoord', name: 'Sanne de Vries', roles: ['kwaliteitsmedewerker'] };

let gearbox: Running;
let browser: Browser;
let provider: Server;

beforeAll(async () => {
  const issuer = `http://127.0.0.1:${await freePort()}`;
  [gearbox, browser] = await Promise.all([
    startGearbox({ GEARBOX_OIDC_ISSUER: issuer, GEARBOX_OIDC_CLIENT_ID: 'gearbox-ui', GEARBOX_JWKS_URL: `${issuer}/jwks`, GEARBOX_JWT_ISSUER: issuer, GEARBOX_JWT_AUDIENCE: AUDIENCE }),
    launch(),
  ]);
  const home = `${gearbox.base}/`;
  const oidc = new Provider(issuer, {
    clients: [{ client_id: 'gearbox-ui', token_endpoint_auth_method: 'none', redirect_uris: [home], post_logout_redirect_uris: [home], grant_types: ['authorization_code'], response_types: ['code'] }],
    findAccount: (_ctx, sub) => (sub === ACCOUNT.sub ? { accountId: sub, claims: () => ({ sub, name: ACCOUNT.name }) } : undefined),
    extraTokenClaims: (_ctx, token) => ('accountId' in token && token.accountId === ACCOUNT.sub ? { institute: 'demo', name: ACCOUNT.name, roles: ACCOUNT.roles } : undefined),
    clientBasedCORS: (_ctx, origin) => origin === gearbox.base,
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => AUDIENCE,
        useGrantedResource: () => true,
        getResourceServerInfo: () => ({ scope: '', audience: AUDIENCE, accessTokenFormat: 'jwt', jwt: { sign: { alg: 'RS256' } } }),
      },
    },
  });
  const rest = oidc.callback();
  provider = createServer((req, res) => {
    if (req.url?.startsWith('/interaction/')) interaction(oidc, req, res).catch((error: unknown) => res.writeHead(500).end(String(error)));
    else rest(req, res);
  }).listen(Number(new URL(issuer).port), '127.0.0.1');
});

/**
 * The provider's login (which, unlike oidc-provider's development pages, checks the password: a
 * wrong one ends the sign-in with `access_denied`, as a provider that allows no retries does) and
 * its consent page; "Cancel" ends it with `access_denied` too.
 */
async function interaction(oidc: Provider, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const [, , uid, action] = new URL(req.url!, 'http://x').pathname.split('/');
  const details = await oidc.interactionDetails(req, res);
  const page = (body: string) => res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(`<!doctype html><html lang="en"><title>Provider</title><main>${body}<a href="/interaction/${uid}/abort">Cancel</a></main></html>`);
  if (!action) {
    if (details.prompt.name === 'login') {
      return void page(`<form method="post" action="/interaction/${uid}/login"><label>Login <input name="login"></label><label>Password <input type="password" name="password"></label><button type="submit">Sign-in</button></form>`);
    }
    return void page(`<form method="post" action="/interaction/${uid}/consent"><button type="submit">Continue</button></form>`);
  }
  if (action === 'abort') {
    return oidc.interactionFinished(req, res, { error: 'access_denied', error_description: 'End-User aborted interaction' }, { mergeWithLastSubmission: false });
  }
  let raw = '';
  for await (const chunk of req) raw += String(chunk);
  const form = new URLSearchParams(raw);
  if (action === 'login') {
    const ok = form.get('login') === ACCOUNT.sub && form.get('password') === ACCOUNT.password;
    return oidc.interactionFinished(req, res, ok ? { login: { accountId: ACCOUNT.sub } } : { error: 'access_denied', error_description: 'Invalid login or password' }, { mergeWithLastSubmission: false });
  }
  const { missingOIDCScope, missingOIDCClaims, missingResourceScopes } = details.prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[]; missingResourceScopes?: Record<string, string[]> };
  const grant = details.grantId ? (await oidc.Grant.find(details.grantId))! : new oidc.Grant({ accountId: details.session!.accountId, clientId: String(details.params.client_id) });
  if (missingOIDCScope) grant.addOIDCScope(missingOIDCScope.join(' '));
  if (missingOIDCClaims) grant.addOIDCClaims(missingOIDCClaims);
  for (const [indicator, scope] of Object.entries(missingResourceScopes ?? {})) grant.addResourceScope(indicator, scope.join(' '));
  return oidc.interactionFinished(req, res, { consent: { grantId: await grant.save() } }, { mergeWithLastSubmission: true });
}

/** At the provider's login page: fill in and send. */
async function providerLogin(page: Page, password: string): Promise<void> {
  await page.locator('input[name=login]').fill(ACCOUNT.sub);
  await page.locator('input[name=password]').fill(password);
  await page.locator('button[type=submit]').click();
}

const REFUSED = 'Aanmelden is mislukt: de inlogdienst heeft u niet aangemeld (bijvoorbeeld een verkeerd wachtwoord, of afgebroken). U bent niet aangemeld; probeer het opnieuw.';

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => provider?.close(resolve));
  await gearbox?.stop();
});

describe('OIDC sign-in', () => {
  it('signs in at the provider, works with its token, and "Afmelden" ends both sessions', async () => {
    const page = await freshPage(browser, gearbox.base);
    expect(await page.getByLabel('Demo-gebruiker').count()).toBe(0);
    expect(await wcagViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Aanmelden' }).click();
    // The provider's own pages.
    await providerLogin(page, ACCOUNT.password);
    await page.locator('button[type=submit]', { hasText: 'Continue' }).click();
    // Back in gearbox: signed in as the provider's account, the API answering with its token.
    await page.getByRole('navigation', { name: 'Hoofdmenu' }).waitFor();
    expect(await page.locator('header').innerText()).toContain('Sanne de Vries (kwaliteitsmedewerker)');
    expect(new URL(page.url()).search).toBe('');
    await menu(page, 'Cycli').click();
    await page.getByRole('link', { name: /^Curriculum 2026/ }).first().waitFor();
    // Tokens in memory only.
    expect(await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }))).not.toMatch(/eyJ/);

    await page.getByRole('button', { name: 'Afmelden' }).click();
    await page.locator('button', { hasText: /sign me out/i }).click();
    await page.getByRole('heading', { level: 1, name: 'Aanmelden bij gearbox' }).waitFor();
    // The provider's session is gone: signing in asks for the password again.
    await page.getByRole('button', { name: 'Aanmelden' }).click();
    await page.locator('input[name=password]').waitFor();
  });

  it('says in Dutch that a sign-in cancelled at the provider did not happen', async () => {
    const page = await freshPage(browser, gearbox.base);
    await page.getByRole('button', { name: 'Aanmelden' }).click();
    await providerLogin(page, ACCOUNT.password);
    await page.getByRole('link', { name: /Cancel/ }).click();
    await expect.poll(() => page.getByRole('alert').innerText()).toBe(REFUSED);
    expect(await page.getByRole('navigation', { name: 'Hoofdmenu' }).count()).toBe(0);
    expect(await wcagViolations(page)).toEqual([]);
  });

  it('refuses a wrong password, says so in Dutch and signs in on the next try', async () => {
    const page = await freshPage(browser, gearbox.base);
    await page.getByRole('button', { name: 'Aanmelden' }).click();
    await providerLogin(page, 'verkeerd-wachtwoord');
    await expect.poll(() => page.getByRole('alert').innerText()).toBe(REFUSED);
    expect(await page.getByRole('navigation', { name: 'Hoofdmenu' }).count()).toBe(0);
    expect(new URL(page.url()).search).toBe('');
    expect(await wcagViolations(page)).toEqual([]);
    // Nothing of the attempt stays in the browser.
    expect(await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }))).not.toMatch(/eyJ/);

    await page.getByRole('button', { name: 'Opnieuw aanmelden' }).click();
    await providerLogin(page, ACCOUNT.password);
    await page.locator('button[type=submit]', { hasText: 'Continue' }).click();
    await page.getByRole('navigation', { name: 'Hoofdmenu' }).waitFor();
    expect(await page.locator('header').innerText()).toContain('Sanne de Vries (kwaliteitsmedewerker)');
    expect(await page.getByRole('alert').count()).toBe(0);
  });
});
