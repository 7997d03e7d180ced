/**
 * The limit route: what a durable command costs here with nothing of gearbox's command path.
 * A bare Hono app with the same bearer-token check (`authenticate` from @gearbox/http) whose
 * `POST /api/v1/cycles/:id/commands` parses the JSON body, appends one EvidenceAdded event to the
 * cycle's stream through the same SQLite adapter (@gearbox/eventstore: WAL, synchronous=FULL, group
 * commit) and answers, after the commit, the cycle's evidence and the new event — the same shape
 * and size as gearbox's AddEvidence answer. No validation, no decision, no encryption, no read
 * models, no request log. `GET /api/v1/cycles/:id` reads the evidence back from the store, for the
 * bench's check that every 2xx answer was stored.
 */
import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import { openSqliteEventStore, StreamNotFoundError } from '@gearbox/eventstore';
import { authenticate, type AuthConfig, type AuthVariables } from '@gearbox/http';
import { cycleStream, evidenceItem, peerMetadata, type PeerAnswer } from './commands-workload.ts';

export interface PeerApp {
  app: Hono<{ Variables: AuthVariables }>;
  close(): Promise<void>;
}

export function limitApp(path: string, auth: AuthConfig): PeerApp {
  const store = openSqliteEventStore({ path });
  /** What the answer shows per cycle; the store is the truth, this only spares a read per request. */
  const evidence = new Map<string, Record<string, unknown>[]>();
  const app = new Hono<{ Variables: AuthVariables }>();
  app.use('/api/v1/*', authenticate(auth));
  app.post('/api/v1/cycles/:id/commands', async (c) => {
    const id = c.req.param('id');
    const { type: _command, ...data } = (await c.req.json()) as Record<string, unknown>;
    const streamId = cycleStream(id);
    const eventId = randomUUID();
    const metadata = peerMetadata(c.var.actor, c.var.correlationId);
    // 'any': the store still reads the stream head and checks the revision; no queue is needed.
    const result = await store.appendToStream(streamId, [{ id: eventId, type: 'EvidenceAdded', data, metadata }], { expectedRevision: 'any' });
    const revision = Number(result.nextExpectedRevision);
    const items = evidence.get(id) ?? [];
    evidence.set(id, items);
    items.push(evidenceItem(data, eventId, revision));
    const newEvent = { id: eventId, type: 'EvidenceAdded', streamId, revision, position: result.position.toString(), ...metadata, data };
    return c.json({ id, revision, evidence: items, newEvents: [newEvent] } satisfies PeerAnswer);
  });
  app.get('/api/v1/cycles/:id', async (c) => {
    const items: Record<string, unknown>[] = [];
    try {
      for await (const e of store.readStream(cycleStream(c.req.param('id')))) items.push(evidenceItem(e.data as Record<string, unknown>, e.id, Number(e.revision)));
    } catch (error) {
      if (!(error instanceof StreamNotFoundError)) throw error;
    }
    return c.json({ evidence: items });
  });
  return { app, close: () => store.close() };
}
