/**
 * Instellingen (admin) and Benchmark in Debian's Chromium against a real gearbox with the demo
 * institute: the admin renames the institute; forgetting a person asks first, says what it does,
 * and only "Ja, definitief vergeten" forgets. Others read that the page is for a beheerder. axe on each.
 */
import { describe, expect, it } from 'vitest';
import { freshPage, menu, runningGearbox, signIn, wcagViolations } from './harness.ts';

const ADMIN = 'Lotte Visser (beheerder)';
const KWALITEIT = 'Sanne de Vries (kwaliteitsmedewerker)';

const env = runningGearbox();

async function erasures(): Promise<number> {
  const token = await env.gearbox.token('demo', ['admin']);
  const res = await fetch(`${env.gearbox.base}/api/v1/subjects/erasures`, { headers: { Authorization: `Bearer ${token}` } });
  return ((await res.json()) as { items: unknown[] }).items.length;
}

describe('Instellingen and Benchmark', () => {
  it('an admin renames the institute and forgets a person only after confirming', async () => {
    const page = await freshPage(env.browser, env.gearbox.base);
    await signIn(page, ADMIN);
    await menu(page, 'Instellingen').click();
    const name = page.getByLabel('Naam van het instituut');
    await expect.poll(() => name.inputValue()).toBe('Huisartsopleiding Demo');
    expect(await wcagViolations(page)).toEqual([]);
    await name.fill('');
    await page.getByRole('button', { name: 'Opslaan' }).click();
    await expect.poll(() => name.getAttribute('aria-invalid')).toBe('true');
    await name.fill('Huisartsopleiding Demo Utrecht');
    await page.getByRole('button', { name: 'Opslaan' }).click();
    await page.getByText('Laatst gewijzigd op').waitFor();
    const token = await env.gearbox.token('demo', ['auditor']);
    const saved = (await (await fetch(`${env.gearbox.base}/api/v1/settings/institute`, { headers: { Authorization: `Bearer ${token}` } })).json()) as { name: string };
    expect(saved.name).toBe('Huisartsopleiding Demo Utrecht');

    const before = await erasures();
    await page.getByLabel('Betrokkene').fill('owner:Onderwijscoördinator');
    await page.getByRole('button', { name: 'Persoon vergeten' }).click();
    const dialog = page.getByRole('alertdialog', { name: 'owner:Onderwijscoördinator vergeten?' });
    expect(await dialog.innerText()).toContain('Dit kan niet ongedaan worden gemaakt.');
    expect(await wcagViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Annuleren' }).click();
    expect(await page.getByRole('alertdialog').count()).toBe(0);
    expect(await erasures()).toBe(before);
    await page.getByRole('button', { name: 'Persoon vergeten' }).click();
    await page.getByRole('button', { name: 'Ja, definitief vergeten' }).click();
    await page.getByText(/^Vergeten op \d\d-\d\d-\d{4}: owner:/).waitFor();
    expect(await erasures()).toBe(before + 1);
  });

  it('is for the admin only; Benchmark reads the national comparison', async () => {
    const page = await freshPage(env.browser, env.gearbox.base);
    await signIn(page, KWALITEIT);
    expect(await menu(page, 'Instellingen').count()).toBe(0);
    await menu(page, 'Benchmark').click();
    await page.getByRole('heading', { level: 1, name: 'Benchmark' }).waitFor();
    await page.getByText('Laden…').first().waitFor({ state: 'detached' });
    const token = await env.gearbox.token('demo', ['kwaliteitsmedewerker']);
    const { items } = (await (await fetch(`${env.gearbox.base}/api/v1/benchmark`, { headers: { Authorization: `Bearer ${token}` } })).json()) as { items: { name: string }[] };
    if (items.length === 0) await page.getByText('Nog niets te vergelijken').waitFor();
    for (const kpi of items) await page.getByRole('heading', { level: 2, name: new RegExp(`^${kpi.name}`) }).first().waitFor();
    expect(await wcagViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Afmelden' }).click();
    await signIn(page, KWALITEIT);
    await page.evaluate(() => history.pushState(null, '', '/instellingen'));
    await page.evaluate(() => dispatchEvent(new PopStateEvent('popstate')));
    await page.getByText('Alleen een beheerder van het instituut kan de instellingen wijzigen.').waitFor();
    expect(await page.getByLabel('Naam van het instituut').count()).toBe(0);
  });
});
