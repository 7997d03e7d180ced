/**
 * Docenten, Leerplekken and Programma's in Debian's Chromium against a real gearbox with the demo
 * institute: a kwaliteitsmedewerker opens each list, opens one item and sends one command through its
 * form (typed as a person does: dd-mm-jjjj, decimal comma); the API has it afterwards. axe on all six views.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { checkView, freshPage, menu, runningGearbox, signIn } from './harness.ts';

const env = runningGearbox();
const seen: Record<string, string[]> = {};

const check = (page: Page, name: string) => checkView(page, name, seen);

/** Opens the list from the menu and its first item; answers the item's id (from the URL) and name. */
async function openFirst(page: Page, list: string, base: string): Promise<{ id: string; name: string }> {
  await menu(page, list).click();
  await page.getByRole('heading', { level: 1, name: list }).waitFor();
  await check(page, list);
  const link = page.getByRole('table').getByRole('link').first();
  const name = (await link.innerText()).trim();
  await link.click();
  await page.getByRole('heading', { level: 1, name }).waitFor();
  await check(page, `${list}: één`);
  return { id: decodeURIComponent(new URL(page.url()).pathname.slice(base.length + 2)), name };
}

/** One item as the API has it now. */
async function fromApi(path: string): Promise<Record<string, unknown>> {
  const token = await env.gearbox.token('demo', ['kwaliteitsmedewerker']);
  const res = await fetch(`${env.gearbox.base}/api/v1/${path}`, { headers: { Authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  return (await res.json()) as Record<string, unknown>;
}

describe('Docenten, Leerplekken and Programma\'s', () => {
  it('a kwaliteitsmedewerker opens each list and item and sends a command through its form', async () => {
    const page = await freshPage(env.browser, env.gearbox.base);
    await signIn(page, 'Sanne de Vries (kwaliteitsmedewerker)');

    const docent = await openFirst(page, 'Docenten', 'docenten');
    const scholing = page.getByRole('form', { name: 'Scholing vastleggen' });
    await scholing.getByLabel('Scholing', { exact: true }).fill('Feedback geven in de praktijk');
    await scholing.getByLabel('Uren').fill('2,5');
    await scholing.getByLabel('Datum').fill('14-09-2026');
    await scholing.getByRole('button', { name: 'Scholing vastleggen' }).click();
    await page.getByRole('region', { name: 'Scholing' }).getByText('14-09-2026: Feedback geven in de praktijk (2,5 uur)').waitFor();
    expect((await fromApi(`docenten/${docent.id}`)).scholing).toContainEqual(expect.objectContaining({ title: 'Feedback geven in de praktijk', hours: 2.5, date: '2026-09-14' }));

    const leerplek = await openFirst(page, 'Leerplekken', 'leerplekken');
    const meting = page.getByRole('form', { name: 'Meting veilig leerklimaat vastleggen' });
    await meting.getByLabel('Gemeten op').fill('01-10-2026');
    await meting.getByLabel('Voelt zich veilig (%)').fill('87,5');
    await meting.getByLabel('Respondenten').fill('16');
    await meting.getByLabel('Bron').fill('aios-enquête najaar');
    await meting.getByRole('button', { name: 'Meting veilig leerklimaat vastleggen' }).click();
    await page.getByRole('region', { name: 'Veilig leerklimaat' }).getByText('01-10-2026: 87,5% veilig, 16 respondenten (aios-enquête najaar)').waitFor();
    expect((await fromApi(`leerplekken/${leerplek.id}`)).klimaat).toContainEqual(expect.objectContaining({ measuredAt: '2026-10-01', shareSafe: 87.5, n: 16 }));

    const programma = await openFirst(page, "Programma's", 'programmas');
    // A revision follows a review of the programme's feedback in the commissie (a day in the past).
    const bespreking = page.getByRole('form', { name: 'Bespreking in de commissie vastleggen' });
    await bespreking.getByLabel('Datum').fill('16-06-2026');
    await bespreking.getByRole('group', { name: 'Besproken feedbackrondes' }).getByRole('checkbox').first().check();
    await bespreking.getByLabel('Conclusies').fill('De aios willen meer oefenen met slecht-nieuwsgesprekken.');
    await bespreking.getByRole('button', { name: 'Bespreking in de commissie vastleggen' }).click();
    await page.getByRole('region', { name: 'Besprekingen in de commissie' }).getByText('16-06-2026: De aios willen meer oefenen met slecht-nieuwsgesprekken.').waitFor();
    const herziening = page.getByRole('form', { name: 'Herziening vastleggen' });
    // A day that does not exist is refused next to its field; nothing is recorded.
    await herziening.getByLabel('Wat er verandert').fill('Meer oefenen met slecht-nieuwsgesprekken');
    await herziening.getByLabel('Geldt vanaf').fill('31-02-2027');
    await herziening.getByRole('button', { name: 'Herziening vastleggen' }).click();
    await expect.poll(() => herziening.getByLabel('Geldt vanaf').getAttribute('aria-invalid')).toBe('true');
    const before = ((await fromApi(`programmas/${programma.id}`)).revisions as unknown[]).length;
    await herziening.getByLabel('Geldt vanaf').fill('01-01-2027');
    await herziening.getByRole('button', { name: 'Herziening vastleggen' }).click();
    await page.getByRole('region', { name: 'Herzieningen' }).getByText('vanaf 01-01-2027: Meer oefenen met slecht-nieuwsgesprekken').waitFor();
    const revisions = (await fromApi(`programmas/${programma.id}`)).revisions as unknown[];
    expect(revisions).toHaveLength(before + 1);
    expect(revisions).toContainEqual(expect.objectContaining({ summary: 'Meer oefenen met slecht-nieuwsgesprekken', effectiveFrom: '2027-01-01' }));
  });

  it('has no WCAG 2.1 A/AA violations on the six views', () => {
    expect(Object.keys(seen)).toHaveLength(6);
    for (const [name, violations] of Object.entries(seen)) expect(violations, name).toEqual([]);
  });
});
