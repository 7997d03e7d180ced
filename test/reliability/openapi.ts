/**
 * What the suite knows about the API comes from the server's own /openapi.json: every operation,
 * its roles (`x-roles`), a request body that its schema accepts, and values for its path parameters
 * taken from one institute's own data. Routes added later are covered without a change here.
 */
import { call } from './gearbox.ts';

export interface Operation {
  method: string;
  /** Full path template, e.g. `/api/v1/cycles/{id}/commands`. */
  template: string;
  roles?: string[];
  /** Needs a bearer token, as its `security` (or the document's) says. */
  secured: boolean;
  statuses: string[];
  /** Request media types → schema. */
  bodies: Record<string, Schema>;
  query: { name: string; schema: Schema }[];
}

type Schema = Record<string, any>;

export interface Api {
  doc: Record<string, any>;
  operations: Operation[];
  /** A value that `schema` accepts, built from its required parts (the first branch of a choice). */
  sample(schema: Schema | undefined): unknown;
}

export async function loadApi(base: string): Promise<Api> {
  const doc = (await (await fetch(`${base}/openapi.json`)).json()) as Record<string, any>;
  const serverPath = (url = '/') => new URL(url, 'http://x').pathname.replace(/\/$/, '');
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries<Record<string, any>>(doc.paths)) {
    const prefix = serverPath(item.servers?.[0]?.url ?? doc.servers?.[0]?.url);
    for (const [method, op] of Object.entries<Record<string, any>>(item)) {
      if (!['get', 'post', 'put', 'delete', 'patch'].includes(method)) continue;
      operations.push({
        method: method.toUpperCase(),
        template: prefix + path,
        ...(op['x-roles'] ? { roles: op['x-roles'] } : {}),
        secured: (op.security ?? doc.security ?? []).length > 0,
        statuses: Object.keys(op.responses),
        bodies: Object.fromEntries(Object.entries<{ schema: Schema }>(op.requestBody?.content ?? {}).map(([type, c]) => [type, c.schema])),
        query: (op.parameters ?? []).filter((p: { in?: string }) => p.in === 'query').map((p: { name: string; schema: Schema }) => ({ name: p.name, schema: p.schema })),
      });
    }
  }
  const deref = (s: Schema): Schema => (s?.$ref ? deref(doc.components.schemas[s.$ref.split('/').pop()!]) : s);
  const sample = (raw: Schema | undefined, depth = 0): unknown => {
    const s = deref(raw ?? {});
    if (depth > 8) return null;
    if ('const' in s) return s.const;
    if (s.enum) return s.enum[0];
    if (s.default !== undefined) return s.default;
    const choice = s.oneOf ?? s.anyOf;
    if (choice) return sample(choice[0], depth + 1);
    if (s.allOf) return Object.assign({}, ...s.allOf.map((p: Schema) => sample(p, depth + 1)));
    const type = Array.isArray(s.type) ? s.type.find((t: string) => t !== 'null') : s.type;
    switch (type) {
      case 'object': {
        const out: Record<string, unknown> = {};
        for (const name of s.required ?? []) out[name] = sample(s.properties?.[name], depth + 1);
        for (let i = Object.keys(out).length; i < (s.minProperties ?? 0); i++) out[`k${i}`] = sample(s.additionalProperties, depth + 1);
        return out;
      }
      case 'array':
        return Array.from({ length: s.minItems ?? 0 }, () => sample(s.items, depth + 1));
      case 'integer':
      case 'number':
        return s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : 1);
      case 'boolean':
        return true;
      case 'string':
        if (s.format === 'date') return '2026-06-01';
        if (s.format === 'date-time') return '2026-06-01T09:00:00Z';
        if (s.format === 'uri') return 'https://example.org/x';
        if (s.format === 'email') return 'x@example.org';
        if (s.pattern === '^[0-9a-f]{64}$') return '0'.repeat(64);
        return 'x'.repeat(Math.max(1, s.minLength ?? 1));
      default:
        return {};
    }
  };
  return { doc, operations, sample: (s) => sample(s) };
}

/**
 * A value for every path parameter, read from the institute's own data: for `/a/{p}/…` the list
 * `GET /a` (its `items`), for `/a/{id}/b/{q}` the array under `b` somewhere in `GET /a/{id}`, for
 * `/gear/domains/{id}` the array `domains` in `GET /gear`. The entry's `p`, `id` or `code` field.
 * A parameter nothing names keeps `fallback[p]` or `onbekend`.
 */
export async function pathValues(base: string, bearer: string, operations: Operation[], fallback: Record<string, string> = {}) {
  const values = new Map<string, string>();
  const got = new Map<string, unknown>();
  const get = async (path: string) => {
    if (!got.has(path)) got.set(path, (await call(base, 'GET', path, bearer)).body);
    return got.get(path);
  };
  const findArray = (node: unknown, key: string): unknown[] | undefined => {
    if (!node || typeof node !== 'object') return undefined;
    if (!Array.isArray(node) && Array.isArray((node as Record<string, unknown>)[key])) return (node as Record<string, unknown[]>)[key];
    for (const child of Object.values(node)) {
      const found = findArray(child, key);
      if (found?.length) return found;
    }
    return undefined;
  };
  for (const op of operations) {
    const segments = op.template.split('/');
    let resolved = '';
    for (const [i, segment] of segments.entries()) {
      const param = /^\{(\w+)\}$/.exec(segment)?.[1];
      if (!param) {
        resolved += (i ? '/' : '') + segment;
        continue;
      }
      const key = `${segments.slice(0, i).join('/')}/{${param}}`;
      if (!values.has(key)) {
        const name = segments[i - 1]!;
        let entries = ((await get(resolved)) as { items?: unknown[] } | undefined)?.items;
        for (let up = resolved; !entries?.length && up.split('/').length > 3; up = up.slice(0, up.lastIndexOf('/'))) entries = findArray(await get(up), name);
        const first = entries?.[0] as Record<string, unknown> | undefined;
        const value = first?.[param] ?? first?.id ?? first?.code ?? fallback[param] ?? 'onbekend';
        values.set(key, String(value));
      }
      resolved += `/${encodeURIComponent(values.get(key)!)}`;
    }
  }
  /** The template with every parameter filled in. */
  return (template: string) => {
    const segments = template.split('/');
    return segments.map((s, i) => (/^\{(\w+)\}$/.test(s) ? encodeURIComponent(values.get(`${segments.slice(0, i).join('/')}/${s}`) ?? 'onbekend') : s)).join('/');
  };
}
