import { randomUUID } from 'node:crypto';
import { openSqliteEventStore } from '@gearbox/eventstore';
import { afterEach, describe, expect, it } from 'vitest';
import { ProjectionRunner, type Projection } from '../src/projection.ts';
import type { StoredEvent } from '../src/envelope.ts';

const stores: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(stores.splice(0).map((s) => s.close()));
});

function counting(): Projection & { seen: string[] } {
  const seen: string[] = [];
  return { name: 'telt', seen, apply: (e: StoredEvent) => void seen.push(e.id), reset: () => void seen.splice(0) };
}

describe('ProjectionRunner.waitFor (read-your-writes after a command)', () => {
  it('resolves once the read models include the position, for every writer waiting, and fails a wait for a position never written', async () => {
    const store = openSqliteEventStore({ path: ':memory:' });
    stores.push(store);
    const projection = counting();
    const runner = new ProjectionRunner(store, [projection]);
    await runner.start();
    const results = await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        const { position } = await store.appendToStream(`s-${i % 4}`, [{ id: randomUUID(), type: 'Gebeurd', data: { i } }]);
        await runner.waitFor(position);
        // What the command answered is in the read model when its writer hears back.
        return runner.at >= position && projection.seen.length >= Number(position);
      }),
    );
    expect(results).toEqual(Array(20).fill(true));
    const started = Date.now();
    await expect(runner.waitFor(10_000n, 300)).rejects.toThrow('read models did not reach position 10000 within 300 ms');
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    // The runner still serves later waits after a failed one.
    const { position } = await store.appendToStream('s-laat', [{ id: randomUUID(), type: 'Gebeurd', data: {} }]);
    await runner.waitFor(position);
    expect(projection.seen).toHaveLength(21);
    await runner.stop();
  });

  it('lets a wait still pending at stop go', async () => {
    const store = openSqliteEventStore({ path: ':memory:' });
    stores.push(store);
    const runner = new ProjectionRunner(store, [counting()]);
    await runner.start();
    const pending = runner.waitFor(50n);
    await runner.stop();
    await expect(pending).resolves.toBeUndefined();
  });
});
