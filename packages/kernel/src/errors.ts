/**
 * Domain errors are values with a problem type and an HTTP status; packages/http maps them to
 * RFC 9457 problem+json in one place. Nothing here knows about HTTP beyond the status number.
 */
export interface FieldError {
  path: string;
  message: string;
}

const TYPE_BASE = 'https://gearbox.dev/problems/';

export class DomainError extends Error {
  constructor(
    /** Short slug; the problem type URI is TYPE_BASE + slug. */
    readonly slug: string,
    readonly status: number,
    readonly title: string,
    detail: string,
    /** Extra members of the problem document (errors, allowed, currentRevision, ...). */
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(detail);
    this.name = new.target.name;
  }

  get type(): string {
    return TYPE_BASE + this.slug;
  }

  toProblem(instance?: string): Record<string, unknown> {
    return {
      type: this.type,
      title: this.title,
      status: this.status,
      detail: this.message,
      ...(instance ? { instance } : {}),
      ...this.extensions,
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
