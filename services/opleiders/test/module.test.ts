import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { opleiderEventSchemas } from '../src/module.ts';
import { opleiderCommands, opleiderDefinition } from '../src/definition.ts';

describe('event schemas', () => {
  it('cover every event an opleider stream can hold, and convert to JSON Schema', () => {
    const events = [opleiderDefinition.start.event, ...Object.values(opleiderCommands).map((c) => c.event), 'LeohSettingsSet'];
    expect(Object.keys(opleiderEventSchemas).sort()).toEqual([...new Set(events)].sort());
    for (const [type, schema] of Object.entries(opleiderEventSchemas)) {
      expect(() => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }), type).not.toThrow();
    }
    const registered = z.toJSONSchema(opleiderEventSchemas.OpleiderRegistered!, { io: 'input' }) as { required?: string[] };
    expect(registered.required).toEqual(['name', 'practice', 'subjectId']);
  });
});
