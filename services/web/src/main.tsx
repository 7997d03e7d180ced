import { lazy, StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { Layout } from './layout.tsx';
import { SessionProvider } from './session.tsx';
import { NietGevonden } from './pages/volgt.tsx';
import './theme.css';

// One chunk per page, so the first page ships only what it shows.
const Overzicht = lazy(() => import('./pages/overzicht.tsx'));
const Cycli = lazy(() => import('./pages/cycli.tsx'));
const NieuweCyclus = lazy(() => import('./pages/nieuwe-cyclus.tsx'));
const Cyclus = lazy(() => import('./pages/cyclus.tsx'));
const Gear = lazy(() => import('./pages/gear.tsx'));
const Dossier = lazy(() => import('./pages/dossier.tsx'));
const Jaarverslag = lazy(() => import('./pages/jaarverslag.tsx'));
const signalen = () => import('./pages/signalen.tsx');
const Signalen = lazy(() => signalen().then((m) => ({ default: m.Signalen })));
const NieuwSignaal = lazy(() => signalen().then((m) => ({ default: m.NieuwSignaal })));
const SignaalPage = lazy(() => signalen().then((m) => ({ default: m.SignaalPage })));
const Instellingen = lazy(() => import('./pages/instellingen.tsx'));
const Benchmark = lazy(() => import('./pages/benchmark.tsx'));
const opleiders = () => import('./pages/opleiders.tsx');
const Opleiders = lazy(() => opleiders().then((m) => ({ default: m.Opleiders })));
const OpleiderPage = lazy(() => opleiders().then((m) => ({ default: m.OpleiderPage })));
const Cmo = lazy(() => opleiders().then((m) => ({ default: m.Cmo })));
const NieuweOpleider = lazy(() => opleiders().then((m) => ({ default: m.NieuweOpleider })));
const lijsten = () => import('./pages/lijsten.tsx');
const Docenten = lazy(() => lijsten().then((m) => ({ default: m.Docenten })));
const DocentPage = lazy(() => lijsten().then((m) => ({ default: m.DocentPage })));
const Leerplekken = lazy(() => lijsten().then((m) => ({ default: m.Leerplekken })));
const LeerplekPage = lazy(() => lijsten().then((m) => ({ default: m.LeerplekPage })));
const Programmas = lazy(() => lijsten().then((m) => ({ default: m.Programmas })));
const ProgrammaPage = lazy(() => lijsten().then((m) => ({ default: m.ProgrammaPage })));
const NieuweDocent = lazy(() => lijsten().then((m) => ({ default: m.NieuweDocent })));
const NieuweLeerplek = lazy(() => lijsten().then((m) => ({ default: m.NieuweLeerplek })));
const NieuwProgramma = lazy(() => lijsten().then((m) => ({ default: m.NieuwProgramma })));

const router = createBrowserRouter([
  {
    element: <Layout />,
    children: [
      { index: true, element: <Overzicht /> },
      { path: 'cycli', element: <Cycli /> },
      { path: 'cycli/nieuw', element: <NieuweCyclus /> },
      { path: 'cycli/:id', element: <Cyclus /> },
      { path: 'opleiders', element: <Opleiders /> },
      { path: 'opleiders/nieuw', element: <NieuweOpleider /> },
      { path: 'opleiders/:id', element: <OpleiderPage /> },
      { path: 'docenten', element: <Docenten /> },
      { path: 'docenten/nieuw', element: <NieuweDocent /> },
      { path: 'docenten/:id', element: <DocentPage /> },
      { path: 'leerplekken', element: <Leerplekken /> },
      { path: 'leerplekken/nieuw', element: <NieuweLeerplek /> },
      { path: 'leerplekken/:id', element: <LeerplekPage /> },
      { path: 'programmas', element: <Programmas /> },
      { path: 'programmas/nieuw', element: <NieuwProgramma /> },
      { path: 'programmas/:id', element: <ProgrammaPage /> },
      { path: 'signalen', element: <Signalen /> },
      { path: 'signalen/nieuw', element: <NieuwSignaal /> },
      { path: 'signalen/:id', element: <SignaalPage /> },
      { path: 'gear', element: <Gear /> },
      { path: 'dossier', element: <Dossier /> },
      { path: 'jaarverslag', element: <Jaarverslag /> },
      { path: 'jaarverslag/:jaar', element: <Jaarverslag /> },
      { path: 'cmo', element: <Cmo /> },
      { path: 'instellingen', element: <Instellingen /> },
      { path: 'benchmark', element: <Benchmark /> },
      { path: '*', element: <NietGevonden /> },
    ],
  },
]);

const queries = new QueryClient({ defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false } } });

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queries}>
      <SessionProvider>
        <RouterProvider router={router} />
      </SessionProvider>
    </QueryClientProvider>
  </StrictMode>,
);
