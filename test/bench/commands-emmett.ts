/**
 * The peer a user would pick: Emmett 0.38.5 as its own Hono sample. Emmett's web-API packages are
 * for Express and not published in a matching version, so the route is Hono's, with the same
 * bearer-token check as gearbox (`authenticate` from @gearbox/http). The command goes through
 * Emmett's `CommandHandler` (read the stream, fold it with `evolve`, decide, append with the
 * expected stream version) over its SQLite event store on a file, set up as its docs show
 * (`getSQLiteEventStore({ fileName })`: WAL, SQLite's default synchronous=FULL). The decision
 * refuses an evidence id the cycle already holds. The answer is the cycle's evidence and the new
 * event, the same shape and size as gearbox's and the limit route's.
 *
 * Emmett 0.38.5's SQLite store does not survive concurrent commands on a file: in a probe, 30 of 30
 * requests sent ten at a time failed (SQLITE_BUSY "database is locked", SQLITE_MISUSE "Database
 * handle is closed"). So the sample handles one command at a time, as a user would have to.
 */
import { randomUUID } from 'node:crypto';
import { CommandHandler, IllegalStateError, type Event } from '@event-driven-io/emmett';
import { getSQLiteEventStore } from '@event-driven-io/emmett-sqlite';
import { Hono } from 'hono';
import { authenticate, type AuthConfig, type AuthVariables } from '@gearbox/http';
import { cycleStream, evidenceItem, peerMetadata, type PeerAnswer } from './commands-workload.ts';
import type { PeerApp } from './commands-limit.ts';

type EvidenceAdded = Event<'EvidenceAdded', Record<string, unknown> & { evidenceId: string }, Record<string, unknown>>;

interface CycleEvidence {
  evidence: Record<string, unknown>[];
  ids: Set<string>;
}

const initialState = (): CycleEvidence => ({ evidence: [], ids: new Set() });

/** Every event of these streams is an EvidenceAdded, so an item's revision is its index. */
function evolve(state: CycleEvidence, event: EvidenceAdded): CycleEvidence {
  state.evidence.push(evidenceItem(event.data, String(event.metadata.eventId), state.evidence.length));
  state.ids.add(event.data.evidenceId);
  return state;
}

function addEvidence(data: EvidenceAdded['data'], metadata: Record<string, unknown>) {
  return (state: CycleEvidence): EvidenceAdded => {
    if (state.ids.has(data.evidenceId)) throw new IllegalStateError(`evidence ${data.evidenceId} is already in this cycle`);
    return { type: 'EvidenceAdded', data, metadata: { ...metadata, eventId: randomUUID() } };
  };
}

const SQLITE_BUSY = 5;
/** See eventstore-emmett.ts: node-sqlite3 now and then fails Emmett's COMMIT with SQLITE_BUSY; a user would retry. */
const retry = { retries: 4, minTimeout: 1, shouldRetryError: (error: unknown) => (error as { errno?: unknown } | null)?.errno === SQLITE_BUSY };

export function emmettApp(fileName: string, auth: AuthConfig): PeerApp {
  const store = getSQLiteEventStore({ fileName });
  const handle = CommandHandler<CycleEvidence, EvidenceAdded>({ evolve, initialState, retry });
  let previous: Promise<unknown> = Promise.resolve();
  /** One store call at a time, in arrival order. */
  const serially = <T>(work: () => Promise<T>): Promise<T> => {
    const result = previous.then(work, work);
    previous = result.catch(() => undefined);
    return result;
  };
  const app = new Hono<{ Variables: AuthVariables }>();
  app.use('/api/v1/*', authenticate(auth));
  app.onError((error, c) => (error instanceof IllegalStateError ? c.json({ title: error.message }, 409) : c.json({ title: 'error' }, 500)));
  app.post('/api/v1/cycles/:id/commands', async (c) => {
    const id = c.req.param('id');
    const { type: _command, ...data } = (await c.req.json()) as EvidenceAdded['data'] & { type: string };
    const metadata = peerMetadata(c.var.actor, c.var.correlationId);
    const { newState, nextExpectedStreamVersion } = await serially(() => handle(store, cycleStream(id), addEvidence(data, metadata)));
    const revision = Number(nextExpectedStreamVersion) - 1;
    const added = newState.evidence.at(-1)!;
    const newEvent = { id: (added.source as { eventId: string }).eventId, type: 'EvidenceAdded', streamId: cycleStream(id), revision, ...metadata, data };
    return c.json({ id, revision, evidence: newState.evidence, newEvents: [newEvent] } satisfies PeerAnswer);
  });
  app.get('/api/v1/cycles/:id', async (c) => {
    const { state } = await serially(() => store.aggregateStream(cycleStream(c.req.param('id')), { evolve, initialState }));
    return c.json({ evidence: state.evidence });
  });
  return { app, close: async () => {} };
}
