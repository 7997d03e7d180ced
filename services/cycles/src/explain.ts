/**
 * Why the PDCA cycle refuses a step, in words (API.md: a 422 names what is still missing, not only
 * `allowed`). Each reason mirrors one guard of machine.ts, in the phase where that guard decides;
 * in any other phase the kernel's "not in this phase" answer stands.
 */
import { listed, named, text, unfinished, type Text } from '@gearbox/kernel';
import type { CycleContext } from './machine.ts';

type Reason = { phases: readonly string[]; why: (c: CycleContext) => Text | undefined };

const ACTIVE = ['plan', 'do', 'check', 'act'];

const activities = (ids: string[]) => named(ids, ['activiteit', 'activiteiten'], ['activity', 'activities']);
const kpis = (ids: string[]) => named(ids, ['KPI', "KPI's"], ['KPI', 'KPIs']);
const findings = (ids: string[]) => named(ids, ['bevinding', 'bevindingen'], ['finding', 'findings']);
const unless = (missing: boolean, reason: Text) => (missing ? reason : undefined);

const reasons: Record<string, Reason> = {
  ApprovePlan: {
    phases: ['plan'],
    why: (c) => {
      const missing = [
        ...(c.goals.length ? [] : [text('een doel', 'a goal')]),
        ...(c.activities.length ? [] : [text('een activiteit', 'an activity')]),
      ];
      if (!missing.length) return undefined;
      const { nl, en } = listed(missing);
      return text(`Het plan mist nog ${nl}.`, `The plan still lacks ${en}.`);
    },
  },
  StartCheck: {
    phases: ['do'],
    why: (c) => {
      const open = c.activities.filter((a) => a.status === 'open').map((a) => a.activityId);
      return open.length ? unfinished([activities(open)]) : undefined;
    },
  },
  CompleteActivity: { phases: ['do'], why: (c) => noOpenActivity(c) },
  WaiveActivity: { phases: ['do'], why: (c) => noOpenActivity(c) },
  RecordMeasurement: {
    phases: ['do', 'check'],
    why: (c) => unless(!c.kpis.length, text('Deze cyclus heeft geen KPI om te meten.', 'This cycle has no KPI to measure.')),
  },
  HoldReview: {
    phases: ['do'],
    why: (c) =>
      unless(
        c.kind !== 'organisatie',
        text(
          'Een review volgt in de checkfase; alleen de organisatiecyclus houdt die ook tijdens de uitvoering.',
          'A review belongs to the check phase; only the organisatie cycle also holds one while the plan runs.',
        ),
      ),
  },
  ExplainKpi: {
    phases: ['check'],
    why: (c) =>
      unless(
        !c.kpis.some((k) => k.measurements.length === 0 && !k.explanation),
        text('Elke KPI is gemeten of toegelicht; er valt niets toe te lichten.', 'Every KPI is measured or explained; there is nothing to explain.'),
      ),
  },
  CompleteCheck: {
    phases: ['check'],
    why: (c) => {
      const unmeasured = c.kpis.filter((k) => k.measurements.length === 0 && k.explanation === undefined).map((k) => k.kpiId);
      const missing = [
        ...(c.findings.length ? [] : [text('er is nog geen bevinding', 'there is no finding yet')]),
        ...(c.reviews.length ? [] : [text('er is nog geen review gehouden', 'no review has been held yet')]),
        ...(unmeasured.length ? [suffix(kpis(unmeasured), ' niet gemeten of toegelicht', ' neither measured nor explained')] : []),
      ];
      return missing.length ? unfinished(missing) : undefined;
    },
  },
  DecideAction: {
    phases: ['act'],
    why: (c) => unless(!c.findings.length, text('Deze cyclus heeft geen bevinding om een actie op te besluiten.', 'This cycle has no finding to decide an action on.')),
  },
  AcceptFinding: {
    phases: ['act'],
    why: (c) =>
      unless(
        !c.findings.some((f) => f.assessment !== 'voldoet' && !f.acceptance),
        text(
          'Geen bevinding wacht op acceptatie: elke bevinding voldoet of is al geaccepteerd.',
          'No finding awaits acceptance: every finding meets the standard or is already accepted.',
        ),
      ),
  },
  CloseCycle: {
    phases: ['act'],
    why: (c) => {
      const open = c.findings
        .filter((f) => f.assessment !== 'voldoet' && !f.acceptance && !c.actions.some((a) => a.findingId === f.findingId))
        .map((f) => f.findingId);
      const missing = [
        ...(open.length ? [suffix(findings(open), ' zonder actie of acceptatie', ' without an action or acceptance')] : []),
        ...(c.communications.length ? [] : [text('de uitkomst is nog niet gecommuniceerd', 'the outcome has not been communicated')]),
      ];
      return missing.length ? unfinished(missing) : undefined;
    },
  },
  CompleteAction: {
    phases: ACTIVE,
    why: (c) => unless(![...c.actions, ...c.carriedOver].some((a) => a.status === 'open'), text('Er is geen open actie.', 'No action is open.')),
  },
};

function noOpenActivity(c: CycleContext): Text | undefined {
  return unless(!c.activities.some((a) => a.status === 'open'), text('Er is geen open activiteit meer.', 'No activity is open any more.'));
}

function suffix(base: Text, nl: string, en: string): Text {
  return text(base.nl + nl, base.en + en);
}

/** The hook of the cycle's StreamDefinition (`explain`): the reason in words, or undefined. */
export function explainCycle(context: CycleContext, command: string, phase: string): Text | undefined {
  const reason = Object.hasOwn(reasons, command) ? reasons[command] : undefined;
  return reason?.phases.includes(phase) ? reason.why(context) : undefined;
}
