/**
 * Bearer JWT authentication (API.md "Auth and tenancy"). Embedded default: HS256 with
 * GEARBOX_JWT_SECRET. Production: GEARBOX_JWKS_URL (an OIDC provider) with RS256/ES256, issuer and
 * audience checked. The verified claims become the request's CommandContext in Hono's variables.
 */
import { randomUUID } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { createRemoteJWKSet, errors, jwtVerify, SignJWT, type JWTVerifyGetKey } from 'jose';
import { z } from 'zod';
import { DomainError, ForbiddenError, listed, roleNeeded, says, text, UnauthorizedError, type Actor, type Message } from '@gearbox/kernel';

export const ROLES = ['kwaliteitsmedewerker', 'mt', 'auditor', 'cmo', 'integratie', 'partner', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const Claims = z.object({
  sub: z.string().min(1).max(200),
  name: z.string().min(1).max(200),
  institute: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, { error: says('een instituutscode zoals utrecht', 'an institute slug such as utrecht') }),
  roles: z.array(z.enum(ROLES)).min(1),
});
export type Claims = z.infer<typeof Claims>;

export type AuthVariables = { institute: string; actor: Actor; correlationId: string };

export interface AuthConfig {
  /** HS256 secret (embedded default). */
  secret?: string;
  /** OIDC: JWKS URL; issuer and audience are then required. */
  jwksUrl?: string;
  issuer?: string;
  audience?: string;
}

export function authConfigFromEnv(env: NodeJS.ProcessEnv = process.env, secret = env.GEARBOX_JWT_SECRET): AuthConfig {
  return {
    ...(secret ? { secret } : {}),
    ...(env.GEARBOX_JWKS_URL ? { jwksUrl: env.GEARBOX_JWKS_URL } : {}),
    ...(env.GEARBOX_JWT_ISSUER ? { issuer: env.GEARBOX_JWT_ISSUER } : {}),
    ...(env.GEARBOX_JWT_AUDIENCE ? { audience: env.GEARBOX_JWT_AUDIENCE } : {}),
  };
}

/** API.md: a token must carry `exp`; one without is refused (401), so no token is valid for ever. */
export function verifier(config: AuthConfig): (token: string) => Promise<Claims> {
  let verify: (token: string) => Promise<unknown>;
  if (config.jwksUrl) {
    if (!config.issuer || !config.audience) throw new Error('GEARBOX_JWKS_URL needs GEARBOX_JWT_ISSUER and GEARBOX_JWT_AUDIENCE');
    const keys: JWTVerifyGetKey = createRemoteJWKSet(new URL(config.jwksUrl));
    verify = async (token) =>
      (await jwtVerify(token, keys, { issuer: config.issuer!, audience: config.audience!, algorithms: ['RS256', 'ES256'], requiredClaims: ['exp'] })).payload;
  } else {
    if (!config.secret) throw new Error('no GEARBOX_JWT_SECRET and no GEARBOX_JWKS_URL: tokens cannot be checked');
    const key = new TextEncoder().encode(config.secret);
    verify = async (token) =>
      (await jwtVerify(token, key, { algorithms: ['HS256'], requiredClaims: ['exp'], ...(config.issuer ? { issuer: config.issuer } : {}), ...(config.audience ? { audience: config.audience } : {}) })).payload;
  }
  const remembered = new VerifiedTokens();
  return async (token) => {
    const known = remembered.get(token);
    if (known) return known;
    let payload: unknown;
    try {
      payload = await verify(token);
    } catch (error) {
      if (config.jwksUrl && keySetUnavailable(error)) throw new AuthUnavailableError();
      throw new UnauthorizedError(
        text('Het bearer-token is niet geldig (handtekening, vervaldatum, uitgever of doelgroep).', 'The bearer token is not valid (signature, expiry, issuer or audience).'),
      );
    }
    const claims = Claims.safeParse(payload);
    if (!claims.success) {
      const { nl, en } = listed(claims.error.issues.map((i) => i.path.join('.') || '(claims)'));
      throw new UnauthorizedError(text(`Het token mist geldige claims: ${nl}.`, `The token lacks valid claims: ${en}.`));
    }
    remembered.set(token, claims.data, (payload as { exp?: unknown }).exp);
    return claims.data;
  };
}

/** How long a verified token is taken on trust before its signature is checked again. */
const TRUST_MS = 60_000;
const TRUSTED_TOKENS = 10_000;

/**
 * Tokens that passed verification, so a client sending the same bearer token request after request
 * costs one signature check a minute instead of one per request (it was 8% of a command's time).
 * An entry ends at the token's own expiry or after TRUST_MS, whichever comes first, so a key
 * withdrawn from the identity provider's key set stops being honoured within a minute.
 */
class VerifiedTokens {
  private readonly entries = new Map<string, { claims: Claims; until: number }>();

  get(token: string): Claims | undefined {
    const entry = this.entries.get(token);
    if (!entry) return undefined;
    if (Date.now() >= entry.until) {
      this.entries.delete(token);
      return undefined;
    }
    return entry.claims;
  }

  set(token: string, claims: Claims, exp: unknown): void {
    const expiresAt = typeof exp === 'number' ? exp * 1000 : Infinity;
    this.entries.set(token, { claims, until: Math.min(expiresAt, Date.now() + TRUST_MS) });
    if (this.entries.size > TRUSTED_TOKENS) this.entries.delete(this.entries.keys().next().value!);
  }
}

/**
 * The identity provider's key set could not be fetched. That is our outage, not a bad token: a 401
 * would send clients off to log in again for nothing.
 */
export class AuthUnavailableError extends DomainError {
  constructor() {
    super(
      'auth-unavailable',
      503,
      text('Aanmelden niet beschikbaar', 'Authentication unavailable'),
      text(
        'De sleutels van de identiteitsprovider konden niet worden opgehaald; probeer het zo nog eens.',
        'The signing keys of the identity provider could not be fetched; try again shortly.',
      ),
    );
  }
}

function keySetUnavailable(error: unknown): boolean {
  if (!(error instanceof errors.JOSEError)) return true; // fetch itself failed (network, DNS)
  return error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid || error.code === 'ERR_JOSE_GENERIC';
}

/**
 * A `partner` token is another institute reading this one's shared events (API.md): the feed, the
 * stream and the schemas they point at, and nothing else, whatever a route's own role check says.
 */
const PARTNER_PATHS = /^\/api\/v1\/(shared|schemas)(\/|$)/;
const PARTNER_ONLY = text(
  'Een partner-token leest alleen de gedeelde events (/api/v1/shared/…) en hun schema\'s (/api/v1/schemas).',
  'A partner token reads only the shared events (/api/v1/shared/…) and their schemas (/api/v1/schemas).',
);

/** Requires a valid bearer token and puts {institute, actor, correlationId} into the context. */
export function authenticate(config: AuthConfig): MiddlewareHandler<{ Variables: AuthVariables }> {
  const verify = verifier(config);
  return async (c, next) => {
    const header = c.req.header('Authorization');
    const match = header ? /^Bearer\s+([A-Za-z0-9._~+/=-]+)$/i.exec(header.trim()) : null;
    if (!match) throw new UnauthorizedError();
    const claims = await verify(match[1]!);
    if (claims.roles.every((r) => r === 'partner') && !PARTNER_PATHS.test(c.req.path)) throw new ForbiddenError(PARTNER_ONLY);
    c.set('institute', claims.institute);
    c.set('actor', { sub: claims.sub, name: claims.name, roles: claims.roles });
    c.set('correlationId', c.req.header('X-Correlation-Id')?.slice(0, 100) || randomUUID());
    await next();
  };
}

/** `what` says what the caller tried, as a verb phrase: `text('deze instelling wijzigen', 'change this setting')`. */
export function requireRole(actor: Actor, roles: readonly string[], what: Message): void {
  if (!actor.roles.some((r) => roles.includes(r))) throw new ForbiddenError(roleNeeded(what, roles));
}

export async function signToken(claims: Claims, secret: string, expiresIn = '12h'): Promise<string> {
  const parsed = Claims.parse(claims);
  return new SignJWT({ name: parsed.name, institute: parsed.institute, roles: parsed.roles })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(parsed.sub)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(new TextEncoder().encode(secret));
}
