import { useEffect, useState, type FormEvent } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Button, Heading1, Heading2, Paragraph } from '@utrecht/component-library-react/css-module';
import { api, ApiProblem, data } from '../api/client.ts';
import { Field, ProblemAlert, problemParts } from '../forms.tsx';
import type { Session } from '../session.tsx';
import { ROLE_LABELS } from '../session.tsx';
import { useTitle } from '../layout.tsx';
import { finishOidc, oidcAnswer, OidcRefused, startOidc } from '../oidc.ts';

/** OIDC: to the institute's sign-in service and back; a refusal there is said here, in Dutch. */
export function OidcSignIn({ config, onSignedIn }: { config: Parameters<typeof startOidc>[0]; onSignedIn: (session: Session) => void }) {
  useTitle('Aanmelden');
  // A query, not an effect: the code is traded once, also when React renders twice.
  const answer = useQuery({ queryKey: ['oidc-answer'], queryFn: () => finishOidc(config), enabled: oidcAnswer(), retry: false, staleTime: Infinity });
  const start = useMutation({ mutationFn: () => startOidc(config) });
  useEffect(() => {
    if (answer.data) onSignedIn(answer.data);
  }, [answer.data, onSignedIn]);
  const problem = answer.error ?? start.error;
  return (
    <main className="gearbox-main" id="inhoud">
      <Heading1>Aanmelden bij gearbox</Heading1>
      {answer.isFetching ? (
        <Paragraph>Bezig met aanmelden…</Paragraph>
      ) : (
        <>
          <Paragraph>U meldt zich aan via de inlogdienst van uw instituut.</Paragraph>
          <ProblemAlert>{problem ? (problem instanceof OidcRefused ? problem.message : 'De inlogdienst is niet bereikbaar; probeer het zo opnieuw.') : undefined}</ProblemAlert>
          <Button appearance="primary-action-button" onClick={() => start.mutate()} busy={start.isPending}>{problem ? 'Opnieuw aanmelden' : 'Aanmelden'}</Button>
        </>
      )}
    </main>
  );
}

/** The demo sign-in: only when the server offers it (embedded default, demo seeded, no OIDC issuer). */
export function DemoSignIn({ onSignedIn }: { onSignedIn: (session: Session) => void }) {
  useTitle('Aanmelden');
  const users = useQuery({ queryKey: ['demo-users'], queryFn: () => data(api.GET('/demo/users')), retry: false });
  const [user, setUser] = useState('');
  const signIn = useMutation({
    mutationFn: () => data(api.POST('/demo/sessions', { body: { user: user as Session['user']['id'] as never } })),
    onSuccess: onSignedIn,
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    signIn.mutate();
  };
  const { byField, rest } = problemParts(signIn.error, ['user']);
  const noDemo = users.error instanceof ApiProblem && users.error.status === 404;
  return (
    <main className="gearbox-main" id="inhoud">
      <Heading1>Aanmelden bij gearbox</Heading1>
      {noDemo ? (
        <Paragraph>Deze server heeft geen inlogdienst ingesteld; vraag de beheerder van gearbox om GEARBOX_OIDC_ISSUER.</Paragraph>
      ) : (
        <section className="gearbox-demo" aria-labelledby="demo-kop">
          <Heading2 id="demo-kop">Demo: aanmelden als voorbeeldpersoon</Heading2>
          <Paragraph>Dit is het demo-instituut met verzonnen gegevens. Kies wie u wilt zijn; er is geen wachtwoord.</Paragraph>
          <form onSubmit={submit}>
            <Field
              kind="select"
              name="user"
              label="Demo-gebruiker"
              value={user}
              onChange={(v) => setUser(String(v))}
              error={byField.user}
              options={(users.data?.items ?? []).map((u) => ({ value: u.id, label: `${u.name} (${u.roles.map((r) => ROLE_LABELS[r] ?? r).join(', ')})` }))}
            />
            <ProblemAlert>{rest}</ProblemAlert>
            <Button appearance="primary-action-button" type="submit" busy={signIn.isPending}>Aanmelden</Button>
          </form>
        </section>
      )}
    </main>
  );
}
