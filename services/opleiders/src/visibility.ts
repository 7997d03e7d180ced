/**
 * Who sees what of an opleider (BRIEF.md "Privacy"; issue 5): CMO decisions, rationales and the
 * summaries of talks only for `cmo` and `mt`; a kwaliteitsmedewerker sees the rest; an auditor
 * sees statuses and counts. Fields a role may not see are left out, never an error.
 */
import { onlyFields, withoutFields, type Answer, type EventRecord, type Visibility } from '@gearbox/kernel';
import type { CmoFile } from './machine.ts';
import type { Opleider } from './definition.ts';

export type Audience = 'full' | 'staff' | 'auditor' | 'minimal';

export function audienceOf(roles: readonly string[]): Audience {
  if (roles.includes('cmo') || roles.includes('mt')) return 'full';
  if (roles.includes('kwaliteitsmedewerker')) return 'staff';
  if (roles.includes('auditor')) return 'auditor';
  return 'minimal';
}

/** Outside the CMO the status says whether a file is open, not what was decided. */
function cmoStatusForOthers(file: CmoFile): 'screening' | 'lopend' | 'afgesloten' {
  return file.status === 'screening' || file.status === 'afgesloten' ? file.status : 'lopend';
}

function cmoForStaff(file: CmoFile) {
  return {
    screeningId: file.screeningId,
    status: cmoStatusForOthers(file),
    openedAt: file.openedAt,
    openedBy: file.openedBy,
    signals: file.signals,
    ...(file.closed ? { closed: { at: file.closed.at } } : {}),
  };
}

export function redactOpleider<T extends Opleider>(view: T, audience: Audience): Partial<T> {
  if (audience === 'full') return view;
  const { revision, allowed } = view as unknown as { revision: number; allowed: string[] };
  if (audience === 'minimal') return { id: view.id, status: view.status, revision, allowed } as unknown as Partial<T>;
  if (audience === 'auditor') {
    return {
      id: view.id,
      practice: view.practice,
      status: view.status,
      registeredAt: view.registeredAt,
      ...(view.recognisedUntil ? { recognisedUntil: view.recognisedUntil } : {}),
      // Who visited is a name: not for an auditor.
      startvisitatie: { ...view.startvisitatie, stages: view.startvisitatie.stages.map(({ visitor: _visitor, ...stage }) => stage) },
      ...(view.cmo ? { cmo: { status: cmoStatusForOthers(view.cmo), openedAt: view.cmo.openedAt } } : {}),
      ...(view.ended ? { ended: { at: view.ended.at, by: view.ended.by } } : {}),
      counts: view.counts,
      definitionVersion: view.definitionVersion,
      revision,
      allowed,
    } as unknown as Partial<T>;
  }
  const { cmo, cmoHistory, gesprekken, ended, ...rest } = view;
  return {
    ...rest,
    ...(cmo ? { cmo: cmoForStaff(cmo) } : {}),
    cmoHistory: cmoHistory.map(cmoForStaff),
    gesprekken: gesprekken.map((g) => ({ date: g.date, at: g.at })),
    // An ending by the CMO carries its rationale; an ending by the MT its reason.
    ...(ended ? { ended: ended.by === 'cmo' ? { at: ended.at, by: ended.by } : ended } : {}),
  } as unknown as Partial<T>;
}

/** Fields of each event left out for a kwaliteitsmedewerker. */
const HIDDEN_FROM_STAFF: Record<string, string[]> = {
  CmoReferred: ['reason'],
  CmoDecided: ['decision', 'rationale'],
  CmoTrajectClosed: ['outcome', 'rationale'],
  FunctioneringsgesprekRecorded: ['summary', 'agreements'],
};

/** The only fields of each event an auditor (or a machine account) sees. */
const SHOWN_TO_AUDITOR: Record<string, string[]> = {
  OpleiderRegistered: ['practice'],
  StartvisitatieScheduled: ['date'],
  StartvisitatieRecorded: ['stage', 'outcome', 'reportEvidenceId', 'date'],
  OpleiderRecognised: ['until'],
  ErkenningReminderDue: ['until'],
  ErkenningLapsed: ['until'],
  LeohRecorded: ['evaluationId', 'period'],
  ZelfevaluatieRecorded: ['evaluationId', 'period'],
  LeohSignalRaised: ['evaluationId', 'period'],
  FunctioneringsgesprekRecorded: ['date'],
};

/**
 * CMO rationales are for the CMO alone: the MT sees a CMO file's decisions and outcome, without the
 * reasoning behind them (UI.md, "CMO: only for cmo, and mt without rationale").
 */
export const seesCmoRationale = (roles: readonly string[]) => roles.includes('cmo');

function fileWithoutRationale(file: CmoFile): CmoFile {
  const closed = file.closed ? { outcome: file.closed.outcome, at: file.closed.at } : undefined;
  return {
    ...file,
    decisions: file.decisions.map(({ rationale: _rationale, ...decision }) => decision as CmoFile['decisions'][number]),
    ...(closed ? { closed } : {}),
  };
}

export function withoutCmoRationale<T extends { cmo?: CmoFile | undefined; cmoHistory?: CmoFile[]; ended?: { by: string; reason?: string; at: string } | undefined }>(view: T): T {
  return {
    ...view,
    ...(view.cmo ? { cmo: fileWithoutRationale(view.cmo) } : {}),
    ...(view.cmoHistory ? { cmoHistory: view.cmoHistory.map(fileWithoutRationale) } : {}),
    ...(view.ended?.by === 'cmo' ? { ended: { at: view.ended.at, by: view.ended.by } } : {}),
  };
}

const RATIONALES: Record<string, string[]> = { CmoDecided: ['rationale'], CmoTrajectClosed: ['rationale'] };

export function redactEvent(record: EventRecord, audience: Audience): EventRecord {
  if (audience === 'full') return record;
  return audience === 'staff' ? withoutFields(record, HIDDEN_FROM_STAFF) : onlyFields(record, SHOWN_TO_AUDITOR);
}

export const opleiderVisibility: Visibility<Opleider> = {
  view: (view, roles) => {
    const redacted = redactOpleider(view, audienceOf(roles)) as Answer<Opleider>;
    return audienceOf(roles) === 'full' && !seesCmoRationale(roles) ? withoutCmoRationale(redacted) : redacted;
  },
  event: (record, roles) => {
    const redacted = redactEvent(record, audienceOf(roles));
    return audienceOf(roles) === 'full' && !seesCmoRationale(roles) ? withoutFields(redacted, RATIONALES) : redacted;
  },
};
