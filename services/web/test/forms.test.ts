/** What a person types becomes the command the API takes: ids from titles, decimal commas, dd-mm-jjjj dates. */
import { describe, expect, it } from 'vitest';
import { formOf, initialValues, newId, payload, shown } from '../src/cycles/commands.ts';
import { aantal, datum, eindeVanDag, getal, parseDatum } from '../src/format.ts';
import { fileName } from '../src/files.tsx';
import { matching } from '../src/picker.tsx';

describe('typed values', () => {
  it('turns a KPI form into its nested command, with a decimal comma and a Dutch date', () => {
    const form = formOf('DefineKpi')!;
    const body = payload(form, {
      name: 'tevredenheid derdejaars', goalId: 'onderwijs', unit: 'rapportcijfer',
      'baseline.value': '6,8', 'baseline.source': 'NIVEL-enquête', 'baseline.year': '2018', 'target.value': '7,8', 'target.by': '31-12-2027',
    });
    expect(body).toEqual({
      name: 'tevredenheid derdejaars', goalId: 'onderwijs', unit: 'rapportcijfer',
      baseline: { value: 6.8, source: 'NIVEL-enquête', year: 2018 }, target: { value: 7.8, by: '2027-12-31' },
    });
  });

  it('sends a KPI target as a change in percent when that is chosen, and only the field of the choice', () => {
    const form = formOf('DefineKpi')!;
    const typed = {
      name: 'respons', goalId: 'onderwijs', unit: '%', 'baseline.value': '60', 'baseline.source': 'enquête', 'baseline.year': '2026',
      'target.value': '70', 'target.changePercent': '12,5', 'target.by': '31-12-2027',
    };
    // The form starts at a fixed value; the choice itself is never sent.
    const start = initialValues(form);
    expect(start['keuze.streefwaarde']).toBe('value');
    expect(payload(form, { ...start, ...typed }).target).toEqual({ value: 70, by: '2027-12-31' });
    const change = payload(form, { ...start, ...typed, 'keuze.streefwaarde': 'changePercent' });
    expect(change.target).toEqual({ changePercent: 12.5, by: '2027-12-31' });
    expect(Object.keys(change)).not.toContain('keuze');
    expect(form.fields.filter((f) => shown(f, { 'keuze.streefwaarde': 'changePercent' })).map((f) => f.name)).not.toContain('target.value');
  });

  it('picks GEAR criteria for evidence from the framework, and leaves them out when none is chosen', () => {
    const form = formOf('AddEvidence')!;
    expect(form.fields.find((f) => f.name === 'criteria')).toMatchObject({ kind: 'checkboxes', lookup: 'criteria' });
    expect(payload(form, { title: 'Notulen', kind: 'minutes', criteria: ['CUR-2', 'TB-1'] }).criteria).toEqual(['CUR-2', 'TB-1']);
    expect(payload(form, { title: 'Notulen', kind: 'minutes', criteria: [] })).not.toHaveProperty('criteria');
  });

  it("picks thema-labels among the mapping's tag rules, and sends none when none is chosen", () => {
    const form = formOf('AddEvidence')!;
    expect(form.fields.find((f) => f.name === 'tags')).toMatchObject({ kind: 'checkboxes', lookup: 'tags', optional: true });
    expect(payload(form, { title: 'Notulen', kind: 'minutes', tags: ['academisch-niveau'] }).tags).toEqual(['academisch-niveau']);
    expect(payload(form, { title: 'Notulen', kind: 'minutes', tags: [] })).not.toHaveProperty('tags');
  });

  it('reads a list typed one item per line, without empty lines', () => {
    const form = { label: 'z', fields: [{ name: 'sterktes', label: 'Sterktes', kind: 'lines' as const, optional: true }] };
    expect(payload(form, { sterktes: ' Goede opkomst \n\nHeldere verslagen\n' })).toEqual({ sterktes: ['Goede opkomst', 'Heldere verslagen'] });
    expect(payload(form, { sterktes: '\n ' })).toEqual({});
  });

  it('leaves out empty optional fields and passes what is no number or date on, for the API to refuse by field', () => {
    const body = payload(formOf('AddEvidence')!, { title: 'Notulen', kind: 'minutes', effectiveAt: '', uri: '', summary: '' });
    expect(body).toEqual({ title: 'Notulen', kind: 'minutes' });
    expect(payload(formOf('RecordMeasurement')!, { kpiId: 'k', value: 'veel', source: 's', measuredAt: '2027/01/01' })).toMatchObject({ value: 'veel', measuredAt: '2027/01/01' });
  });

  it('makes an id from a title, unique within the cycle', () => {
    expect(newId('Enquête onder aios', [])).toBe('enquete-onder-aios');
    expect(newId('Enquête onder aios', ['enquete-onder-aios', 'enquete-onder-aios-2'])).toBe('enquete-onder-aios-3');
    expect(newId('!!!', [])).toBe('item');
  });

  it('shows dates as dd-mm-jjjj in Amsterdam and numbers with a decimal comma', () => {
    expect(datum('2027-03-31')).toBe('31-03-2027');
    expect(datum('2026-12-31T23:30:00Z')).toBe('01-01-2027');
    expect(getal(7.4)).toBe('7,4');
    expect(parseDatum('1-3-2027')).toBe('2027-03-01');
  });

  it('says one thing in the singular and other counts in the plural', () => {
    expect(aantal(1, 'open bevinding', 'open bevindingen')).toBe('1 open bevinding');
    expect(aantal(0, 'open bevinding', 'open bevindingen')).toBe('0 open bevindingen');
    expect(aantal(1200, 'criterium', 'criteria')).toBe('1.200 criteria');
  });

  it('reads a "stand per" day as the end of that day in Amsterdam, in summer and in winter', () => {
    expect(eindeVanDag('2026-06-30')).toBe('2026-06-30T21:59:59.999Z');
    expect(eindeVanDag('2026-12-31')).toBe('2026-12-31T22:59:59.999Z');
    expect(eindeVanDag('30-06-2026')).toBe('30-06-2026');
  });

  it('saves a download under its UTF-8 name when the server gives one', () => {
    expect(fileName(`attachment; filename="Enqu_te.pdf"; filename*=UTF-8''Enqu%C3%AAte.pdf`)).toBe('Enquête.pdf');
    expect(fileName('attachment; filename="dossier-demo-2026.zip"')).toBe('dossier-demo-2026.zip');
    expect(fileName('inline')).toBeUndefined();
  });

  it('has no form for a command type it does not know', () => {
    expect(formOf('DropDatabase')).toBeUndefined();
    expect(formOf('toString')).toBeUndefined();
  });
});

describe('a choice with search', () => {
  const people = ['José Smit (opleider)', 'Els de Jong (docent)', 'Jan Jansen (opleider)'].map((label) => ({ value: label, label }));
  const found = (typed: string) => matching(people, typed).map((o) => o.label);
  it('offers the options holding every word typed, in any order, whatever the case or accents', () => {
    expect(found('jan')).toEqual(['Jan Jansen (opleider)']);
    expect(found('jose')).toEqual(['José Smit (opleider)']);
    expect(found('OPLEIDER smit')).toEqual(['José Smit (opleider)']);
    expect(found('  ')).toHaveLength(3);
    expect(found('pieter')).toEqual([]);
  });
});
