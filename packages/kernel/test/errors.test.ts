import { describe, expect, it } from 'vitest';
import { CommandNotAllowedError, text, ValidationError } from '../src/errors.ts';

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
