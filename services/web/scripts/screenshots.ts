/**
 * The screenshots in docs/ui.md: a real gearbox with the demo and Debian's Chromium, as the browser
 * tests use them. `npx tsx scripts/screenshots.ts` after a build.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch, menu, signIn, startGearbox } from '../test/harness.ts';

const out = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'docs', 'img');
const gearbox = await startGearbox();
const browser = await launch();
try {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam', acceptDownloads: true })).newPage();
  await page.goto(gearbox.base);
  await page.getByLabel('Demo-gebruiker').waitFor();
  await page.screenshot({ path: join(out, 'ui-aanmelden.png') });
  await signIn(page, 'Sanne de Vries (kwaliteitsmedewerker)');
  await page.getByRole('heading', { name: 'Open bevindingen en verbeteracties' }).waitFor();
  await page.getByText('Laden…').first().waitFor({ state: 'detached' });
  await page.screenshot({ path: join(out, 'ui-overzicht.png') });
  await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Cycli', exact: true }).click();
  await page.getByRole('link', { name: 'Curriculum 2026: terugkomdagonderwijs' }).click();
  await page.getByRole('heading', { level: 2, name: 'Wat u nu kunt doen' }).waitFor();
  await page.screenshot({ path: join(out, 'ui-cyclus.png') });
  await menu(page, 'GEAR').click();
  await page.getByRole('article', { name: /^CUR-2:/ }).waitFor();
  await page.getByRole('article', { name: /^CUR-2:/ }).getByRole('button', { name: /^Zelfevaluatie CUR-2/ }).click();
  await page.getByRole('heading', { level: 2, name: 'Curriculum' }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(out, 'ui-gear.png') });
  await menu(page, 'Docenten').click();
  await page.getByRole('button', { name: 'Nieuwe docent' }).waitFor();
  await page.getByRole('table').waitFor();
  await page.screenshot({ path: join(out, 'ui-docenten.png') });
  await menu(page, 'Signalen').click();
  await page.getByRole('link', { name: /^Incident/ }).click();
  await page.getByRole('heading', { level: 2, name: 'Opvolging' }).waitFor();
  await page.screenshot({ path: join(out, 'ui-signaal.png') });
  await menu(page, 'Jaarverslag').click();
  await page.getByRole('heading', { level: 2, name: 'Managementreviews' }).waitFor();
  await page.emulateMedia({ media: 'print' });
  await page.screenshot({ path: join(out, 'ui-jaarverslag-print.png') });
  await page.emulateMedia({ media: 'screen' });
  await page.getByRole('button', { name: 'Afmelden' }).click();
  await signIn(page, 'Karim El Amrani (CMO)');
  await menu(page, 'CMO').click();
  await page.getByRole('table').waitFor();
  await page.screenshot({ path: join(out, 'ui-cmo.png') });
  await page.getByRole('row').filter({ hasText: 'nog geen' }).filter({ hasText: 'LEOH' }).first().getByRole('link').click();
  await page.getByRole('heading', { level: 2, name: 'Wat u nu kunt doen' }).waitFor();
  await page.screenshot({ path: join(out, 'ui-opleider.png'), fullPage: true });
  await page.getByRole('button', { name: 'Afmelden' }).click();
  await signIn(page, 'Lotte Visser (beheerder)');
  await menu(page, 'Instellingen').click();
  await page.getByLabel('Persoon', { exact: true }).selectOption({ index: 1 });
  await page.getByRole('button', { name: 'Persoon vergeten' }).click();
  await page.getByRole('alertdialog').waitFor();
  await page.screenshot({ path: join(out, 'ui-instellingen.png'), fullPage: true });
  await page.getByRole('button', { name: 'Afmelden' }).click();
  await signIn(page, 'Anouk Jansen (auditor)');
  await menu(page, 'Dossier').click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Dossier downloaden' }).click()]);
  await page.getByLabel('Dossier', { exact: true }).setInputFiles((await download.path())!);
  await page.getByRole('button', { name: 'Dossier controleren' }).click();
  await page.getByText(/het dossier is geldig/).waitFor();
  await page.screenshot({ path: join(out, 'ui-dossier.png'), fullPage: true });
} finally {
  await browser.close();
  await gearbox.stop();
}
