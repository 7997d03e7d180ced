/**
 * The hash chain over every event of an institute in global order (ARCHITECTURE.md "GEAR"):
 * hash(n) = sha256(hash(n-1) + "\n" + canonical JSON of event n's stored envelope), from a
 * genesis of 64 zeros. The envelope holds the data *as stored*: sealed personal data stays
 * sealed, so forgetting a person (deleting a key) never changes a hash, while any edit of a stored
 * event, a dropped event or a reordering changes every hash after it.
 *
 * Canonicalising and hashing every event costs about as much as reading it. An export or verify
 * (ChainWorker) writes each event's canonical JSON as bytes in the reading thread — which has the
 * parsed event; handing objects to another thread would cost as much as serialising them — and
 * leaves the sha256 links to a worker thread. HashChain does it all in the calling thread, from the
 * canonical JSON string: the reference the bytes are tested against.
 */
import { Worker } from 'node:worker_threads';
import type { RecordedEvent } from '@gearbox/eventstore';
import { GENESIS, nextHash } from './chain-core.ts';
import { BufferFull, CanonicalWriter } from './canonical-bytes.ts';

export { GENESIS, chainEnvelope, chainText, hashStep, nextHash } from './chain-core.ts';

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
 * The chain of an export or verify. The reading thread writes each event's chain text as UTF-8
 * into a batch buffer (canonical-bytes.ts) and hands full buffers to a worker thread, which links
 * the sha256 hashes and hands each buffer back for reuse. The buffers are shared memory, so
 * handing one over copies nothing; the protocol keeps them apart (the reader writes only into
 * buffers the worker has handed back). With more than `maxInFlight` batches unacknowledged the
 * reader is asked to wait, so a slow worker never makes the history pile up in memory: at most
 * maxInFlight + 2 buffers exist (those in flight and the one being written).
 */
const sharedBytes = (size: number) => new Uint8Array(new SharedArrayBuffer(size));
/** The previous hash in hex and a newline, which hashStep puts before each chain text. */
const LINK_PREFIX = 65;

export class ChainWorker implements ChainSink {
  private readonly worker = new Worker(new URL('./chain-worker.mjs', import.meta.url), { workerData: { genesis: GENESIS } });
  private readonly writer: CanonicalWriter;
  private ends: number[] = [];
  private readonly spare: Uint8Array<SharedArrayBuffer>[] = [];
  private inFlight = 0;
  private resume: (() => void) | undefined;
  private failure: Error | undefined;
  private settle: { resolve: (head: ChainHead) => void; reject: (error: Error) => void } | undefined;
  private readonly result: Promise<ChainHead>;

  /**
   * @param batchSize at most this many events per batch
   * @param maxInFlight batches sent and not yet hashed before the reader waits
   * @param batchBytes the size of a batch buffer (an event larger than it gets a buffer of its own)
   */
  constructor(
    private readonly batchSize = 65536,
    private readonly maxInFlight = 4,
    private readonly batchBytes = 4 * 1024 * 1024,
  ) {
    this.writer = new CanonicalWriter(sharedBytes(batchBytes));
    this.result = new Promise<ChainHead>((resolve, reject) => (this.settle = { resolve, reject }));
    // Nobody may await the result when the read fails first; that must not surface as unhandled.
    this.result.catch(() => {});
    this.worker.on('message', (message: { type: 'ack'; bytes: Uint8Array<SharedArrayBuffer> } | ({ type: 'head' } & ChainHead)) => {
      if (message.type === 'ack') {
        this.inFlight -= 1;
        if (message.bytes.length === this.batchBytes) this.spare.push(message.bytes);
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
    let sent = false;
    for (;;) {
      try {
        // The first bytes of each event's slot are left for the hashing thread: `${previous hash}\n`.
        this.ends.push(this.writer.writeEvent(event, LINK_PREFIX));
        break;
      } catch (error) {
        if (!(error instanceof BufferFull)) throw error;
        if (this.ends.length > 0) {
          this.send();
          sent = true;
        } else {
          // One event larger than a whole buffer: a buffer of its own, twice as large each try.
          this.writer.bytes = sharedBytes(this.writer.bytes.length * 2);
        }
      }
    }
    if (this.ends.length >= this.batchSize) {
      this.send();
      sent = true;
    }
    if (sent && this.inFlight > this.maxInFlight) return new Promise<void>((resolve) => (this.resume = resolve));
  }

  async finish(): Promise<ChainHead> {
    if (this.failure) throw this.failure;
    if (this.ends.length > 0) this.send();
    this.worker.postMessage({ type: 'finish' });
    return this.result;
  }

  async close(): Promise<void> {
    this.worker.removeAllListeners('exit');
    await this.worker.terminate();
  }

  /** Hands the filled buffer over (shared, not copied) and continues in a spare one. */
  private send(): void {
    const bytes = this.writer.bytes;
    this.worker.postMessage({ type: 'events', bytes, ends: this.ends });
    this.writer.bytes = this.spare.pop() ?? sharedBytes(this.batchBytes);
    this.writer.at = 0;
    this.ends = [];
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
