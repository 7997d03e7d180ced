/**
 * The JSON of an answer whose lists hold items that never change once made, such as a cycle's
 * evidence (API.md answers every command with the whole cycle, which grows by one item per command).
 * Each such item is serialised once and its UTF-8 bytes kept, keyed by the item object itself, so an
 * answer costs the new items and the rest of the view, and a copy of the kept bytes, instead of
 * serialising and encoding the whole list again. The bytes are those of `JSON.stringify`
 * (answer-json.test.ts); docs/performance.md "Where a late request's time goes" says why it matters.
 */

/**
 * The JSON of items already serialised, as UTF-8, each with the comma that goes before it in a list
 * (an item's first place takes the bytes after it): one chunk per item instead of two. An item
 * changed into a new object is serialised anew.
 */
const kept = new WeakMap<object, Buffer>();

function itemBytes(item: unknown): Buffer {
  // As JSON.stringify writes a list entry without a JSON form (undefined, a function): null.
  if (item === null || typeof item !== 'object') return Buffer.from(`,${JSON.stringify(item) ?? 'null'}`);
  let bytes = kept.get(item);
  if (bytes === undefined) {
    bytes = Buffer.from(`,${JSON.stringify(item)}`);
    kept.set(item, bytes);
  }
  return bytes;
}

const hasToJson = (value: unknown): boolean => value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function';

/**
 * `JSON.stringify({ ...answer, ...more })` as the body of an answer (`more` saves a copy of the
 * answer's members). With `fixed` (the top-level lists whose items are never changed in place:
 * `StreamDefinition.fixedItems`) it is built as bytes, the items of those lists taken from what was
 * kept; without, it is the plain text.
 */
export function answerBody(answer: Record<string, unknown>, fixed: readonly string[] = [], more?: Record<string, unknown>): string | Uint8Array<ArrayBuffer> {
  if (fixed.length === 0 || hasToJson(answer) || (more && (hasToJson(more) || Object.keys(more).some((key) => Object.hasOwn(answer, key) || /^(0|[1-9]\d*)$/.test(key))))) {
    return JSON.stringify(more ? { ...answer, ...more } : answer);
  }
  const chunks: Buffer[] = [];
  // The text since the last kept list, written out before the next one.
  let text = '';
  let opened = false;
  // The members since the last kept list, written by one JSON.stringify (toJSON still gets each
  // member's key; undefined and functions are still left out). No prototype: a key is only a key.
  let members: Record<string, unknown> | undefined;
  const writeMembers = () => {
    const json = members ? JSON.stringify(members).slice(1, -1) : '';
    members = undefined;
    if (json === '') return;
    text += `${opened ? ',' : '{'}${json}`;
    opened = true;
  };
  const entries = more ? [answer, more] : [answer];
  for (const from of entries) for (const key of Object.keys(from)) {
    const value = from[key];
    if (fixed.includes(key) && Array.isArray(value) && !value.some(hasToJson)) {
      writeMembers();
      chunks.push(Buffer.from(`${text}${opened ? ',' : '{'}${JSON.stringify(key)}:[`));
      opened = true;
      for (let i = 0; i < value.length; i++) {
        const bytes = itemBytes(value[i]);
        chunks.push(i === 0 ? bytes.subarray(1) : bytes);
      }
      text = ']';
      continue;
    }
    (members ??= Object.create(null) as Record<string, unknown>)[key] = value;
  }
  writeMembers();
  if (!opened) return '{}';
  chunks.push(Buffer.from(`${text}}`));
  return Buffer.concat(chunks);
}
