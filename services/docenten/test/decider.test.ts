import fc from 'fast-check';
import { describe, it } from 'vitest';
import { deciderProperty } from '@gearbox/kernel/testing';
import { docentDefinition } from '../src/definition.ts';

const feedback = (feedbackId: string) => ({ type: 'RecordAiosFeedback', feedbackId, date: '2026-02-12', programme: 'terugkomdag-2026-03-12', n: 12, scores: { didactiek: 8 } });
const pool = [
  feedback('f1'),
  feedback('f2'),
  { ...feedback('f3'), scores: { didactiek: 11 } },
  { type: 'StartFeedbackRound', roundId: 'r2026', year: 2026, sources: ['aios', 'collega'], due: '2026-10-01' },
  { type: 'StartFeedbackRound', roundId: 'r2027', year: 2027, sources: ['aios'], due: '2027-10-01' },
  { type: 'Record360Feedback', roundId: 'r2026', source: 'aios', n: 6, scores: { didactiek: 7 } },
  { type: 'Record360Feedback', roundId: 'r2026', source: 'collega', n: 5, scores: { didactiek: 8 } },
  { type: 'Record360Feedback', roundId: 'r9', source: 'zelf', n: 1, scores: { didactiek: 8 } },
  { type: 'CloseFeedbackRound', roundId: 'r2026' },
  { type: 'MarkFeedbackRoundOverdue', roundId: 'r2026', due: '2026-10-01' },
  { type: 'RecordJaargesprek', year: 2026, date: '2026-02-25', agreements: ['Meer intervisie'], subjectId: 'iemand-anders' },
  { type: 'RecordScholing', scholingId: 's1', title: 'Didactiek', hours: 8, date: '2026-02-05' },
  { type: 'RecordIntervisie', intervisieId: 'i1', date: '2026-02-06', peers: ['d-2'] },
  { type: 'DeregisterDocent', reason: 'vertrokken' },
];

describe('the docent decider', () => {
  // Some ten thousand decisions.
  it('holds for any sequence of commands by any roles (no store)', () => {
    fc.assert(
      deciderProperty(docentDefinition, {
        start: { name: 'Dr. B. Docent', role: 'huisartsdocent', email: 'b.docent@example.nl' },
        commands: pool,
        path: [0, 3, 5, 6, 8, 10, 11, 12, 13].map((i) => pool[i]!),
        roles: [['kwaliteitsmedewerker', 'mt', 'integratie'], ['kwaliteitsmedewerker'], ['integratie'], ['auditor'], ['mt'], ['system']],
      }),
      { numRuns: 250 },
    );
  }, 30_000);
});
