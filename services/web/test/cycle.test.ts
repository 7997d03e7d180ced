/**
 * UI.md's proof, in Debian's Chromium against a real gearbox with the demo institute: a
 * kwaliteitsmedewerker and an MT member take a curriculum cycle from "Nieuwe cyclus" to closed by
 * clicking and typing only (a file uploaded as evidence), and see in words why a step is blocked; another institute's cycle is
 * "niet gevonden"; axe finds no WCAG 2.1 A/AA violation on any page built so far; the first page
 * ships at most 300 KB of gzipped JavaScript.
 */
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { freshPage as open, menu, runningGearbox, signIn, wcagViolations } from './harness.ts';

const KWALITEIT = 'Sanne de Vries (kwaliteitsmedewerker)';
const MT = 'Pieter Bakker (MT-lid)';

const env = runningGearbox();

const freshPage = () => open(env.browser, env.gearbox.base);

const form = (page: Page, name: string) => page.getByRole('form', { name });

/** The evidence of a cycle as the API has it, read with a token of the demo institute. */
interface StoredCycle {
  title: string;
  goals: { goalId: string; title: string }[];
  kpis: { goalId: string; target: unknown; targetValue: number; nationalCode?: string }[];
  evidence: { title: string; sha256?: string; documentId?: string; criteria?: string[]; tags?: string[] }[];
}

/** The cycle on the page (`path` '') or its audit trail ('/events') as the API has it, read with a token of the demo institute. */
async function fromApi<T>(page: Page, path: '' | '/events'): Promise<T> {
  const token = await env.gearbox.token('demo', ['auditor']);
  const headers = { Authorization: `Bearer ${token}` };
  const id = new URL(page.url()).pathname.split('/').at(-1)!;
  return (await (await fetch(`${env.gearbox.base}/api/v1/cycles/${id}${path}`, { headers })).json()) as T;
}

/** The criteria mapping in force, as the API answers it. */
async function mapping(): Promise<{ cycleKinds: Record<string, { criteria: string[]; tags?: Record<string, string[]> }> }> {
  const token = await env.gearbox.token('demo', ['kwaliteitsmedewerker']);
  return (await (await fetch(`${env.gearbox.base}/api/v1/gear/mapping`, { headers: { Authorization: `Bearer ${token}` } })).json()) as never;
}

async function storedCycle(page: Page, title: string): Promise<StoredCycle> {
  const cycle = await fromApi<StoredCycle>(page, '');
  expect(cycle.title).toBe(title);
  return cycle;
}

async function switchTo(page: Page, person: string, cycleTitle: string): Promise<void> {
  await page.getByRole('button', { name: 'Afmelden' }).click();
  await signIn(page, person);
  await menu(page, 'Cycli').click();
  await page.getByRole('link', { name: cycleTitle }).click();
  await page.getByRole('heading', { level: 1, name: cycleTitle }).waitFor();
}

describe('a curriculum cycle in the browser', () => {
  it('goes from "Nieuwe cyclus" to closed, by a kwaliteitsmedewerker and an MT member', async () => {
    const page = await freshPage();
    const title = 'Curriculum 2027: veilig leerklimaat';
    await signIn(page, KWALITEIT);
    await menu(page, 'Cycli').click();
    await page.getByRole('button', { name: 'Nieuwe cyclus' }).click();
    await page.getByLabel('Titel', { exact: true }).fill(title);
    await page.getByLabel('Soort', { exact: true }).selectOption({ label: 'Curriculum' });
    await page.getByLabel('Periode van').fill('01-01-2027');
    await page.getByLabel('Periode tot en met').fill('31-12-2026');
    await page.getByRole('button', { name: 'Opslaan' }).click();
    // The API's problem appears next to the field it names, in Dutch; nothing was started.
    const to = page.getByLabel('Periode tot en met');
    await expect.poll(() => to.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await to.getAttribute('aria-describedby'))!.split(' ');
    const said = await Promise.all(describedBy.map((id) => page.locator(`[id="${id}"]`).innerText()));
    expect(said).toContain('to mag niet vóór from liggen');
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Nieuwe cyclus');
    await page.getByLabel('Periode tot en met').fill('31-12-2027');
    await page.getByRole('button', { name: 'Opslaan' }).click();
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    expect(await page.getByRole('list', { name: 'Stappen van de cyclus' }).locator('[aria-current="step"]').innerText()).toContain('Plan');
    expect(await page.getByText('01-01-2027 t/m 31-12-2027').count()).toBe(1);

    await form(page, 'Doel vastleggen').getByLabel('Doel', { exact: true }).fill('Een veilig opleidingsklimaat voor alle aios');
    await page.getByRole('button', { name: 'Doel vastleggen' }).click();
    await page.getByRole('region', { name: 'Doelen' }).getByText('Een veilig opleidingsklimaat voor alle aios').waitFor();

    // A KPI belongs to a goal picked from the cycle's goals, its target a change in percent on the baseline.
    const kpi = form(page, 'KPI vastleggen');
    await kpi.getByLabel('Naam van de KPI').fill('Aios die zich veilig voelen');
    await kpi.getByLabel('Hoort bij doel').selectOption({ label: 'Een veilig opleidingsklimaat voor alle aios' });
    await kpi.getByLabel('Eenheid').fill('%');
    await kpi.getByLabel('Landelijke code (optioneel)').fill('nivel-veilig-klimaat');
    await kpi.getByLabel('Nulmeting', { exact: true }).fill('80');
    await kpi.getByLabel('Bron van de nulmeting').fill('aios-enquête 2026');
    await kpi.getByLabel('Jaar van de nulmeting').fill('2026');
    expect(await kpi.getByLabel('Verandering in procent').count()).toBe(0);
    await kpi.getByLabel('Streefwaarde als').selectOption({ label: 'een verandering in procent' });
    expect(await kpi.getByLabel('Streefwaarde', { exact: true }).count()).toBe(0);
    await kpi.getByLabel('Verandering in procent').fill('12,5');
    expect(await wcagViolations(page), 'KPI vastleggen als verandering in procent').toEqual([]);
    await kpi.getByLabel('Te halen op').fill('31-12-2027');
    await page.getByRole('button', { name: 'KPI vastleggen' }).click();
    await page.getByRole('region', { name: "KPI's" }).getByText('streefwaarde 90 % (+12,5% ten opzichte van de nulmeting) op 31-12-2027').waitFor();
    const planned = await storedCycle(page, title);
    expect(planned.kpis).toEqual([
      expect.objectContaining({ goalId: planned.goals[0]!.goalId, nationalCode: 'nivel-veilig-klimaat', target: { changePercent: 12.5, by: '2027-12-31' }, targetValue: 90 }),
    ]);

    const plan = form(page, 'Activiteit plannen');
    await plan.getByLabel('Activiteit', { exact: true }).fill('Enquête onder aios');
    await plan.getByLabel('Eigenaar').fill('Sanne de Vries');
    await plan.getByLabel('Uiterlijk klaar op').fill('31-03-2027');
    await page.getByRole('button', { name: 'Activiteit plannen' }).click();
    await page.getByRole('region', { name: 'Activiteiten' }).getByText('Enquête onder aios (Sanne de Vries), uiterlijk 31-03-2027: open').waitFor();

    // Only the MT approves a plan.
    await switchTo(page, MT, title);
    await page.getByRole('button', { name: 'Plan goedkeuren' }).click();
    await expect.poll(() => page.locator('[aria-current="step"]').innerText()).toContain('Do');

    await switchTo(page, KWALITEIT, title);
    // Blocked: the activity is still open, and the page says so in words.
    await page.getByRole('button', { name: 'Check starten' }).click();
    await expect.poll(() => form(page, 'Check starten').getByRole('alert').innerText()).toContain('Nog niet afgerond: activiteit enquete-onder-aios');
    expect(await page.locator('[aria-current="step"]').innerText()).toContain('Do');

    await form(page, 'Activiteit afronden').getByLabel('Activiteit', { exact: true }).selectOption({ label: 'Enquête onder aios' });
    await form(page, 'Activiteit afronden').getByLabel('Notitie (optioneel)').fill('Respons 82%');
    await page.getByRole('button', { name: 'Activiteit afronden' }).click();
    await page.getByRole('region', { name: 'Activiteiten' }).getByText('afgerond — Respons 82%').waitFor();

    const evidence = form(page, 'Bewijs toevoegen');
    await evidence.getByLabel('Titel van het bewijs').fill('Enquêteresultaten voorjaar 2027');
    await evidence.getByLabel('Soort bewijs').selectOption({ label: 'Enquête' });
    await evidence.getByLabel('Geldt per (optioneel)').fill('31-03-2027');
    await evidence.getByLabel('Samenvatting (optioneel)').fill('n = 96 aios; gemiddeld 7,4.');
    // Thema-labels: a choice among the tag rules the criteria mapping has for a curriculum cycle, each saying what it adds.
    const tags = evidence.getByRole('group', { name: 'Thema-labels (optioneel)' });
    const rules = (await mapping()).cycleKinds.curriculum!;
    expect(await tags.getByRole('checkbox').count()).toBe(Object.keys(rules.tags ?? {}).length);
    await tags.getByRole('checkbox', { name: 'academisch-niveau (telt ook voor AN-2 en AN-4)' }).check();
    // The GEAR criteria it counts for, picked per domain (each folds open on its name) by code and title.
    const criteria = evidence.getByRole('group', { name: 'Telt voor de GEAR-criteria (optioneel)' });
    // With none chosen, the form says in words which criteria a curriculum cycle's evidence gets.
    expect(rules.criteria).toEqual(['CUR-2']);
    expect(await criteria.innerText()).toContain('Niets gekozen: het bewijs telt voor de criteria van een curriculumcyclus: CUR-2: Aios, docenten en opleiders');
    expect(await criteria.getByRole('checkbox').first().isVisible()).toBe(false);
    // A domain's name (its <summary>, which has no ARIA role to find it by) opens it.
    const domain = (name: string) => criteria.locator('summary').filter({ hasText: new RegExp(`^${name}`) });
    await domain('Curriculum').click();
    await criteria.getByRole('group', { name: 'Curriculum' }).getByLabel(/^CUR-2: Aios, docenten en opleiders geven feedback/).check();
    await domain('Curriculum \\(1 gekozen\\)').waitFor();
    await domain('Leeromgeving').press('Enter');
    await criteria.getByRole('group', { name: 'Leeromgeving' }).getByRole('checkbox').first().check();
    expect(await wcagViolations(page), 'Bewijs toevoegen met GEAR-criteria').toEqual([]);
    const file = evidence.getByLabel('Bestand (optioneel)');
    expect(await evidence.getByText('Upload geen persoonsgegevens').count()).toBe(1);
    // A type the institute's documents never have is refused, and the reason stands under the field.
    await file.setInputFiles({ name: 'rooster.exe', mimeType: 'application/x-msdownload', buffer: Buffer.from('MZ') });
    await expect.poll(() => file.getAttribute('aria-invalid')).toBe('true');
    const why = await page.locator(`[id="${(await file.getAttribute('aria-describedby'))!.split(' ').at(-1)}"]`).innerText();
    expect(why).toContain('application/x-msdownload wordt niet aangenomen');
    await file.setInputFiles({ name: 'enquete-voorjaar-2027.csv', mimeType: 'text/csv', buffer: Buffer.from('vraag;gemiddelde\nveiligheid;7,4\n') });
    await evidence.getByRole('status').getByText('Geüpload: enquete-voorjaar-2027.csv (1 kB)').waitFor();
    expect(await file.getAttribute('aria-invalid')).toBeNull();
    await page.getByRole('button', { name: 'Bewijs toevoegen' }).click();
    await page.getByRole('region', { name: 'Bewijs' }).getByText('Enquêteresultaten voorjaar 2027 (Enquête, per 31-03-2027, bestand bijgevoegd)').waitFor();
    // The file comes back as it went in, under its own name.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Bestand van Enquêteresultaten voorjaar 2027 downloaden' }).click()]);
    expect(download.suggestedFilename()).toBe('enquete-voorjaar-2027.csv');
    expect(readFileSync((await download.path())!, 'utf8')).toBe('vraag;gemiddelde\nveiligheid;7,4\n');
    // The server linked the uploaded document and filled in its hash.
    const [stored] = (await storedCycle(page, title)).evidence;
    expect(stored).toMatchObject({ title: 'Enquêteresultaten voorjaar 2027', sha256: expect.stringMatching(/^[0-9a-f]{64}$/), documentId: expect.any(String), criteria: ['CUR-2', 'LO-1'], tags: ['academisch-niveau'] });

    await form(page, 'Meting vastleggen').getByLabel('KPI', { exact: true }).selectOption({ label: 'Aios die zich veilig voelen' });
    await form(page, 'Meting vastleggen').getByLabel('Gemeten waarde').fill('86,5');
    await form(page, 'Meting vastleggen').getByLabel('Bron', { exact: true }).fill('aios-enquête voorjaar 2027');
    await form(page, 'Meting vastleggen').getByLabel('Gemeten op').fill('15-11-2026');
    expect(await form(page, 'Meting vastleggen').getByText('Onder 5 respondenten wordt de gemeten waarde niet gedeeld').count()).toBe(1);
    await form(page, 'Meting vastleggen').getByLabel('Aantal respondenten (optioneel)').fill('96');
    await page.getByRole('button', { name: 'Meting vastleggen' }).click();
    await page.getByRole('region', { name: "KPI's" }).getByText('laatste meting 86,5 % op 15-11-2026').waitFor();
    // The number of respondents is kept with the measurement (the benchmark shares the value from 5 on).
    const { items: trail } = await fromApi<{ items: { type: string; data: { n?: number } }[] }>(page, '/events');
    expect(trail.filter((e) => e.type === 'MeasurementRecorded').map((e) => e.data.n)).toEqual([96]);

    await page.getByRole('button', { name: 'Check starten' }).click();
    await expect.poll(() => page.locator('[aria-current="step"]').innerText()).toContain('Check');

    const finding = form(page, 'Bevinding vastleggen');
    await finding.getByLabel('Bevinding', { exact: true }).fill('Veiligheid deels gehaald');
    await finding.getByLabel('Oordeel').selectOption({ label: 'voldoet deels' });
    await finding.getByLabel('Enquêteresultaten voorjaar 2027').check();
    await page.getByRole('button', { name: 'Bevinding vastleggen' }).click();
    await page.getByRole('region', { name: 'Bevindingen' }).getByText('Veiligheid deels gehaald: voldoet deels, onderbouwd met Enquêteresultaten voorjaar 2027').waitFor();

    const review = form(page, 'Bespreking vastleggen');
    await review.getByLabel('Besproken door').fill('curriculumcommissie');
    await review.getByLabel('Datum').fill('15-10-2026');
    await page.getByRole('button', { name: 'Bespreking vastleggen' }).click();
    await page.getByRole('region', { name: 'Besprekingen' }).getByText('curriculumcommissie op 15-10-2026').waitFor();

    await page.getByRole('button', { name: 'Check afronden' }).click();
    await expect.poll(() => page.locator('[aria-current="step"]').innerText()).toContain('Act');

    await switchTo(page, MT, title);
    const action = form(page, 'Verbeteractie besluiten');
    await action.getByLabel('Naar aanleiding van bevinding').selectOption({ label: 'Veiligheid deels gehaald (voldoet deels)' });
    await action.getByLabel('Verbeteractie', { exact: true }).fill('Training veilig leerklimaat voor opleiders');
    await action.getByLabel('Eigenaar').fill('Pieter Bakker');
    await action.getByLabel('Uiterlijk klaar op').fill('01-09-2027');
    await page.getByRole('button', { name: 'Verbeteractie besluiten' }).click();
    await page.getByRole('region', { name: 'Verbeteracties' }).getByText('Training veilig leerklimaat voor opleiders (Pieter Bakker), uiterlijk 01-09-2027: open').waitFor();

    const outcome = form(page, 'Uitkomst communiceren');
    await outcome.getByLabel('aios').check();
    await outcome.getByLabel('opleiders').check();
    await outcome.getByLabel('Kanaal').fill('nieuwsbrief');
    await outcome.getByLabel('Samenvatting').fill('Resultaten en de training gedeeld');
    await page.getByRole('button', { name: 'Uitkomst communiceren' }).click();
    await page.getByRole('region', { name: 'Communicatie' }).getByText(/Resultaten en de training gedeeld \(nieuwsbrief, aan aios, opleiders/).waitFor();

    await page.getByRole('button', { name: 'Cyclus afsluiten' }).click();
    await expect.poll(() => page.locator('[aria-current="step"]').innerText()).toContain('Afgesloten');
    expect(await page.getByRole('region', { name: 'Wat u nu kunt doen' }).count()).toBe(0);

    // The list agrees, filtered by fase.
    await menu(page, 'Cycli').click();
    await page.getByLabel('Fase').selectOption({ label: 'Afgesloten' });
    await page.getByRole('link', { name: title }).waitFor();
    expect(page.url()).toContain('fase=closed');
  });

  it("shows another institute's cycle as niet gevonden, never its data", async () => {
    const token = await env.gearbox.token('elders', ['kwaliteitsmedewerker']);
    const res = await fetch(`${env.gearbox.base}/api/v1/cycles`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ kind: 'curriculum', title: 'Geheim plan van elders', period: { from: '2027-01-01', to: '2027-12-31' } }),
    });
    const { id } = (await res.json()) as { id: string };
    const page = await freshPage();
    await page.goto(`${env.gearbox.base}/cycli/${id}`);
    await signIn(page, KWALITEIT);
    await page.getByRole('heading', { level: 1, name: 'Niet gevonden' }).waitFor();
    expect(await page.getByText('Deze cyclus is niet gevonden in uw instituut.').count()).toBe(1);
    expect(await page.content()).not.toContain('Geheim plan van elders');
  });
});

describe('every page built so far', () => {
  it('has lang="nl", one h1, and no WCAG 2.1 A/AA violation (axe)', async () => {
    const page = await freshPage();
    const seen: Record<string, string[]> = {};
    const check = async (name: string) => {
      await page.locator('h1').first().waitFor();
      await page.getByText('Laden…').first().waitFor({ state: 'detached' });
      expect(await page.locator('html').getAttribute('lang')).toBe('nl');
      expect(await page.locator('h1').count(), name).toBe(1);
      seen[name] = await wcagViolations(page);
    };
    await check('Aanmelden');
    await signIn(page, KWALITEIT);
    await check('Overzicht');
    await menu(page, 'Cycli').click();
    await check('Cycli');
    await page.getByRole('link', { name: 'Curriculum 2026: terugkomdagonderwijs' }).click();
    await check('Cyclus');
    await page.getByRole('button', { name: 'Afmelden' }).click();
    await signIn(page, MT);
    await check('Cyclus (MT)');
    await menu(page, 'Cycli').click();
    await page.getByRole('button', { name: 'Nieuwe cyclus' }).click();
    await check('Nieuwe cyclus');
    await menu(page, 'Opleiders').click();
    await check('Opleiders');
    await page.getByRole('button', { name: 'Afmelden' }).click();
    await signIn(page, 'Anouk Jansen (auditor)');
    await check('Overzicht (auditor)');
    await menu(page, 'Cycli').click();
    await page.getByRole('link', { name: 'Curriculum 2026: terugkomdagonderwijs' }).click();
    await check('Cyclus (auditor)');
    // An auditor reads everything and may send nothing: no forms, not even a blocked step.
    expect(await page.getByRole('region', { name: 'Bevindingen' }).innerText()).toContain('Veilig opleidingsklimaat stijgt');
    expect(await page.locator('form').count()).toBe(0);
    await page.goto(`${env.gearbox.base}/bestaat-niet`);
    await signIn(page, MT);
    await check('Niet gevonden');
    expect(seen).toEqual(Object.fromEntries(Object.keys(seen).map((k) => [k, []])));
  });

  it('works with the keyboard only: sign in and reach Cycli', async () => {
    const page = await freshPage();
    await page.getByLabel('Demo-gebruiker').locator('option', { hasText: 'Sanne de Vries' }).waitFor({ state: 'attached' });
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('SELECT');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Aanmelden');
    await page.keyboard.press('Enter');
    await page.getByRole('navigation', { name: 'Hoofdmenu' }).waitFor();
    await menu(page, 'Cycli').focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Cycli' }).waitFor();
  });
});

describe('the first page', () => {
  it('ships at most 300 KB of gzipped JavaScript', async () => {
    const page = await (await env.browser.newContext()).newPage();
    const sizes: Promise<number>[] = [];
    page.on('response', (r) => {
      if (r.url().endsWith('.js')) sizes.push(r.body().then((b) => gzipSync(b).length));
    });
    await page.goto(env.gearbox.base);
    await signIn(page, KWALITEIT);
    await page.getByRole('heading', { level: 1, name: 'Overzicht' }).waitFor();
    const total = (await Promise.all(sizes)).reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(0);
    expect(total).toBeLessThanOrEqual(300 * 1024);
  });
});
