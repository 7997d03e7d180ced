/** Reading a request the same way everywhere: JSON bodies, query strings, and the command headers. */
import { createHash } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { z } from 'zod';
import { canonicalJson, PayloadTooLargeError, text, ValidationError, validated, type CommandContext, type CommandOptions } from '@gearbox/kernel';
import type { AuthVariables } from './auth.ts';
import { problem } from './problem.ts';

type Ctx = Context<{ Variables: AuthVariables }>;

const JSON_TYPE = /^application\/([a-z.+-]*\+)?json\b/i;

/** The largest JSON body accepted: a command is a few hundred bytes, a batch import some hundreds of kB. */
export const MAX_JSON_BYTES = 1024 * 1024;

/**
 * JSON bodies above `maxBytes` answer 413 before they are read whole. Other bodies are refused by
 * readJson before it reads them, or are an upload route's own business.
 *
 * A body with a Content-Length is judged by that header alone (Node's HTTP parser never delivers more
 * than it announces); only a chunked body is counted as it streams in. Touching the body stream for
 * every request would make @hono/node-server build a full web Request per request, which cost a
 * command about a fifth of its time.
 */
export function jsonBodyLimit(maxBytes = MAX_JSON_BYTES): MiddlewareHandler {
  const tooLarge = (c: Context) =>
    problem(c, new PayloadTooLargeError(text(`Een JSON-inhoud mag hoogstens ${maxBytes} bytes zijn.`, `A JSON body may hold at most ${maxBytes} bytes.`)));
  const counted = bodyLimit({ maxSize: maxBytes, onError: tooLarge });
  return (c, next) => {
    if (!JSON_TYPE.test(c.req.header('Content-Type') ?? '')) return next();
    const length = c.req.header('Content-Length');
    if (length !== undefined && c.req.header('Transfer-Encoding') === undefined) {
      return Number(length) > maxBytes ? Promise.resolve(tooLarge(c)) : next();
    }
    return counted(c, next);
  };
}

/** The body as JSON; a body that is not JSON (or not sent as JSON) is a 400, never a 500. */
export async function readJson(c: Context): Promise<unknown> {
  const type = c.req.header('Content-Type') ?? '';
  if (!JSON_TYPE.test(type)) {
    throw new ValidationError(
      [{ path: 'Content-Type', message: text('moet application/json zijn', 'must be application/json') }],
      text('Stuur de inhoud als application/json.', 'Send the body as application/json.'),
    );
  }
  const body = await c.req.text();
  // Measured before it is parsed: 500,000 levels of brackets would otherwise be built as 500,000
  // arrays only to be refused (with eight such bodies at once, over 100 MiB of heap that V8 keeps).
  if (nestingOf(body) > MAX_JSON_DEPTH) throw tooDeep();
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    const reason = (error as Error).message;
    throw new ValidationError(
      [{ path: '(body)', message: text(`geen geldige JSON: ${reason}`, `not valid JSON: ${reason}`) }],
      text('De inhoud is geen geldige JSON.', 'The body is not valid JSON.'),
    );
  }
  return value;
}

const tooDeep = () =>
  new ValidationError(
    [{ path: '(body)', message: text(`hoogstens ${MAX_JSON_DEPTH} niveaus diep`, `at most ${MAX_JSON_DEPTH} levels deep`) }],
    text(`De JSON-inhoud is dieper genest dan ${MAX_JSON_DEPTH} niveaus.`, `The JSON body is nested deeper than ${MAX_JSON_DEPTH} levels.`),
  );

/**
 * The deepest nesting of brackets in JSON text, outside strings, without parsing it. Stops counting
 * once past the limit. Text that is no JSON is measured all the same; JSON.parse judges it after.
 */
function nestingOf(json: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < json.length; i++) {
    const c = json.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // a backslash: the next character is escaped
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > deepest) deepest = depth;
      if (deepest > MAX_JSON_DEPTH) return deepest;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return deepest;
}

/** The deepest nesting a JSON body may have: no request of the API nests more than a handful of levels. */
export const MAX_JSON_DEPTH = 64;

/**
 * A path with a percent-encoding that is not UTF-8 (`%C0%AE`, a lone `%`) is a 400. The router
 * leaves such a sequence undecoded, so a route would otherwise look it up as it stands or fail to
 * decode it itself.
 */
export function pathEncoding(): MiddlewareHandler {
  return (c, next) => {
    const path = c.req.path;
    if (path.includes('%')) {
      try {
        decodeURIComponent(path);
      } catch {
        throw new ValidationError(
          [{ path: '(path)', message: text('geen geldige procentcodering in UTF-8', 'not a valid UTF-8 percent-encoding') }],
          text('Het pad bevat een ongeldige procentcodering.', 'The path holds an invalid percent-encoding.'),
        );
      }
    }
    return next();
  };
}

/**
 * A raw body (an upload), counted as it streams in: a declared Content-Length over `maxBytes` is
 * refused before reading, and a chunked body as soon as it passes the limit, so no more than the
 * limit is ever held in memory. The server drains or closes what the client still sends.
 */
export async function readBytes(c: Context, maxBytes: number, tooLarge: () => Error): Promise<Uint8Array> {
  if (Number(c.req.header('Content-Length') ?? 0) > maxBytes) throw tooLarge();
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = c.req.raw.body?.getReader();
  for (let chunk = await reader?.read(); reader && chunk && !chunk.done; chunk = await reader.read()) {
    size += chunk.value.byteLength;
    if (size > maxBytes) {
      reader.releaseLock();
      throw tooLarge();
    }
    chunks.push(chunk.value);
  }
  return Buffer.concat(chunks, size);
}

export function readQuery<T extends z.ZodType>(c: Context, schema: T): z.output<T> {
  return validated(schema, c.req.query(), 'query');
}

export function commandContext(c: Ctx): CommandContext {
  return { institute: c.get('institute'), actor: c.get('actor'), correlationId: c.get('correlationId') };
}

/** `If-Match: "3"` (also 3 or W/"3") → 3. */
export function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  const match = /^(?:W\/)?(?:"(\d{1,15})"|(\d{1,15}))$/.exec(header.trim());
  if (!match) {
    throw new ValidationError(
      [{ path: 'If-Match', message: text('een revisie zoals "3"', 'a revision such as "3"') }],
      text('If-Match moet een revisie noemen.', 'If-Match must name a revision.'),
    );
  }
  return Number(match[1] ?? match[2]);
}

const KEY = /^[\x21-\x7e]{1,255}$/;

export function parseIdempotencyKey(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  if (!KEY.test(header)) {
    throw new ValidationError(
      [{ path: 'Idempotency-Key', message: text('1 tot 255 zichtbare ASCII-tekens', '1 to 255 visible ASCII characters') }],
      text('De Idempotency-Key is niet geldig.', 'The Idempotency-Key is not valid.'),
    );
  }
  return header;
}

/** The body as canonical JSON (RFC 8785), so `{"a":1,"b":2}` and `{"b":2,"a":1}` are the same request. */
export function requestHash(method: string, path: string, body: unknown): string {
  return createHash('sha256').update(`${method} ${path}\n${canonicalJson(body)}`).digest('hex');
}

/** If-Match and Idempotency-Key of a command request, with the hash that ties the key to this body. */
export function commandOptions(c: Context, body: unknown): CommandOptions {
  const ifMatch = parseIfMatch(c.req.header('If-Match'));
  const idempotencyKey = parseIdempotencyKey(c.req.header('Idempotency-Key'));
  return {
    ...(ifMatch !== undefined ? { ifMatch } : {}),
    ...(idempotencyKey ? { idempotencyKey, requestHash: requestHash(c.req.method, c.req.path, body) } : {}),
  };
}

/** The version of the API contract (API.md); the major is the `/api/v1` in every path. */
export const API_VERSION = '1.0.0';

/** NL GOV API Design Rules: every answer names the API version it follows, errors and 404s too. */
export function apiVersionHeader(version = API_VERSION): MiddlewareHandler {
  return async (c, next) => {
    await next();
    c.res.headers.set('API-Version', version);
  };
}
