import { describe, expect, test } from 'vitest';
import { OORDELEN, STATUSES, afwijkingOf, type Oordeel, type Status } from '../src/index.ts';

/** docs/gear.md "Zelfevaluatie": which oordeel agrees with which computed status. */
const AGREES: Record<Status, readonly Oordeel[]> = {
  voldoet: ['voldoet'],
  'voldoet-deels': ['voldoet-deels'],
  'voldoet-niet': ['voldoet-niet'],
  'geen-bewijs': ['voldoet-niet'],
  'in-uitvoering': OORDELEN,
};

describe('afwijking between the zelfevaluatie and the computed status', () => {
  test('follows the documented table for every oordeel and status', () => {
    for (const status of STATUSES) {
      for (const oordeel of OORDELEN) {
        expect(afwijkingOf(oordeel, status) === undefined, `${oordeel} / ${status}`).toBe(AGREES[status].includes(oordeel));
      }
    }
  });

  test('names both sides in Dutch', () => {
    expect(afwijkingOf('voldoet', 'voldoet-deels')).toBe('De zelfevaluatie zegt "voldoet", de bevindingen zeggen "voldoet deels".');
    expect(afwijkingOf('voldoet-deels', 'geen-bewijs')).toBe('De zelfevaluatie zegt "voldoet deels", maar er is geen bewijs.');
  });
});
