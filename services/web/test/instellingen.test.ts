/**
 * Instellingen (admin) and Benchmark in Debian's Chromium against a real gearbox with the demo
 * institute: the admin renames the institute, changes the LEOH settings and the criteria mapping
 * (each with If-Match, problems next to the field), follows and stops following another institute,
 * and forgets a person picked by name — only after a confirmation that says what it does. Every
 * other role reads that the page is for a beheerder. axe on each state.
 */
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { choose, freshPage, launch, menu, offered, signIn, startGearbox, wcagViolations, type Running } from './harness.ts';

const ADMIN = 'Lotte Visser (beheerder)';
const KWALITEIT = 'Sanne de Vries (kwaliteitsmedewerker)';
const OTHERS = [KWALITEIT, 'Pieter Bakker (MT-lid)', 'Anouk Jansen (auditor)', 'Karim El Amrani (CMO)'];

let gearbox: Running;
let browser: Browser;
beforeAll(async () => {
  // The peer below is this same gearbox on 127.0.0.1, which a peer feed may only be when allowed.
  [gearbox, browser] = await Promise.all([startGearbox({ GEARBOX_PEER_ALLOWED_HOSTS: '127.0.0.1' }), launch()]);
});
afterAll(async () => {
  await browser?.close();
  await gearbox?.stop();
});

async function apiGet<T>(path: string, roles: Parameters<Running['token']>[1] = ['admin']): Promise<T> {
  const token = await gearbox.token('demo', roles);
  return (await (await fetch(`${gearbox.base}/api/v1${path}`, { headers: { Authorization: `Bearer ${token}` } })).json()) as T;
}

/** What a screen reader reads as the field's description: the texts its aria-describedby names (hint and problem). */
const described = (field: Locator) =>
  field.evaluate((el) => (el.getAttribute('aria-describedby') ?? '').split(' ').map((id) => document.getElementById(id)?.textContent ?? '').join(' '));

async function admin(): Promise<Page> {
  const page = await freshPage(browser, gearbox.base);
  await signIn(page, ADMIN);
  await menu(page, 'Instellingen').click();
  await page.getByRole('heading', { level: 1, name: 'Instellingen' }).waitFor();
  await page.getByText('Laden…').first().waitFor({ state: 'detached' });
  return page;
}

describe('Instellingen', () => {
  it('an admin renames the institute and forgets a person picked by name, only after confirming', async () => {
    const page = await admin();
    const name = page.getByLabel('Naam van het instituut');
    await expect.poll(() => name.inputValue()).toBe('Huisartsopleiding Demo');
    expect(await wcagViolations(page)).toEqual([]);
    await name.fill('');
    await page.getByRole('button', { name: 'Opslaan', exact: true }).click();
    await expect.poll(() => name.getAttribute('aria-invalid')).toBe('true');
    await name.fill('Huisartsopleiding Demo Utrecht');
    await page.getByRole('button', { name: 'Opslaan', exact: true }).click();
    await page.getByText('Laatst gewijzigd op').first().waitFor();
    expect((await apiGet<{ name: string }>('/settings/institute')).name).toBe('Huisartsopleiding Demo Utrecht');

    // The picker offers the people the API knows, by name; the subject id is what is sent.
    const { items: people } = await apiGet<{ items: { subjectId: string; name: string; kind: string }[] }>('/subjects');
    const opleider = people.find((p) => p.kind === 'opleider')!;
    expect(people.some((p) => p.kind === 'eigenaar') && people.some((p) => p.kind === 'docent')).toBe(true);
    const all = await offered(page, 'Persoon');
    for (const p of people) expect(all.some((o) => o.startsWith(`${p.name} (`))).toBe(true);
    // Typing part of a name leaves only the people it matches.
    const typed = opleider.name.split(' ').at(-1)!;
    const found = await offered(page, 'Persoon', typed);
    expect(found.length).toBeLessThan(all.length);
    expect(found).toEqual(all.filter((o) => o.toLocaleLowerCase('nl').includes(typed.toLocaleLowerCase('nl'))));
    expect(await wcagViolations(page)).toEqual([]);
    const erasures = async () => (await apiGet<{ items: unknown[] }>('/subjects/erasures')).items.length;
    const before = await erasures();
    await choose(page, 'Persoon', typed, `${opleider.name} (opleider)`);
    await page.getByRole('button', { name: 'Persoon vergeten' }).click();
    const dialog = page.getByRole('alertdialog', { name: `${opleider.name} vergeten?` });
    expect(await dialog.innerText()).toContain('Dit kan niet ongedaan worden gemaakt.');
    expect(await wcagViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Annuleren' }).click();
    expect(await page.getByRole('alertdialog').count()).toBe(0);
    expect(await erasures()).toBe(before);
    await page.getByRole('button', { name: 'Persoon vergeten' }).click();
    await page.getByRole('button', { name: 'Ja, definitief vergeten' }).click();
    await page.getByText(new RegExp(`^Vergeten op \\d\\d-\\d\\d-\\d{4}: ${opleider.name} \\(`)).waitFor();
    const log = await apiGet<{ items: { subject: string }[] }>('/subjects/erasures');
    expect(log.items).toHaveLength(before + 1);
    expect(log.items.at(-1)!.subject).toBe(opleider.subjectId);
    // Forgotten, so no longer offered.
    await expect.poll(async () => (await offered(page, 'Persoon')).some((o) => o.startsWith(`${opleider.name} (`))).toBe(false);
  });

  it('an admin changes the LEOH settings with If-Match; a threshold off the scale is refused under the field', async () => {
    type Leoh = { scale: { min: number; max: number }; items: { code: string; title: string }[]; crucialItems: string[]; threshold: number; revision: number };
    const page = await admin();
    const start = await apiGet<Leoh>('/settings/leoh');
    const section = page.getByRole('region', { name: 'LEOH-instellingen' });
    const threshold = section.getByLabel('Drempel');
    await expect.poll(() => threshold.inputValue()).toBe(String(start.threshold).replace('.', ','));
    for (const code of start.crucialItems) expect(await section.getByLabel(start.items.find((i) => i.code === code)!.title).isChecked()).toBe(true);

    await threshold.fill(String(start.scale.max + 10));
    await section.getByRole('button', { name: 'LEOH-instellingen opslaan' }).click();
    await expect.poll(() => threshold.getAttribute('aria-invalid')).toBe('true');
    expect(await described(threshold)).toMatch(new RegExp(`${start.scale.min}.*${start.scale.max}`));
    expect(await wcagViolations(page)).toEqual([]);
    expect((await apiGet<Leoh>('/settings/leoh')).revision).toBe(start.revision);

    const extra = start.items.find((i) => !start.crucialItems.includes(i.code))!;
    await threshold.fill('2,5');
    await section.getByLabel(extra.title).check();
    await section.getByRole('button', { name: 'LEOH-instellingen opslaan' }).click();
    await expect.poll(async () => (await apiGet<Leoh>('/settings/leoh')).revision).toBe(start.revision + 1);
    const saved = await apiGet<Leoh>('/settings/leoh');
    expect(saved).toMatchObject({ threshold: 2.5, scale: start.scale, items: start.items, crucialItems: [...start.crucialItems, extra.code] });
    await section.getByText(/een signaal onder 2,5 op/).waitFor();

    // Someone else changed it meanwhile: the page's revision is stale, so nothing is overwritten.
    const token = await gearbox.token('demo', ['admin']);
    const other = await fetch(`${gearbox.base}/api/v1/settings/leoh`, {
      method: 'PUT',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', 'If-Match': `"${saved.revision}"` },
      body: JSON.stringify({ scale: saved.scale, items: saved.items, crucialItems: saved.crucialItems, threshold: 3 }),
    });
    expect(other.status).toBe(200);
    await threshold.fill('2');
    await section.getByRole('button', { name: 'LEOH-instellingen opslaan' }).click();
    await section.getByRole('alert').waitFor();
    expect((await apiGet<Leoh>('/settings/leoh')).threshold).toBe(3);
  });

  it('an admin reads the criteria mapping in words and changes which domains a cycle kind feeds', async () => {
    type Mapping = {
      source: string;
      revision: number;
      cycleKinds: Record<string, { domains: string[]; criteria: string[] }>;
      eventTypes: { title: string; criteria: string[] }[];
      domains: { id: string; title: string; criteria: { code: string; title: string }[] }[];
    };
    const page = await admin();
    const start = await apiGet<Mapping>('/gear/mapping');
    const title = (id: string) => start.domains.find((d) => d.id === id)!.title;
    const criterion = (code: string) => start.domains.flatMap((d) => d.criteria).find((c) => c.code === code)!;
    const section = page.getByRole('region', { name: 'Criteria-koppeling' });
    await section.getByText('De standaardkoppeling van').waitFor();
    // In words: the cycle kind, its domains by title, its criteria by code and title.
    const cycleKinds = section.getByRole('table').first();
    const row = cycleKinds.getByRole('row', { name: /^Curriculum / });
    const words = await row.innerText();
    for (const d of start.cycleKinds.curriculum!.domains) expect(words).toContain(title(d));
    for (const c of start.cycleKinds.curriculum!.criteria) expect(words).toContain(`${c} ${criterion(c).title}`);
    const event = start.eventTypes[0]!;
    expect(await section.getByRole('row', { name: new RegExp(`^${event.title}`) }).first().innerText()).toContain(`${event.criteria[0]} ${criterion(event.criteria[0]!).title}`);
    expect(await wcagViolations(page)).toEqual([]);

    const form = section.getByRole('form', { name: 'Koppeling van een soort cyclus wijzigen' });
    await form.getByLabel('Soort cyclus').selectOption({ label: 'Curriculum' });
    const domains = form.getByRole('group', { name: 'Telt mee in de domeinen' });
    for (const d of start.cycleKinds.curriculum!.domains) await domains.getByLabel(title(d)).uncheck();
    await form.getByRole('button', { name: 'Koppeling opslaan' }).click();
    await expect.poll(() => described(domains)).not.toBe('');
    expect(await wcagViolations(page)).toEqual([]);
    expect((await apiGet<Mapping>('/gear/mapping')).source).toBe('standaard');

    await domains.getByLabel(title('curriculum')).check();
    await domains.getByLabel(title('leeromgeving')).check();
    await form.getByRole('button', { name: 'Koppeling opslaan' }).click();
    await section.getByText(/^Ingesteld door het instituut op \d\d-\d\d-\d{4}/).waitFor();
    const saved = await apiGet<Mapping>('/gear/mapping');
    expect(saved.source).toBe('instelling');
    expect(saved.cycleKinds.curriculum).toMatchObject({ domains: ['curriculum', 'leeromgeving'], criteria: start.cycleKinds.curriculum!.criteria });
    expect({ ...saved.cycleKinds, curriculum: undefined }).toEqual({ ...start.cycleKinds, curriculum: undefined });
    expect(await row.innerText()).toContain(title('leeromgeving'));
  });

  it('an admin adds, changes and removes thema-labels and event-type rules; refusals stand next to the field', async () => {
    type Rules = {
      revision: number;
      cycleKinds: Record<string, { domains: string[]; criteria: string[]; tags?: Record<string, string[]> }>;
      eventTypes: { eventType: string; category?: string; title: string; kind: string; criteria: string[] }[];
      domains: { id: string; title: string; criteria: { code: string; title: string }[] }[];
    };
    const page = await admin();
    const start = await apiGet<Rules>('/gear/mapping');
    const section = page.getByRole('region', { name: 'Criteria-koppeling' });
    /** Ticks a criterion in a group of criteria checkboxes, opening its domain (a <summary>) first. */
    const tick = async (group: Locator, code: string) => {
      const domain = start.domains.find((d) => d.criteria.some((c) => c.code === code))!;
      await group.locator('summary').filter({ hasText: new RegExp(`^${domain.title}`) }).click();
      await group.getByRole('checkbox', { name: new RegExp(`^${code} `) }).check();
    };
    const kindForm = async () => {
      const form = section.getByRole('form', { name: 'Koppeling van een soort cyclus wijzigen' });
      await form.getByLabel('Soort cyclus').selectOption({ label: 'Curriculum' });
      return form;
    };
    const saved = async (after: number) => {
      await expect.poll(async () => (await apiGet<Rules>('/gear/mapping')).revision).toBeGreaterThan(after);
      return apiGet<Rules>('/gear/mapping');
    };

    // Thema-labels: the kind's tag rule is there with its criteria; a new one with a bad label is refused under "Label".
    let form = await kindForm();
    const first = form.getByRole('group', { name: 'Thema-label 1' });
    expect(await first.getByLabel('Label', { exact: true }).inputValue()).toBe('academisch-niveau');
    for (const c of start.cycleKinds.curriculum!.tags!['academisch-niveau']!) expect(await first.getByRole('checkbox', { name: new RegExp(`^${c} `), includeHidden: true }).isChecked()).toBe(true);
    await form.getByRole('button', { name: 'Thema-label toevoegen' }).click();
    const second = form.getByRole('group', { name: 'Thema-label 2' });
    await second.getByLabel('Label', { exact: true }).fill('Veilig Klimaat');
    await tick(second, 'LO-1');
    await form.getByRole('button', { name: 'Koppeling opslaan' }).click();
    await expect.poll(() => second.getByLabel('Label', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    // The API's own reason for the key, not zod's "Ongeldige key in record".
    await expect.poll(() => described(second.getByLabel('Label', { exact: true }))).toContain('naam "Veilig Klimaat": kleine letters en cijfers');
    expect(await wcagViolations(page)).toEqual([]);
    expect((await apiGet<Rules>('/gear/mapping')).revision).toBe(start.revision);
    await second.getByLabel('Label', { exact: true }).fill('veilig-klimaat');
    await form.getByRole('button', { name: 'Koppeling opslaan' }).click();
    let now = await saved(start.revision);
    expect(now.cycleKinds.curriculum!.tags).toEqual({ ...start.cycleKinds.curriculum!.tags, 'veilig-klimaat': ['LO-1'] });
    await section.getByRole('row', { name: /^Curriculum / }).getByText(/veilig-klimaat: LO-1 /).waitFor();

    // A label without criteria is refused under its criteria; the first label removed, the rest kept.
    form = await kindForm();
    await form.getByRole('button', { name: 'Thema-label toevoegen' }).click();
    const third = form.getByRole('group', { name: 'Thema-label 3' });
    // A label typed twice would merge two rules: said under the second, and nothing is sent.
    await third.getByLabel('Label', { exact: true }).fill('veilig-klimaat');
    await form.getByRole('button', { name: 'Koppeling opslaan' }).click();
    await expect.poll(() => described(third.getByLabel('Label', { exact: true }))).toContain('Dit label staat al bij thema-label 2');
    expect(await third.getByLabel('Label', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    expect((await apiGet<Rules>('/gear/mapping')).revision).toBe(now.revision);
    await third.getByLabel('Label', { exact: true }).fill('leeg');
    await form.getByRole('button', { name: 'Koppeling opslaan' }).click();
    const criteriaOfThird = third.getByRole('group', { name: 'Bewijs met dit label telt ook voor' });
    await expect.poll(() => described(criteriaOfThird)).not.toBe('');
    expect(await wcagViolations(page)).toEqual([]);
    await form.getByRole('button', { name: 'Thema-label 3 verwijderen' }).click();
    await form.getByRole('button', { name: 'Thema-label 1 verwijderen' }).click();
    expect(await form.getByLabel('Label', { exact: true }).inputValue()).toBe('veilig-klimaat');
    await form.getByRole('button', { name: 'Koppeling opslaan' }).click();
    const before = now.revision;
    now = await saved(before);
    expect(now.cycleKinds.curriculum!.tags).toEqual({ 'veilig-klimaat': ['LO-1'] });
    await expect.poll(() => section.getByRole('row', { name: /^Curriculum / }).innerText()).not.toContain('academisch-niveau');
    expect({ ...now.cycleKinds, curriculum: undefined }).toEqual({ ...start.cycleKinds, curriculum: undefined });
    expect(now.eventTypes).toEqual(start.eventTypes);

    // An event-type rule changed: an empty title is refused under "Bewijs"; then the API and the table have the new one.
    const events = section.getByRole('form', { name: 'Gebeurtenis als bewijs wijzigen' });
    expect(await events.getByLabel('Regel').inputValue()).toBe('0');
    expect(await events.getByLabel('Bewijs', { exact: true }).inputValue()).toBe(start.eventTypes[0]!.title);
    await events.getByLabel('Bewijs', { exact: true }).fill('');
    await events.getByRole('button', { name: 'Regel opslaan' }).click();
    await expect.poll(() => events.getByLabel('Bewijs', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    expect(await wcagViolations(page)).toEqual([]);
    await events.getByLabel('Bewijs', { exact: true }).fill('Klachtafhandeling (herzien)');
    await events.getByRole('button', { name: 'Regel opslaan' }).click();
    now = await saved(now.revision);
    expect(now.eventTypes).toEqual([{ ...start.eventTypes[0]!, title: 'Klachtafhandeling (herzien)' }, ...start.eventTypes.slice(1)]);
    await section.getByRole('row', { name: /^Klachtafhandeling \(herzien\)/ }).waitFor();

    // A new rule: without a criterion refused under "Telt voor"; with one it is added at the end; then removed.
    expect(start.eventTypes.map((e) => e.title)).not.toContain('Jaargesprekken met docenten (test)');
    await events.getByLabel('Regel').selectOption({ label: 'Nieuwe regel' });
    await events.getByLabel('Bewijs', { exact: true }).fill('Jaargesprekken met docenten (test)');
    await events.getByLabel('Gebeurtenis').fill('JaargesprekRecorded');
    await events.getByLabel('Uit (optioneel)').fill('docent');
    await events.getByLabel('Soort bewijs').selectOption({ label: 'Notulen' });
    await events.getByRole('button', { name: 'Regel opslaan' }).click();
    const countsFor = events.getByRole('group', { name: 'Telt voor' });
    await expect.poll(() => described(countsFor)).not.toBe('');
    expect(await wcagViolations(page)).toEqual([]);
    await tick(countsFor, 'OMM-2');
    await events.getByRole('button', { name: 'Regel opslaan' }).click();
    now = await saved(now.revision);
    const added = { eventType: 'JaargesprekRecorded', category: 'docent', title: 'Jaargesprekken met docenten (test)', kind: 'minutes', criteria: ['OMM-2'] };
    expect(now.eventTypes).toEqual([...start.eventTypes.slice(0, 1).map((e) => ({ ...e, title: 'Klachtafhandeling (herzien)' })), ...start.eventTypes.slice(1), added]);
    await section.getByRole('row', { name: /^Jaargesprekken met docenten \(test\)/ }).waitFor();
    await events.getByLabel('Regel').selectOption({ label: 'Jaargesprekken met docenten (test)' });
    await events.getByRole('button', { name: 'Regel verwijderen' }).click();
    now = await saved(now.revision);
    expect(now.eventTypes.map((e) => e.title)).not.toContain('Jaargesprekken met docenten (test)');
    expect(now.eventTypes).toHaveLength(start.eventTypes.length);
    await expect.poll(() => section.getByRole('row', { name: /^Jaargesprekken met docenten \(test\)/ }).count()).toBe(0);
  });

  it('an admin follows another institute by its feed, reads its state, and stops following it after confirming', async () => {
    type Peer = { institute: string; feedUrl: string; hasToken: boolean };
    const page = await admin();
    const section = page.getByRole('region', { name: 'Gekoppelde instituten' });
    await section.getByText('Nog geen gekoppelde instituten.').waitFor();
    await section.getByLabel('Instituutscode').fill('utrecht');
    const feed = section.getByLabel('Feed-URL');
    await feed.fill(`${gearbox.base}/api/v1/events`);
    await section.getByRole('button', { name: 'Instituut volgen' }).click();
    await expect.poll(() => feed.getAttribute('aria-invalid')).toBe('true');
    expect(await described(feed)).toContain('/api/v1/shared/events');
    expect(await wcagViolations(page)).toEqual([]);
    expect((await apiGet<{ items: Peer[] }>('/peers')).items).toEqual([]);
    // By Kafka instead: this server has no broker, and says so at the field.
    await feed.fill('');
    const topic = section.getByLabel('Kafka-topic');
    await topic.fill('gearbox.shared.v1');
    await section.getByRole('button', { name: 'Instituut volgen' }).click();
    await expect.poll(() => topic.getAttribute('aria-invalid')).toBe('true');
    expect(await described(topic)).toContain('geen Kafka');
    expect((await apiGet<{ items: Peer[] }>('/peers')).items).toEqual([]);
    await topic.fill('');

    await feed.fill(`${gearbox.base}/api/v1/shared/events`);
    await section.getByLabel('Partnertoken (optioneel)').fill(await gearbox.token('utrecht', ['partner']));
    await section.getByRole('button', { name: 'Instituut volgen' }).click();
    const row = section.getByRole('row', { name: /^utrecht / });
    await row.waitFor();
    expect(await row.innerText()).toContain(`${gearbox.base}/api/v1/shared/events`);
    expect((await apiGet<{ items: Peer[] }>('/peers')).items).toMatchObject([{ institute: 'utrecht', feedUrl: `${gearbox.base}/api/v1/shared/events`, hasToken: true }]);
    expect(await wcagViolations(page)).toEqual([]);

    await row.getByRole('button', { name: 'Niet meer volgen: utrecht' }).click();
    const dialog = page.getByRole('alertdialog', { name: 'utrecht niet meer volgen?' });
    expect(await dialog.innerText()).toContain('Wat al ontvangen is, blijft bewaard.');
    expect(await wcagViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Annuleren' }).click();
    expect((await apiGet<{ items: Peer[] }>('/peers')).items).toHaveLength(1);
    await row.getByRole('button', { name: 'Niet meer volgen: utrecht' }).click();
    await page.getByRole('button', { name: 'Ja, niet meer volgen' }).click();
    await section.getByText('Nog geen gekoppelde instituten.').waitFor();
    expect((await apiGet<{ items: Peer[] }>('/peers')).items).toEqual([]);
  });

  it('is for the admin only: every other role reads so and has no settings; Benchmark reads the national comparison', async () => {
    for (const person of OTHERS) {
      const page = await freshPage(browser, gearbox.base);
      await signIn(page, person);
      expect(await menu(page, 'Instellingen').count(), person).toBe(0);
      await page.evaluate(() => history.pushState(null, '', '/instellingen'));
      await page.evaluate(() => dispatchEvent(new PopStateEvent('popstate')));
      await page.getByText('Alleen een beheerder van het instituut kan de instellingen wijzigen.').waitFor();
      expect(await page.getByLabel('Naam van het instituut').count(), person).toBe(0);
      expect(await page.getByRole('form').count(), person).toBe(0);
      expect(await wcagViolations(page), person).toEqual([]);
      await page.context().close();
    }

    const page = await freshPage(browser, gearbox.base);
    await signIn(page, KWALITEIT);
    await menu(page, 'Benchmark').click();
    await page.getByRole('heading', { level: 1, name: 'Benchmark' }).waitFor();
    await page.getByText('Laden…').first().waitFor({ state: 'detached' });
    const { items } = await apiGet<{ items: { name: string }[] }>('/benchmark', ['kwaliteitsmedewerker']);
    if (items.length === 0) await page.getByText('Nog niets te vergelijken').waitFor();
    for (const kpi of items) await page.getByRole('heading', { level: 2, name: new RegExp(`^${kpi.name}`) }).first().waitFor();
    expect(await wcagViolations(page)).toEqual([]);
  });
});
