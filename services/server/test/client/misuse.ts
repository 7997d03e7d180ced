/**
 * Mistakes the generated types must refuse: each line below a `@ts-expect-error` has to be a type
 * error, or the type-check in ../client.test.ts fails. Types that let anything through (`any`,
 * `never` answers, a missing command union) fail here.
 */
import createClient from 'openapi-fetch';
import type { paths } from './api.ts';

const client = createClient<paths>({ baseUrl: 'http://127.0.0.1/api/v1' });

export async function mistakes(): Promise<void> {
  // @ts-expect-error a path the API does not have
  await client.GET('/cycle/{id}', { params: { path: { id: 'c1' } } });
  // @ts-expect-error SetGoal needs a title
  await client.POST('/cycles/{id}/commands', { params: { path: { id: 'c1' } }, body: { type: 'SetGoal', goalId: 'g1' } });
  // @ts-expect-error there is no command FinishCycle
  await client.POST('/cycles/{id}/commands', { params: { path: { id: 'c1' } }, body: { type: 'FinishCycle' } });
  // @ts-expect-error a phase is plan, do, check, act, closed or cancelled
  await client.GET('/cycles', { params: { query: { phase: 'klaar' } } });
  // @ts-expect-error the cycle's id belongs in the path
  await client.GET('/cycles/{id}', {});
  const { data } = await client.GET('/cycles/{id}', { params: { path: { id: 'c1' } } });
  // @ts-expect-error a cycle has no member owner
  void data?.owner;
  // @ts-expect-error revision is a number
  const revision: string | undefined = data?.revision;
  void revision;
}
