import { Suspense, useEffect } from 'react';
import { NavLink, Outlet } from 'react-router';
import { Button, Paragraph } from '@utrecht/component-library-react/css-module';
import { ROLE_LABELS, useSession } from './session.tsx';

/** UI.md: the main navigation, in this order, with these names; the last ones only for the roles that use them. */
export const MENU: { to: string; label: string; roles?: string[] }[] = [
  { to: '/', label: 'Overzicht' },
  { to: '/cycli', label: 'Cycli' },
  { to: '/opleiders', label: 'Opleiders' },
  { to: '/docenten', label: 'Docenten' },
  { to: '/leerplekken', label: 'Leerplekken' },
  { to: '/programmas', label: "Programma's" },
  { to: '/signalen', label: 'Signalen' },
  { to: '/gear', label: 'GEAR' },
  { to: '/dossier', label: 'Dossier' },
  { to: '/jaarverslag', label: 'Jaarverslag' },
  { to: '/cmo', label: 'CMO', roles: ['cmo', 'mt'] },
  { to: '/benchmark', label: 'Benchmark' },
  { to: '/instellingen', label: 'Instellingen', roles: ['admin'] },
];

export function useTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} · gearbox`;
  }, [title]);
}

export function Layout() {
  const { session, signOut } = useSession();
  return (
    <>
      <a className="gearbox-skip" href="#inhoud">Naar de inhoud</a>
      <header className="gearbox-header">
        <strong>gearbox</strong>
        <span>
          {session.user.name} ({session.user.roles.map((r) => ROLE_LABELS[r] ?? r).join(', ')}){' '}
          <Button appearance="secondary-action-button" onClick={signOut}>Afmelden</Button>
        </span>
      </header>
      <nav className="gearbox-nav" aria-label="Hoofdmenu">
        <ul>
          {MENU.filter((m) => !m.roles || m.roles.some((r) => session.user.roles.includes(r))).map((m) => (
            <li key={m.to}><NavLink className="utrecht-link" to={m.to} end={m.to === '/'}>{m.label}</NavLink></li>
          ))}
        </ul>
      </nav>
      <main className="gearbox-main" id="inhoud" tabIndex={-1}>
        <Suspense fallback={<Paragraph>Laden…</Paragraph>}>
          <Outlet />
        </Suspense>
      </main>
    </>
  );
}
