/**
 * The shared contract against a real EventStoreDB: the server in GEARBOX_TEST_ESDB (a connection
 * string, e.g. esdb://localhost:2113?tls=false from infra/compose.yaml), or a throwaway container
 * when testcontainers finds a container runtime. Without either the suite is skipped, and says why
 * in one line, so a green run never hides that this adapter went untested.
 */
import type { StartedTestContainer } from 'testcontainers';
import { afterAll, beforeAll, describe } from 'vitest';
import { openEventStoreDbEventStore } from '../src/eventstoredb.ts';
import type { EventStore } from '../src/port.ts';
import { eventStoreContract } from './contract.ts';

/** The last EventStoreDB LTS, the server line @eventstore/db-client 6.x was built for. */
const IMAGE = 'eventstore/eventstore:24.10.0-bookworm-slim';
const PROBE_TIMEOUT_MS = 3_000;

type Target = { kind: 'server'; url: string } | { kind: 'container' } | { kind: 'none'; reason: string };

async function findTarget(): Promise<Target> {
  const url = process.env.GEARBOX_TEST_ESDB?.trim();
  if (url) return { kind: 'server', url };
  const problem = await containerRuntimeProblem();
  if (problem === undefined) return { kind: 'container' };
  return { kind: 'none', reason: `no GEARBOX_TEST_ESDB and no container runtime (${problem})` };
}

/** undefined when testcontainers reaches a runtime; otherwise what went wrong, within a few seconds. */
async function containerRuntimeProblem(): Promise<string | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${PROBE_TIMEOUT_MS} ms`)), PROBE_TIMEOUT_MS);
  });
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await Promise.race([getContainerRuntimeClient(), timeout]);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    clearTimeout(timer);
  }
}

async function startContainer(): Promise<StartedTestContainer> {
  const { GenericContainer, Wait } = await import('testcontainers');
  return new GenericContainer(IMAGE)
    .withEnvironment({
      EVENTSTORE_CLUSTER_SIZE: '1',
      EVENTSTORE_RUN_PROJECTIONS: 'None',
      EVENTSTORE_INSECURE: 'true',
      EVENTSTORE_MEM_DB: 'true',
      // The default (1 MiB) counts the type too, so an event of exactly 1 MiB, which the port accepts, would not fit.
      EVENTSTORE_MAX_APPEND_SIZE: '8388608',
    })
    .withExposedPorts(2113)
    .withWaitStrategy(Wait.forHttp('/health/live', 2113).forStatusCodeMatching((status) => status >= 200 && status < 300))
    .withStartupTimeout(180_000)
    .start();
}

/** Live is not yet leader: retry a write until the node takes it. */
async function waitUntilWritable(url: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const store = openEventStoreDbEventStore(url);
    try {
      await store.appendToStream('gearbox-readiness', [{ id: crypto.randomUUID(), type: 'Ready', data: {} }]);
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500));
    } finally {
      await store.close();
    }
  }
}

const target = await findTarget();
let url = target.kind === 'server' ? target.url : '';

if (target.kind === 'container') {
  let container: StartedTestContainer | undefined;
  beforeAll(async () => {
    container = await startContainer();
    url = `esdb://${container.getHost()}:${container.getMappedPort(2113)}?tls=false`;
    await waitUntilWritable(url);
  }, 300_000);
  afterAll(async () => {
    await container?.stop();
  }, 60_000);
}

if (target.kind === 'none') console.info(`eventstoredb contract suite skipped: ${target.reason}`);

describe.skipIf(target.kind === 'none')('eventstoredb', () => {
  eventStoreContract('eventstoredb', (): EventStore => openEventStoreDbEventStore(url));
});
