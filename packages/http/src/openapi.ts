/**
 * The zod schemas are the single source: routes register their schemas here, and the OpenAPI 3.1
 * description (`/openapi.json`), the docs page (`/docs`) and the event schemas (`/api/v1/schemas`) are
 * generated from them with zod's own JSON Schema output.
 */
import { z } from 'zod';
import type { StreamDefinition } from '@gearbox/kernel';

export type Method = 'get' | 'post' | 'put' | 'delete';

export interface RouteDoc {
  method: Method;
  /** OpenAPI path, e.g. `/api/v1/cycles/{id}/commands`. */
  path: string;
  summary: string;
  tag: string;
  roles?: readonly string[];
  /** Longer text for the docs; the roles are added to it. */
  description?: string;
  body?: z.ZodType;
  query?: z.ZodType;
  /** Status → description (and optional schema of the answer). */
  responses: Record<string, string | { description: string; schema?: z.ZodType; contentType?: string }>;
}

export function jsonSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  return rest;
}

/**
 * Every command of a stream type as one schema: `{type: 'SetGoal', ...payload}` and so on. A
 * discriminated union, so the JSON Schema is a `oneOf` whose branches a client tells apart by the
 * `type` const.
 */
export function commandsSchema(def: StreamDefinition): z.ZodType {
  const options = Object.entries(def.commands)
    .filter(([, spec]) => !spec.internal)
    .map(([type, spec]) => {
      const payload = spec.schema as unknown as Partial<z.ZodObject>;
      // safeExtend also takes object schemas with refinements (extend refuses them); a payload that
      // is no object schema at all (piped) is documented by its type alone.
      const branch = typeof payload.safeExtend === 'function' ? payload.safeExtend({ type: z.literal(type) }) : z.object({ type: z.literal(type) });
      return branch.describe(`${type} → ${spec.event}. Roles: ${spec.roles.join(', ')}`);
    });
  return z.discriminatedUnion('type', options as unknown as [z.ZodObject, ...z.ZodObject[]]);
}

/** Event type → schema of its data, for every command of a stream type (the data is the payload). */
export function eventSchemasOf(def: StreamDefinition): Record<string, z.ZodType> {
  const out: Record<string, z.ZodType> = { [def.start.event]: def.start.schema };
  for (const spec of Object.values(def.commands)) out[spec.event] = spec.schema;
  return out;
}

const Problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  allowed: z.array(z.string()).optional(),
  currentRevision: z.number().int().optional(),
});

const STANDARD_ERRORS: Record<string, string> = {
  '400': 'Invalid request: `errors[{path, message}]`',
  '401': 'No valid bearer token',
  '403': 'Your roles may not do this',
};

export class OpenApiRegistry {
  private readonly routes: RouteDoc[] = [];
  readonly events: Record<string, z.ZodType> = {};

  add(...docs: RouteDoc[]): void {
    this.routes.push(...docs);
  }

  addEvents(schemas: Record<string, z.ZodType>): void {
    Object.assign(this.events, schemas);
  }

  eventSchema(type: string): Record<string, unknown> | undefined {
    const schema = this.events[type];
    return schema ? { $schema: 'https://json-schema.org/draft/2020-12/schema', title: type, ...jsonSchema(schema) } : undefined;
  }

  document(version: string): Record<string, unknown> {
    const paths: Record<string, Record<string, unknown>> = {};
    for (const r of this.routes) {
      const parameters = [
        ...[...r.path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } })),
        ...queryParameters(r.query),
        ...(r.method === 'post' && r.path.endsWith('/commands')
          ? [
              { name: 'If-Match', in: 'header', required: false, schema: { type: 'string' }, description: 'The revision you last saw, e.g. "3"; stale → 409' },
              { name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', maxLength: 255 }, description: 'A retry with the same key and body answers the first result' },
            ]
          : []),
      ];
      const responses: Record<string, unknown> = {};
      const standard = r.path.startsWith('/api/v1/') ? STANDARD_ERRORS : {};
      for (const [status, value] of Object.entries({ ...standard, ...r.responses })) {
        const v = typeof value === 'string' ? { description: value } : value;
        const isError = Number(status) >= 400;
        const schema = v.schema ? jsonSchema(v.schema) : isError ? { $ref: '#/components/schemas/Problem' } : undefined;
        responses[status] = {
          description: v.description,
          ...(schema ? { content: { [v.contentType ?? (isError ? 'application/problem+json' : 'application/json')]: { schema } } } : {}),
        };
      }
      (paths[r.path] ??= {})[r.method] = {
        summary: r.summary,
        tags: [r.tag],
        ...(r.roles || r.description ? { description: [r.roles ? `Roles: ${r.roles.join(', ')}.` : '', r.description ?? ''].filter(Boolean).join(' ') } : {}),
        ...(r.roles ? { 'x-roles': r.roles } : {}),
        ...(parameters.length ? { parameters } : {}),
        ...(r.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(r.body) } } } } : {}),
        responses,
        security: r.path.startsWith('/api/v1/') ? [{ bearer: [] }] : [],
      };
    }
    return {
      openapi: '3.1.0',
      info: {
        title: 'gearbox',
        version,
        description: 'Quality cycles (PDCA) for GP training institutes, as events, projected into the GEAR domains.',
      },
      servers: [{ url: '/' }],
      paths,
      components: {
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
        schemas: {
          Problem: jsonSchema(Problem),
          ...Object.fromEntries(Object.entries(this.events).map(([type, schema]) => [`event.${type}`, jsonSchema(schema)])),
        },
      },
    };
  }
}

function queryParameters(schema: z.ZodType | undefined): Record<string, unknown>[] {
  if (!schema) return [];
  const json = jsonSchema(schema) as { properties?: Record<string, unknown>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, s]) => ({ name, in: 'query', required: json.required?.includes(name) ?? false, schema: s }));
}
