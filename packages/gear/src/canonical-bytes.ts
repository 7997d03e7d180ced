/**
 * An event's chain text (chain-core.ts `chainText`: the RFC 8785 canonical JSON of its stored envelope)
 * written straight into a byte buffer as UTF-8, for the export's hash chain (chain.ts ChainWorker).
 *
 * Why not `chainText` and a string: on a history of a million events, building the canonical
 * string (a sorted copy serialised by JSON.stringify) and then handing it to the hashing thread
 * (which copies and re-encodes it) cost as much as reading the events. Written as bytes into a
 * buffer the hashing thread shares, not copies, the text costs one pass over the event and nothing
 * to hand over.
 *
 * The bytes are exactly `Buffer.from(chainText(event), 'utf8')` — a property test holds the two
 * together — so the chain is the same whichever way it is computed. JSON data (what a store gives
 * back) takes the fast path here; anything else (a function, a symbol, a bigint, NaN) is written by
 * `chainText` itself, whatever it makes of it (a TypeError for a bigint or NaN).
 */
import type { RecordedEvent, RecordedEventWithText } from '@gearbox/eventstore';
import { chainText } from './chain-core.ts';

/** The buffer cannot hold the event; the caller gives a larger or an emptier one and writes it again. */
export class BufferFull extends Error {
  constructor() {
    super('the chain buffer is full');
  }
}

const FULL = new BufferFull();
/** A value JSON data never holds: the event is written by chainText instead. */
const NOT_JSON = Symbol('not JSON data');

const HEX = Uint8Array.from('0123456789abcdef', (c) => c.charCodeAt(0));
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * Objects with the same keys in the same order (every event of a type has a few such shapes)
 * share their sorted order and their encoded `"key":` bytes.
 */
interface Shape {
  keys: string[];
  /** Indices into `keys`, in canonical (UTF-16 code unit) order. */
  order: number[];
  /** `"key":` as UTF-8, in canonical order. */
  names: Uint8Array[];
}

/** Enough for the shapes of every event type; past it, new shapes are sorted each time. */
const MAX_SHAPES = 4096;

export class CanonicalWriter {
  bytes: Uint8Array;
  at = 0;
  private readonly shapes = new Map<string, Shape[]>();
  private shapeCount = 0;
  private readonly encoder = new TextEncoder();

  constructor(bytes: Uint8Array) {
    this.bytes = bytes;
  }

  /**
   * Appends the event's chain text at `at`, after `lead` bytes left as they are, and returns its
   * end; throws BufferFull (leaving `at` where it was) when it does not fit.
   */
  writeEvent(event: RecordedEvent, lead = 0): number {
    const start = this.at;
    try {
      if (start + lead > this.bytes.length) throw FULL;
      this.at = start + lead;
      const written = this.envelope(event);
      if (written === NOT_JSON) {
        this.at = start + lead;
        this.utf8(chainText(event));
      }
      return this.at;
    } catch (error) {
      this.at = start;
      throw error;
    }
  }

  /**
   * The keys of chain-core's chainEnvelope, written in their (sorted) order without building it. Data
   * and metadata the store read as canonical text (ADR 0014: RecordedEventWithText) are that text,
   * copied as it is; otherwise they are written from the parsed values.
   */
  private envelope(event: RecordedEvent): typeof NOT_JSON | void {
    const { dataText, metadataText } = event as Partial<RecordedEventWithText>;
    this.byte(0x7b);
    if (dataText !== undefined) {
      this.ascii('"data":');
      this.utf8(dataText);
      this.byte(0x2c);
    } else if (event.data !== undefined) {
      this.ascii('"data":');
      if (this.value(event.data) === NOT_JSON) return NOT_JSON;
      this.byte(0x2c);
    }
    this.ascii('"id":');
    if (this.value(event.id) === NOT_JSON) return NOT_JSON;
    this.ascii(',"metadata":');
    if (metadataText !== undefined) this.utf8(metadataText);
    else if (this.value(event.metadata ?? null) === NOT_JSON) return NOT_JSON;
    this.ascii(',"position":');
    this.string(event.position.toString());
    this.ascii(',"revision":');
    if (this.value(Number(event.revision)) === NOT_JSON) return NOT_JSON;
    this.ascii(',"streamId":');
    if (this.value(event.streamId) === NOT_JSON) return NOT_JSON;
    this.ascii(',"type":');
    if (this.value(event.type) === NOT_JSON) return NOT_JSON;
    this.byte(0x7d);
  }

  private value(v: unknown): typeof NOT_JSON | void {
    switch (typeof v) {
      case 'string':
        return this.string(v);
      case 'number':
        // RFC 8785 writes a number as ECMAScript's toString does; NaN and ±Infinity have no JSON text.
        return Number.isFinite(v) ? this.ascii(`${v}`) : NOT_JSON;
      case 'boolean':
        return this.ascii(v ? 'true' : 'false');
      case 'object':
        if (v === null) return this.ascii('null');
        return Array.isArray(v) ? this.array(v) : this.object(v as Record<string, unknown>);
      default:
        return NOT_JSON;
    }
  }

  private array(items: unknown[]): typeof NOT_JSON | void {
    this.byte(0x5b);
    for (let i = 0; i < items.length; i++) {
      if (i > 0) this.byte(0x2c);
      const item = items[i];
      if (item === undefined) this.ascii('null');
      else if (this.value(item) === NOT_JSON) return NOT_JSON;
    }
    this.byte(0x5d);
  }

  private object(o: Record<string, unknown>): typeof NOT_JSON | void {
    const keys = Object.keys(o);
    this.byte(0x7b);
    if (keys.length > 0) {
      const values = Object.values(o);
      const shape = this.shapeOf(keys);
      const order = shape.order;
      let first = true;
      for (let i = 0; i < order.length; i++) {
        const item = values[order[i]!];
        if (item === undefined) continue;
        if (!first) this.byte(0x2c);
        first = false;
        this.raw(shape.names[i]!);
        if (this.value(item) === NOT_JSON) return NOT_JSON;
      }
    }
    this.byte(0x7d);
  }

  private shapeOf(keys: string[]): Shape {
    let list = this.shapes.get(keys[0]!);
    if (list !== undefined) {
      search: for (const shape of list) {
        const known = shape.keys;
        if (known.length !== keys.length) continue;
        for (let i = 1; i < keys.length; i++) if (known[i] !== keys[i]) continue search;
        return shape;
      }
    }
    const order = keys.map((_, i) => i).sort((a, b) => (keys[a]! < keys[b]! ? -1 : keys[a]! > keys[b]! ? 1 : 0));
    const shape: Shape = { keys, order, names: order.map((i) => this.encoder.encode(`${JSON.stringify(keys[i])}:`)) };
    if (this.shapeCount < MAX_SHAPES) {
      this.shapeCount += 1;
      if (list === undefined) this.shapes.set(keys[0]!, (list = []));
      list.push(shape);
    }
    return shape;
  }

  /** A JSON string as JSON.stringify writes it (well-formed: lone surrogates escaped), in UTF-8. */
  private string(s: string): void {
    const n = s.length;
    const b = this.bytes;
    let p = this.at;
    // At most 6 bytes per UTF-16 unit (an escaped control character or lone surrogate).
    if (p + n * 6 + 2 > b.length) throw FULL;
    b[p++] = QUOTE;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c < 0x80) {
        if (c >= 0x20 && c !== QUOTE && c !== BACKSLASH) {
          b[p++] = c;
          continue;
        }
        b[p++] = BACKSLASH;
        if (c === QUOTE || c === BACKSLASH) b[p++] = c;
        else if (c === 0x0a) b[p++] = 0x6e; // n
        else if (c === 0x0d) b[p++] = 0x72; // r
        else if (c === 0x09) b[p++] = 0x74; // t
        else if (c === 0x08) b[p++] = 0x62; // b
        else if (c === 0x0c) b[p++] = 0x66; // f
        else {
          b[p++] = 0x75; // u00XX
          b[p++] = 0x30;
          b[p++] = 0x30;
          b[p++] = HEX[c >> 4]!;
          b[p++] = HEX[c & 15]!;
        }
      } else if (c < 0x800) {
        b[p++] = 0xc0 | (c >> 6);
        b[p++] = 0x80 | (c & 63);
      } else if (c < 0xd800 || c > 0xdfff) {
        b[p++] = 0xe0 | (c >> 12);
        b[p++] = 0x80 | ((c >> 6) & 63);
        b[p++] = 0x80 | (c & 63);
      } else {
        const next = i + 1 < n ? s.charCodeAt(i + 1) : 0;
        if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
          const cp = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
          i++;
          b[p++] = 0xf0 | (cp >> 18);
          b[p++] = 0x80 | ((cp >> 12) & 63);
          b[p++] = 0x80 | ((cp >> 6) & 63);
          b[p++] = 0x80 | (cp & 63);
        } else {
          b[p++] = BACKSLASH; // a lone surrogate: \uDXXX in lower case, as JSON.stringify writes it
          b[p++] = 0x75;
          b[p++] = HEX[c >> 12]!;
          b[p++] = HEX[(c >> 8) & 15]!;
          b[p++] = HEX[(c >> 4) & 15]!;
          b[p++] = HEX[c & 15]!;
        }
      }
    }
    b[p++] = QUOTE;
    this.at = p;
  }

  /** Text known to be ASCII (punctuation, numbers, positions). */
  private ascii(s: string): void {
    const n = s.length;
    const b = this.bytes;
    let p = this.at;
    if (p + n > b.length) throw FULL;
    for (let i = 0; i < n; i++) b[p++] = s.charCodeAt(i);
    this.at = p;
  }

  private byte(c: number): void {
    if (this.at >= this.bytes.length) throw FULL;
    this.bytes[this.at++] = c;
  }

  private raw(src: Uint8Array): void {
    const n = src.length;
    const b = this.bytes;
    let p = this.at;
    if (p + n > b.length) throw FULL;
    for (let i = 0; i < n; i++) b[p++] = src[i]!;
    this.at = p;
  }

  private utf8(text: string): void {
    const { read, written } = this.encoder.encodeInto(text, this.bytes.subarray(this.at));
    if (read !== text.length) throw FULL;
    this.at += written;
  }
}
