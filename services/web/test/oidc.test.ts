/**
 * Sign-in through a real OpenID provider (`oidc-provider`, started here on 127.0.0.1 with one test
 * account): authorization code + PKCE from the browser, the server checking the access token by
 * the provider's JWKS; a refused sign-in says so in Dutch; "Afmelden" also ends the provider's
 * session. With an issuer set the demo sign-in is gone.
 */
import type { Server } from 'node:http';
import Provider from 'oidc-provider';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, freshPage, launch, menu, startGearbox, wcagViolations, type Running } from './harness.ts';

const AUDIENCE = 'https://gearbox.test/api';
const ACCOUNT = { sub: 'sanne', name: 'Sanne de Vries', roles: ['kwaliteitsmedewerker'] };

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
    features: {
      devInteractions: { enabled: true },
      rpInitiatedLogout: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => AUDIENCE,
        useGrantedResource: () => true,
        getResourceServerInfo: () => ({ scope: '', audience: AUDIENCE, accessTokenFormat: 'jwt', jwt: { sign: { alg: 'RS256' } } }),
      },
    },
  });
  provider = oidc.listen(Number(new URL(issuer).port));
});

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
    // The provider's own pages (oidc-provider's development screens).
    await page.locator('input[name=login]').fill(ACCOUNT.sub);
    await page.locator('input[name=password]').fill('geheim');
    await page.locator('button[type=submit]').click();
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

  it('says in Dutch that a sign-in refused at the provider did not happen', async () => {
    const page = await freshPage(browser, gearbox.base);
    await page.getByRole('button', { name: 'Aanmelden' }).click();
    await page.locator('input[name=login]').fill(ACCOUNT.sub);
    await page.locator('input[name=password]').fill('geheim');
    await page.locator('button[type=submit]').click();
    await page.getByRole('link', { name: /Cancel/ }).click();
    await expect.poll(() => page.getByRole('alert').innerText()).toBe('Aanmelden is geweigerd of afgebroken bij de inlogdienst. U bent niet aangemeld.');
    expect(await page.getByRole('navigation', { name: 'Hoofdmenu' }).count()).toBe(0);
    expect(await wcagViolations(page)).toEqual([]);
  });
});
