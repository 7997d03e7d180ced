/**
 * Work on one stream runs one piece after another; work on different streams runs side by side
 * (ADR 0010). A command queued behind another is decided on the state the other left, so inside
 * one process two commands on a stream never race for the same expected revision.
 */
export class StreamQueue {
  /** The last piece of work queued per stream, settled either way; gone once the stream is idle. */
  private readonly tails = new Map<string, Promise<void>>();

  run<T>(streamId: string, work: () => Promise<T>): Promise<T> {
    const before = this.tails.get(streamId);
    const result = before ? before.then(work) : work();
    const tail = result.then(idle, idle);
    this.tails.set(streamId, tail);
    void tail.then(() => {
      if (this.tails.get(streamId) === tail) this.tails.delete(streamId);
    });
    return result;
  }

  /** Streams with work queued or running. */
  get busy(): number {
    return this.tails.size;
  }
}

function idle(): void {}
