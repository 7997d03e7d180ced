/**
 * The one way the UI reaches the API: openapi-fetch over the types generated from /openapi.json
 * (scripts/openapi.ts). The bearer token lives here, in memory only, never in storage.
 */
import createClient from 'openapi-fetch';
import type { components, paths } from './schema.ts';

export type Schemas = components['schemas'];
export type Problem = Schemas['Problem'];
export type Cycle = Schemas['Cycle'];
export type CycleCommand = NonNullable<paths['/cycles/{id}/commands']['post']['requestBody']>['content']['application/json'];

let token: string | undefined;
let onUnauthorized: () => void = () => {};

export const api = createClient<paths>({ baseUrl: '/api/v1' });
api.use({
  onRequest({ request }) {
    if (token) request.headers.set('Authorization', `Bearer ${token}`);
    return request;
  },
  onResponse({ response }) {
    // An expired or revoked token ends the session, as "Afmelden" does.
    if (response.status === 401 && token) onUnauthorized();
    return response;
  },
});

export function useToken(value: string | undefined, unauthorized: () => void): void {
  token = value;
  onUnauthorized = unauthorized;
}

/** An answer that is not 2xx, with the API's problem+json (in Dutch). */
export class ApiProblem extends Error {
  constructor(readonly status: number, readonly problem: Problem) {
    super(problem.detail || problem.title);
  }
}

/** The data of an openapi-fetch answer, or its problem thrown: for TanStack Query's queryFn and mutationFn. */
export async function data<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data: body, error, response } = await call;
  if (response.ok) return body as T;
  const fallback: Problem = { type: 'about:blank', title: response.statusText, detail: '', status: response.status };
  throw new ApiProblem(response.status, error && typeof error === 'object' ? { ...fallback, ...(error as Problem) } : fallback);
}
