import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { issueText, isoDate, Period, says, validated, ValidationError } from '../src/index.ts';

const textsOf = (schema: z.ZodType, value: unknown) => {
  const parsed = schema.safeParse(value);
  if (parsed.success) throw new Error('expected the value to be refused');
  return parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), text: issueText(issue) }));
};

describe('validation messages in both languages', () => {
  it("zod's own messages come from its Dutch and English locales", () => {
    const [issue] = textsOf(z.object({ title: z.string() }), { title: 3 });
    expect(issue).toEqual({ path: 'title', text: { nl: 'Ongeldige invoer: verwacht string, ontving getal', en: 'Invalid input: expected string, received number' } });
    const [extra] = textsOf(z.object({}).strict(), { colour: 'red' });
    expect(extra!.text).toEqual({ nl: 'Onbekende key: "colour"', en: 'Unrecognized key: "colour"' });
  });

  it('our schema messages carry both languages, and the English one stays the issue message', () => {
    expect(textsOf(isoDate, '1 mei')).toEqual([{ path: '', text: { nl: 'een datum als JJJJ-MM-DD', en: 'a date as YYYY-MM-DD' } }]);
    expect(textsOf(Period, { from: '2026-12-31', to: '2026-01-01' })).toEqual([
      { path: 'to', text: { nl: 'to mag niet vóór from liggen', en: 'from must not be after to' } },
    ]);
    const parsed = z.string().regex(/^x/, { error: says('begint met x', 'starts with x') }).safeParse('y');
    expect(parsed.error!.issues[0]!.message).toBe('starts with x');
  });

  it("a record's key that does not fit says what the key's schema says, naming the key", () => {
    const tags = z.object({ tags: z.record(z.string().regex(/^[a-z-]+$/, { error: says('kleine letters', 'lower-case letters') }), z.number()) });
    let refused: unknown;
    try {
      validated(tags, { tags: { 'Academisch Niveau': 1, ok: 2 } });
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(ValidationError);
    expect((refused as ValidationError).errors).toEqual([
      { path: 'tags.Academisch Niveau', message: { nl: 'naam "Academisch Niveau": kleine letters', en: 'name "Academisch Niveau": lower-case letters' } },
    ]);
  });

  it('a message given as a plain string is the same in both languages', () => {
    const parsed = z.string().min(2, { message: 'two or more' }).safeParse('a');
    expect(issueText(parsed.error!.issues[0]!)).toBe('two or more');
  });
});
