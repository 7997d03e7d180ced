import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { cycleDefinition, DefineKpi, KpiDefinedData } from '@gearbox/cycles';
import { commandsSchema, eventSchemasOf, jsonSchema, OpenApiRegistry } from '@gearbox/http';

type Branch = { properties: { type: { const: string } } & Record<string, unknown>; required?: string[] };

describe('the commands of a stream type as one schema', () => {
  const schema = jsonSchema(commandsSchema(cycleDefinition)) as { oneOf: Branch[] };
  const publicCommands = Object.entries(cycleDefinition.commands).filter(([, s]) => !s.internal).map(([t]) => t);

  it('is a oneOf with one branch per command a client may send, told apart by a type const', () => {
    expect(schema.oneOf.map((b) => b.properties.type.const).sort()).toEqual([...publicCommands].sort());
    for (const branch of schema.oneOf) expect(branch.required).toContain('type');
  });

  it('keeps each payload: DefineKpi documents baseline and target, AddEvidence its kinds', () => {
    const branch = (t: string) => schema.oneOf.find((b) => b.properties.type.const === t)!;
    expect(branch('DefineKpi').required).toEqual(expect.arrayContaining(['kpiId', 'goalId', 'name', 'unit', 'baseline', 'target']));
    expect(JSON.stringify(branch('AddEvidence'))).toContain('"visit-report"');
  });

  it('KpiDefined as stored takes an event from before goalId was required; DefineKpi still needs it', () => {
    const old = { kpiId: 'k1', name: 'veilig klimaat', unit: '%', baseline: { value: 70, source: 'NIVEL', year: 2018 }, target: { value: 84, by: '2027-12-31' } };
    expect(KpiDefinedData.safeParse(old).success).toBe(true);
    expect(DefineKpi.safeParse(old).success).toBe(false);
    expect((jsonSchema(KpiDefinedData) as { required: string[] }).required).not.toContain('goalId');
  });

  it('names with each command the event it records and the roles that may send it', () => {
    const described = (t: string) => (schema.oneOf.find((b) => b.properties.type.const === t) as { description?: string }).description;
    expect(described('ApprovePlan')).toBe(`ApprovePlan → PlanApproved. Roles: ${cycleDefinition.commands.ApprovePlan!.roles.join(', ')}`);
    expect(cycleDefinition.commands.ApprovePlan!.roles).toEqual(['mt']);
    expect(described('RecordMeasurement')).toContain('integratie');
  });

  it('leaves out internal commands the scheduler sends', () => {
    const internal = Object.entries(cycleDefinition.commands).filter(([, s]) => s.internal).map(([t]) => t);
    expect(internal.length).toBeGreaterThan(0);
    for (const t of internal) expect(schema.oneOf.map((b) => b.properties.type.const)).not.toContain(t);
  });

  it('documents a payload with an object-level refinement instead of dropping it', () => {
    const refined = {
      ...cycleDefinition,
      commands: { Range: { schema: z.object({ from: z.string(), to: z.string() }).refine((r) => r.from <= r.to), roles: ['mt'], event: 'RangeSet' } },
    };
    const out = jsonSchema(commandsSchema(refined as never)) as { oneOf: Branch[] };
    expect(out.oneOf[0]!.required).toEqual(expect.arrayContaining(['type', 'from', 'to']));
  });
});

describe('event schemas', () => {
  it('map every event type of the cycle, its start included, to the data it carries', () => {
    const schemas = eventSchemasOf(cycleDefinition);
    const events = [cycleDefinition.start.event, ...Object.values(cycleDefinition.commands).map((s) => s.event)];
    expect(Object.keys(schemas).sort()).toEqual([...new Set(events)].sort());
    const registry = new OpenApiRegistry();
    registry.addEvents(schemas);
    const goal = registry.eventSchema('GoalSet') as { $schema: string; title: string; required: string[] };
    expect(goal.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(goal.title).toBe('GoalSet');
    expect(goal.required).toEqual(expect.arrayContaining(['goalId', 'title']));
    expect(registry.eventSchema('Nope')).toBeUndefined();
  });
});

describe('the OpenAPI document', () => {
  const Thing = z.object({ id: z.string(), due: z.iso.date() }).meta({ id: 'Thing' });
  const registry = new OpenApiRegistry();
  registry.add(
    {
      method: 'get', path: '/api/v1/things', tag: 'things', operationId: 'listThings', summary: 'List things', roles: ['mt'],
      query: z.object({ kind: z.enum(['a', 'b']).optional(), year: z.string() }),
      responses: { '200': { description: 'the things', schema: z.object({ items: z.array(Thing) }) } },
    },
    {
      method: 'post', path: '/api/v1/things', tag: 'things', summary: 'Make a thing', body: z.object({ due: z.iso.date() }), headers: ['Idempotency-Key'],
      responses: { '201': { description: 'made', schema: Thing, headers: ['Location', 'ETag'] } },
    },
    { method: 'post', path: '/api/v1/things/{id}/commands', tag: 'things', summary: 'Command', body: z.object({ type: z.literal('Do') }), headers: ['If-Match', 'Idempotency-Key'], responses: { '200': 'done' } },
    { method: 'get', path: '/healthz', tag: 'operations', summary: 'Alive', responses: { '200': 'ok' } },
  );
  registry.addEvents({ ThingMade: z.object({ id: z.string() }) });
  const doc = registry.document('9.9.9') as {
    openapi: string;
    info: { version: string; contact: Record<string, string> };
    servers: { url: string }[];
    paths: Record<string, Record<string, any>>;
    components: { schemas: Record<string, any> };
  };

  it('is OpenAPI 3.1 under the versioned server, with contact, query and path parameters, roles and problem answers', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info.version).toBe('9.9.9');
    expect(Object.keys(doc.info.contact).sort()).toEqual(['email', 'name', 'url']);
    expect(doc.servers).toEqual([expect.objectContaining({ url: '/api/v1' })]);
    const list = doc.paths['/things']!.get;
    expect(list.operationId).toBe('listThings');
    expect(list.parameters).toEqual([
      { name: 'kind', in: 'query', required: false, schema: { type: 'string', enum: ['a', 'b'] } },
      { name: 'year', in: 'query', required: true, schema: { type: 'string' } },
    ]);
    expect(list['x-roles']).toEqual(['mt']);
    expect(list.security).toEqual([{ bearer: [] }]);
    expect(Object.keys(list.responses)).toEqual(['200', '400', '401', '403', '500']);
    expect(list.responses['401'].content['application/problem+json'].schema).toEqual({ $ref: '#/components/schemas/Problem' });
  });

  it('names schemas with an id as components, and event data as <Type>Data', () => {
    expect(doc.paths['/things']!.get.responses['200'].content['application/json'].schema.properties.items.items).toEqual({ $ref: '#/components/schemas/Thing' });
    expect(doc.components.schemas.Thing.properties.due.format).toBe('date');
    expect(doc.components.schemas.ThingMadeData.required).toEqual(['id']);
  });

  it('puts API-Version on every answer, Location and ETag where sent, and derives a missing operationId', () => {
    const make = doc.paths['/things']!.post;
    expect(make.operationId).toBe('postThings');
    expect(make.responses['201'].headers).toEqual({
      'API-Version': { $ref: '#/components/headers/API-Version' },
      Location: { $ref: '#/components/headers/Location' },
      ETag: { $ref: '#/components/headers/ETag' },
    });
    for (const answer of Object.values(make.responses) as { headers: Record<string, unknown> }[]) expect(answer.headers['API-Version']).toBeDefined();
    expect(Object.keys(make.responses)).toEqual(['201', '400', '401', '403', '413', '500']);
  });

  it('a command route takes id, If-Match and Idempotency-Key', () => {
    expect(doc.paths['/things/{id}/commands']!.post.parameters).toEqual([
      { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
      { $ref: '#/components/parameters/IfMatch' },
      { $ref: '#/components/parameters/IdempotencyKey' },
    ]);
  });

  it('operations live outside the version, need no token and do not claim 401 or 403 answers', () => {
    expect(doc.paths['/healthz']!.servers).toEqual([expect.objectContaining({ url: '/' })]);
    const health = doc.paths['/healthz']!.get;
    expect(health.security).toEqual([]);
    expect(Object.keys(health.responses)).toEqual(['200']);
  });

  it('refuses two operations with one operationId', () => {
    const twice = new OpenApiRegistry();
    twice.add({ method: 'get', path: '/api/v1/a', tag: 't', operationId: 'same', summary: 'a', responses: { '200': 'a' } });
    twice.add({ method: 'get', path: '/api/v1/b', tag: 't', operationId: 'same', summary: 'b', responses: { '200': 'b' } });
    expect(() => twice.document('1.0.0')).toThrow(/operationId same/);
  });
});
