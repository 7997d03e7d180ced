/**
 * The feed's next page, built while the reader takes in this one. A peer catching up asks for page
 * after page, each once it has read the last; without this the server and the reader take turns,
 * each idle while the other works. After answering a full page, the server builds the page after
 * it, and answers it at once when it is asked for.
 *
 * Only a full page (as many events read as the limit) is kept: its events are the first `limit`
 * after the cursor for good (positions only grow, and shared data holds nothing an erasure changes),
 * so it is the same page whenever it is asked for. A page that is not full may still grow; it is
 * dropped and read afresh when asked for. A kept page is answered once and then dropped (a reader
 * asking again reads afresh), and at most MAX_AHEAD are kept (the oldest goes).
 */
export interface PageKey {
  institute: string;
  after: bigint;
  limit: number;
  baseUrl: string;
}

export interface Page {
  /** The answer's JSON, as bytes: written as they are (a string would be encoded while the reader waits). */
  body: Uint8Array<ArrayBuffer>;
  /** The position read up to: the next page's cursor. */
  last: bigint;
  /** As many events read as the limit: more may follow, and this page will not change. */
  full: boolean;
}

export const MAX_AHEAD = 8;

export class ReadAhead {
  private readonly ahead = new Map<string, Promise<Page | undefined>>();

  constructor(private readonly build: (key: PageKey) => Promise<Page>) {}

  async page(key: PageKey): Promise<Page> {
    const id = idOf(key);
    const built = this.ahead.get(id);
    this.ahead.delete(id);
    const page = (built && (await built)) ?? (await this.build(key));
    if (page.full) this.buildAhead({ ...key, after: page.last });
    return page;
  }

  /** How many pages are kept (for the tests). */
  get size(): number {
    return this.ahead.size;
  }

  private buildAhead(key: PageKey): void {
    const id = idOf(key);
    if (this.ahead.has(id)) return;
    if (this.ahead.size >= MAX_AHEAD) this.ahead.delete(this.ahead.keys().next().value!);
    // After this answer is on its way (setImmediate runs after the I/O of this turn).
    const page = new Promise((started) => setImmediate(started))
      .then(() => this.build(key))
      .then((p) => (p.full ? p : undefined))
      .catch(() => undefined); // asked for, it is read again and its error answered then
    this.ahead.set(id, page);
    // A page that is not full is not kept.
    void page.then((p) => p || this.ahead.get(id) !== page || this.ahead.delete(id));
  }
}

function idOf({ institute, after, limit, baseUrl }: PageKey): string {
  return `${institute}\u0000${after}\u0000${limit}\u0000${baseUrl}`;
}
