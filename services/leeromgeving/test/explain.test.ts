import { describe, expect, it } from 'vitest';
import { as, detailsOf, given, type GivenEvent } from '@gearbox/kernel/testing';
import { leerplekDefinition } from '../src/definition.ts';

const qm = as('kwaliteitsmedewerker');
const praktijk: GivenEvent = ['LeerplekRegistered', { kind: 'opleidingspraktijk', name: 'Huisartsenpraktijk De Linde', location: 'Utrecht' }];
const stage: GivenEvent = ['LeerplekRegistered', { kind: 'stageplaats', name: 'UMC Utrecht, kindergeneeskunde', specialism: 'kindergeneeskunde' }];
const refused = async (events: GivenEvent[], command: Record<string, unknown>) =>
  detailsOf(await given(leerplekDefinition, ...events).alongside('opleider', 'op-1').alongside('docent', 'd-1').when(command, qm).thenError(422));

describe('a leerplek says in words why a step cannot be taken now', () => {
  it('an opleider belongs to an opleidingspraktijk, a stageopleider to a stageplaats', async () => {
    expect(await refused([stage], { type: 'LinkOpleider', opleiderId: 'op-1' })).toEqual({
      nl: 'Een opleider hoort bij een opleidingspraktijk; koppel aan een stageplaats een stageopleider.',
      en: 'An opleider belongs to an opleidingspraktijk; link a stageopleider to a stageplaats.',
    });
    expect((await refused([praktijk], { type: 'LinkStageopleider', stageopleiderId: 's-1', name: 'Dr. K. Jansen' })).nl).toMatch(/^Een stageopleider hoort bij een stageplaats/);
  });

  it('a VGB needs a trainer at the leerplek, and unlinking needs someone linked', async () => {
    const vgb = { type: 'RecordVgb', vgbId: 'v1', date: '2026-02-10', aios: 'aios-p1', opleiderId: 'op-1', docentId: 'd-1', notes: 'loopt goed' };
    expect((await refused([praktijk], vgb)).nl).toBe('Deze leerplek heeft nog geen opleider of stageopleider; een VGB vraagt er een.');
    expect((await refused([praktijk], { type: 'UnlinkOpleider', opleiderId: 'op-1' })).en).toBe('No opleider is linked to this leerplek.');
    expect((await refused([stage], { type: 'UnlinkStageopleider', stageopleiderId: 's-1' })).nl).toBe('Aan deze leerplek is geen stageopleider gekoppeld.');
  });
});
