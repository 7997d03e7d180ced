/**
 * What each role sees of a docent. What was agreed in a jaargesprek is for the MT; a
 * kwaliteitsmedewerker sees that it took place; an auditor sees statuses and counts.
 */
import { onlyFields, withoutFields, type Answer, type EventRecord, type Visibility } from '@gearbox/kernel';
import type { Docent } from './definition.ts';

export type Audience = 'full' | 'staff' | 'auditor' | 'minimal';

export function audienceOf(roles: readonly string[]): Audience {
  if (roles.includes('mt')) return 'full';
  if (roles.includes('kwaliteitsmedewerker')) return 'staff';
  if (roles.includes('auditor')) return 'auditor';
  return 'minimal';
}

export function redactDocent(view: Answer<Docent>, audience: Audience): Partial<Answer<Docent>> {
  if (audience === 'full') return view;
  const { revision, allowed } = view;
  if (audience === 'minimal') return { id: view.id, status: view.status, revision, allowed };
  if (audience === 'auditor') {
    return { id: view.id, role: view.role, status: view.status, registeredAt: view.registeredAt, counts: view.counts, definitionVersion: view.definitionVersion, revision, allowed };
  }
  const { left, ...rest } = view;
  return {
    ...rest,
    jaargesprekken: view.jaargesprekken.map((j) => ({ year: j.year, date: j.date, at: j.at }) as Docent['jaargesprekken'][number]),
    ...(left ? { left: { at: left.at } as Docent['left'] } : {}),
  };
}

const HIDDEN_FROM_STAFF: Record<string, string[]> = { JaargesprekRecorded: ['agreements', 'summary'], DocentDeregistered: ['reason'] };
const SHOWN_TO_AUDITOR: Record<string, string[]> = {
  DocentRegistered: ['role'],
  AiosFeedbackRecorded: ['feedbackId', 'date', 'programme', 'n'],
  FeedbackRoundStarted: ['roundId', 'year', 'sources', 'due'],
  Feedback360Recorded: ['roundId', 'source', 'n'],
  FeedbackRoundClosed: ['roundId'],
  FeedbackRoundOverdue: ['roundId', 'due'],
  JaargesprekRecorded: ['year', 'date'],
  ScholingRecorded: ['scholingId', 'title', 'hours', 'date'],
  IntervisieRecorded: ['intervisieId', 'date'],
};

export function redactDocentEvent(record: EventRecord, audience: Audience): EventRecord {
  if (audience === 'full') return record;
  return audience === 'staff' ? withoutFields(record, HIDDEN_FROM_STAFF) : onlyFields(record, SHOWN_TO_AUDITOR);
}

export const docentVisibility: Visibility<Docent> = {
  view: (view, roles) => redactDocent(view, audienceOf(roles)) as Answer<Docent>,
  event: (record, roles) => redactDocentEvent(record, audienceOf(roles)),
};
