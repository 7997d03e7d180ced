import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');

/** A child process running appender-child.ts on `path`; `acknowledged` fills as it prints ids. */
export interface Appender {
  acknowledged: string[];
  /** Resolves once the child has opened the store. */
  opened: Promise<void>;
  /** SIGKILL, then wait for the process to be gone; resolves to the signal that ended it. */
  kill(): Promise<NodeJS.Signals | null>;
}

export function startAppender(path: string): Appender {
  // cwd = the package, so that `--import tsx` resolves from its node_modules.
  const child = spawn(process.execPath, ['--import', 'tsx', join(packageDir, 'test/appender-child.ts'), path], {
    cwd: packageDir,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  // 'close' comes after the process ended and its stdout was read to the end.
  const exited = once(child, 'close') as Promise<[number | null, NodeJS.Signals | null]>;
  const acknowledged: string[] = [];
  let pending = '';
  let signalOpened: () => void = () => {};
  const opened = new Promise<void>((resolve, reject) => {
    signalOpened = resolve;
    void exited.then(([code, signal]) => reject(new Error(`appender exited before opening the store (code ${code}, signal ${signal})`)));
  });
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    const lines = (pending + chunk).split('\n');
    // Only whole lines count: a kill can cut the last one short.
    pending = lines.pop() ?? '';
    for (const line of lines) {
      if (line === 'open') signalOpened();
      else acknowledged.push(line);
    }
  });
  return {
    acknowledged,
    opened,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      const [, signal] = await exited;
      return signal;
    },
  };
}
