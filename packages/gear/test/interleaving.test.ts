import fc from 'fast-check';
import { beforeAll, describe, expect, test } from 'vitest';
import { openSqliteEventStore, type EventStore, type RecordedEvent } from '@gearbox/eventstore';
import { GearLiveProjection, buildDossier, dossierOf, frameworkOf, gearView, mappingAt, readInstitute, type GearView } from '../src/index.ts';
import type { StoredEvent } from '@gearbox/kernel';
import { INSTITUTE, appendOther, demoHistory, runCycle, world } from './history.ts';

const AS_OF = '2030-01-01T00:00:00.000Z';
const PERIOD = { from: '2025-01-01', to: '2025-12-31' };

async function viewOf(store: EventStore): Promise<GearView> {
  const read = await readInstitute(store, { institute: INSTITUTE, asOf: AS_OF });
  return gearView(dossierOf(read, { institute: INSTITUTE, period: PERIOD, asOf: AS_OF }));
}

describe('any interleaving of independent streams', () => {
  let streams: RecordedEvent[][];
  let reference: GearView;

  beforeAll(async () => {
    const w = world();
    await demoHistory(w);
    await runCycle(w, {
      kind: 'docenten',
      title: 'Docenten 2025',
      period: PERIOD,
      evidence: [
        { evidenceId: 'feedback', title: 'Feedback aios op docenten', kind: 'survey', effectiveAt: '2025-05-31', criteria: ['OMM-2', 'CUR-2'] },
        { evidenceId: 'scholing', title: 'Scholingsoverzicht', effectiveAt: '2025-11-30', criteria: ['OMM-3'] },
      ],
      kpi: { kpiId: 'scholing', name: 'Docenten met scholing', measured: 80 },
      findings: [
        { findingId: 'f-1', title: 'Feedback niet altijd besproken', assessment: 'voldoet-niet', evidenceIds: ['feedback'] },
        { findingId: 'f-2', title: 'Scholing op orde', assessment: 'voldoet', evidenceIds: ['scholing'] },
      ],
      actions: [{ actionId: 'a-1', findingId: 'f-1', title: 'Feedback bespreken in jaargesprek', owner: 'E. Docent' }],
    });
    await appendOther(w, `${INSTITUTE}/leerplek-lp-1`, [
      { type: 'LeerplekRegistered', data: { name: 'Praktijk Noord', kind: 'praktijk' } },
      { type: 'VisitRecorded', data: { date: '2025-03-01' } },
      { type: 'VisitRecorded', data: { date: '2025-03-01' } },
      { type: 'KlimaatGemeten', data: { measuredAt: '2025-06-30', score: 7 } },
    ]);
    await appendOther(w, `${INSTITUTE}/leerplek-lp-2`, [{ type: 'VisitRecorded', data: { date: '2025-03-01' } }]);
    const byStream = new Map<string, RecordedEvent[]>();
    for await (const e of w.store.readAll()) {
      const list = byStream.get(e.streamId) ?? [];
      list.push(e);
      byStream.set(e.streamId, list);
    }
    streams = [...byStream.values()];
    reference = await viewOf(w.store);
    await w.close();
  });

  test('gives the same GEAR view', async () => {
    expect(streams.length).toBeGreaterThanOrEqual(7);
    const total = streams.reduce((n, s) => n + s.length, 0);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat(), { minLength: total, maxLength: total }), async (choices) => {
        const store = openSqliteEventStore({ path: ':memory:' });
        try {
          const next = streams.map(() => 0);
          for (const choice of choices) {
            const open = streams.map((s, i) => i).filter((i) => next[i]! < streams[i]!.length);
            const i = open[choice % open.length]!;
            const e = streams[i]![next[i]!++]!;
            await store.appendToStream(e.streamId, [{ id: e.id, type: e.type, data: e.data, metadata: e.metadata }]);
          }
          expect(await viewOf(store)).toEqual(reference);
        } finally {
          await store.close();
        }
      }),
      { numRuns: 30 },
    );
  });

  test('and the live projection, fed event by event, gives the view a rebuild gives', async () => {
    const live = new GearLiveProjection();
    for (const stream of [...streams].reverse()) for (const e of stream) live.apply(e as StoredEvent);
    const state = live.state(INSTITUTE);
    const mapping = mappingAt(state);
    const view = gearView(
      buildDossier(state, { institute: INSTITUTE, framework: frameworkOf(mapping), mapping, period: PERIOD, asOf: AS_OF, position: reference.position, eventCount: state.eventCount, chainHead: null }),
    );
    expect(view).toEqual(reference);
  });
});
