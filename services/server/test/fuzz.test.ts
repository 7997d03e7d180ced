import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { world, type World } from './world.ts';

let w: World;
let token: string;
let cycleId: string;
beforeAll(async () => {
  w = await world();
  token = await w.token('utrecht', ['kwaliteitsmedewerker', 'mt']);
  const res = await w.call('POST', '/api/v1/cycles', { token, body: { kind: 'curriculum', title: 'Fuzz', period: { from: '2026-01-01', to: '2026-12-31' } } });
  cycleId = res.body.id;
});
afterAll(() => w.stop());

const COMMANDS = ['SetGoal', 'DefineKpi', 'PlanActivity', 'ApprovePlan', 'CompleteActivity', 'AddEvidence', 'RecordFinding', 'HoldReview', 'CloseCycle', 'CancelCycle', 'MarkActivityOverdue', '__proto__', 'constructor'];

/** Command-shaped bodies with wrong, missing and extra fields, and anything JSON at all. */
const body = fc.oneof(
  fc.record({ type: fc.constantFrom(...COMMANDS) }, { requiredKeys: [] }).chain((base) =>
    fc.dictionary(fc.constantFrom('goalId', 'title', 'due', 'kind', 'evidenceIds', 'period', 'activityId', 'assessment', 'reason', 'x'), fc.jsonValue(), { maxKeys: 5 }).map((extra) => ({ ...extra, ...base })),
  ),
  fc.jsonValue(),
);

const header = fc.oneof(fc.constant(undefined), fc.string({ maxLength: 40 }), fc.constantFrom('"1"', 'W/"0"', '-1', '999999999999999999999', ''));

async function request(path: string, method: string, payload: string, headers: Record<string, string>): Promise<number> {
  const res = await w.gearbox.app.request(path, { method, body: payload, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', ...headers } });
  w.spec.assert({ method, path, status: res.status, headers: res.headers, text: await res.text() });
  return res.status;
}

describe('fuzzed requests never get a 5xx', () => {
  it('command bodies and headers', async () => {
    await fc.assert(
      fc.asyncProperty(body, header, header, async (b, ifMatch, key) => {
        const headers: Record<string, string> = {};
        if (ifMatch !== undefined) headers['If-Match'] = ifMatch;
        if (key !== undefined) headers['Idempotency-Key'] = key;
        let status: number;
        try {
          status = await request(`/api/v1/cycles/${cycleId}/commands`, 'POST', JSON.stringify(b), headers);
        } catch (error) {
          // Header values the fetch API refuses never reach the server.
          if (error instanceof TypeError) return;
          throw error;
        }
        expect(status).toBeLessThan(500);
      }),
      { numRuns: 2000 },
    );
  }, 120_000);

  it('start bodies, raw text and odd paths', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(body.map((b) => JSON.stringify(b)), fc.string({ maxLength: 200 })), fc.string({ maxLength: 30 }), async (raw, id) => {
        expect(await request('/api/v1/cycles', 'POST', raw, {})).toBeLessThan(500);
        expect(await request(`/api/v1/cycles/${encodeURIComponent(id)}/commands`, 'POST', raw, {})).toBeLessThan(500);
        const get = await w.gearbox.app.request(`/api/v1/cycles/${encodeURIComponent(id)}`, { headers: { Authorization: `Bearer ${token}` } });
        expect(get.status).toBeLessThan(500);
      }),
      { numRuns: 1000 },
    );
  }, 120_000);

  it('authorization headers', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 300 }), async (auth) => {
        let res: Response;
        try {
          res = await w.gearbox.app.request('/api/v1/cycles', { headers: { Authorization: auth } });
        } catch (error) {
          if (error instanceof TypeError) return;
          throw error;
        }
        expect(res.status).toBe(401);
      }),
      { numRuns: 500 },
    );
  }, 120_000);
});
