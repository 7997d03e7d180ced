import fc from 'fast-check';
import { describe, it } from 'vitest';
import { deciderProperty } from '@gearbox/kernel/testing';
import { leerplekDefinition } from '../src/definition.ts';

const pool = [
  { type: 'LinkOpleider', opleiderId: 'op-1' },
  { type: 'LinkOpleider', opleiderId: 'op-999' },
  { type: 'UnlinkOpleider', opleiderId: 'op-1', reason: 'gestopt' },
  { type: 'LinkStageopleider', stageopleiderId: 's-1', name: 'Dr. K. Jansen' },
  { type: 'UnlinkStageopleider', stageopleiderId: 's-1' },
  { type: 'RecordVisit', visitId: 'v1', date: '2026-04-01', kind: 'praktijkbezoek', report: 'in orde' },
  { type: 'RecordVisit', visitId: 'v2', date: '2026-09-01', kind: 'hervisitatie', report: 'verbeterd' },
  { type: 'RecordKlimaatMeting', measurementId: 'm1', measuredAt: '2026-06-30', shareSafe: 78.5, n: 14, source: 'NIVEL' },
  { type: 'RecordKlimaatMeting', measurementId: 'm2', measuredAt: '2026-06-30', shareSafe: 101, n: 14, source: 'NIVEL' },
  { type: 'RecordVgb', vgbId: 'vgb1', date: '2026-04-01', aios: 'aios-p1', opleiderId: 'op-1', docentId: 'd-1' },
  { type: 'RecordVgb', vgbId: 'vgb2', date: '2026-04-01', aios: 'aios-p1', opleiderId: 's-1', docentId: 'd-9' },
  { type: 'SuspendLeerplek', reason: 'onvoldoende supervisie' },
  { type: 'ReinstateLeerplek', reason: 'verbeterplan uitgevoerd' },
];

describe('the leerplek decider', () => {
  // Some ten thousand decisions; opleider op-1 and docent d-1 exist, op-999 and d-9 do not.
  it('holds for any sequence of commands by any roles (no store)', () => {
    for (const kind of ['opleidingspraktijk', 'stageplaats']) {
      fc.assert(
        deciderProperty(leerplekDefinition, {
          start: { kind, name: 'Huisartsenpraktijk De Linde' },
          commands: pool,
          path: [0, 3, 5, 7, 9, 11, 12, 6].map((i) => pool[i]!),
          roles: [['kwaliteitsmedewerker', 'mt', 'integratie'], ['kwaliteitsmedewerker'], ['integratie'], ['auditor'], ['mt']],
          exists: (ref) => ['opleider/op-1', 'docent/d-1'].includes(`${ref.category}/${ref.id}`),
        }),
        { numRuns: 150 },
      );
    }
  }, 30_000);
});
