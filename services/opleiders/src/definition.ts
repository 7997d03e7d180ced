/**
 * The opleider as a stream type: roles per command (API.md), the event each records, the payload
 * rules, the personal fields and the view. Personal data is sealed under the opleider's own
 * pseudonymous subject id, created at registration, so `DELETE /api/v1/subjects/<subjectId>` forgets
 * the name, e-mail, talk summaries and CMO rationales together.
 */
import type { SnapshotFrom } from 'xstate';
import { commandSpec, datum, text, unfinished, type CommandSpec, type PersonalFields, type StreamDefinition, type TypedCommandSpec } from '@gearbox/kernel';
import { explainOpleider } from './explain.ts';
import { opleiderMachine, statusOf, type CmoFile, type LeohEvaluation, type OpleiderContext, type OpleidingStatus } from './machine.ts';
import * as s from './schemas.ts';
import { opleiderVisibility } from './visibility.ts';
import { leohContext, withOpleiderRules } from './decider.ts';
import { dateOrToday, happenedOn, ownerSubject } from '@gearbox/cycles';

export const QUALITY = ['kwaliteitsmedewerker', 'mt'] as const;
export const MT = ['mt'] as const;
export const CMO = ['cmo'] as const;
export const SYSTEM = ['system'] as const;
export const LEOH_SENDERS = ['integratie', 'kwaliteitsmedewerker'] as const;
export const OPLEIDER_READERS = ['kwaliteitsmedewerker', 'mt', 'auditor', 'cmo'] as const;

export interface Opleider extends Omit<OpleiderContext, 'cmo' | 'leoh'> {
  status: OpleidingStatus;
  /** The aios' evaluations, each with the opleider's own list for the same period and aios beside it. */
  leoh: (LeohEvaluation & { zelf?: { evaluationId: string; scores: Record<string, number> } })[];
  cmo?: CmoFile;
  counts: { leoh: number; zelfevaluaties: number; signals: number; gesprekken: number; cmoFiles: number };
  definitionVersion: number;
}

type P<T extends keyof typeof s> = (typeof s)[T] extends { _zod: { output: infer O } } ? O : never;

const command = <Payload>(spec: TypedCommandSpec<OpleiderContext, Payload>) => commandSpec(spec);

/** For commands whose events hold text about the opleider: sealed under the opleider's subject id. */
const opleiderSubject = (c: OpleiderContext) => ({ subjectId: c.subjectId });

const alreadyRecorded = (evaluationId: string) =>
  text(`Evaluatie ${evaluationId} is al vastgelegd voor deze opleider.`, `evaluation ${evaluationId} is already recorded for this opleider.`);

const knownEvaluation = (c: OpleiderContext, evaluationId: string) =>
  c.leoh.some((e) => e.evaluationId === evaluationId) || c.zelfevaluaties.some((e) => e.evaluationId === evaluationId);

/** For the scheduler's commands about a recognition that was renewed meanwhile. */
const renewed = (until: string) => text(`De erkenning eindigt niet meer op ${datum(until)}.`, `the recognition no longer ends on ${until}.`);

export const opleiderCommands: Record<string, CommandSpec> = {
  ScheduleStartvisitatie: command({ schema: s.ScheduleStartvisitatie, roles: QUALITY, event: 'StartvisitatieScheduled' }),
  RecordStartvisitatie: command<P<'RecordStartvisitatie'>>({
    schema: s.RecordStartvisitatie, roles: QUALITY, event: 'StartvisitatieRecorded',
    // The day it happened is kept; a day in the future is refused (happenedOn below).
    record: dateOrToday,
    // By phone first, then the visit (AMC jaarverslag: "telefonisch, gevolgd door bezoek").
    check: (c, p) => {
      const status = c.startvisitatie.status;
      if (p.stage === 'telefonisch' && status !== 'gepland') {
        return text('Het telefonische gesprek van deze startvisitatie is al vastgelegd.', 'the telephone intake of this startvisitatie is already recorded.');
      }
      if (p.stage === 'bezoek' && status !== 'telefonisch') {
        return unfinished([text('het telefonische gesprek, dat aan het bezoek voorafgaat', 'the telephone intake, which comes before the visit')]);
      }
      return undefined;
    },
  }),
  Recognise: command<P<'Recognise'>>({
    schema: s.Recognise, roles: QUALITY, event: 'OpleiderRecognised',
    check: (c, p) =>
      c.recognisedUntil && p.until <= c.recognisedUntil
        ? text(`Een verlenging moet verder lopen dan de huidige erkenning (${c.recognisedUntil}).`, `a renewal must run past the current recognition (${c.recognisedUntil}).`)
        : undefined,
  }),
  RecordLeoh: command<P<'RecordLeoh'>>({
    schema: s.RecordLeoh, roles: LEOH_SENDERS, event: 'LeohRecorded',
    check: (c, p) => (knownEvaluation(c, p.evaluationId) ? alreadyRecorded(p.evaluationId) : undefined),
    record: dateOrToday,
  }),
  RecordZelfevaluatie: command<P<'RecordZelfevaluatie'>>({
    schema: s.RecordZelfevaluatie, roles: LEOH_SENDERS, event: 'ZelfevaluatieRecorded',
    check: (c, p) => (knownEvaluation(c, p.evaluationId) ? alreadyRecorded(p.evaluationId) : undefined),
    record: dateOrToday,
  }),
  RecordFunctioneringsgesprek: command<P<'RecordFunctioneringsgesprek'>>({
    schema: s.RecordFunctioneringsgesprek, roles: [...QUALITY, 'cmo'], event: 'FunctioneringsgesprekRecorded', fromState: opleiderSubject,
  }),
  ReferToCmo: command<P<'ReferToCmo'>>({ schema: s.ReferToCmo, roles: QUALITY, event: 'CmoReferred', fromState: opleiderSubject }),
  DecideCmo: command<P<'DecideCmo'>>({
    schema: s.DecideCmo, roles: CMO, event: 'CmoDecided', fromState: opleiderSubject,
    check: (c, p) => (c.cmo?.status === p.decision ? text(`De opleider is al in ${p.decision}.`, `the opleider is already in ${p.decision}.`) : undefined),
  }),
  CloseCmoTraject: command<P<'CloseCmoTraject'>>({ schema: s.CloseCmoTraject, roles: CMO, event: 'CmoTrajectClosed', fromState: opleiderSubject }),
  EndTraining: command<P<'EndTraining'>>({ schema: s.EndTraining, roles: MT, event: 'TrainingEnded', fromState: opleiderSubject }),

  RaiseLeohSignal: command<P<'RaiseLeohSignal'>>({
    schema: s.RaiseLeohSignal, roles: SYSTEM, event: 'LeohSignalRaised', internal: true,
    check: (c, p) => {
      if (!c.leoh.some((e) => e.evaluationId === p.evaluationId)) {
        return text(`Evaluatie ${p.evaluationId} is niet vastgelegd voor deze opleider.`, `evaluation ${p.evaluationId} is not recorded for this opleider.`);
      }
      return c.signals.some((x) => x.evaluationId === p.evaluationId)
        ? text(`Evaluatie ${p.evaluationId} gaf al een signaal.`, `evaluation ${p.evaluationId} already raised a signal.`)
        : undefined;
    },
  }),
  RemindErkenning: command<P<'RemindErkenning'>>({
    schema: s.RemindErkenning, roles: SYSTEM, event: 'ErkenningReminderDue', internal: true,
    check: (c, p) => {
      if (c.recognisedUntil !== p.until) return renewed(p.until);
      return c.reminders.some((r) => r.until === p.until)
        ? text('De herinnering voor deze erkenning is al gegeven.', 'the reminder for this recognition was already given.')
        : undefined;
    },
  }),
  LapseErkenning: command<P<'LapseErkenning'>>({
    schema: s.LapseErkenning, roles: SYSTEM, event: 'ErkenningLapsed', internal: true,
    check: (c, p) => (c.recognisedUntil === p.until ? undefined : renewed(p.until)),
  }),
};

const bySubject = (fields: string[]): PersonalFields => ({ fields, subject: (d) => String(d.subjectId) });

export const OPLEIDER_MACHINE_VERSION = 1;

export const opleiderDefinition: StreamDefinition<Opleider> = {
  category: 'opleider',
  label: 'opleider',
  explain: explainOpleider,
  machines: { [OPLEIDER_MACHINE_VERSION]: opleiderMachine },
  start: {
    command: 'RegisterOpleider', event: 'OpleiderRegistered', schema: s.RegisterOpleider, roles: QUALITY,
    // The subject id is the opleider's pseudonym in the key store; the server makes it, never a client.
    record: (p: Record<string, unknown>, at) => ({ ...p, subjectId: `opleider-${at.newId()}` }),
  },
  commands: opleiderCommands,
  contextFor: leohContext,
  // The days things happened on are not in the future (happened-on.ts in @gearbox/cycles).
  decider: happenedOn(
    { RecordStartvisitatie: ['date'], RecordLeoh: ['date'], RecordZelfevaluatie: ['date'], RecordFunctioneringsgesprek: ['date'] },
    withOpleiderRules,
  ),
  readRoles: OPLEIDER_READERS,
  visibility: opleiderVisibility,
  phase: (snapshot) => statusOf(snapshot.value),
  personal: {
    OpleiderRegistered: bySubject(['name', 'email']),
    FunctioneringsgesprekRecorded: bySubject(['summary', 'agreements']),
    CmoReferred: bySubject(['reason']),
    CmoDecided: bySubject(['rationale']),
    CmoTrajectClosed: bySubject(['rationale']),
    TrainingEnded: bySubject(['reason']),
    // The visitor is a person of their own, not the opleider: sealed under a subject from their name.
    StartvisitatieRecorded: { fields: ['visitor'], subject: (d) => ownerSubject(d.visitor) },
  },
  view: (snapshot: SnapshotFrom<typeof opleiderMachine>, id, version) => opleiderView(snapshot.context as OpleiderContext, snapshot.value, id, version),
};

export function opleiderView(context: OpleiderContext, value: unknown, id: string, version: number): Opleider {
  const { cmo, leoh, ...rest } = context;
  const zelfFor = (e: LeohEvaluation) =>
    context.zelfevaluaties.find((z) => z.period === e.period && (z.respondent === undefined || z.respondent === e.respondent));
  return {
    ...rest,
    id,
    status: statusOf(value),
    leoh: leoh.map((e) => {
      const zelf = zelfFor(e);
      return zelf ? { ...e, zelf: { evaluationId: zelf.evaluationId, scores: zelf.scores } } : e;
    }),
    ...(cmo ? { cmo } : {}),
    counts: {
      leoh: leoh.length,
      zelfevaluaties: context.zelfevaluaties.length,
      signals: context.signals.length,
      gesprekken: context.gesprekken.length,
      cmoFiles: context.cmoHistory.length + (cmo ? 1 : 0),
    },
    definitionVersion: version,
  };
}
