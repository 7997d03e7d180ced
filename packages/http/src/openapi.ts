/**
 * The zod schemas are the single source: routes register their schemas here, and the OpenAPI 3.1
 * description (`/openapi.json`), the docs page (`/docs`) and the event schemas (`/api/v1/schemas`) are
 * generated from them with zod's own JSON Schema output. A schema with `.meta({ id: 'Cycle' })`
 * becomes the named component `#/components/schemas/Cycle`.
 *
 * The description follows the NL GOV API Design Rules (linted with Logius' Spectral ruleset in
 * services/server/test/openapi-lint.test.ts): the major version in the server URL, `API-Version` on
 * every answer, `info.contact`, UpperCamelCase schema names, a 400 on every operation that takes input.
 */
import { z } from 'zod';
import type { StreamDefinition } from '@gearbox/kernel';
import { API_VERSION } from './request.ts';

export type Method = 'get' | 'post' | 'put' | 'delete';

/** Where the versioned API lives; RouteDoc paths under it are described relative to it. */
export const API_BASE = '/api/v1';

export interface ResponseDoc {
  description: string;
  /** The body (JSON unless `contentType` says otherwise). */
  schema?: z.ZodType;
  contentType?: string;
  /** More than one media type (a download in several formats): media type → schema. */
  content?: Record<string, z.ZodType>;
  /** Response headers besides API-Version: `Location` and `ETag` are components, others name → description. */
  headers?: readonly string[] | Record<string, string>;
}

export interface RouteDoc {
  method: Method;
  /** OpenAPI path, e.g. `/api/v1/cycles/{id}/commands`. */
  path: string;
  /** Unique and stable, lowerCamelCase; derived from method and path when left out. */
  operationId?: string;
  summary: string;
  tag: string;
  roles?: readonly string[];
  /** Answers without a token (the demo sign-in): `security: []`, and no 401 or 403. */
  public?: true;
  /** Longer text for the docs; the roles are added to it. */
  description?: string;
  body?: z.ZodType;
  /** Other request media types: media type → schema (e.g. a zip upload beside a JSON body). */
  bodies?: Record<string, z.ZodType>;
  query?: z.ZodType;
  /** Request headers the route reads. */
  headers?: readonly ('If-Match' | 'Idempotency-Key')[];
  /** Status → description (and optional schema of the answer). */
  responses: Record<string, string | ResponseDoc>;
}

/** A file in a response or request body: `{type: string, contentMediaType}` (OpenAPI 3.1). */
export const binary = (mediaType: string) => z.string().meta({ contentMediaType: mediaType });

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

/** RFC 9457 problem details; the members a client can rely on, and room for more. */
export const Problem = z
  .looseObject({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string().optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    allowed: z.array(z.string()).optional(),
    currentRevision: z.number().int().optional(),
  })
  .meta({ id: 'Problem' });

const ERRORS = {
  '400': 'Ongeldig verzoek: `errors[{path, message}]` noemt elk veld',
  '401': 'Geen geldig bearer-token',
  '403': 'Uw rollen mogen dit niet',
  '404': 'Niet gevonden (ook: een id van een ander instituut)',
  '413': 'De body is te groot',
  '500': 'Onverwachte fout aan onze kant; `errorId` staat ook in het log',
} as const;

/** Who answers questions about the API (NL GOV ADR: doc-openapi-contact); the domain of the problem type URIs. */
const CONTACT = { name: 'gearbox', email: 'api@gearbox.dev', url: 'https://gearbox.dev' };

const REF = (kind: string, name: string) => ({ $ref: `#/components/${kind}/${name}` });

const HEADERS = {
  'API-Version': { description: 'De versie van het API-contract (semver), op elk antwoord', required: true, schema: { type: 'string', examples: [API_VERSION] } },
  Location: { description: 'Het adres van wat is aangemaakt', required: true, schema: { type: 'string' } },
  ETag: { description: 'De revisie, voor If-Match: `"3"`', schema: { type: 'string' } },
  'Content-Language': {
    description: 'De taal van title, detail en de meldingen per veld: `nl`, of `en` wanneer het verzoek `Accept-Language: en` stuurde',
    required: true,
    schema: { type: 'string', enum: ['nl', 'en'] },
  },
};

const PARAMETERS = {
  IfMatch: { name: 'If-Match', in: 'header', required: false, schema: { type: 'string' }, description: 'De revisie die u het laatst zag, bv. "3"; verouderd → 409' },
  IdempotencyKey: {
    name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', maxLength: 255 },
    description: 'Een herhaling met dezelfde sleutel en body geeft het eerste antwoord; dezelfde sleutel met een andere body → 422',
  },
};

/** `get /api/v1/gear/mapping` → `getGearMapping`, for routes without an explicit operationId. */
function derivedOperationId(method: Method, path: string): string {
  const words = path
    .replace(API_BASE, '')
    .split(/[^A-Za-z0-9{}]+/)
    .filter(Boolean)
    .map((w) => (w.startsWith('{') ? `by-${w.slice(1, -1)}` : w))
    .flatMap((w) => w.split('-'));
  return [method, ...words].map((w, i) => (i === 0 ? w : w[0]!.toUpperCase() + w.slice(1))).join('');
}

/** Converts zod schemas to JSON Schema and collects the named ones (`.meta({id})`) as components. */
class Components {
  readonly schemas: Record<string, unknown> = {};

  convert(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
    const json = JSON.parse(
      JSON.stringify(z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' })).replaceAll('"#/$defs/', '"#/components/schemas/'),
    ) as Record<string, unknown> & { $defs?: Record<string, unknown> };
    const { $schema: _s, $defs = {}, ...rest } = json;
    for (const [name, def] of Object.entries($defs)) this.name(name, def);
    return rest;
  }

  name(name: string, def: unknown): void {
    if (!/^([A-Z][a-z0-9]+)+$/.test(name)) throw new Error(`Schema name ${name} is not UpperCamelCase`);
    const known = this.schemas[name];
    if (known !== undefined && JSON.stringify(known) !== JSON.stringify(def)) throw new Error(`Two different schemas are named ${name}`);
    this.schemas[name] = def;
  }
}

export class OpenApiRegistry {
  private readonly routes: RouteDoc[] = [];
  readonly events: Record<string, z.ZodType> = {};
  /** Building the document takes a quarter of a second; it changes only when routes or events are added. */
  private built: { version: string; document: Record<string, unknown> } | undefined;

  add(...docs: RouteDoc[]): void {
    this.routes.push(...docs);
    this.built = undefined;
  }

  addEvents(schemas: Record<string, z.ZodType>): void {
    Object.assign(this.events, schemas);
    this.built = undefined;
  }

  eventSchema(type: string): Record<string, unknown> | undefined {
    const schema = Object.hasOwn(this.events, type) ? this.events[type] : undefined;
    return schema ? { $schema: 'https://json-schema.org/draft/2020-12/schema', title: type, ...jsonSchema(schema) } : undefined;
  }

  document(version: string): Record<string, unknown> {
    if (this.built?.version !== version) this.built = { version, document: this.build(version) };
    return this.built.document;
  }

  private build(version: string): Record<string, unknown> {
    const components = new Components();
    const problem = components.convert(Problem, 'output');
    const paths: Record<string, Record<string, unknown>> = {};
    const operationIds = new Set<string>();
    for (const r of this.routes) {
      const versioned = r.path.startsWith(`${API_BASE}/`);
      const pathParameters = [...r.path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
      const parameters = [
        ...pathParameters,
        ...queryParameters(r.query, components),
        ...(r.headers ?? []).map((h) => REF('parameters', h.replace('-', ''))),
      ];
      const takesInput = parameters.length > 0 || r.body !== undefined || r.bodies !== undefined;
      // What every API route can answer: the operations routes outside the version only their own statuses.
      const standard: Record<string, string> = versioned
        ? {
            ...(takesInput ? { '400': ERRORS['400'] } : {}),
            // Every route: a partner token may read only the shared feed (auth.ts), whatever the route's own roles.
            ...(r.public ? {} : { '401': ERRORS['401'], '403': ERRORS['403'] }),
            ...(pathParameters.length ? { '404': ERRORS['404'] } : {}),
            ...(r.body ? { '413': ERRORS['413'] } : {}),
            '500': ERRORS['500'],
          }
        : {};
      const responses: Record<string, unknown> = {};
      for (const [status, value] of Object.entries({ ...standard, ...r.responses }).sort(([a], [b]) => a.localeCompare(b))) {
        responses[status] = response(status, typeof value === 'string' ? { description: value } : value, problem, components);
      }
      const operationId = r.operationId ?? derivedOperationId(r.method, r.path);
      if (operationIds.has(operationId)) throw new Error(`operationId ${operationId} is used twice`);
      operationIds.add(operationId);
      const requestBodies = { ...(r.body ? { 'application/json': r.body } : {}), ...r.bodies };
      const path = versioned ? r.path.slice(API_BASE.length) : r.path;
      const item = (paths[path] ??= versioned ? {} : { servers: [{ url: '/', description: 'Beheer en documentatie, buiten de versie' }] });
      item[r.method] = {
        operationId,
        summary: r.summary,
        tags: [r.tag],
        ...(r.roles || r.description ? { description: [r.roles ? `Rollen: ${r.roles.join(', ')}.` : '', r.description ?? ''].filter(Boolean).join(' ') } : {}),
        ...(r.roles ? { 'x-roles': r.roles } : {}),
        ...(parameters.length ? { parameters } : {}),
        ...(Object.keys(requestBodies).length
          ? { requestBody: { required: true, content: Object.fromEntries(Object.entries(requestBodies).map(([type, s]) => [type, { schema: components.convert(s, 'input') }])) } }
          : {}),
        responses,
        security: versioned && !r.public ? [{ bearer: [] }] : [],
      };
    }
    for (const [type, schema] of Object.entries(this.events)) components.name(`${type}Data`, components.convert(schema, 'input'));
    const tags = [...new Set(this.routes.map((r) => r.tag))].sort().map((name) => ({ name }));
    return {
      openapi: '3.1.0',
      info: {
        title: 'gearbox',
        version,
        description:
          'Kwaliteitscycli (PDCA) voor huisartsopleidingen, vastgelegd als events en geprojecteerd op de GEAR-domeinen. ' +
          'Teksten (title, detail, meldingen per veld) zijn Nederlands; stuur `Accept-Language: en` voor Engels. Fouten zijn `application/problem+json` (RFC 9457).',
        contact: CONTACT,
      },
      servers: [{ url: API_BASE, description: 'API versie 1' }],
      tags,
      paths,
      components: {
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
        headers: HEADERS,
        parameters: PARAMETERS,
        schemas: Object.fromEntries(Object.entries(components.schemas).sort(([a], [b]) => a.localeCompare(b))),
      },
    };
  }
}

function response(status: string, v: ResponseDoc, problem: Record<string, unknown>, components: Components): Record<string, unknown> {
  const isError = Number(status) >= 400;
  const content: Record<string, { schema: unknown }> = {};
  if (v.schema) content[v.contentType ?? (isError ? 'application/problem+json' : 'application/json')] = { schema: components.convert(v.schema, 'output') };
  for (const [type, schema] of Object.entries(v.content ?? {})) content[type] = { schema: components.convert(schema, 'output') };
  if (isError && !v.schema) content['application/problem+json'] = { schema: problem };
  const named = Array.isArray(v.headers) ? Object.fromEntries(v.headers.map((h) => [h, REF('headers', h)])) : {};
  const described = Array.isArray(v.headers) ? {} : Object.fromEntries(Object.entries(v.headers ?? {}).map(([h, description]) => [h, { description, schema: { type: 'string' } }]));
  return {
    description: v.description,
    headers: { 'API-Version': REF('headers', 'API-Version'), ...(isError ? { 'Content-Language': REF('headers', 'Content-Language') } : {}), ...named, ...described },
    ...(Object.keys(content).length ? { content } : {}),
  };
}

function queryParameters(schema: z.ZodType | undefined, components: Components): Record<string, unknown>[] {
  if (!schema) return [];
  const json = components.convert(schema, 'input') as { properties?: Record<string, { description?: string }>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, s]) => ({
    name,
    in: 'query',
    required: json.required?.includes(name) ?? false,
    ...(s.description ? { description: s.description } : {}),
    schema: s,
  }));
}
