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

export class ValidationError extends DomainError {
  constructor(
    readonly errors: FieldError[],
    detail = 'The request is not valid.',
  ) {
    super('validation', 400, 'Invalid request', detail, { errors });
  }
}

export class UnauthorizedError extends DomainError {
  constructor(detail = 'A valid bearer token is required.') {
    super('unauthorized', 401, 'Unauthorized', detail);
  }
}

export class ForbiddenError extends DomainError {
  constructor(detail: string) {
    super('forbidden', 403, 'Forbidden', detail);
  }
}

export class NotFoundError extends DomainError {
  constructor(what: string) {
    super('not-found', 404, 'Not found', `${what} was not found.`);
  }
}

export class RevisionConflictError extends DomainError {
  constructor(
    readonly currentRevision: number,
    detail = 'The resource was changed by someone else; reload it and try again.',
  ) {
    super('revision-conflict', 409, 'Revision conflict', detail, { currentRevision });
  }
}

export class CommandNotAllowedError extends DomainError {
  constructor(
    readonly command: string,
    readonly allowed: string[],
    detail: string,
  ) {
    super('command-not-allowed', 422, 'Command not allowed now', detail, { command, allowed });
  }
}

export class IdempotencyKeyReusedError extends DomainError {
  constructor() {
    super(
      'idempotency-key-reused',
      422,
      'Idempotency-Key reused',
      'This Idempotency-Key was already used with another request body.',
    );
  }
}
