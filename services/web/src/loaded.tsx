import type { ReactNode } from 'react';
import type { UseQueryResult } from '@tanstack/react-query';
import { Paragraph } from '@utrecht/component-library-react/css-module';
import { ApiProblem } from './api/client.ts';
import { ProblemAlert } from './forms.tsx';

/** A query's data once it is there; while loading a short text, on failure the API's problem in words. */
export function Loaded<T>({ query, children, notFound }: { query: UseQueryResult<T>; children: (data: T) => ReactNode; notFound?: ReactNode }) {
  if (query.isPending) return <Paragraph>Laden…</Paragraph>;
  if (query.isError) {
    if (notFound && query.error instanceof ApiProblem && query.error.status === 404) return notFound;
    return <ProblemAlert>{query.error instanceof ApiProblem ? query.error.message : 'De server is niet bereikbaar. Probeer het zo nog eens.'}</ProblemAlert>;
  }
  return children(query.data);
}
