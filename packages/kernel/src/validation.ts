/**
 * Validation messages in Dutch and English (API.md: field messages follow `Accept-Language`).
 * Zod writes one message per issue while it parses, before anyone knows the caller's language, so
 * each issue also carries its `Text`: zod's own wording from its nl and en locales (the error map
 * installed here, once for the process), and our schema messages through `says(nl, en)` and `customIssue`.
 * `issueText` reads it back when the 400 is written.
 */
import { z } from 'zod';
import { text, ValidationError, type FieldError, type Message, type Text } from './errors.ts';

type Issue = { text?: Text };
type Wording = ReturnType<z.core.$ZodErrorMap>;

const wording = (message: Wording): string => (typeof message === 'string' ? message : (message?.message ?? ''));
const dutch = z.locales.nl().localeError;
const english = z.locales.en().localeError;

z.config({
  customError: (issue) => {
    const both = text(wording(dutch(issue)), wording(english(issue)));
    (issue as Issue).text = both;
    return both.en;
  },
});

/** A schema's own message in both languages: `z.iso.date({ error: says('een datum …', 'a date …') })`. */
export function says(nl: string, en: string): (issue: z.core.$ZodRawIssue) => string {
  const message = text(nl, en);
  return (issue) => {
    (issue as Issue).text = message;
    return en;
  };
}

/** An issue a `superRefine` adds, with its message in both languages. */
export function customIssue(path: PropertyKey[], nl: string, en: string): { code: 'custom'; path: PropertyKey[]; message: string; text: Text } {
  return { code: 'custom', path, message: en, text: text(nl, en) };
}

/** A value off a scale: `moet op de schaal 1..10 liggen`. */
export function offScale(path: PropertyKey[], { min, max }: { min: number; max: number }) {
  return customIssue(path, `moet op de schaal ${min}..${max} liggen`, `must lie on the scale ${min}..${max}`);
}

/** The message of a parsed issue in both languages (the plain message when no text was attached). */
export function issueText(issue: z.core.$ZodIssue): Message {
  return (issue as Issue).text ?? issue.message;
}

/** The value as the schema reads it, or a 400 that lists every field that does not fit (`prefix`: e.g. `query`). */
export function validated<T extends z.ZodType>(schema: T, value: unknown, prefix = ''): z.output<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new ValidationError(zodErrors(parsed.error, prefix));
  return parsed.data;
}

export function zodErrors(error: z.ZodError, prefix = ''): FieldError[] {
  return error.issues.map((issue) => ({
    path: [prefix, ...issue.path.map(String)].filter(Boolean).join('.') || '(body)',
    message: keyText(issue) ?? issueText(issue),
  }));
}

/** A record's key that does not fit: what the key's own schema says, not zod's "Invalid key in record". */
function keyText(issue: z.core.$ZodIssue): Message | undefined {
  const inner = issue.code === 'invalid_key' ? issue.issues[0] : undefined;
  if (!inner) return undefined;
  const why = issueText(inner);
  const key = JSON.stringify(String(issue.path.at(-1) ?? ''));
  return typeof why === 'string' ? `name ${key}: ${why}` : text(`naam ${key}: ${why.nl}`, `name ${key}: ${why.en}`);
}
