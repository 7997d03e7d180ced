import { describe, expect, test } from 'vitest';
import { aantal, countedOrigin, cycleEvidenceOrigin, datum, getal, periodText, tijdstip, waarde } from '../src/present.ts';

describe('the dossier in Dutch notation (html, pdf, xlsx)', () => {
  test('dates as dd-mm-jjjj, instants with the time in UTC', () => {
    expect(datum('2026-04-14')).toBe('14-04-2026');
    expect(datum('2026-04-14T23:59:00.000Z')).toBe('14-04-2026');
    expect(tijdstip('2026-11-29T11:44:05.123Z')).toBe('29-11-2026 11:44 UTC');
    expect(periodText({ from: '2026-01-01', to: '2026-06-30' })).toBe('01-01-2026 tot en met 30-06-2026');
    expect(periodText({ from: null, to: '2026-06-30' })).toBe('tot en met 30-06-2026');
  });

  test('numbers with a decimal comma, at most two decimals, points between thousands from five digits', () => {
    expect(getal(7.4)).toBe('7,4');
    expect(getal(7.825)).toBe('7,83');
    expect(getal(84)).toBe('84');
    expect(getal(-0.5)).toBe('-0,5');
    expect(getal(-0.001)).toBe('0');
    expect(getal(1234.5)).toBe('1234,5');
    expect(getal(1234567)).toBe('1.234.567');
    expect(waarde(79, '%')).toBe('79%');
    expect(waarde(7.4, 'rapportcijfer')).toBe('7,4 rapportcijfer');
  });

  test('singular and plural', () => {
    expect(aantal(1, 'meting', 'metingen')).toBe('1 meting');
    expect(aantal(2, 'meting', 'metingen')).toBe('2 metingen');
    expect(aantal(0, 'meting', 'metingen')).toBe('0 metingen');
  });

  test('where evidence came from, in words', () => {
    expect(cycleEvidenceOrigin('Curriculum 2026', 'minutes', '2026-04-14')).toBe('Cyclus Curriculum 2026, notulen van 14-04-2026');
    expect(cycleEvidenceOrigin('Curriculum 2026', 'survey', '2026-04-14')).toBe('Cyclus Curriculum 2026, enquête van 14-04-2026');
    expect(countedOrigin('opleider', 104, '2026-01-03', '2026-06-30')).toBe('104 registraties in de opleidersadministratie, van 03-01-2026 tot en met 30-06-2026');
    expect(countedOrigin('leerplek', 1, '2026-05-03', '2026-05-03')).toBe('1 registratie in de leerplekadministratie, op 03-05-2026');
  });
});
