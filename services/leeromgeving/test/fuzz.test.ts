import fc from 'fast-check';
import { afterAll, describe, it } from 'vitest';
import { answeredOrRefused, as, contextOf, memoryDeps } from '@gearbox/kernel/testing';
import { leerplekCommands, leerplekDefinition } from '../src/definition.ts';
import { StreamHandler } from '@gearbox/kernel';

const json = fc.jsonValue();
const almost = fc.record({
  type: fc.constantFrom(...Object.keys(leerplekCommands), 'Teleport'),
  opleiderId: fc.oneof(fc.constantFrom('op-1'), fc.string(), json), stageopleiderId: fc.oneof(fc.string(), json), name: fc.oneof(fc.string(), json),
  visitId: fc.string(), date: fc.oneof(fc.constantFrom('2026-01-01'), fc.string()), kind: fc.oneof(fc.constantFrom('praktijkbezoek', 'x'), json),
  report: fc.oneof(fc.string(), json), reportUri: fc.oneof(fc.webUrl(), fc.string()), measurementId: fc.string(), measuredAt: fc.constantFrom('2026-06-30', '30-06'),
  shareSafe: fc.oneof(fc.double(), json), n: fc.oneof(fc.integer({ min: -1, max: 50 }), json), source: fc.string(), vgbId: fc.string(),
  aios: fc.oneof(fc.constantFrom('aios-1', 'Piet Jansen'), fc.string()), docentId: fc.string(), reason: fc.oneof(fc.string(), json),
}, { requiredKeys: ['type'] });

describe('fuzzed leerplek bodies', () => {
  const deps = memoryDeps();
  const handler = new StreamHandler(leerplekDefinition, deps);
  const ctx = (roles: readonly string[]) => contextOf(as(...roles));
  afterAll(() => deps.close());

  it('are answered or refused with a 4xx domain error, never an unexpected failure', async () => {
    const { view } = await handler.start(ctx(['mt']), { kind: 'opleidingspraktijk', name: 'P' });
    await fc.assert(
      fc.asyncProperty(fc.oneof(json, almost), fc.constantFrom(['mt'], ['kwaliteitsmedewerker'], ['integratie']), async (body, roles) => {
        await answeredOrRefused(() => handler.execute(ctx(roles), view.id, body));
        await answeredOrRefused(() => handler.start(ctx(roles), body));
      }),
      { numRuns: 300 },
    );
  });
});
