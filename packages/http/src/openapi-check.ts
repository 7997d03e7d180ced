/**
 * Holds an answer against the OpenAPI description that was served: the operation exists (path
 * template and method), the status is documented for it, the content type is one it documents, a
 * JSON body matches that content's schema (ajv, JSON Schema draft 2020-12, with formats), and the
 * headers it marks required are there. End-to-end helpers run every answer through it, so a test
 * fails where the server and its description disagree. Test-only: imported by `testing.ts`.
 */
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

/** ajv-formats is CommonJS; under NodeNext its default import is the module object. */
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

export interface Answer {
  method: string;
  /** As requested: path and query, e.g. `/api/v1/cycles?kind=curriculum`. */
  path: string;
  status: number;
  headers: Headers;
  /** The body as text. */
  text: string;
}

interface Operation {
  method: string;
  template: string;
  pattern: RegExp;
  params: number;
  pointer: string;
  responses: Record<string, { content?: Record<string, { schema?: unknown }>; headers?: Record<string, { required?: boolean }> }>;
}

interface Document {
  servers?: { url: string }[];
  paths: Record<string, Record<string, unknown> & { servers?: { url: string }[] }>;
  components?: { schemas?: Record<string, unknown> };
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];
const escapePointer = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');
/** `/api/v1` from a server URL such as `/api/v1` or `http://host/api/v1/`; `` for `/`. */
const serverPath = (url: string | undefined) => new URL(url ?? '/', 'http://x').pathname.replace(/\/$/, '');
const isJson = (mediaType: string) => mediaType === 'application/json' || mediaType.endsWith('+json');
const unescapePointer = (s: string) => s.replace(/~1/g, '/').replace(/~0/g, '~');

/** A checker for one served description; `problems(answer)` lists what differs, empty when it matches. */
export function openapiCheck(description: object) {
  const doc = description as Document;
  // Not strict: OpenAPI's own keywords (discriminator, example, x-…) sit beside JSON Schema's.
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema(description, 'openapi');
  /** A response or header object may be a `$ref` into the components. */
  const deref = <T>(value: T): T => {
    const ref = (value as { $ref?: string }).$ref;
    if (!ref?.startsWith('#/')) return value;
    const target = ref.slice(2).split('/').map(unescapePointer).reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], doc);
    return deref(target as T);
  };
  const compiled = new Map<string, ValidateFunction>();
  const validator = (pointer: string) => {
    let v = compiled.get(pointer);
    if (!v) compiled.set(pointer, (v = ajv.compile({ $ref: `openapi#${pointer}` })));
    return v;
  };

  const operations: Operation[] = Object.entries(doc.paths).flatMap(([template, item]) =>
    METHODS.filter((m) => item[m]).map((method) => {
      const op = item[method] as { servers?: { url: string }[]; responses?: Operation['responses'] };
      const full = serverPath((op.servers ?? item.servers ?? doc.servers)?.[0]?.url) + template;
      const source = full.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+');
      return {
        method,
        template: full,
        pattern: new RegExp(`^${source}$`),
        params: (template.match(/\{/g) ?? []).length,
        pointer: `/paths/${escapePointer(template)}/${method}`,
        responses: op.responses ?? {},
      };
    }),
  );

  /** A JSON body against the schema at `pointer` in the description. */
  function jsonBody(answer: Answer, mediaType: string, pointer: string): string[] {
    let value: unknown;
    try {
      value = JSON.parse(answer.text);
    } catch {
      return [`the ${mediaType} body is not JSON: ${answer.text.slice(0, 80)}`];
    }
    const validate = validator(pointer);
    if (validate(value)) return [];
    return (validate.errors ?? []).map((e) => `body${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`);
  }

  function problems(answer: Answer): string[] {
    const path = answer.path.split('?')[0]!;
    const method = answer.method.toLowerCase();
    const mediaType = (answer.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    // The literal route wins over a template (`/opleiders/leoh/summary` over `/opleiders/{id}`).
    const op = operations.filter((o) => o.method === method && o.pattern.test(path)).sort((a, b) => a.params - b.params)[0];
    if (!op) {
      // An unknown route may only be refused, as any other 404.
      if (answer.status === 404 && mediaType === 'application/problem+json' && doc.components?.schemas?.Problem) return jsonBody(answer, mediaType, '/components/schemas/Problem');
      return [`no documented operation for ${method.toUpperCase()} ${path}, yet it answered ${answer.status} ${mediaType}`];
    }
    const status = String(answer.status);
    const key = [status, `${status[0]}XX`, 'default'].find((k) => op.responses[k]);
    if (!key) return [`status ${status} is not documented for ${method.toUpperCase()} ${op.template} (documented: ${Object.keys(op.responses).join(', ')})`];
    const response = deref(op.responses[key]!);
    const found = Object.entries(response.headers ?? {})
      .filter(([name, header]) => deref(header).required && !answer.headers.has(name))
      .map(([name]) => `required header ${name} is missing`);
    const content = response.content ?? {};
    const types = Object.keys(content);
    if (!types.length) return answer.text ? [...found, `a ${mediaType || 'untyped'} body is answered, but ${status} documents no content`] : found;
    const documented = types.find((t) => t === mediaType || t === '*/*' || (t.endsWith('/*') && mediaType.startsWith(t.slice(0, -1))));
    if (!documented) return [...found, `content type ${mediaType || '(none)'} is not documented for ${status} (documented: ${types.join(', ')})`];
    if (!isJson(mediaType) || content[documented]!.schema === undefined) return found;
    return [...found, ...jsonBody(answer, mediaType, `${op.pointer}/responses/${escapePointer(key)}/content/${escapePointer(documented)}/schema`)];
  }

  /** Throws, naming the operation, the status and what differs, unless the answer matches. */
  function assert(answer: Answer): void {
    const found = problems(answer);
    if (found.length) {
      throw new Error(`${answer.method.toUpperCase()} ${answer.path} → ${answer.status} does not match /openapi.json:\n  ${found.join('\n  ')}\n  body: ${answer.text.slice(0, 300)}`);
    }
  }

  return { problems, assert };
}

export type OpenapiCheck = ReturnType<typeof openapiCheck>;
