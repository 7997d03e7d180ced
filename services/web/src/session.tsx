/**
 * Who is signed in. The token stays in memory (a reload signs out); the session ends on
 * "Afmelden", on expiry and on a 401. The server says how one signs in (GET /api/v1/sign-in): OIDC
 * (authorization code + PKCE against GEARBOX_OIDC_ISSUER; "Afmelden" also ends the provider's
 * session when it offers end_session), or the demo sign-in on the embedded default.
 */
import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Paragraph } from '@utrecht/component-library-react/css-module';
import { api, data, useToken } from './api/client.ts';
import type { OidcSession } from './oidc.ts';
import { DemoSignIn, OidcSignIn } from './pages/aanmelden.tsx';

export type Session = OidcSession;

const SessionContext = createContext<{ session: Session; signOut: () => void } | undefined>(undefined);

export function useSession(): { session: Session; signOut: () => void } {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

export const ROLE_LABELS: Record<string, string> = {
  kwaliteitsmedewerker: 'kwaliteitsmedewerker',
  mt: 'MT-lid',
  auditor: 'auditor',
  cmo: 'CMO',
  admin: 'beheerder',
  integratie: 'koppeling',
  partner: 'partnerinstituut',
};

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session>();
  const queries = useQueryClient();
  const logoutUrl = useRef<string>(undefined);
  const config = useQuery({ queryKey: ['sign-in'], queryFn: () => data(api.GET('/sign-in')), staleTime: Infinity });
  const signOut = useCallback(() => {
    useToken(undefined, () => {});
    setSession(undefined);
    // Nothing the previous person saw stays in memory for the next one.
    queries.clear();
    if (logoutUrl.current) location.assign(logoutUrl.current);
    logoutUrl.current = undefined;
  }, [queries]);
  const signIn = useCallback((s: Session) => {
    useToken(s.token, signOut);
    logoutUrl.current = s.logoutUrl;
    setSession(s);
  }, [signOut]);
  useEffect(() => {
    if (!session) return;
    const timer = setTimeout(signOut, Math.max(0, Date.parse(session.expiresAt) - Date.now()));
    return () => clearTimeout(timer);
  }, [session, signOut]);
  if (!session) {
    if (config.data?.method === 'oidc') return <OidcSignIn config={config.data.oidc!} onSignedIn={signIn} />;
    if (config.data) return <DemoSignIn onSignedIn={signIn} />;
    return <main className="gearbox-main" id="inhoud"><Paragraph>{config.isError ? 'Gearbox is niet bereikbaar; probeer het zo opnieuw.' : 'Laden…'}</Paragraph></main>;
  }
  return <SessionContext.Provider value={{ session, signOut }}>{children}</SessionContext.Provider>;
}
