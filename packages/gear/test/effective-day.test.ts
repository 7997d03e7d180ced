import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '@gearbox/kernel';
import { effectiveDay } from '../src/projection.ts';

/** An event as the store holds it, recorded at `time`. */
const stored = (type: string, data: Record<string, unknown>, time: string): StoredEvent =>
  ({ id: 'e', type, streamId: 'utrecht/opleider-1', revision: 0n, position: 1n, created: new Date(time), data, metadata: { time } }) as unknown as StoredEvent;

describe('the day an event counts on in a period’s dossier', () => {
  it('an evaluation of a period counts on the day it was filled in, but no later than the period’s last day', () => {
    const leoh = (data: Record<string, unknown>, time = '2026-07-03T09:00:00Z') => effectiveDay(stored('LeohRecorded', { evaluationId: 'e1', ...data }, time));
    expect(leoh({ period: '2026-H1', date: '2026-06-20' })).toBe('2026-06-20');
    expect(leoh({ period: '2026-H1', date: '2026-07-01' })).toBe('2026-06-30');
    expect(leoh({ period: '2026-Q1', date: '2026-02-10' })).toBe('2026-02-10');
    expect(leoh({ period: '2026-05', date: '2026-06-02' })).toBe('2026-05-31');
    // Stored before it had a date: the day it was recorded, capped the same way.
    expect(leoh({ period: '2026-H1' })).toBe('2026-06-30');
    expect(leoh({ period: '2026' })).toBe('2026-07-03');
    expect(leoh({ period: 'iets anders' })).toBe('2026-07-03');
  });

  it('a visit, a measurement or evidence counts on its own day; without one, on the day it was recorded', () => {
    expect(effectiveDay(stored('VisitRecorded', { date: '2026-05-03' }, '2026-05-09T10:00:00Z'))).toBe('2026-05-03');
    expect(effectiveDay(stored('MeasurementRecorded', { measuredAt: '2026-06-30' }, '2026-07-08T10:00:00Z'))).toBe('2026-06-30');
    expect(effectiveDay(stored('EvidenceAdded', { effectiveAt: '2026-06-30', date: '2026-01-01' }, '2026-07-08T10:00:00Z'))).toBe('2026-06-30');
    expect(effectiveDay(stored('OpleiderRecognised', { until: '2031-01-01' }, '2026-07-08T10:00:00Z'))).toBe('2026-07-08');
  });
});
