/**
 * What each role sees of a leerplek: a kwaliteitsmedewerker and the MT see everything; an auditor
 * sees the leerplek, its visits and measurements, but not the names of stageopleiders nor which aios
 * had a VGB.
 */
import { onlyFields, withoutFields, type Answer, type EventRecord, type Visibility } from '@gearbox/kernel';
import type { Leerplek } from './definition.ts';

export type Audience = 'full' | 'auditor' | 'minimal';

export function audienceOf(roles: readonly string[]): Audience {
  if (roles.includes('mt') || roles.includes('kwaliteitsmedewerker')) return 'full';
  if (roles.includes('auditor')) return 'auditor';
  return 'minimal';
}

export function redactLeerplek(view: Answer<Leerplek>, audience: Audience): Partial<Answer<Leerplek>> {
  if (audience === 'full') return view;
  if (audience === 'minimal') return { id: view.id, status: view.status, revision: view.revision, allowed: view.allowed };
  const { stageopleiders, vgb, ...rest } = view;
  return {
    ...rest,
    stageopleiders: stageopleiders.map((s) => ({ stageopleiderId: s.stageopleiderId, ...(s.specialism ? { specialism: s.specialism } : {}) }) as Leerplek['stageopleiders'][number]),
    vgb: vgb.map((v) => ({ vgbId: v.vgbId, date: v.date, opleiderId: v.opleiderId, docentId: v.docentId }) as Leerplek['vgb'][number]),
  };
}

const HIDDEN_FROM_AUDITOR: Record<string, string[]> = { StageopleiderLinked: ['name'], VgbRecorded: ['aios', 'notes'] };

export function redactLeerplekEvent(record: EventRecord, audience: Audience): EventRecord {
  if (audience === 'full') return record;
  return audience === 'minimal' ? onlyFields(record, {}) : withoutFields(record, HIDDEN_FROM_AUDITOR);
}

export const leerplekVisibility: Visibility<Leerplek> = {
  view: (view, roles) => redactLeerplek(view, audienceOf(roles)) as Answer<Leerplek>,
  event: (record, roles) => redactLeerplekEvent(record, audienceOf(roles)),
};
