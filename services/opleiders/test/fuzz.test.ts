import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '@gearbox/kernel';
import { opleiderCommands } from '../src/definition.ts';
import { admin, cmo, integratie, mt, qm, SETTINGS, world } from './world.ts';

/** Any JSON, and bodies that look almost right: a known command type with random fields. */
const json = fc.jsonValue();
const almost = fc.record({
  type: fc.constantFrom(...Object.keys(opleiderCommands), 'RegisterOpleider', 'Teleport'),
  evaluationId: fc.oneof(fc.string(), fc.integer()),
  period: fc.oneof(fc.constantFrom('2026', '2026-H1', '2026-13'), fc.string()),
  respondent: fc.oneof(fc.constantFrom('aios-1', 'A B'), fc.string()),
  scores: fc.oneof(fc.dictionary(fc.constantFrom('veiligheid', 'feedback', 'x', '__proto__', 'constructor'), fc.oneof(fc.integer({ min: -3, max: 9 }), fc.double(), json)), json),
  date: fc.oneof(fc.constantFrom('2026-02-30', '2026-03-01'), fc.string()),
  stage: fc.oneof(fc.constantFrom('telefonisch', 'bezoek'), json),
  outcome: fc.oneof(fc.constantFrom('positief', 'negatief', 'afscheid', 'verbeterd'), json),
  decision: fc.oneof(fc.constantFrom('monitoring', 'geen-actie', 'ondersteuningstraject'), json),
  rationale: fc.oneof(fc.string(), json),
  until: fc.oneof(fc.constantFrom('2030-01-01'), fc.string()),
}, { requiredKeys: ['type'] });

describe('fuzzed command bodies', () => {
  const w = world();
  let id = '';
  beforeAll(async () => {
    await w.settings.put(w.ctx(admin), SETTINGS);
    id = await w.recognised();
  });
  afterAll(() => w.close());

  it('are answered or refused with a domain error (4xx), never an unexpected failure', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(json, almost), fc.constantFrom(qm, mt, cmo, integratie), async (body, actor) => {
        try {
          await w.handler.execute(w.ctx(actor), id, body);
        } catch (error) {
          expect(error).toBeInstanceOf(DomainError);
          expect((error as DomainError).status).toBeLessThan(500);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('registration and settings bodies too', async () => {
    await fc.assert(
      fc.asyncProperty(json, async (body) => {
        for (const attempt of [() => w.handler.start(w.ctx(qm), body), () => w.settings.put(w.ctx(admin), body)]) {
          try {
            await attempt();
          } catch (error) {
            expect(error).toBeInstanceOf(DomainError);
            expect((error as DomainError).status).toBeLessThan(500);
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});
