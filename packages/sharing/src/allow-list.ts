/**
 * A sharing policy's zod schema compiled into an allow-list (used by the anonymiser, anonymise.ts).
 */
import type { z } from 'zod';

/** What a picker answers for a value that is not of its schema's kind. */
export const MISFIT: unique symbol = Symbol('misfit');
export type Picker = (value: unknown) => unknown;

/**
 * A policy's data schema compiled once into plain code that copies the fields it names, at every
 * depth, and nothing else: what a zod parse of it keeps, at a tenth of the cost (the parse was the
 * feed's largest cost per event). Kinds are checked (an object where a text is named does not fit,
 * nor a missing required field, an unknown enum value, or an extra key in a strict object); the
 * formats and rules within a kind (a date's pattern, a maximum length, `from` ≤ `to`) are not: the
 * stored data passed the same schemas when it was appended. A schema of another kind (an array, a
 * transform) is parsed by zod, so what passes is never more than the schema names.
 */
export function compilePicker(schema: z.ZodType): Picker {
  const def = schema._zod.def as unknown as Def;
  switch (def.type) {
    case 'object':
      return objectPicker(def);
    case 'optional': {
      const inner = compilePicker(def.innerType!);
      return (v) => (v === undefined ? undefined : inner(v));
    }
    case 'nullable': {
      const inner = compilePicker(def.innerType!);
      return (v) => (v === null ? null : inner(v));
    }
    case 'string':
      return (v) => (typeof v === 'string' ? v : MISFIT);
    case 'number':
      return (v) => (typeof v === 'number' && Number.isFinite(v) ? v : MISFIT);
    case 'boolean':
      return (v) => (typeof v === 'boolean' ? v : MISFIT);
    case 'enum':
    case 'literal': {
      const allowed = new Set<unknown>(def.type === 'enum' ? Object.values(def.entries!) : def.values);
      return (v) => (allowed.has(v) ? v : MISFIT);
    }
    case 'union': {
      const options = def.options!.map(compilePicker);
      return (v) => {
        for (const option of options) {
          const picked = option(v);
          if (picked !== MISFIT) return picked;
        }
        return MISFIT;
      };
    }
    default:
      return (v) => {
        const parsed = schema.safeParse(v);
        return parsed.success ? parsed.data : MISFIT;
      };
  }
}

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  catchall?: z.ZodType;
  innerType?: z.ZodType;
  entries?: Record<string, unknown>;
  values?: unknown[];
  options?: z.ZodType[];
}

function objectPicker(def: Def): Picker {
  const fields = Object.entries(def.shape!).map(([key, schema]) => ({ key, pick: compilePicker(schema), optional: schema._zod.optin === 'optional' }));
  // A strict object (zod's `.strict()`) refuses a key it does not name, as its parse does.
  const strict = def.catchall?._zod.def.type === 'never' ? new Set(fields.map((f) => f.key)) : undefined;
  return (value) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return MISFIT;
    const record = value as Record<string, unknown>;
    if (strict) for (const key in record) if (!strict.has(key)) return MISFIT;
    const out: Record<string, unknown> = {};
    for (const { key, pick, optional } of fields) {
      const v = record[key];
      if (v === undefined) {
        if (optional) continue;
        return MISFIT;
      }
      const picked = pick(v);
      if (picked === MISFIT) return MISFIT;
      out[key] = picked;
    }
    return out;
  };
}
