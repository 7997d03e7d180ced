import { describe, expect, it } from 'vitest';
import { answerBody } from '../src/answer-json.ts';

const item = (n: number) => ({ evidenceId: `ev-${n}`, title: `Verslag "${n}" \u2028 é ${n === 3 ? '\ud800 alleen' : ''}`, criteria: ['CUR-1'], summary: n % 2 ? 'ja' : undefined, source: { eventId: `e${n}`, revision: n } });
/** The body as bytes, as it goes out. */
const bytes = (body: string | Uint8Array) => Buffer.from(body);
const plain = (answer: unknown) => Buffer.from(JSON.stringify(answer));

describe('answerBody', () => {
  it('writes the bytes JSON.stringify writes: key order, left-out undefined and functions, null in lists, toJSON, non-ASCII, nested values', () => {
    const answers: Record<string, unknown>[] = [
      { id: 'c1', evidence: [item(1), item(2), item(3)], revision: 3, allowed: ['AddEvidence'], title: 'Enquête' },
      { evidence: [], id: 'c1', closedAt: undefined, run: () => 1, startedAt: new Date('2026-01-01T00:00:00Z'), scope: null },
      { closedAt: undefined, evidence: [item(1)] },
      { evidence: [item(1)] },
      // eslint-disable-next-line no-sparse-arrays -- a hole is written as null
      { evidence: [item(1), , item(2)] },
      { 2: 'integer keys first', evidence: [undefined, null, 1, 'x', () => 2, [item(4)]], b: 1 },
      { evidence: [{ toJSON: (key: string) => `item ${key}` }] },
      { evidence: 'not a list', nested: { evidence: [item(5)] } },
      { toJSON: () => ({ whole: true }), evidence: [item(6)] },
      { only: undefined },
      JSON.parse('{"__proto__":{"polluted":1},"evidence":[],"constructor":2}') as Record<string, unknown>,
    ];
    for (const answer of answers) expect(bytes(answerBody(answer, ['evidence']))).toEqual(plain(answer));
    // With members added after the answer's own, as the command routes add newEvents: as if spread in.
    const mores: Record<string, unknown>[] = [{ newEvents: [item(7)] }, { id: 'overschreven', evidence: [item(8)] }, { 7: 'index' }, { toJSON: () => 'geheel' }, {}];
    for (const answer of answers) for (const more of mores) expect(bytes(answerBody(answer, ['evidence'], more))).toEqual(plain({ ...answer, ...more }));
  });

  it('reuses an item\'s JSON across answers, and writes an item replaced by a new object anew', () => {
    const first = [item(1), item(2)];
    expect(bytes(answerBody({ evidence: first }, ['evidence']))).toEqual(plain({ evidence: first }));
    const grown = [...first, item(3)];
    expect(bytes(answerBody({ evidence: grown }, ['evidence']))).toEqual(plain({ evidence: grown }));
    // How the machines change an item: a copy with the change, never the item itself.
    const changed = [{ ...first[0]!, title: 'Nieuw' }, ...grown.slice(1)];
    expect(bytes(answerBody({ evidence: changed }, ['evidence']))).toEqual(plain({ evidence: changed }));
    // A kept item first in one list and further on in another, and the other way round.
    const reordered = [grown[2]!, grown[0]!, grown[1]!];
    expect(bytes(answerBody({ evidence: reordered }, ['evidence']))).toEqual(plain({ evidence: reordered }));
  });

  it('without fixed lists it is the text of JSON.stringify', () => {
    const answer = { evidence: [item(1)], id: 'x' };
    expect(answerBody(answer)).toBe(JSON.stringify(answer));
  });
});
