/**
 * Docenten, Leerplekken and Programma's in Debian's Chromium against a real gearbox with the demo
 * institute: a kwaliteitsmedewerker opens each list, opens one item and sends one command through its
 * form (typed as a person does: dd-mm-jjjj, decimal comma); the API has it afterwards. New items
 * through "Nieuwe …", the commands that choose a person or a round by name, filters in the URL and
 * the audit trail; the MT's own commands; an auditor reads without forms or withheld names; another
 * institute's items are "Niet gevonden". axe on every view.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Role } from '@gearbox/http';
import { checkView, choose, freshPage, menu, offered, runningGearbox, signIn } from './harness.ts';

const KWALITEIT = 'Sanne de Vries (kwaliteitsmedewerker)';
const MT = 'Pieter Bakker (MT-lid)';
const AUDITOR = 'Anouk Jansen (auditor)';

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

/** What the API has now (as a kwaliteitsmedewerker of `institute`), or what it answers to a POST (as `role`). */
async function fromApi(path: string, post?: unknown, institute = 'demo', role: Role = 'kwaliteitsmedewerker'): Promise<Record<string, unknown>> {
  const token = await env.gearbox.token(institute, [role]);
  const res = await fetch(`${env.gearbox.base}/api/v1/${path}`, {
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    ...(post ? { method: 'POST', body: JSON.stringify(post) } : {}),
  });
  expect(res.status, path).toBe(post ? (path.endsWith('/commands') ? 200 : 201) : 200);
  return (await res.json()) as Record<string, unknown>;
}
const items = async (path: string) => (await fromApi(path)).items as Record<string, string>[];

/** Signs the page's person out and `person` in. */
async function switchTo(page: Page, person: string): Promise<void> {
  await page.getByRole('button', { name: 'Afmelden' }).click();
  await signIn(page, person);
}

/** The row of the audit trail ("Geschiedenis") that says `what`, by `who`, today. */
async function inHistory(page: Page, what: string, who: string): Promise<void> {
  const today = new Intl.DateTimeFormat('nl-NL', { timeZone: 'Europe/Amsterdam', day: '2-digit', month: '2-digit', year: 'numeric' }).format(new Date());
  const row = page.getByRole('region', { name: 'Geschiedenis' }).getByRole('row').filter({ hasText: what }).filter({ hasText: who }).last();
  await row.waitFor();
  expect(await row.getByRole('cell').first().innerText()).toMatch(new RegExp(`^${today} om \\d{2}:\\d{2}$`));
}

/** A form of "Wat u nu kunt doen", by its name. */
const form = (page: Page, name: string) => page.getByRole('form', { name });

describe('Docenten, Leerplekken and Programma\'s', () => {
  it('a kwaliteitsmedewerker opens each list and item and sends a command through its form', async () => {
    const page = await freshPage(env.browser, env.gearbox.base);
    await signIn(page, KWALITEIT);

    const docent = await openFirst(page, 'Docenten', 'docenten');
    const scholing = page.getByRole('form', { name: 'Scholing vastleggen' });
    await scholing.getByLabel('Scholing', { exact: true }).fill('Feedback geven in de praktijk');
    await scholing.getByLabel('Uren').fill('2,5');
    await scholing.getByLabel('Datum').fill('14-09-2026');
    await scholing.getByRole('button', { name: 'Scholing vastleggen' }).click();
    await page.getByRole('region', { name: 'Scholing' }).getByText('14-09-2026: Feedback geven in de praktijk (2,5 uur)').waitFor();
    expect((await fromApi(`docenten/${docent.id}`)).scholing).toContainEqual(expect.objectContaining({ title: 'Feedback geven in de praktijk', hours: 2.5, date: '2026-09-14' }));
    await inHistory(page, 'scholing vastgelegd', 'Sanne de Vries');
    // Scores come from the import: no form for them, and the page says so.
    await page.getByRole('region', { name: 'Feedback van aios' }).getByText('komen uit de import van het evaluatiesysteem').waitFor();
    expect(await page.getByRole('button', { name: /feedback (vastleggen|inlezen)/i }).count()).toBe(0);

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

  it('a kwaliteitsmedewerker registers a docent, a leerplek and a programma, and chooses people and rounds by name', async () => {
    const page = await freshPage(env.browser, env.gearbox.base);
    await signIn(page, KWALITEIT);

    // Docenten: filtered by rol in the URL; "Nieuwe docent"; an e-mail the API refuses is shown under its field.
    await menu(page, 'Docenten').click();
    await page.getByLabel('Rol').selectOption({ label: 'gedragswetenschapper' });
    await expect.poll(() => page.url()).toContain('rol=gedragswetenschapper');
    const expected = (await items('docenten?role=gedragswetenschapper')).length;
    expect(expected).toBeGreaterThan(0);
    await expect.poll(() => page.getByRole('table').getByRole('row').count()).toBe(expected + 1);
    await check(page, 'Docenten, gefilterd');
    await page.getByRole('button', { name: 'Nieuwe docent' }).click();
    await page.getByRole('heading', { level: 1, name: 'Nieuwe docent' }).waitFor();
    const before = (await items('docenten')).length;
    await page.getByLabel('Naam').fill('Mirjam Testers');
    await page.getByLabel('Rol').selectOption({ label: 'huisartsdocent' });
    await page.getByLabel('E-mail (optioneel)').fill('geen adres');
    await page.getByRole('button', { name: 'Opslaan' }).click();
    await expect.poll(() => page.getByLabel('E-mail (optioneel)').getAttribute('aria-invalid')).toBe('true');
    await check(page, 'Nieuwe docent, geweigerd');
    expect((await items('docenten')).length).toBe(before);
    await page.getByLabel('E-mail (optioneel)').fill('m.testers@example.nl');
    await page.getByRole('button', { name: 'Opslaan' }).click();
    await page.getByRole('heading', { level: 1, name: 'Mirjam Testers' }).waitFor();
    await inHistory(page, 'docent ingeschreven', 'Sanne de Vries');
    // A round is closed by choosing it, not by typing its id.
    const start = form(page, '360-feedbackronde starten');
    await start.getByLabel('Jaar').fill('2027');
    await start.getByRole('checkbox', { name: 'aios' }).check();
    await start.getByLabel('Uiterlijk klaar op').fill('01-03-2027');
    await start.getByRole('button', { name: '360-feedbackronde starten' }).click();
    const close = form(page, '360-feedbackronde sluiten');
    await close.getByLabel('Ronde').selectOption({ label: '2027, uiterlijk 01-03-2027' });
    await close.getByRole('button', { name: '360-feedbackronde sluiten' }).click();
    // A round without feedback stays open; the API's reason is shown in the form.
    await close.getByRole('alert').getByText('Ronde 2027 heeft nog geen feedback.').waitFor();
    await check(page, 'docent met geschiedenis');
    // The feedback comes from the import (the institute's evaluation system), then the round is closed.
    const docentId = new URL(page.url()).pathname.split('/').pop()!;
    await fromApi(`docenten/${docentId}/commands`, { type: 'Record360Feedback', roundId: '2027', source: 'aios', n: 6, scores: { feedback: 7.5 } }, 'demo', 'integratie');
    await menu(page, 'Docenten').click();
    await page.getByRole('link', { name: 'Mirjam Testers' }).click();
    await page.getByRole('region', { name: '360-feedbackrondes' }).getByText('2027: aios, uiterlijk 01-03-2027, open (1 reactie)').waitFor();
    await close.getByLabel('Ronde').selectOption({ label: '2027, uiterlijk 01-03-2027' });
    await close.getByRole('button', { name: '360-feedbackronde sluiten' }).click();
    await page.getByRole('region', { name: '360-feedbackrondes' }).getByText('2027: aios, uiterlijk 01-03-2027, gesloten (1 reactie)').waitFor();
    await inHistory(page, '360-feedbackronde gesloten', 'Sanne de Vries');
    await inHistory(page, '360-feedback ingelezen', 'Test Persoon');
    expect((await fromApi(`docenten/${docentId}`)).rounds).toEqual([expect.objectContaining({ year: 2027, status: 'gesloten' })]);

    // Leerplekken: a new practice; an opleider linked by name; a VGB with a pseudonym (a name is refused under "Aios").
    const [opleider] = (await items('opleiders')).filter((o) => o.status === 'erkend');
    await menu(page, 'Leerplekken').click();
    await page.getByRole('button', { name: 'Nieuwe leerplek' }).click();
    await page.getByLabel('Soort').selectOption({ label: 'opleidingspraktijk' });
    await page.getByLabel('Naam').fill('Huisartsenpraktijk De Proef');
    await page.getByLabel('Plaats (optioneel)').fill('Zeist');
    await check(page, 'Nieuwe leerplek');
    await page.getByRole('button', { name: 'Opslaan' }).click();
    await page.getByRole('heading', { level: 1, name: 'Huisartsenpraktijk De Proef' }).waitFor();
    const label = `${opleider!.name} (${opleider!.practice})`;
    // The opleider is found by typing part of the name: the choice then offers only the matching ones.
    const link = form(page, 'Opleider koppelen');
    const everyone = await offered(link, 'Opleider');
    expect(everyone).toContain(label);
    const surname = String(opleider!.name).split(' ').at(-1)!;
    expect((await offered(link, 'Opleider', surname)).length).toBeLessThan(everyone.length);
    await check(page, 'leerplek, opleider zoeken');
    expect(await offered(link, 'Opleider', 'xyzzy')).toEqual([]);
    expect(await link.innerText()).toContain('Niets gevonden voor “xyzzy”.');
    await choose(link, 'Opleider', surname, label);
    await form(page, 'Opleider koppelen').getByRole('button', { name: 'Opleider koppelen' }).click();
    await page.getByRole('region', { name: 'Opleiders', exact: true }).getByText(label).waitFor();
    const vgb = form(page, 'VGB in de driehoek vastleggen');
    await vgb.getByLabel('Datum').fill('02-11-2026');
    await vgb.getByLabel('Aios', { exact: true }).fill('Jan Jansen');
    await choose(vgb, 'Opleider', surname, label);
    await choose(vgb, 'Docent', 'Test', 'Mirjam Testers');
    await vgb.getByRole('button', { name: 'VGB in de driehoek vastleggen' }).click();
    await expect.poll(() => vgb.getByLabel('Aios', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    expect(await vgb.innerText()).toContain('nooit een naam');
    await check(page, 'leerplek, VGB geweigerd');
    await vgb.getByLabel('Aios', { exact: true }).fill('aios-900');
    await vgb.getByRole('button', { name: 'VGB in de driehoek vastleggen' }).click();
    await page.getByRole('region', { name: "VGB's in de driehoek" }).getByText(`02-11-2026, aios-900: ${label} en Mirjam Testers`).waitFor();
    const leerplekId = new URL(page.url()).pathname.split('/').pop()!;
    expect((await fromApi(`leerplekken/${leerplekId}`)).vgb).toEqual([expect.objectContaining({ aios: 'aios-900', opleiderId: opleider!.id, docentId })]);
    await form(page, 'Opleider ontkoppelen').getByLabel('Opleider').selectOption({ label });
    await form(page, 'Opleider ontkoppelen').getByRole('button', { name: 'Opleider ontkoppelen' }).click();
    await page.getByRole('region', { name: 'Opleiders', exact: true }).getByText('Nog niets vastgelegd.').waitFor();
    await inHistory(page, 'opleider ontkoppeld', 'Sanne de Vries');
    expect((await fromApi(`leerplekken/${leerplekId}`)).opleiders).toEqual([]);
    // Only the MT suspends.
    expect(await form(page, 'Leerplek schorsen').count()).toBe(0);

    // A stage site: a stageopleider linked by name and unlinked by choosing it.
    await menu(page, 'Leerplekken').click();
    await page.getByRole('button', { name: 'Nieuwe leerplek' }).click();
    await page.getByLabel('Soort').selectOption({ label: 'stageplaats' });
    await page.getByLabel('Naam').fill('Ziekenhuis Proef, dermatologie');
    await page.getByRole('button', { name: 'Opslaan' }).click();
    await page.getByRole('heading', { level: 1, name: 'Ziekenhuis Proef, dermatologie' }).waitFor();
    await form(page, 'Stageopleider koppelen').getByLabel('Naam').fill('Dr. V. Proef');
    await form(page, 'Stageopleider koppelen').getByRole('button', { name: 'Stageopleider koppelen' }).click();
    await page.getByRole('region', { name: 'Stageopleiders' }).getByText('Dr. V. Proef').waitFor();
    await form(page, 'Stageopleider ontkoppelen').getByLabel('Stageopleider').selectOption({ label: 'Dr. V. Proef' });
    await form(page, 'Stageopleider ontkoppelen').getByRole('button', { name: 'Stageopleider ontkoppelen' }).click();
    await page.getByRole('region', { name: 'Stageopleiders' }).getByText('Nog niets vastgelegd.').waitFor();
    await inHistory(page, 'stageopleider ontkoppeld', 'Sanne de Vries');
    await menu(page, 'Leerplekken').click();
    await page.getByLabel('Soort').selectOption({ label: 'stageplaats' });
    await expect.poll(() => page.url()).toContain('soort=stageplaats');
    await page.getByRole('link', { name: 'Ziekenhuis Proef, dermatologie' }).waitFor();
    expect(await page.getByRole('link', { name: 'Huisartsenpraktijk De Proef' }).count()).toBe(0);

    // Programma's: a year the API refuses is shown under "Opleidingsjaar".
    await menu(page, "Programma's").click();
    await page.getByRole('button', { name: 'Nieuw programma' }).click();
    await page.getByLabel('Titel').fill('Terugkomdag slecht-nieuwsgesprekken');
    await page.getByLabel('Opleidingsjaar (optioneel)').fill('4');
    await page.getByRole('button', { name: 'Opslaan' }).click();
    await expect.poll(() => page.getByLabel('Opleidingsjaar (optioneel)').getAttribute('aria-invalid')).toBe('true');
    await check(page, "Nieuw programma, geweigerd");
    await page.getByLabel('Opleidingsjaar (optioneel)').fill('1');
    await page.getByRole('button', { name: 'Opslaan' }).click();
    await page.getByRole('heading', { level: 1, name: 'Terugkomdag slecht-nieuwsgesprekken' }).waitFor();
    await inHistory(page, 'programma ingeschreven', 'Sanne de Vries');
    expect(await form(page, 'Programma beëindigen').count()).toBe(0);
  });

  it('the MT retires a programma and suspends a leerplek; the lists filter on their stand', async () => {
    const page = await freshPage(env.browser, env.gearbox.base);
    await signIn(page, MT);
    await menu(page, "Programma's").click();
    await page.getByRole('link', { name: 'Terugkomdag slecht-nieuwsgesprekken' }).click();
    const retire = form(page, 'Programma beëindigen');
    await retire.getByLabel('Reden').fill('Opgegaan in het nieuwe curriculum.');
    await retire.getByRole('button', { name: 'Programma beëindigen' }).click();
    await page.getByText(/Opgegaan in het nieuwe curriculum\./).first().waitFor();
    await inHistory(page, 'programma beëindigd', 'Pieter Bakker');
    await check(page, 'programma (MT)');
    await menu(page, "Programma's").click();
    await page.getByLabel('Stand').selectOption({ label: 'beëindigd' });
    await expect.poll(() => page.url()).toContain('stand=beeindigd');
    await page.getByRole('link', { name: 'Terugkomdag slecht-nieuwsgesprekken' }).waitFor();
    const retired = (await items('programmas?status=beeindigd')).length;
    await expect.poll(() => page.getByRole('table').getByRole('row').count()).toBe(retired + 1);

    await menu(page, 'Leerplekken').click();
    await page.getByRole('link', { name: 'Huisartsenpraktijk De Proef' }).click();
    const suspend = form(page, 'Leerplek schorsen');
    await suspend.getByLabel('Reden').fill('Geen opleider meer gekoppeld.');
    await suspend.getByRole('button', { name: 'Leerplek schorsen' }).click();
    await page.getByRole('region', { name: 'Schorsingen' }).getByText(/Geen opleider meer gekoppeld\./).waitFor();
    await form(page, 'Schorsing opheffen').waitFor();
    await inHistory(page, 'leerplek geschorst', 'Pieter Bakker');
    await menu(page, 'Leerplekken').click();
    await page.getByLabel('Stand').selectOption({ label: 'geschorst' });
    await page.getByRole('link', { name: 'Huisartsenpraktijk De Proef' }).waitFor();
    await check(page, 'Leerplekken, geschorst');
  });

  it('an auditor reads without forms and without the names the API withholds', async () => {
    const docent = (await items('docenten')).find((d) => d.name === 'Mirjam Testers')!;
    const page = await freshPage(env.browser, env.gearbox.base);
    await signIn(page, AUDITOR);
    await menu(page, 'Docenten').click();
    await page.getByRole('heading', { level: 1, name: 'Docenten' }).waitFor();
    await page.getByRole('table').waitFor();
    expect(await page.getByRole('button', { name: 'Nieuwe docent' }).count()).toBe(0);
    expect(await page.content()).not.toContain('Mirjam Testers');
    await page.goto(`${env.gearbox.base}/docenten/${docent.id}`);
    await signIn(page, AUDITOR);
    await page.getByRole('region', { name: 'Geschiedenis' }).getByRole('row').filter({ hasText: 'docent ingeschreven' }).waitFor();
    await check(page, 'docent (auditor)');
    expect(await page.getByRole('form').count()).toBe(0);
    expect(await page.content()).not.toContain('Mirjam Testers');

    await menu(page, 'Leerplekken').click();
    expect(await page.getByRole('button', { name: 'Nieuwe leerplek' }).count()).toBe(0);
    await page.getByRole('link', { name: 'UMC Utrecht, kindergeneeskunde' }).click();
    await page.getByRole('region', { name: 'Stageopleiders' }).getByText('stageopleider (kindergeneeskunde)').waitFor();
    await page.getByRole('region', { name: 'Geschiedenis' }).getByRole('row').filter({ hasText: 'stageopleider gekoppeld' }).waitFor();
    expect(await page.getByRole('form').count()).toBe(0);
    expect(await page.content()).not.toContain('Kramer');
    await menu(page, 'Leerplekken').click();
    await page.getByRole('link', { name: 'Huisartsenpraktijk De Proef' }).click();
    await page.getByRole('region', { name: "VGB's in de driehoek" }).getByRole('listitem').waitFor();
    await check(page, 'leerplek (auditor)');
    expect(await page.content()).not.toContain('aios-900');
    expect(await page.content()).not.toContain('Mirjam Testers');
  });

  it("shows another institute's docent, leerplek, programma and opleider as niet gevonden, never its data", async () => {
    const secret = 'Geheim van elders';
    const made = [
      ['docenten', await fromApi('docenten', { name: `${secret} docent`, role: 'stafdocent' }, 'elders'), 'Deze docent'],
      ['leerplekken', await fromApi('leerplekken', { kind: 'stageplaats', name: `${secret} leerplek` }, 'elders'), 'Deze leerplek'],
      ['programmas', await fromApi('programmas', { title: `${secret} programma` }, 'elders'), 'Dit programma'],
      ['opleiders', await fromApi('opleiders', { name: `${secret} opleider`, practice: `${secret} praktijk` }, 'elders'), 'Deze opleider'],
    ] as const;
    const page = await freshPage(env.browser, env.gearbox.base);
    await signIn(page, KWALITEIT);
    for (const [path, item, what] of made) {
      await page.goto(`${env.gearbox.base}/${path}/${String(item.id)}`);
      await signIn(page, KWALITEIT);
      await page.getByRole('heading', { level: 1, name: 'Niet gevonden' }).waitFor();
      expect(await page.getByText(`${what} is niet gevonden in uw instituut.`).count(), path).toBe(1);
      expect(await page.content(), path).not.toContain(secret);
    }
    await check(page, 'Niet gevonden');
  });

  it('has no WCAG 2.1 A/AA violations on any view visited', () => {
    expect(Object.keys(seen)).toHaveLength(18);
    for (const [name, violations] of Object.entries(seen)) expect(violations, name).toEqual([]);
  });
});
