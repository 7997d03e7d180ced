import { describe, expect, it } from 'vitest';
import { merged } from '../src/objects.ts';

describe('merged', () => {
  it('is { ...base, ...extra }: own members of both, extra winning, in the same order, the inputs untouched', () => {
    const base = { a: 1, b: { deep: true }, c: undefined, 2: 'index' };
    const extra = { b: 'over', d: [1] };
    const out = merged(base, extra);
    expect(out).toEqual({ ...base, ...extra });
    expect(Object.keys(out)).toEqual(Object.keys({ ...base, ...extra }));
    expect(JSON.stringify(out)).toBe(JSON.stringify({ ...base, ...extra }));
    expect(base).toEqual({ a: 1, b: { deep: true }, c: undefined, 2: 'index' });
    expect(out).not.toBe(base);
  });

  it('keeps an own __proto__ member a member, never a prototype', () => {
    const hostile = JSON.parse('{"__proto__": {"polluted": true}, "x": 1}') as Record<string, unknown>;
    const out = merged(hostile, { y: 2 }) as Record<string, unknown>;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.hasOwn(out, '__proto__')).toBe(true);
    expect(out.polluted).toBeUndefined();
    const other = merged({ x: 1 }, JSON.parse('{"__proto__": {"polluted": true}}') as object) as Record<string, unknown>;
    expect(Object.getPrototypeOf(other)).toBe(Object.prototype);
    expect(other.polluted).toBeUndefined();
  });
});
