/** One log line per request (pino) and Prometheus metrics (prom-client): requests and commands. */
import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import pino, { type Logger } from 'pino';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * Log lines go to stdout through an asynchronous destination: lines written while a write is in
 * flight go out together, off the event loop, instead of one blocking write per request. pino flushes
 * it when the process exits; a hard crash can lose the last lines, never an event.
 */
export function createLogger(level = process.env.GEARBOX_LOG_LEVEL ?? 'info'): Logger {
  return pino({ level, base: { service: 'gearbox' } }, pino.destination({ dest: 1, sync: false }));
}

export class Metrics {
  readonly registry = new Registry();
  readonly requests = new Counter({
    name: 'gearbox_http_requests_total',
    help: 'HTTP requests by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });
  readonly commands = new Counter({
    name: 'gearbox_commands_total',
    help: 'Commands by type and outcome (ok, or the HTTP status of the refusal)',
    labelNames: ['type', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly commandSeconds = new Histogram({
    name: 'gearbox_command_duration_seconds',
    help: 'Time to decide and append a command, by type',
    labelNames: ['type'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });

  /**
   * The series of each label set, looked up once: prom-client hashes the labels on every `inc`
   * otherwise. The label values are bounded (route patterns, statuses, known command types).
   */
  private readonly series = new Map<string, { inc(): void } | { observe(value: number): void }>();

  constructor(defaults = true) {
    if (defaults) collectDefaultMetrics({ register: this.registry, prefix: 'gearbox_' });
  }

  private seriesOf<S extends { inc(): void } | { observe(value: number): void }>(key: string, make: () => S): S {
    let found = this.series.get(key) as S | undefined;
    if (!found) {
      found = make();
      this.series.set(key, found);
    }
    return found;
  }

  /** Counts one answered request. */
  request(method: string, route: string, status: number): void {
    this.seriesOf(`request ${method} ${status} ${route}`, () => this.requests.labels({ method, route, status: String(status) })).inc();
  }

  /** Runs a command and records its count, outcome and latency. */
  async command<T>(type: string, run: () => Promise<T>): Promise<T> {
    const started = performance.now();
    let outcome = 'ok';
    try {
      return await run();
    } catch (error) {
      const status = (error as { status?: number }).status;
      outcome = status ? String(status) : 'error';
      throw error;
    } finally {
      this.seriesOf(`command ${type} ${outcome}`, () => this.commands.labels({ type, outcome })).inc();
      this.seriesOf(`seconds ${type}`, () => this.commandSeconds.labels({ type })).observe((performance.now() - started) / 1000);
    }
  }
}

/**
 * The path as it may be logged. A subject id can carry a person's name (`owner:Anna de Jong`) and
 * outlives an erasure in a log, so the segment after `subjects`, and any segment with a colon, is
 * written as [verborgen]; the route pattern is logged beside it.
 */
export function loggedPath(path: string): string {
  if (!path.includes(':') && !/%3a|\/subjects\//i.test(path)) return path;
  const parts = path.split('/');
  return parts.map((part, i) => (parts[i - 1] === 'subjects' || /:|%3a/i.test(part) ? '[verborgen]' : part)).join('/');
}

export function requestLog(logger: Logger, metrics: Metrics): MiddlewareHandler {
  return async (c, next) => {
    const started = performance.now();
    const requestId = c.req.header('X-Request-Id')?.slice(0, 100) || crypto.randomUUID();
    // Set before the handler, so every answer made through the context carries it (problem answers
    // too). Setting it afterwards would force the answer into a full web Response on every request.
    c.header('X-Request-Id', requestId);
    await next();
    const route = routePath(c) ?? c.req.path;
    const status = c.res.status;
    metrics.request(c.req.method, route, status);
    logger.info(
      {
        requestId,
        method: c.req.method,
        route,
        path: loggedPath(c.req.path),
        status,
        ms: Math.round((performance.now() - started) * 10) / 10,
        institute: (c.get as (k: string) => unknown)('institute'),
      },
      'request',
    );
  };
}
