/**
 * What every command-path subject runs: the same cycles brought into phase `do`, then AddEvidence
 * round-robin over them, each with an evidenceId of its own (a repeated id would be refused).
 * The kernel-only and the HTTP benchmark send the same bodies.
 */
import type { Actor } from '@gearbox/kernel';

export const INSTITUTE = 'bench';
/** Both roles, so one caller may send every command of the preparation (ApprovePlan needs mt). */
export const ACTOR: Actor = { sub: 'bench-user', name: 'B. Enchmark', roles: ['kwaliteitsmedewerker', 'mt'] };

export const startCycleBody = (index: number): Record<string, unknown> => ({
  kind: 'curriculum',
  title: `Curriculum 2026, cohort ${index}`,
  period: { from: '2026-01-01', to: '2026-12-31' },
});

/** Commands that take a fresh cycle from `plan` to `do` (ApprovePlan needs a goal and an activity). */
export const toPhaseDo: Record<string, unknown>[] = [
  { type: 'SetGoal', goalId: 'g1', title: 'Veilig opleidingsklimaat' },
  { type: 'PlanActivity', activityId: 'a1', title: 'Enquête afnemen', owner: 'A. de Vries', due: '2026-06-30' },
  { type: 'ApprovePlan' },
];

/** Events a prepared cycle holds: CycleStarted plus one per preparation command. */
export const PREPARED_EVENTS = 1 + toPhaseDo.length;

/** An AddEvidence body of a realistic size (~250 bytes of JSON); `sequence` makes the id unique. */
export function addEvidenceBody(sequence: number): Record<string, unknown> {
  return {
    type: 'AddEvidence',
    evidenceId: `ev-${sequence}`,
    title: 'Verslag opleidingsvergadering met aios en opleiders',
    kind: 'minutes',
    effectiveAt: '2026-03-12',
    criteria: ['CUR-1', 'ORG-2'],
    summary: 'Besproken: werkdruk in het derde jaar, terugkoppeling op de KPB en de planning van de toetsmomenten.',
  };
}

/** The stream the limit route and the Emmett sample append a cycle's evidence to. */
export const cycleStream = (id: string): string => `${INSTITUTE}/cycle-${id}`;

/**
 * The limit route and the Emmett sample answer as gearbox does (API.md: the whole cycle with
 * `newEvents`), so the answer they serialise and write grows with the cycle as gearbox's does:
 * every evidence item as the cycle view shows it, with the event it came from.
 */
export interface PeerAnswer {
  id: string;
  revision: number;
  evidence: Record<string, unknown>[];
  newEvents: Record<string, unknown>[];
}

/** An evidence item as the cycle view shows it: the command's fields and the event it came from. */
export function evidenceItem(data: Record<string, unknown>, eventId: string, revision: number): Record<string, unknown> {
  const { type: _type, ...fields } = data;
  return { ...fields, source: { eventId, revision } };
}

/** The envelope a peer puts on its EvidenceAdded event: what the kernel's carries, minus the sealing. */
export const peerMetadata = (actor: { sub: string; name: string; roles: string[] }, correlationId: string): Record<string, unknown> => ({
  time: new Date().toISOString(),
  actor,
  correlationId,
  causationId: correlationId,
});
