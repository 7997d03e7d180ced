import canonicalize from 'canonicalize';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, MAX_CANONICAL_DEPTH, sha256Of } from '../src/canonical-json.ts';

/** A double from its IEEE 754 bits, as RFC 8785 Appendix B gives them. */
const double = (hex: string) => Buffer.from(hex, 'hex').readDoubleBE(0);

describe('canonical JSON (RFC 8785)', () => {
  it('writes numbers as RFC 8785 Appendix B does', () => {
    const table: [string, string][] = [
      ['0000000000000000', '0'],
      ['8000000000000000', '0'],
      ['0000000000000001', '5e-324'],
      ['8000000000000001', '-5e-324'],
      ['7fefffffffffffff', '1.7976931348623157e+308'],
      ['ffefffffffffffff', '-1.7976931348623157e+308'],
      ['4340000000000000', '9007199254740992'],
      ['c340000000000000', '-9007199254740992'],
      ['4430000000000000', '295147905179352830000'],
      ['44b52d02c7e14af5', '9.999999999999997e+22'],
      ['44b52d02c7e14af6', '1e+23'],
      ['44b52d02c7e14af7', '1.0000000000000001e+23'],
      ['444b1ae4d6e2ef4e', '999999999999999700000'],
      ['444b1ae4d6e2ef4f', '999999999999999900000'],
      ['444b1ae4d6e2ef50', '1e+21'],
      ['3eb0c6f7a0b5ed8c', '9.999999999999997e-7'],
      ['3eb0c6f7a0b5ed8d', '0.000001'],
      ['41b3de4355555553', '333333333.3333332'],
      ['41b3de4355555557', '333333333.33333343'],
      ['becbf647612f3696', '-0.0000033333333333333333'],
      ['43143ff3c1cb0959', '1424953923781206.2'],
    ];
    for (const [bits, text] of table) expect(canonicalJson([double(bits)]), bits).toBe(`[${text}]`);
  });

  it('refuses NaN and Infinity, which JSON has no text for', () => {
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      expect(() => canonicalJson(bad)).toThrow(TypeError);
      expect(() => canonicalJson({ a: [1, { b: bad }] })).toThrow(TypeError);
      expect(() => canonicalJson({ 10: bad })).toThrow(TypeError);
    }
  });

  it('gives the RFC 8785 §3.2.2 example its canonical form', () => {
    const input = String.raw`{
      "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
      "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
      "literals": [null, true, false]
    }`;
    expect(canonicalJson(JSON.parse(input))).toBe(String.raw`{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}`);
  });

  it('sorts keys by UTF-16 code unit (RFC 8785 §3.2.3), integer-like keys too', () => {
    const input = String.raw`{"\u20ac": "Euro Sign", "\r": "Carriage Return", "\ufb33": "Hebrew Letter Dalet With Dagesh", "1": "One",
      "\ud83d\ude00": "Emoji: Grinning Face", "\u0080": "Control", "\u00f6": "Latin Small Letter O With Diaeresis"}`;
    const sorted: [string, string][] = [
      ['\r', 'Carriage Return'],
      ['1', 'One'],
      ['\u0080', 'Control'],
      ['ö', 'Latin Small Letter O With Diaeresis'],
      ['€', 'Euro Sign'],
      ['😀', 'Emoji: Grinning Face'],
      ['\ufb33', 'Hebrew Letter Dalet With Dagesh'],
    ];
    expect(canonicalJson(JSON.parse(input))).toBe(`{${sorted.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(',')}}`);
    expect(canonicalJson({ b: 1, 10: 'x', 9: 'y', a: [{ 2: 0, 1: 0 }] })).toBe('{"10":"x","9":"y","a":[{"1":0,"2":0}],"b":1}');
  });

  it('leaves out undefined members and writes an own "__proto__" key as a key', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: undefined } })).toBe('{"a":{"d":[3,{"y":2,"z":1}]},"b":1}');
    expect(canonicalJson(JSON.parse('{"z":1,"__proto__":{"b":2,"a":1}}'))).toBe('{"__proto__":{"a":1,"b":2},"z":1}');
  });

  it('writes a lone surrogate escaped, as JSON.stringify does, where the reference implementation refuses', () => {
    expect(canonicalJson({ s: 'a\ud800' })).toBe('{"s":"a\\ud800"}');
    expect(() => canonicalize({ s: 'a\ud800' })).toThrow();
  });

  it('is the RFC 8785 reference implementation (canonicalize) on any JSON text', () => {
    // Strings without lone surrogates (I-JSON; JSON.stringify escapes a lone one as \udxxx): JSON.stringify
    // then JSON.parse gives JSON data as a request or the store does.
    const json = fc.jsonValue({ maxDepth: 4, stringUnit: 'binary' }).filter((v) => !/\\ud[89a-f]/.test(JSON.stringify(v)));
    fc.assert(
      fc.property(json, (value) => {
        const data = JSON.parse(JSON.stringify(value)) as unknown;
        expect(canonicalJson(data)).toBe(canonicalize(data));
      }),
      { numRuns: 3000 },
    );
  });

  it('refuses JSON nested deeper than it can write with a TypeError, before the call stack runs out', () => {
    const nested = (depth: number, leaf: unknown): unknown => {
      let value = leaf;
      for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { b: value, a: 1 };
      return value;
    };
    // Both ways of writing: the sorted copy, and member by member (an integer-like key on top).
    const ways = (depth: number) => [nested(depth, 'x'), { 10: nested(depth - 1, 'x') }];
    for (const deepest of ways(MAX_CANONICAL_DEPTH)) expect(canonicalJson(deepest)).toBe(canonicalize(deepest));
    for (const depth of [MAX_CANONICAL_DEPTH + 1, 5_000, 200_000]) {
      for (const value of ways(depth)) {
        expect(() => canonicalJson(value)).toThrow(new TypeError(`JSON nested deeper than ${MAX_CANONICAL_DEPTH} levels has no canonical form here`));
      }
    }
  });

  it('hashes content, not key order', () => {
    expect(sha256Of({ x: 1, y: [1, 2], z: 'ë' })).toBe(sha256Of({ z: 'ë', y: [1, 2], x: 1 }));
    expect(sha256Of({ x: 1 })).not.toBe(sha256Of({ x: 2 }));
    expect(sha256Of({ a: 1 })).toMatch(/^[0-9a-f]{64}$/);
  });
});
