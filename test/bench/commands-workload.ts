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
