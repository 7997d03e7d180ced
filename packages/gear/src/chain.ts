/**
 * The hash chain over every event of an institute in global order (ARCHITECTURE.md "GEAR"):
 * hash(n) = sha256(hash(n-1) + "\n" + canonical JSON of event n's stored envelope), from a
 * genesis of 64 zeros. The envelope holds the data *as stored*: sealed personal data stays
 * sealed, so forgetting a person (deleting a key) never changes a hash, while any edit of a stored
 * event, a dropped event or a reordering changes every hash after it.
 *
 * Canonicalising and hashing every event costs more than reading it. An export (ChainWorker) writes
 * each event's canonical JSON in the reading thread — which has the parsed event; handing objects
 * to another thread would cost as much as serialising them — and leaves the sha256 links to a
 * worker thread. HashChain does all of it in the calling thread. The core is plain JavaScript
 * (chain-core.mjs) so the worker needs no TypeScript loader.
 */
import { Worker } from 'node:worker_threads';
import type { RecordedEvent } from '@gearbox/eventstore';
import { GENESIS, chainText, nextHash } from './chain-core.mjs';

export { GENESIS, canonicalJson, chainEnvelope, chainText, hashStep, nextHash } from './chain-core.mjs';

export interface ChainHead {
  head: string;
  count: number;
}

export interface ChainSink {
  /** Takes the next event in position order; a promise when the reader should wait (back-pressure). */
  apply(event: RecordedEvent): void | Promise<void>;
  /** The head after the last event applied. */
  finish(): Promise<ChainHead>;
  /** Releases what the sink holds; safe to call more than once. */
  close(): Promise<void>;
}

export class HashChain implements ChainSink {
  head = GENESIS;
  count = 0;

  apply(event: RecordedEvent): void {
    this.head = nextHash(this.head, event);
    this.count += 1;
  }

  async finish(): Promise<ChainHead> {
    return { head: this.head, count: this.count };
  }

  async close(): Promise<void> {}
}

/**
 * The sha256 links in a worker thread. Chain texts go over in batches; with more than
 * `maxInFlight` batches unacknowledged the reader is asked to wait, so a slow worker never makes
 * the history pile up in memory.
 */
export class ChainWorker implements ChainSink {
  private readonly worker = new Worker(new URL('./chain-worker.mjs', import.meta.url));
  private batch: string[] = [];
  private inFlight = 0;
  private resume: (() => void) | undefined;
  private failure: Error | undefined;
  private settle: { resolve: (head: ChainHead) => void; reject: (error: Error) => void } | undefined;
  private readonly result: Promise<ChainHead>;

  constructor(
    private readonly batchSize = 500,
    private readonly maxInFlight = 8,
  ) {
    this.result = new Promise<ChainHead>((resolve, reject) => (this.settle = { resolve, reject }));
    // Nobody may await the result when the read fails first; that must not surface as unhandled.
    this.result.catch(() => {});
    this.worker.on('message', (message: { type: 'ack' } | ({ type: 'head' } & ChainHead)) => {
      if (message.type === 'ack') {
        this.inFlight -= 1;
        if (this.inFlight <= this.maxInFlight) this.wake();
      } else {
        this.settle?.resolve({ head: message.head, count: message.count });
      }
    });
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', (code) => this.fail(new Error(`the hash chain worker stopped (exit code ${code})`)));
  }

  apply(event: RecordedEvent): void | Promise<void> {
    if (this.failure) throw this.failure;
    this.batch.push(chainText(event));
    if (this.batch.length < this.batchSize) return;
    this.send();
    if (this.inFlight > this.maxInFlight) return new Promise<void>((resolve) => (this.resume = resolve));
  }

  async finish(): Promise<ChainHead> {
    if (this.failure) throw this.failure;
    if (this.batch.length > 0) this.send();
    this.worker.postMessage({ type: 'finish' });
    return this.result;
  }

  async close(): Promise<void> {
    this.worker.removeAllListeners('exit');
    await this.worker.terminate();
  }

  private send(): void {
    this.worker.postMessage({ type: 'texts', texts: this.batch });
    this.batch = [];
    this.inFlight += 1;
  }

  private wake(): void {
    const resume = this.resume;
    this.resume = undefined;
    resume?.();
  }

  private fail(error: Error): void {
    this.failure ??= error;
    this.settle?.reject(this.failure);
    this.wake();
  }
}
