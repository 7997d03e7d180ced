/**
 * A client of gearbox as another institute's developer would write one: types generated from the
 * running server's /openapi.json with openapi-typescript, calls through openapi-fetch, and no casts.
 * ../client.test.ts puts the generated `api.ts` and a `config.ts` beside a copy of this file,
 * type-checks it with --strict and runs it against that server. It runs one curriculum cycle from
 * plan to closed and prints what it saw as JSON.
 */
import createClient from 'openapi-fetch';
import type { components, paths } from './api.ts';
import { baseUrl, token } from './config.ts';

type Cycle = components['schemas']['Cycle'];
type Command = paths['/cycles/{id}/commands']['post']['requestBody']['content']['application/json'];

const client = createClient<paths>({ baseUrl, headers: { Authorization: `Bearer ${token}` } });

const started = await client.POST('/cycles', {
  body: { kind: 'curriculum', title: 'Curriculum 2025', period: { from: '2025-01-01', to: '2025-12-31' } },
});
if (!started.data) throw new Error(`starting the cycle: ${started.response.status} ${JSON.stringify(started.error)}`);
let cycle: Cycle = started.data;

/** Sends one command on the revision last seen; a command the cycle does not allow now is a mistake here. */
async function send(command: Command): Promise<Cycle> {
  if (!cycle.allowed.includes(command.type)) throw new Error(`${command.type} is not allowed in ${cycle.phase}: ${cycle.allowed.join(', ')}`);
  const { data, error, response } = await client.POST('/cycles/{id}/commands', {
    params: { path: { id: cycle.id }, header: { 'If-Match': `"${cycle.revision}"` } },
    body: command,
  });
  if (!data) throw new Error(`${command.type}: ${response.status} ${JSON.stringify(error)}`);
  return data;
}

const steps: Command[] = [
  { type: 'SetGoal', goalId: 'g1', title: 'Veilig opleidingsklimaat' },
  { type: 'PlanActivity', activityId: 'a1', title: 'Enquête onder aios', owner: 'Q. Officer', due: '2025-03-31' },
  { type: 'ApprovePlan' },
  { type: 'CompleteActivity', activityId: 'a1', note: 'Respons 82%' },
  { type: 'AddEvidence', evidenceId: 'e1', title: 'Enquêteresultaten', kind: 'survey', effectiveAt: '2025-03-31' },
  { type: 'StartCheck' },
  { type: 'RecordFinding', findingId: 'f1', title: 'Veiligheid deels gehaald', assessment: 'deels', evidenceIds: ['e1'] },
  { type: 'HoldReview', reviewId: 'r1', body: 'curriculumcommissie', date: '2025-04-15' },
  { type: 'CompleteCheck' },
  { type: 'DecideAction', actionId: 'x1', findingId: 'f1', title: 'Training veilig leerklimaat', owner: 'B. Jansen', due: '2025-09-01' },
  { type: 'CommunicateOutcome', audience: ['aios', 'opleiders'], channel: 'nieuwsbrief', summary: 'Resultaten en maatregel gedeeld' },
  { type: 'CloseCycle' },
];
const phases: Cycle['phase'][] = [];
for (const command of steps) {
  cycle = await send(command);
  phases.push(cycle.phase);
}

const read = await client.GET('/cycles/{id}', { params: { path: { id: cycle.id } } });
const trail = await client.GET('/cycles/{id}/events', { params: { path: { id: cycle.id } } });
const closed = await client.GET('/cycles', { params: { query: { kind: 'curriculum', phase: 'closed' } } });
if (!read.data || !trail.data || !closed.data) throw new Error(`reading back: ${read.response.status} ${trail.response.status} ${closed.response.status}`);

console.log(
  JSON.stringify({
    phases,
    phase: read.data.phase,
    revision: read.data.revision,
    allowed: read.data.allowed,
    actions: read.data.actions.map((a) => a.actionId),
    events: trail.data.items.map((e) => e.type),
    listed: closed.data.items.some((c) => c.id === cycle.id),
  }),
);
