/**
 * Opleiders and the CMO in Debian's Chromium against a real gearbox with the demo institute: the CMO
 * takes a screening from the queue and decides it; a kwaliteitsmedewerker and an MT member opening
 * the same opleider do not have the rationale anywhere in the DOM. The LEOH overview per period
 * shows no figures for fewer than five respondents. axe on every page for each role.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { checkView, freshPage, menu, runningGearbox, signIn } from './harness.ts';

const CMO = 'Karim El Amrani (CMO)';
const KWALITEIT = 'Sanne de Vries (kwaliteitsmedewerker)';
const MT = 'Pieter Bakker (MT-lid)';
const RATIONALE = 'Besproken met de opleider: begeleiding van de aios in het eerste jaar wordt gevolgd tot de zomer.';

const env = runningGearbox();

const seen: Record<string, string[]> = {};
const check = (page: Page, name: string) => checkView(page, name, seen);

async function openOpleider(page: Page, person: string, name: string): Promise<void> {
  await page.getByRole('button', { name: 'Afmelden' }).click();
  await signIn(page, person);
  await menu(page, 'Opleiders').click();
  await page.getByRole('link', { name, exact: true }).click();
  await page.getByRole('heading', { level: 1, name }).waitFor();
  await page.getByText('Laden…').first().waitFor({ state: 'detached' });
}

describe('the CMO', () => {
  it('decides a screening from the queue; quality staff and the MT never get its rationale in the page', async () => {
    const page = await freshPage(env.browser, env.gearbox.base);
    await signIn(page, CMO);
    await menu(page, 'CMO').click();
    await check(page, 'CMO-wachtrij');
    // An open screening without a decision, with the LEOH signal behind it.
    const row = page.getByRole('row').filter({ has: page.getByRole('cell', { name: 'screening', exact: true }) }).filter({ hasText: 'nog geen' }).filter({ hasText: 'LEOH' }).first();
    const name = (await row.getByRole('link').innerText()).trim();
    await row.getByRole('link').click();
    await page.getByRole('heading', { level: 1, name }).waitFor();
    await check(page, 'opleider (CMO)');
    const decide = page.getByRole('form', { name: 'CMO-besluit vastleggen' });
    await decide.getByRole('button', { name: 'CMO-besluit vastleggen' }).click();
    // Without a rationale the API refuses, next to the field; nothing is decided.
    await expect.poll(() => decide.getByLabel('Onderbouwing').getAttribute('aria-invalid')).toBe('true');
    await decide.getByLabel('Besluit').selectOption({ label: 'monitoring' });
    await decide.getByLabel('Onderbouwing').fill(RATIONALE);
    await decide.getByRole('button', { name: 'CMO-besluit vastleggen' }).click();
    // The decision with its rationale, for the CMO (not the text still in the form's field).
    await page.getByRole('region', { name: 'CMO', exact: true }).getByRole('listitem').filter({ hasText: RATIONALE }).waitFor();
    expect(await page.getByRole('region', { name: 'CMO', exact: true }).innerText()).toMatch(/monitoring sinds .*: monitoring — /s);
    await menu(page, 'CMO').click();
    await expect.poll(() => page.getByRole('row').filter({ hasText: name }).innerText()).toContain('monitoring');

    for (const person of [KWALITEIT, MT]) {
      await openOpleider(page, person, name);
      await check(page, `opleider (${person})`);
      expect(await page.content(), person).not.toContain(RATIONALE);
      expect(await page.getByRole('form', { name: 'CMO-besluit vastleggen' }).count()).toBe(0);
    }
    // Quality staff have no CMO in their menu; the MT does, without rationales.
    await menu(page, 'CMO').click();
    await check(page, 'CMO-wachtrij (MT)');
    expect(await page.content()).not.toContain(RATIONALE);
  });

  it('shows LEOH per period and the group analysis, "te weinig respons" under five respondents', async () => {
    const page = await freshPage(env.browser, env.gearbox.base);
    await signIn(page, KWALITEIT);
    expect(await menu(page, 'CMO').count()).toBe(0);
    await menu(page, 'Opleiders').click();
    await check(page, 'opleiders');
    const group = page.getByRole('region', { name: 'LEOH-groepsanalyse' });
    await group.getByRole('table').waitFor();
    await page.getByRole('table').first().getByRole('link').first().click();
    await check(page, 'opleider (kwaliteitsmedewerker)');
    const rows = page.getByRole('region', { name: 'LEOH per periode' }).getByRole('row');
    expect(await rows.count()).toBeGreaterThan(1);
    for (const row of (await rows.all()).slice(1)) {
      const cells = await row.getByRole('cell').allInnerTexts();
      const n = Number(cells[1]);
      for (const cell of cells.slice(2)) {
        if (n < 5) expect(cell).toBe('te weinig respons');
        else expect(cell).toMatch(/^\d+(,\d+)?$/);
      }
    }
    await page.getByRole('button', { name: 'Afmelden' }).click();
  });

  it('a kwaliteitsmedewerker registers an opleider ("Nieuwe opleider") and filters the list by stand and CMO, in the URL', async () => {
    const page = await freshPage(env.browser, env.gearbox.base);
    await signIn(page, KWALITEIT);
    await menu(page, 'Opleiders').click();
    await page.getByRole('button', { name: 'Nieuwe opleider' }).click();
    await page.getByRole('heading', { level: 1, name: 'Nieuwe opleider' }).waitFor();
    await page.getByLabel('Naam').fill('Fenna Proefstra');
    // Without a practice the API refuses, under "Praktijk".
    await page.getByRole('button', { name: 'Opslaan' }).click();
    await expect.poll(() => page.getByLabel('Praktijk').getAttribute('aria-invalid')).toBe('true');
    await check(page, 'Nieuwe opleider, geweigerd');
    await page.getByLabel('Praktijk').fill('Huisartsenpraktijk Proefstra, Bunnik');
    await page.getByRole('button', { name: 'Opslaan' }).click();
    await page.getByRole('heading', { level: 1, name: 'Fenna Proefstra' }).waitFor();
    await page.getByRole('region', { name: 'LEOH per periode' }).getByText('komen uit de import van het evaluatiesysteem').waitFor();
    const history = page.getByRole('region', { name: 'Geschiedenis' }).getByRole('row').filter({ hasText: 'opleider aangemeld' });
    await history.filter({ hasText: 'Sanne de Vries' }).waitFor();
    expect(await history.getByRole('cell').first().innerText()).toMatch(/^\d{2}-\d{2}-\d{4} om \d{2}:\d{2}$/);
    await check(page, 'opleider, nieuw');

    await menu(page, 'Opleiders').click();
    await page.getByLabel('Stand').selectOption({ label: 'aangemeld' });
    await expect.poll(() => page.url()).toContain('stand=aangemeld');
    await page.getByRole('link', { name: 'Fenna Proefstra' }).waitFor();
    const rows = page.getByRole('table').first().getByRole('row');
    for (const row of (await rows.all()).slice(1)) expect((await row.getByRole('cell').allInnerTexts())[2]).toBe('aangemeld');
    // A filter reads as one: no "(optioneel)", and its empty choice is "alle".
    await page.getByRole('form', { name: 'Filters' }).getByLabel('Stand', { exact: true }).selectOption({ label: 'alle' });
    await page.getByLabel('CMO').selectOption({ label: 'open screening of traject' });
    await expect.poll(() => page.url()).toContain('cmo=open');
    await expect.poll(() => page.getByRole('link', { name: 'Fenna Proefstra' }).count()).toBe(0);
    await check(page, 'opleiders, gefilterd');
    expect(await page.getByRole('table').first().getByRole('row').count()).toBeGreaterThan(1);
  });

  it('has no WCAG 2.1 A/AA violations on the pages it visited', () => {
    expect(Object.keys(seen).length).toBeGreaterThanOrEqual(9);
    for (const [name, violations] of Object.entries(seen)) expect(violations, name).toEqual([]);
  });
});
