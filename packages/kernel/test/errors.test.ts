import { describe, expect, it } from 'vitest';
import { CommandNotAllowedError, listed, named, NotFoundError, roleNeeded, text, unfinished, ValidationError, withId } from '../src/errors.ts';

describe('problem documents', () => {
  it('are Dutch by default and English when asked, with field messages in the same language', () => {
    const error = new ValidationError([{ path: 'period.to', message: text('mag niet vóór from liggen', 'must not be before from') }], text('Het verzoek is niet geldig.', 'The request is not valid.'));
    expect(error.toProblem('/x')).toMatchObject({ detail: 'Het verzoek is niet geldig.', errors: [{ path: 'period.to', message: 'mag niet vóór from liggen' }] });
    expect(error.toProblem('/x', 'en')).toMatchObject({ detail: 'The request is not valid.', errors: [{ path: 'period.to', message: 'must not be before from' }] });
    // The type URI, status and extension members never change with the language.
    expect(error.toProblem('/x').type).toBe(error.toProblem('/x', 'en').type);
  });

  it('keep codes and allowed commands as they are in both languages', () => {
    const error = new CommandNotAllowedError('StartCheck', ['CompleteActivity'], text('Nog niet afgerond: activiteit a1', 'Not finished yet: activity a1'));
    expect(error.toProblem(undefined, 'nl')).toMatchObject({ status: 422, allowed: ['CompleteActivity'], command: 'StartCheck', detail: 'Nog niet afgerond: activiteit a1' });
    expect(error.message).toBe('Not finished yet: activity a1');
  });
});

describe('texts built from parts', () => {
  it('list ids with en / and, with the noun in singular or plural', () => {
    expect(listed([])).toEqual({ nl: '', en: '' });
    expect(listed(['a1'])).toEqual({ nl: 'a1', en: 'a1' });
    expect(listed(['a1', 'a2', 'a3'])).toEqual({ nl: 'a1, a2 en a3', en: 'a1, a2 and a3' });
    expect(named(['k1'], ['KPI', "KPI's"], ['KPI', 'KPIs'])).toEqual({ nl: 'KPI k1', en: 'KPI k1' });
    expect(unfinished([named(['a1', 'a2'], ['activiteit', 'activiteiten'], ['activity', 'activities']), text('een review', 'a review')])).toEqual({
      nl: 'Nog niet afgerond: activiteiten a1 en a2 en een review',
      en: 'Not finished yet: activities a1 and a2 and a review',
    });
  });

  it('a 404 and a 403 name the thing and the roles in both languages', () => {
    expect(new NotFoundError(withId(text('cyclus', 'cycle'), 'c-1')).toProblem(undefined, 'nl')).toMatchObject({ title: 'Niet gevonden', detail: 'cyclus c-1 is niet gevonden.' });
    expect(new NotFoundError(withId(text('cyclus', 'cycle'), 'c-1')).message).toBe('cycle c-1 was not found.');
    expect(roleNeeded(text('termijnen lezen', 'read deadlines'), ['mt', 'auditor'])).toEqual({
      nl: 'Met uw rollen mag u dit niet: termijnen lezen. Daarvoor is een van deze rollen nodig: mt, auditor.',
      en: 'Your roles may not read deadlines; it needs one of: mt, auditor.',
    });
  });
});
