/**
 * vitest globalSetup (test/vitest.config.ts): the demo institute, seeded once per run of the suite
 * with `gearbox seed-demo`, for every server started with `demo: true` to copy instead of seeding
 * its own (the seed takes several seconds; the matrix and the fuzzer each used to pay for it).
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import type { TestProject } from 'vitest/node';
import { cliArgs, serverDir, SECRET, tempDir } from './gearbox.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A data dir holding the seeded demo institute; copy it, never serve it. */
    demoData: string;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const tmp = tempDir('demo');
  const child = spawn(process.execPath, cliArgs('seed-demo', '--data-dir', tmp.dir), {
    cwd: serverDir,
    env: { ...process.env, GEARBOX_JWT_SECRET: SECRET, GEARBOX_EVENTSTORE: '' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`gearbox seed-demo exited with ${code}`);
  project.provide('demoData', tmp.dir);
  return tmp.remove;
}
