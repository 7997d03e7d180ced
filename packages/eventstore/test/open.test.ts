import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EventStoreDbEventStore, openEventStore, type EventStore, type RecordedEvent } from '../src/index.ts';

let dir: string;
const opened: EventStore[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gearbox-open-'));
  // Every test states the environment it relies on; the developer's own settings must not leak in.
  vi.stubEnv('GEARBOX_EVENTSTORE', '');
  vi.stubEnv('GEARBOX_DATA_DIR', '');
});

afterEach(async () => {
  await Promise.all(opened.splice(0).map((store) => store.close()));
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

function open(options?: Parameters<typeof openEventStore>[0]): EventStore {
  const store = openEventStore(options);
  opened.push(store);
  return store;
}

async function collect(iterable: AsyncIterable<RecordedEvent>): Promise<RecordedEvent[]> {
  const items: RecordedEvent[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

async function appendOne(store: EventStore, stream = 'opleider-1'): Promise<string> {
  const id = randomUUID();
  await store.appendToStream(stream, [{ id, type: 'OpleiderAangemeld', data: { naam: 'Dr. Jansen' } }]);
  return id;
}

describe('openEventStore without a url', () => {
  it('keeps events in <dataDir>/events.sqlite3, creating the folder, and finds them again after reopening', async () => {
    const dataDir = join(dir, 'nieuw', 'data');
    const first = open({ dataDir });
    const id = await appendOne(first);
    await first.close();

    expect(existsSync(join(dataDir, 'events.sqlite3'))).toBe(true);
    const again = open({ dataDir });
    expect((await collect(again.readStream('opleider-1'))).map((e) => e.id)).toEqual([id]);
  });

  it('takes the folder from GEARBOX_DATA_DIR when no dataDir is given', async () => {
    vi.stubEnv('GEARBOX_DATA_DIR', join(dir, 'uit-env'));
    await appendOne(open());
    expect(readdirSync(join(dir, 'uit-env'))).toContain('events.sqlite3');
  });

  it('prefers the dataDir option over GEARBOX_DATA_DIR', async () => {
    vi.stubEnv('GEARBOX_DATA_DIR', join(dir, 'uit-env'));
    await appendOne(open({ dataDir: join(dir, 'uit-optie') }));
    expect(existsSync(join(dir, 'uit-optie', 'events.sqlite3'))).toBe(true);
    expect(existsSync(join(dir, 'uit-env'))).toBe(false);
  });

  it('defaults to ./data in the working directory', async () => {
    vi.spyOn(process, 'cwd').mockReturnValue(dir);
    await appendOne(open());
    expect(existsSync(join(dir, 'data', 'events.sqlite3'))).toBe(true);
  });
});

describe('openEventStore with a sqlite url', () => {
  it('sqlite::memory: gives a private in-memory store and writes no file', async () => {
    const a = open({ url: 'sqlite::memory:', dataDir: dir });
    const b = open({ url: 'sqlite::memory:', dataDir: dir });
    const id = await appendOne(a);

    expect((await collect(a.readAll())).map((e) => e.id)).toEqual([id]);
    expect(await collect(b.readAll())).toEqual([]);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('sqlite:<file> stores in that file, creating its folder', async () => {
    const file = join(dir, 'elders', 'winkel.sqlite3');
    await appendOne(open({ url: `sqlite:${file}` }));
    expect(existsSync(file)).toBe(true);
  });

  it('takes the url from GEARBOX_EVENTSTORE, and the url option wins over it', async () => {
    vi.stubEnv('GEARBOX_EVENTSTORE', 'sqlite::memory:');
    await appendOne(open({ dataDir: dir }));
    expect(readdirSync(dir)).toEqual([]);

    vi.stubEnv('GEARBOX_EVENTSTORE', 'postgres://db/gearbox');
    const file = join(dir, 'optie.sqlite3');
    await appendOne(open({ url: `sqlite:${file}` }));
    expect(existsSync(file)).toBe(true);
  });
});

describe('openEventStore with an EventStoreDB url', () => {
  // The client connects on first use, so choosing the adapter needs no server.
  it.each([
    'esdb://localhost:2113?tls=false',
    'esdb+discover://cluster.example:2113',
    'kurrentdb://localhost:2113?tls=false',
    'kurrentdb+discover://cluster.example:2113',
    'ESDB://localhost:2113?tls=false',
  ])('%s selects the EventStoreDB adapter and writes no sqlite file', (url) => {
    expect(open({ url, dataDir: dir })).toBeInstanceOf(EventStoreDbEventStore);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('reads the url from GEARBOX_EVENTSTORE', () => {
    vi.stubEnv('GEARBOX_EVENTSTORE', 'esdb://localhost:2113?tls=false');
    expect(open({ dataDir: dir })).toBeInstanceOf(EventStoreDbEventStore);
  });
});

describe('openEventStore with anything else', () => {
  it('names the accepted forms, and only the scheme of what it got (the rest may hold a password)', () => {
    const attempt = () => open({ url: 'postgres://gearbox:geheim@db:5432/events' });
    expect(attempt).toThrow(/unsupported postgres:/);
    expect(attempt).toThrow(/esdb:\/\/.*kurrentdb:\/\/.*sqlite::memory:.*unset/);
    expect(attempt).not.toThrow(/geheim/);
  });

  it('rejects a bare word and an empty sqlite path', () => {
    expect(() => open({ url: 'eventstore' })).toThrow(/unsupported a value without a scheme/);
    expect(() => open({ url: 'sqlite:' })).toThrow(/sqlite: needs a file or :memory:/);
  });
});
