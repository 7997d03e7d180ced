/**
 * One place turns every error into RFC 9457 problem+json. Domain errors carry their own type and
 * status; anything unexpected becomes a 500 with an id that is also in the log, and never a stack.
 */
import { randomUUID } from 'node:crypto';
import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { DomainError, ValidationError } from '@gearbox/kernel';
import { InvalidAppendError } from '@gearbox/eventstore';
import type { Logger } from 'pino';

export const PROBLEM = 'application/problem+json';

/** Through the context, so headers set on it before the error (X-Request-Id) are on the answer too. */
export function problem(c: Context, body: Record<string, unknown> & { status: number }, headers: Record<string, string> = {}): Response {
  return c.body(JSON.stringify(body), body.status as never, { 'Content-Type': PROBLEM, ...headers });
}

export function errorHandler(logger: Logger): ErrorHandler {
  return (error, c) => {
    const instance = c.req.path;
    if (error instanceof DomainError) {
      const headers: Record<string, string> = error.status === 401 ? { 'WWW-Authenticate': 'Bearer' } : {};
      return problem(c, error.toProblem(instance) as Record<string, unknown> & { status: number }, headers);
    }
    // Bad input that slipped past the schemas but was caught by the store: still the client's mistake.
    if (error instanceof InvalidAppendError) {
      return problem(c, new ValidationError([{ path: '(body)', message: error.message }]).toProblem(instance) as never);
    }
    if (error instanceof HTTPException && error.status < 500) {
      return problem(c, { type: 'about:blank', title: error.message || 'Bad request', status: error.status, detail: error.message, instance });
    }
    const errorId = randomUUID();
    logger.error({ err: error, errorId, path: instance, method: c.req.method }, 'unexpected error');
    return problem(c, {
      type: 'https://gearbox.dev/problems/internal',
      title: 'Internal server error',
      status: 500,
      detail: `Something went wrong on our side. Quote error id ${errorId} when you report it.`,
      errorId,
      instance,
    });
  };
}

export const notFound: NotFoundHandler = (c) =>
  problem(c, {
    type: 'https://gearbox.dev/problems/not-found',
    title: 'Not found',
    status: 404,
    detail: `No route ${c.req.method} ${c.req.path}.`,
    instance: c.req.path,
  });
