import fc from 'fast-check';
import { afterAll, describe, it } from 'vitest';
import { answeredOrRefused, as, contextOf, memoryDeps } from '@gearbox/kernel/testing';
import { docentCommands, docentDefinition } from '../src/definition.ts';
import { StreamHandler } from '@gearbox/kernel';

const json = fc.jsonValue();
const almost = fc.record({
  type: fc.constantFrom(...Object.keys(docentCommands), 'Teleport'),
  feedbackId: fc.oneof(fc.string(), json), roundId: fc.oneof(fc.constantFrom('r1'), fc.string()), year: fc.oneof(fc.integer(), json),
  n: fc.oneof(fc.integer({ min: -1, max: 30 }), json), scale: fc.oneof(fc.record({ min: fc.integer(), max: fc.integer() }), json),
  scores: fc.oneof(fc.dictionary(fc.string(), fc.oneof(fc.double(), fc.integer())), json), source: fc.oneof(fc.constantFrom('aios', 'zelf'), json),
  sources: fc.oneof(fc.array(fc.constantFrom('aios', 'collega', 'x')), json), date: fc.oneof(fc.constantFrom('2026-01-01'), fc.string()),
  due: fc.constantFrom('2026-10-01', 'x'), programme: fc.string(), agreements: fc.oneof(fc.array(fc.string()), json), hours: fc.oneof(fc.double(), json),
}, { requiredKeys: ['type'] });

describe('fuzzed docent bodies', () => {
  const deps = memoryDeps();
  const handler = new StreamHandler(docentDefinition, deps);
  const ctx = (roles: readonly string[]) => contextOf(as(...roles));
  afterAll(() => deps.close());

  it('are answered or refused with a 4xx domain error, never an unexpected failure', async () => {
    const { view } = await handler.start(ctx(['mt']), { name: 'D', role: 'huisartsdocent' });
    await fc.assert(
      fc.asyncProperty(fc.oneof(json, almost), fc.constantFrom(['mt'], ['kwaliteitsmedewerker'], ['integratie']), async (body, roles) => {
        await answeredOrRefused(() => handler.execute(ctx(roles), view.id, body));
        await answeredOrRefused(() => handler.start(ctx(roles), body));
      }),
      { numRuns: 300 },
    );
  });
});
