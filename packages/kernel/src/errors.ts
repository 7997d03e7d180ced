/**
 * Domain errors are values with a problem type and an HTTP status; packages/http maps them to
 * RFC 9457 problem+json in one place. Nothing here knows about HTTP beyond the status number.
 */
/**
 * A text people read, in Dutch (the default of every answer) and English (`Accept-Language: en`).
 * A plain string is taken to be the same in both languages (codes, ids, messages not yet translated).
 */
export interface Text {
  nl: string;
  en: string;
}
export type Message = string | Text;
export type Language = 'nl' | 'en';

export function text(nl: string, en: string): Text {
  return { nl, en };
}

export function localized(message: Message, language: Language): string {
  return typeof message === 'string' ? message : message[language];
}

export interface FieldError {
  path: string;
  message: Message;
}

const TYPE_BASE = 'https://gearbox.dev/problems/';

export class DomainError extends Error {
  constructor(
    /** Short slug; the problem type URI is TYPE_BASE + slug. */
    readonly slug: string,
    readonly status: number,
    readonly titleText: Message,
    detail: Message,
    /** Extra members of the problem document (errors, allowed, currentRevision, ...). */
    readonly extensions: Record<string, unknown> = {},
  ) {
    // Error.message (logs, tests of the kernel) is the English text; answers are Dutch by default.
    super(localized(detail, 'en'));
    this.detailText = detail;
    this.name = new.target.name;
  }

  readonly detailText: Message;

  get title(): string {
    return localized(this.titleText, 'en');
  }

  get type(): string {
    return TYPE_BASE + this.slug;
  }

  /** The RFC 9457 document in one language; field messages in `errors` are localized too. */
  toProblem(instance?: string, language: Language = 'nl'): Record<string, unknown> {
    const extensions = { ...this.extensions };
    if (Array.isArray(extensions.errors)) {
      extensions.errors = (extensions.errors as FieldError[]).map((e) => ({ path: e.path, message: localized(e.message, language) }));
    }
    return {
      type: this.type,
      title: localized(this.titleText, language),
      status: this.status,
      detail: localized(this.detailText, language),
      ...(instance ? { instance } : {}),
      ...extensions,
    };
  }
}

function both(message: Message): Text {
  return typeof message === 'string' ? { nl: message, en: message } : message;
}

/** Items in a sentence: `a1`, `a1 en a2`, `a1, a2 en a3` (English: `and`). */
export function listed(items: readonly Message[]): Text {
  const join = (language: Language, and: string) => {
    const words = items.map((item) => localized(item, language));
    return words.length < 2 ? words.join('') : `${words.slice(0, -1).join(', ')} ${and} ${words.at(-1)}`;
  };
  return text(join('nl', 'en'), join('en', 'and'));
}

/** A noun, singular or plural by the count, and the ids: `activiteit a1`, `activiteiten a1 en a2`. */
export function named(ids: readonly string[], nl: [one: string, many: string], en: [one: string, many: string]): Text {
  const many = ids.length === 1 ? 0 : 1;
  const { nl: nlIds, en: enIds } = listed(ids);
  return text(`${nl[many]} ${nlIds}`, `${en[many]} ${enIds}`);
}

/** A thing by its noun and id, for messages: `withId(text('cyclus', 'cycle'), 'c-1')` → `cyclus c-1` / `cycle c-1`. */
export function withId(noun: Message, id: string): Text {
  const { nl, en } = both(noun);
  return text(`${nl} ${id}`, `${en} ${id}`);
}

/** Why the caller's roles may not do `what` (a verb phrase: `text('de LEOH-instelling lezen', 'read the LEOH setting')`). */
export function roleNeeded(what: Message, roles: readonly string[]): Text {
  const { nl, en } = both(what);
  return text(
    `Met uw rollen mag u dit niet: ${nl}. Daarvoor is een van deze rollen nodig: ${roles.join(', ')}.`,
    `Your roles may not ${en}; it needs one of: ${roles.join(', ')}.`,
  );
}

/** What a step still waits for (API.md: a 422 names it in words): `Nog niet afgerond: activiteiten a1 en a2`. */
export function unfinished(missing: readonly Message[]): Text {
  const { nl, en } = listed(missing);
  return text(`Nog niet afgerond: ${nl}`, `Not finished yet: ${en}`);
}

export class ValidationError extends DomainError {
  constructor(
    readonly errors: FieldError[],
    detail: Message = text('Het verzoek is niet geldig.', 'The request is not valid.'),
  ) {
    super('validation', 400, text('Ongeldig verzoek', 'Invalid request'), detail, { errors });
  }
}

export class UnauthorizedError extends DomainError {
  constructor(detail: Message = text('Een geldig bearer-token is nodig.', 'A valid bearer token is required.')) {
    super('unauthorized', 401, text('Niet aangemeld', 'Unauthorized'), detail);
  }
}

export class ForbiddenError extends DomainError {
  constructor(detail: Message) {
    super('forbidden', 403, text('Geen toegang', 'Forbidden'), detail);
  }
}

export class NotFoundError extends DomainError {
  /** `what` names the thing with its id: `text('cyclus 42', 'cycle 42')`. */
  constructor(what: Message) {
    const { nl, en } = both(what);
    super('not-found', 404, text('Niet gevonden', 'Not found'), text(`${nl} is niet gevonden.`, `${en} was not found.`));
  }
}

/** A body larger than the route takes (413), judged before or while it is read. */
export class PayloadTooLargeError extends DomainError {
  constructor(detail: Message) {
    super('too-large', 413, text('Inhoud te groot', 'Body too large'), detail);
  }
}

export class RevisionConflictError extends DomainError {
  constructor(
    readonly currentRevision: number,
    detail: Message = text(
      'Iemand anders heeft dit intussen gewijzigd; laad het opnieuw en probeer het nog eens.',
      'The resource was changed by someone else; reload it and try again.',
    ),
  ) {
    super('revision-conflict', 409, text('Revisieconflict', 'Revision conflict'), detail, { currentRevision });
  }
}

export class CommandNotAllowedError extends DomainError {
  constructor(
    readonly command: string,
    readonly allowed: string[],
    detail: Message,
  ) {
    super('command-not-allowed', 422, text('Opdracht nu niet toegestaan', 'Command not allowed now'), detail, { command, allowed });
  }
}

export class IdempotencyKeyReusedError extends DomainError {
  constructor() {
    super(
      'idempotency-key-reused',
      422,
      text('Idempotency-Key hergebruikt', 'Idempotency-Key reused'),
      text(
        'Deze Idempotency-Key is al gebruikt voor een verzoek met een andere inhoud.',
        'This Idempotency-Key was already used with another request body.',
      ),
    );
  }
}
