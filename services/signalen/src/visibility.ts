/**
 * What each role sees of a signal. Staff (kwaliteitsmedewerker, mt) handle it and see everything;
 * an auditor sees that signals come in and are handled — kind, title, dates, severity, how many
 * follow-ups and which improvement actions — but not what was reported, by or about whom, nor who
 * handles it.
 */
import { onlyFields, type Answer, type EventRecord, type Visibility } from '@gearbox/kernel';
import type { Signaal } from './definition.ts';

const isStaff = (roles: readonly string[]) => roles.includes('kwaliteitsmedewerker') || roles.includes('mt');

export function redactSignaal(view: Answer<Signaal>): Answer<Signaal> {
  const { summary: _summary, owner: _owner, closed, ...rest } = view;
  return {
    ...rest,
    followUps: view.followUps.map(({ text: _text, ...f }) => f),
    ...(closed ? { closed: { at: closed.at } } : {}),
  } as Answer<Signaal>;
}

const SHOWN_TO_AUDITOR: Record<string, string[]> = {
  SignaalReceived: ['kind', 'title', 'receivedOn'],
  SignaalTriaged: ['kind', 'severity'],
  SignaalFollowedUp: ['kind', 'actionRef'],
  SignaalClosed: ['kind'],
};

export const signaalVisibility: Visibility<Signaal> = {
  view: (view, roles) => (isStaff(roles) ? view : redactSignaal(view)),
  event: (record: EventRecord, roles) => (isStaff(roles) ? record : onlyFields(record, SHOWN_TO_AUDITOR)),
};
