/**
 * OIDC sign-in: authorization code + PKCE (oauth4webapi) against the issuer the server names at
 * GET /api/v1/sign-in. Only the PKCE verifier and state wait in sessionStorage during the round trip
 * to the provider; the tokens stay in memory. The server checks the access token by JWKS.
 */
import type { Schemas } from './api/client.ts';

type Oidc = NonNullable<Schemas['SignInConfig']['oidc']>;
export type OidcSession = Schemas['DemoSession'] & { logoutUrl?: string };

const PENDING = 'gearbox-oidc-pending';
const SCOPE = 'openid profile';
const redirectUri = () => `${location.origin}/`;

async function provider(config: Oidc) {
  const oauth = await import('oauth4webapi');
  const issuer = new URL(config.issuer);
  const insecure = { [oauth.allowInsecureRequests]: issuer.protocol === 'http:' };
  const as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, { algorithm: 'oidc', ...insecure }));
  return { oauth, as, insecure, client: { client_id: config.clientId } };
}

/** Sends the browser to the provider's sign-in page. */
export async function startOidc(config: Oidc): Promise<void> {
  const { oauth, as } = await provider(config);
  const verifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  sessionStorage.setItem(PENDING, JSON.stringify({ verifier, state }));
  const url = new URL(as.authorization_endpoint!);
  url.search = new URLSearchParams({
    client_id: config.clientId,
    redirect_uri: redirectUri(),
    response_type: 'code',
    scope: SCOPE,
    state,
    code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    ...(config.resource ? { resource: config.resource } : {}),
  }).toString();
  location.assign(url);
}

/** Whether this page is the provider's answer (code or error) to a sign-in we started. */
export const oidcAnswer = (): boolean => {
  const params = new URLSearchParams(location.search);
  return sessionStorage.getItem(PENDING) !== null && (params.has('code') || params.has('error'));
};

export class OidcRefused extends Error {}

/** The provider's answers (RFC 6749, OIDC Core 3.1.2.6) that mean: not signed in there. */
const REFUSED = new Set(['access_denied', 'login_required', 'interaction_required', 'consent_required', 'account_selection_required']);

/** Trades the provider's code for tokens; throws OidcRefused (in Dutch) when the sign-in was refused. */
export async function finishOidc(config: Oidc): Promise<OidcSession> {
  const pending = JSON.parse(sessionStorage.getItem(PENDING) ?? '{}') as { verifier?: string; state?: string };
  sessionStorage.removeItem(PENDING);
  const answer = new URL(location.href);
  history.replaceState(null, '', '/');
  const { oauth, as, insecure, client } = await provider(config);
  let params: URLSearchParams;
  try {
    params = oauth.validateAuthResponse(as, client, answer, pending.state);
  } catch (error) {
    // A wrong password, "Cancel", or a login the provider will not do: the person is not signed in there.
    if (error instanceof oauth.AuthorizationResponseError && REFUSED.has(error.error)) {
      throw new OidcRefused('Aanmelden is mislukt: de inlogdienst heeft u niet aangemeld (bijvoorbeeld een verkeerd wachtwoord, of afgebroken). U bent niet aangemeld; probeer het opnieuw.');
    }
    throw new OidcRefused('De inlogdienst gaf een antwoord dat gearbox niet kan gebruiken. U bent niet aangemeld; probeer het opnieuw.');
  }
  const response = await oauth.authorizationCodeGrantRequest(as, client, oauth.None(), params, redirectUri(), pending.verifier!, {
    ...insecure,
    ...(config.resource ? { additionalParameters: { resource: config.resource } } : {}),
  });
  const tokens = await oauth.processAuthorizationCodeResponse(as, client, response);
  // The server verifies the access token; the UI only reads who it names.
  const claims = jwtPayload(tokens.access_token) as { sub: string; name: string; institute: string; roles: string[]; exp: number };
  const logout = as.end_session_endpoint ? new URL(as.end_session_endpoint) : undefined;
  logout?.searchParams.set('client_id', config.clientId);
  logout?.searchParams.set('post_logout_redirect_uri', redirectUri());
  if (tokens.id_token) logout?.searchParams.set('id_token_hint', tokens.id_token);
  return {
    token: tokens.access_token,
    expiresAt: new Date(claims.exp * 1000).toISOString(),
    institute: claims.institute,
    user: { id: claims.sub, name: claims.name, roles: claims.roles },
    ...(logout ? { logoutUrl: logout.href } : {}),
  };
}

/** A JWT's payload, unverified (UTF-8, base64url). */
function jwtPayload(jwt: string): unknown {
  const binary = atob(jwt.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'));
  return JSON.parse(new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0))));
}
