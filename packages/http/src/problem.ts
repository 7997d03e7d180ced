/**
 * One place turns every error into RFC 9457 problem+json, in the caller's language (API.md: Dutch
 * by default, English with `Accept-Language: en`). Domain errors carry their own type and status;
 * anything unexpected becomes a 500 with an id that is also in the log, and never a stack.
 */
import { randomUUID } from 'node:crypto';
import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { DomainError, text, ValidationError, type Language } from '@gearbox/kernel';
import { InvalidAppendError } from '@gearbox/eventstore';
import type { Logger } from 'pino';
import { loggedPath } from './observability.ts';

export const PROBLEM = 'application/problem+json';

const RANGE = /^(\*|[a-z]{1,8}(?:-[a-z0-9]{1,8})*)$/i;
const QUALITY = /^q=(0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/i;

/**
 * The answer's language from an `Accept-Language` header (RFC 9110 §12.5.4): English when `en` or
 * an `en-*` range has a higher quality than Dutch, Dutch otherwise. A language the header does not
 * name takes the quality of `*`, or 0; malformed entries are ignored.
 */
export function negotiateLanguage(header: string | undefined): Language {
  const quality: Record<string, number> = {};
  for (const entry of (header ?? '').split(',')) {
    const [range = '', ...params] = entry.split(';').map((part) => part.trim());
    if (!RANGE.test(range)) continue;
    const q = params.length === 0 ? '1' : params.length === 1 ? QUALITY.exec(params[0]!)?.[1] : undefined;
    if (q === undefined) continue;
    const language = range.split('-')[0]!.toLowerCase();
    quality[language] = Math.max(quality[language] ?? 0, Number(q));
  }
  const of = (language: string) => quality[language] ?? quality['*'] ?? 0;
  return of('en') > of('nl') ? 'en' : 'nl';
}

/** The caller's language; the answer says which one it is in and that it depends on the header. */
export function languageOf(c: Context): Language {
  const language = negotiateLanguage(c.req.header('Accept-Language'));
  c.header('Content-Language', language);
  const vary = c.res.headers.get('Vary');
  if (!vary?.split(',').some((v) => v.trim().toLowerCase() === 'accept-language')) c.header('Vary', vary ? `${vary}, Accept-Language` : 'Accept-Language');
  return language;
}

/** Through the context, so headers set on it before the error (X-Request-Id) are on the answer too. */
function send(c: Context, body: Record<string, unknown>, status: number, headers: Record<string, string> = {}): Response {
  return c.body(JSON.stringify(body), status as never, { 'Content-Type': PROBLEM, ...headers });
}

/** The error as problem+json in the caller's language. */
export function problem(c: Context, error: DomainError, headers: Record<string, string> = {}): Response {
  return send(c, error.toProblem(c.req.path, languageOf(c)), error.status, headers);
}

export function errorHandler(logger: Logger): ErrorHandler {
  return (error, c) => {
    if (error instanceof DomainError) {
      return problem(c, error, error.status === 401 ? { 'WWW-Authenticate': 'Bearer' } : {});
    }
    // Bad input that slipped past the schemas but was caught by the store: still the client's mistake.
    if (error instanceof InvalidAppendError) {
      return problem(c, new ValidationError([{ path: '(body)', message: error.message }]));
    }
    if (error instanceof HTTPException && error.status < 500) {
      const title = text('Ongeldig verzoek', 'Bad request')[languageOf(c)];
      return send(c, { type: 'about:blank', title, status: error.status, detail: error.message || title, instance: c.req.path }, error.status);
    }
    const errorId = randomUUID();
    // Never the body or the raw path: either can carry a person's values (loggedPath).
    logger.error({ err: error, errorId, path: loggedPath(c.req.path), method: c.req.method }, 'unexpected error');
    return problem(
      c,
      new DomainError(
        'internal',
        500,
        text('Interne serverfout', 'Internal server error'),
        text(
          `Er ging bij ons iets mis. Noem foutnummer ${errorId} als u het meldt.`,
          `Something went wrong on our side. Quote error id ${errorId} when you report it.`,
        ),
        { errorId },
      ),
    );
  };
}

export const notFound: NotFoundHandler = (c) =>
  problem(
    c,
    new DomainError(
      'not-found',
      404,
      text('Niet gevonden', 'Not found'),
      text(`Er is geen route ${c.req.method} ${c.req.path}.`, `No route ${c.req.method} ${c.req.path}.`),
    ),
  );
