import { describe, expect, it } from 'vitest';
import { as, detailsOf, given, type GivenEvent } from '@gearbox/kernel/testing';
import { opleiderDefinition } from '../src/definition.ts';
import * as f from './fixtures.ts';

const qm = as('kwaliteitsmedewerker');
const cmo = as('cmo');
const refused = async (events: GivenEvent[], command: Record<string, unknown>, actor = qm) =>
  detailsOf(await given(opleiderDefinition, ...events).when(command, actor).thenError(422));

describe('an opleider says in words why a step cannot be taken now', () => {
  it('Recognise: what the startvisitatie still lacks', async () => {
    expect(await refused(f.inStartvisitatie, { type: 'Recognise', until: '2031-03-01' })).toEqual({
      nl: 'Nog niet afgerond: het telefonische gesprek en het bezoek van de startvisitatie',
      en: 'Not finished yet: the telephone intake and the visit of the startvisitatie',
    });
    expect((await refused([...f.inStartvisitatie, f.telefonisch], { type: 'Recognise', until: '2031-03-01' })).nl).toBe(
      'Nog niet afgerond: het bezoek van de startvisitatie',
    );
    const negatief: GivenEvent = ['StartvisitatieRecorded', { stage: 'bezoek', outcome: 'negatief' }];
    expect((await refused([...f.inStartvisitatie, f.telefonisch, negatief], { type: 'Recognise', until: '2031-03-01' })).en).toMatch(/^The startvisitatie was negative/);
  });

  it('RecordStartvisitatie before one is scheduled, and a functioneringsgesprek before the recognition', async () => {
    expect((await refused([f.registered], { type: 'RecordStartvisitatie', stage: 'telefonisch', outcome: 'positief' })).nl).toMatch(/^Er is geen startvisitatie gepland/);
    const gesprek = { type: 'RecordFunctioneringsgesprek', date: '2026-02-20', summary: 'goed gesprek', agreements: [] };
    expect((await refused(f.visited, { type: 'RecordStartvisitatie', stage: 'bezoek', outcome: 'positief' })).nl).toBe('De startvisitatie is al met een bezoek afgerond.');
    expect((await refused([...f.visited], { type: 'ScheduleStartvisitatie', date: '2026-04-01' })).en).toBe('The startvisitatie is under way or finished with a visit.');
    expect(await refused(f.visited, gesprek)).toEqual({
      nl: 'Nog niet afgerond: de erkenning van deze opleider',
      en: 'Not finished yet: the recognition of this opleider',
    });
  });

  it('the CMO track: nothing to decide or close, or a file already open', async () => {
    const decide = { type: 'DecideCmo', decision: 'monitoring', rationale: 'r' };
    expect((await refused(f.erkend, decide, cmo)).nl).toBe('Er is geen CMO-screening of monitoring om over te beslissen.');
    expect((await refused(f.inScreening, { type: 'CloseCmoTraject', outcome: 'verbeterd', rationale: 'r' }, cmo)).en).toBe(
      'There is no CMO monitoring or ondersteuningstraject to close.',
    );
    expect((await refused(f.inScreening, { type: 'ReferToCmo', reason: 'zorgen' })).nl).toBe('Er loopt al een CMO-dossier (screening).');
    const ended: GivenEvent = ['TrainingEnded', { reason: 'verhuisd', subjectId: f.SUBJECT }];
    expect((await refused([...f.erkend, ended], { type: 'ReferToCmo', reason: 'zorgen' })).nl).toBe('De opleiding van deze opleider is beëindigd.');
  });
});
