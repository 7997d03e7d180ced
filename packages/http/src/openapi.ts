/**
 * The zod schemas are the single source: routes register their schemas here, and the OpenAPI 3.1
 * description (`/openapi.json`), the docs page (`/docs`) and the event schemas (`/api/schemas`) are
 * generated from them with zod's own JSON Schema output.
 */
import { z } from 'zod';
import type { StreamDefinition } from '@gearbox/kernel';

export type Method = 'get' | 'post' | 'put' | 'delete';

export interface RouteDoc {
  method: Method;
  /** OpenAPI path, e.g. `/api/cycles/{id}/commands`. */
  path: string;
  summary: string;
  tag: string;
  roles?: readonly string[];
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
      return typeof payload.safeExtend === 'function' ? payload.safeExtend({ type: z.literal(type) }) : z.object({ type: z.literal(type) });
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
      const standard = r.path.startsWith('/api/') ? STANDARD_ERRORS : {};
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
        ...(r.roles ? { description: `Roles: ${r.roles.join(', ')}`, 'x-roles': r.roles } : {}),
        ...(parameters.length ? { parameters } : {}),
        ...(r.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(r.body) } } } } : {}),
        responses,
        security: r.path.startsWith('/api/') ? [{ bearer: [] }] : [],
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

/** A self-contained page (no CDN) that renders /openapi.json readably. */
export const DOCS_PAGE = `<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><title>gearbox API</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font:15px/1.5 system-ui,sans-serif;margin:0;color:#1b1f24;background:#f6f7f9}
header{background:#123a5a;color:#fff;padding:16px 24px}h1{margin:0;font-size:22px}
main{max-width:1000px;margin:0 auto;padding:16px 24px}
section{background:#fff;border:1px solid #d8dde3;border-radius:6px;margin:10px 0;padding:10px 14px}
.m{display:inline-block;min-width:60px;font-weight:700;text-transform:uppercase;font-size:12px;padding:2px 6px;border-radius:4px;color:#fff;margin-right:8px}
.get{background:#2b7a3d}.post{background:#1f5fa8}.put{background:#8a5a00}.delete{background:#a12b2b}
code{font-family:ui-monospace,monospace}pre{background:#f0f2f5;padding:8px;overflow:auto;font-size:12px;max-height:400px}
h2{font-size:18px;margin:24px 0 4px}.roles{color:#555;font-size:13px}
</style></head><body><header><h1>gearbox API</h1><div id="desc"></div></header><main id="main">Laden…</main>
<script>
fetch('openapi.json').then(r=>r.json()).then(doc=>{
  const esc=s=>String(s).replace(/[&<>"']/g,c=>({'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;',"'":'&#39;'}[c]));
  document.getElementById('desc').textContent=doc.info.description+' — versie '+doc.info.version;
  const byTag={};
  for(const [path,ops] of Object.entries(doc.paths))for(const [m,op] of Object.entries(ops))(byTag[op.tags[0]]??=[]).push([m,path,op]);
  let html='';
  for(const [tag,ops] of Object.entries(byTag)){
    html+='<h2>'+esc(tag)+'</h2>';
    for(const [m,path,op] of ops){
      html+='<section><div><span class="m '+m+'">'+m+'</span><code>'+esc(path)+'</code> — '+esc(op.summary)+'</div>';
      if(op.description)html+='<div class="roles">'+esc(op.description)+'</div>';
      if(op.parameters)html+='<details><summary>Parameters</summary><pre>'+esc(JSON.stringify(op.parameters,null,2))+'</pre></details>';
      if(op.requestBody)html+='<details><summary>Body</summary><pre>'+esc(JSON.stringify(op.requestBody.content['application/json'].schema,null,2))+'</pre></details>';
      html+='<details><summary>Answers: '+Object.keys(op.responses).join(', ')+'</summary><pre>'+esc(JSON.stringify(op.responses,null,2))+'</pre></details></section>';
    }
  }
  document.getElementById('main').innerHTML=html;
}).catch(e=>{document.getElementById('main').textContent='Could not load openapi.json: '+e});
</script></body></html>`;
