/**
 * Signalen in Debian's Chromium against a real gearbox with the demo institute: the list with its
 * filters in the URL; a kwaliteitsmedewerker registers a complaint, triages it and records the
 * follow-up; only the MT closes it; an auditor sees the signal without its text (personal data,
 * checked in the DOM). axe on every page for each role.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { freshPage, menu, runningGearbox, signIn, wcagViolations } from './harness.ts';

const KWALITEIT = 'Sanne de Vries (kwaliteitsmedewerker)';
const MT = 'Pieter Bakker (MT-lid)';
const AUDITOR = 'Anouk Jansen (auditor)';
const TITLE = 'Klacht over de bereikbaarheid van het onderwijsbureau';
const SUMMARY = 'Een aios meldt dat het onderwijsbureau in de zomer twee weken niet bereikbaar was.';

const env = runningGearbox();

const seen: Record<string, string[]> = {};
async function check(page: Page, name: string): Promise<void> {
  await page.locator('h1').first().waitFor();
  await page.getByText('Laden…').first().waitFor({ state: 'detached' });
  expect(await page.locator('html').getAttribute('lang')).toBe('nl');
  expect(await page.locator('h1').count(), name).toBe(1);
  seen[name] = await wcagViolations(page);
}

async function openSignaal(page: Page, person: string): Promise<void> {
  await page.getByRole('button', { name: 'Afmelden' }).click();
  await signIn(page, person);
  await menu(page, 'Signalen').click();
  await page.getByRole('link', { name: TITLE }).click();
  await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
}

const stand = (page: Page) => page.locator('dt:text-is("Stand") + dd');

describe('Signalen', () => {
  it('a complaint from "Nieuw signaal" to closed: triaged and followed up by quality staff, closed by the MT; an auditor never sees its text', async () => {
    const page = await freshPage(env.browser, env.gearbox.base);
    await signIn(page, KWALITEIT);
    await menu(page, 'Signalen').click();
    await page.getByRole('link', { name: 'Klacht over late roosterwijzigingen van de terugkomdag' }).waitFor();
    await check(page, 'Signalen');
    await page.getByLabel('Stand').selectOption({ label: 'ontvangen' });
    await expect.poll(() => new URL(page.url()).searchParams.get('status')).toBe('ontvangen');
    await page.getByRole('link', { name: 'Weekstart: goede ervaringen met het nieuwe leergesprek' }).waitFor();
    expect(await page.getByRole('link', { name: 'Klacht over late roosterwijzigingen van de terugkomdag' }).count()).toBe(0);

    await page.getByRole('button', { name: 'Nieuw signaal' }).click();
    await page.getByLabel('Titel').fill(TITLE);
    await page.getByLabel('Soort').selectOption({ label: 'klacht' });
    await page.getByLabel('Samenvatting').fill(SUMMARY);
    await check(page, 'Nieuw signaal');
    await page.getByRole('button', { name: 'Opslaan' }).click();
    // Without the day it came in, nothing is registered and the field says why.
    const received = page.getByLabel('Ontvangen op');
    await expect.poll(() => received.getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Nieuw signaal');
    await received.fill('02-09-2026');
    await page.getByRole('button', { name: 'Opslaan' }).click();
    await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    expect(await stand(page).innerText()).toBe('ontvangen');
    expect(await page.getByText('02-09-2026').count()).toBe(1);
    // Not yet triaged: on the Overzicht under "Nieuwe signalen".
    await menu(page, 'Overzicht').click();
    await page.getByRole('region', { name: 'Nieuwe signalen' }).getByRole('link', { name: TITLE }).click();
    await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();

    const triage = page.getByRole('form', { name: 'Signaal beoordelen' });
    await triage.getByLabel('Ernst').selectOption({ label: 'midden' });
    await triage.getByLabel('Behandelaar').fill('Klachtencoördinator');
    await triage.getByRole('button', { name: 'Signaal beoordelen' }).click();
    await expect.poll(() => stand(page).innerText()).toBe('in behandeling');
    await menu(page, 'Overzicht').click();
    await page.getByRole('region', { name: 'Nieuwe signalen' }).getByText(/Weekstart: goede ervaringen/).waitFor();
    await expect.poll(() => page.getByRole('region', { name: 'Nieuwe signalen' }).getByRole('link', { name: TITLE }).count()).toBe(0);
    await page.goBack();
    await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    const followUp = page.getByRole('form', { name: 'Opvolging vastleggen' });
    await followUp.getByLabel('Wat er is gedaan').fill('Bereikbaarheid in de zomer geregeld met een vervanger.');
    await followUp.getByRole('button', { name: 'Opvolging vastleggen' }).click();
    await page.getByRole('region', { name: 'Opvolging' }).getByText('Bereikbaarheid in de zomer geregeld met een vervanger.').waitFor();
    // Closing is for the MT.
    expect(await page.getByRole('button', { name: 'Signaal sluiten' }).count()).toBe(0);
    await check(page, 'Signaal (kwaliteitsmedewerker)');

    await openSignaal(page, MT);
    await check(page, 'Signaal (MT)');
    const close = page.getByRole('form', { name: 'Signaal sluiten' });
    await close.getByLabel('Uitkomst').fill('Afgehandeld; de aios is tevreden.');
    await close.getByRole('button', { name: 'Signaal sluiten' }).click();
    await expect.poll(() => stand(page).innerText()).toBe('gesloten');
    expect(await page.locator('form').count()).toBe(0);

    await openSignaal(page, AUDITOR);
    await check(page, 'Signaal (auditor)');
    expect(await stand(page).innerText()).toBe('gesloten');
    const html = await page.content();
    expect(html).not.toContain(SUMMARY);
    expect(html).not.toContain('Bereikbaarheid in de zomer');
    expect(html).not.toContain('de aios is tevreden');
    await menu(page, 'Signalen').click();
    await check(page, 'Signalen (auditor)');
    expect(await page.getByRole('button', { name: 'Nieuw signaal' }).count()).toBe(0);
    expect(seen).toEqual(Object.fromEntries(Object.keys(seen).map((k) => [k, []])));
  });
});
