/**
 * A real Apache Kafka broker for the tests: kafka_2.13 and its runtime dependencies from Maven
 * Central (infra/kafka/pom.xml, fetched with `mvn dependency:copy-dependencies` on first use), one
 * combined broker and controller in KRaft mode on 127.0.0.1 with free ports, run on the machine's
 * JDK from a freshly formatted storage dir. `stop()` and `start()` again keep its data and ports,
 * so a test can take the broker away while events are being published.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Kafka, logLevel } from 'kafkajs';

const POM_DIR = resolve(import.meta.dirname, '../../../infra/kafka');
const JARS = join(POM_DIR, 'target', 'dependency');

export interface KafkaBroker {
  brokers: string[];
  /** The broker's own output, for a failure message. */
  log(): string;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Stops the broker and removes its data. */
  close(): Promise<void>;
}

/** Why the Kafka tests cannot run here (no JDK or Maven), or undefined when they can. */
export function kafkaUnavailable(): string | undefined {
  for (const [tool, args] of [['java', ['-version']], ['mvn', ['-v']]] as const) {
    if (spawnSync(tool, args, { stdio: 'ignore' }).status !== 0) return `${tool} is not installed: the tests against a real Kafka broker are skipped`;
  }
  return undefined;
}

function fetchJars(): void {
  if (existsSync(JARS) && readdirSync(JARS).some((f) => f.startsWith('kafka_2.13-'))) return;
  const run = spawnSync('mvn', ['-q', '-B', 'dependency:copy-dependencies'], { cwd: POM_DIR, encoding: 'utf8', timeout: 600_000 });
  if (run.status !== 0) throw new Error(`mvn dependency:copy-dependencies failed:\n${run.stdout}\n${run.stderr}`);
}

export async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

function java(args: string[]): ChildProcess {
  return spawn('java', ['-Xms128m', '-Xmx384m', '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '-cp', `${JARS}/*`, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
}

export async function startKafkaBroker(): Promise<KafkaBroker> {
  fetchJars();
  const dir = mkdtempSync(join(tmpdir(), 'gearbox-kafka-'));
  const [port, controllerPort] = [await freePort(), await freePort()];
  const config = join(dir, 'server.properties');
  writeFileSync(
    config,
    [
      'process.roles=broker,controller',
      'node.id=1',
      `controller.quorum.voters=1@127.0.0.1:${controllerPort}`,
      `listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`,
      `advertised.listeners=PLAINTEXT://127.0.0.1:${port}`,
      'controller.listener.names=CONTROLLER',
      'inter.broker.listener.name=PLAINTEXT',
      'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
      `log.dirs=${join(dir, 'data')}`,
      'num.partitions=1',
      'offsets.topic.replication.factor=1',
      'transaction.state.log.replication.factor=1',
      'transaction.state.log.min.isr=1',
      'share.coordinator.state.topic.replication.factor=1',
      'share.coordinator.state.topic.min.isr=1',
      'group.initial.rebalance.delay.ms=0',
      'auto.create.topics.enable=true',
    ].join('\n'),
  );
  const clusterId = randomBytes(16).toString('base64url');
  const format = spawnSync('java', ['-cp', `${JARS}/*`, 'kafka.tools.StorageTool', 'format', '-t', clusterId, '-c', config], { encoding: 'utf8' });
  if (format.status !== 0) throw new Error(`formatting the KRaft storage failed:\n${format.stdout}\n${format.stderr}`);

  let child: ChildProcess | undefined;
  let output = '';
  const brokers = [`127.0.0.1:${port}`];
  const broker: KafkaBroker = {
    brokers,
    log: () => output.slice(-20_000),
    async start() {
      const proc = java(['kafka.Kafka', config]);
      child = proc;
      proc.stdout!.on('data', (d) => (output += d));
      proc.stderr!.on('data', (d) => (output += d));
      await ready(brokers, proc, () => output);
    },
    async stop() {
      const proc = child;
      child = undefined;
      if (!proc || proc.exitCode !== null) return;
      const exited = new Promise((done) => proc.once('exit', done));
      proc.kill('SIGTERM');
      const killer = setTimeout(() => proc.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(killer);
    },
    async close() {
      await broker.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await broker.start();
  return broker;
}

/** Ready when the port answers and the cluster describes itself with a controller. */
async function ready(brokers: string[], proc: ChildProcess, log: () => string): Promise<void> {
  const [host, port] = brokers[0]!.split(':') as [string, string];
  const deadline = Date.now() + 90_000;
  const admin = new Kafka({ clientId: 'gearbox-test-ready', brokers, logLevel: logLevel.NOTHING, retry: { retries: 0 } }).admin();
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) throw new Error(`the Kafka broker exited with ${proc.exitCode}:\n${log().slice(-5000)}`);
    if (await listening(host, Number(port))) {
      try {
        await admin.connect();
        const cluster = await admin.describeCluster();
        await admin.disconnect();
        if (cluster.brokers.length > 0) return;
      } catch {
        await admin.disconnect().catch(() => undefined);
      }
    }
    await sleep(250);
  }
  proc.kill('SIGKILL');
  throw new Error(`the Kafka broker was not ready within 90 s:\n${log().slice(-5000)}`);
}

function listening(host: string, port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect({ host, port }, () => {
      socket.destroy();
      done(true);
    });
    socket.once('error', () => done(false));
  });
}
