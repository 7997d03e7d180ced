/**
 * The evidence workflow across a kill -9 (services/cycles/src/evidence.ts): a gearbox process on a
 * file data dir is killed just before its evidence append reaches the store (nothing is stored),
 * then another just after the store acknowledged it (evidence and measurement are stored together);
 * new processes get the same source again; the cycle holds exactly one evidence item and one
 * measurement.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteEventStore } from '@gearbox/eventstore';

const serverDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const dataDir = mkdtempSync(join(tmpdir(), 'gearbox-evidence-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** evidence-child.ts as its own process; `lines` fills with the whole lines it prints. */
function child(...args: string[]) {
  // cwd = the package, so that `--import tsx` resolves from its node_modules.
  const process_ = spawn(process.execPath, ['--import', 'tsx', join(serverDir, 'test/evidence-child.ts'), dataDir, ...args], {
    cwd: serverDir,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = once(process_, 'close') as Promise<[number | null, NodeJS.Signals | null]>;
  const lines: string[] = [];
  let pending = '';
  let waiting: { line: string; resolve: () => void } | undefined;
  process_.stdout.setEncoding('utf8');
  process_.stdout.on('data', (chunk: string) => {
    const parts = (pending + chunk).split('\n');
    pending = parts.pop() ?? '';
    lines.push(...parts);
    if (waiting && parts.includes(waiting.line)) waiting.resolve();
  });
  return {
    lines,
    /** Resolves once the child printed `line`; rejects if it ends first. */
    printed: (line: string) =>
      new Promise<void>((resolve, reject) => {
        waiting = { line, resolve };
        void exited.then(([code, signal]) => reject(new Error(`the child ended (code ${code}, signal ${signal}) before printing ${line}`)));
      }),
    /** The exit code once it ended by itself. */
    done: async () => (await exited)[0],
    async kill() {
      process_.kill('SIGKILL');
      return (await exited)[1];
    },
  };
}

/** The event types in the cycle's stream, read from the store file as the killed process left it. */
async function cycleEvents(cycleId: string): Promise<string[]> {
  const store = openSqliteEventStore({ path: join(dataDir, 'events.sqlite3') });
  try {
    const types: string[] = [];
    for await (const e of store.readStream(`utrecht/cycle-${cycleId}`)) types.push(e.type);
    return types;
  } finally {
    await store.close();
  }
}

const count = (types: string[], type: string) => types.filter((t) => t === type).length;

describe('evidence from a source, with the process killed around its append', () => {
  it('ends with exactly one evidence item and one measurement after kills, restarts and the same source again', { timeout: 120_000 }, async () => {
    const setup = child('setup');
    expect(await setup.done()).toBe(0);
    const cycleId = setup.lines[0]!;
    const before = await cycleEvents(cycleId);
    expect(before).not.toContain('EvidenceAdded');

    const early = child('hang-before', cycleId);
    await early.printed('evidence-sending');
    expect(await early.kill()).toBe('SIGKILL');
    // Killed before the append: nothing of it is stored.
    expect(await cycleEvents(cycleId)).toEqual(before);

    const late = child('hang', cycleId);
    await late.printed('evidence-stored');
    expect(await late.kill()).toBe('SIGKILL');
    // Killed after the append, before the answer: evidence and measurement were one append.
    const stored = await cycleEvents(cycleId);
    expect([count(stored, 'EvidenceAdded'), count(stored, 'MeasurementRecorded')]).toEqual([1, 1]);

    const again = child('send', cycleId);
    expect(await again.done()).toBe(0);
    const answer = JSON.parse(again.lines[0]!);
    expect(answer.status).toBe(200);
    expect(answer.body.cycle.newEvents.map((e: { type: string }) => e.type)).toEqual(['EvidenceAdded', 'MeasurementRecorded']);
    expect(answer.body.cycle.evidence).toHaveLength(1);
    expect(answer.body.cycle.kpis[0].measurements).toMatchObject([{ value: 0 }]);

    const third = child('send', cycleId);
    expect(await third.done()).toBe(0);
    expect(JSON.parse(third.lines[0]!).body.cycle.newEvents).toEqual(answer.body.cycle.newEvents);

    const all = await cycleEvents(cycleId);
    expect([count(all, 'EvidenceAdded'), count(all, 'MeasurementRecorded')]).toEqual([1, 1]);
    expect(all).toHaveLength(before.length + 2);
  });
});
