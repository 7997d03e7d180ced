/**
 * The docent as a stream type. Name, e-mail and what was agreed in the jaargesprek are personal
 * data, sealed under the docent's own pseudonymous subject id, made at registration.
 */
import type { SnapshotFrom } from 'xstate';
import { commandSpec, text, unfinished, type CommandSpec, type PersonalFields, type StreamDefinition, type TypedCommandSpec } from '@gearbox/kernel';
import { dateOrToday, happenedOn } from '@gearbox/cycles';
import { explainDocent } from './explain.ts';
import { docentMachine, type DocentContext } from './machine.ts';
import * as s from './schemas.ts';
import { docentVisibility } from './visibility.ts';

export const QUALITY = ['kwaliteitsmedewerker', 'mt'] as const;
export const FEEDBACK_SENDERS = ['integratie', 'kwaliteitsmedewerker', 'mt'] as const;
export const DOCENT_READERS = ['kwaliteitsmedewerker', 'mt', 'auditor'] as const;
/** The deadline scheduler's role. */
export const SYSTEM = ['system'] as const;

export interface Docent extends DocentContext {
  status: 'actief' | 'vertrokken';
  counts: { feedback: number; rounds: number; jaargesprekken: number; scholingHours: number; intervisie: number };
  definitionVersion: number;
}

type P<T extends keyof typeof s> = (typeof s)[T] extends { _zod: { output: infer O } } ? O : never;

const command = <Payload>(spec: TypedCommandSpec<DocentContext, Payload>) => commandSpec(spec);

const unique = ([nl, en]: [string, string], list: object[], key: string, value: unknown) =>
  list.some((x) => (x as Record<string, unknown>)[key] === value)
    ? text(`${nl} ${String(value)} bestaat al voor deze docent.`, `${en} ${String(value)} already exists for this docent.`)
    : undefined;

const openRound = (c: DocentContext, roundId: string) => {
  const round = c.rounds.find((r) => r.roundId === roundId);
  if (!round) return { error: text(`360-gradenronde ${roundId} is voor deze docent niet bekend.`, `360-degree round ${roundId} is not known for this docent.`) };
  return round.status === 'open' ? { round } : { error: text(`360-gradenronde ${roundId} is gesloten.`, `360-degree round ${roundId} is closed.`) };
};

/** For commands whose events hold text about the docent: sealed under the docent's subject id. */
const docentSubject = (c: DocentContext) => ({ subjectId: c.subjectId });

export const docentCommands: Record<string, CommandSpec> = {
  RecordAiosFeedback: command<P<'RecordAiosFeedback'>>({
    schema: s.RecordAiosFeedback, roles: FEEDBACK_SENDERS, event: 'AiosFeedbackRecorded',
    check: (c, p) => unique(['Feedback', 'feedback'], c.feedback, 'feedbackId', p.feedbackId),
  }),
  StartFeedbackRound: command<P<'StartFeedbackRound'>>({
    schema: s.StartFeedbackRound, roles: QUALITY, event: 'FeedbackRoundStarted',
    check: (c, p) =>
      unique(['360-gradenronde', '360-degree round'], c.rounds, 'roundId', p.roundId) ??
      (c.rounds.some((r) => r.year === p.year && r.status === 'open')
        ? text(`Er loopt al een 360-gradenronde voor ${p.year}.`, `a 360-degree round for ${p.year} is already open.`)
        : undefined),
  }),
  Record360Feedback: command<P<'Record360Feedback'>>({
    schema: s.Record360Feedback, roles: FEEDBACK_SENDERS, event: 'Feedback360Recorded',
    record: dateOrToday,
    check: (c, p) => {
      const { round, error } = openRound(c, p.roundId);
      if (!round) return error;
      if (!round.sources.includes(p.source)) {
        const asks = round.sources.join(', ');
        return text(`Ronde ${p.roundId} vraagt niet om ${p.source} (wel om ${asks}).`, `round ${p.roundId} does not ask ${p.source} (it asks ${asks}).`);
      }
      return round.responses.some((r) => r.source === p.source)
        ? text(`Ronde ${p.roundId} heeft de feedback van ${p.source} al.`, `round ${p.roundId} already has the ${p.source} feedback.`)
        : undefined;
    },
  }),
  CloseFeedbackRound: command<P<'CloseFeedbackRound'>>({
    schema: s.CloseFeedbackRound, roles: QUALITY, event: 'FeedbackRoundClosed',
    check: (c, p) => {
      const { round, error } = openRound(c, p.roundId);
      if (!round) return error;
      return round.responses.length === 0 ? text(`Ronde ${p.roundId} heeft nog geen feedback.`, `round ${p.roundId} has no feedback yet.`) : undefined;
    },
  }),
  MarkFeedbackRoundOverdue: command<P<'MarkFeedbackRoundOverdue'>>({
    schema: s.MarkFeedbackRoundOverdue, roles: SYSTEM, event: 'FeedbackRoundOverdue', internal: true,
    check: (c, p) => {
      const { round, error } = openRound(c, p.roundId);
      if (!round) return error;
      return round.overdue ? text(`Ronde ${p.roundId} staat al als te laat gemarkeerd.`, `round ${p.roundId} is already marked overdue.`) : undefined;
    },
  }),
  RecordJaargesprek: command<P<'RecordJaargesprek'>>({
    schema: s.RecordJaargesprek, roles: QUALITY, event: 'JaargesprekRecorded', fromState: docentSubject,
    // Utrecht plan: 360-degree feedback comes before the jaargesprek.
    check: (c, p) =>
      (c.jaargesprekken.some((j) => j.year === p.year)
        ? text(`Het jaargesprek van ${p.year} is al vastgelegd.`, `the jaargesprek of ${p.year} is already recorded.`)
        : undefined) ??
      (c.rounds.some((r) => r.year === p.year && r.status === 'gesloten')
        ? undefined
        : unfinished([
          text(
            `de 360-gradenfeedbackronde van ${p.year}, die aan het jaargesprek voorafgaat; sluit die eerst`,
            `the 360-degree feedback round of ${p.year}, which comes before the jaargesprek; close it first`,
          ),
        ])),
  }),
  RecordScholing: command<P<'RecordScholing'>>({
    schema: s.RecordScholing, roles: QUALITY, event: 'ScholingRecorded',
    check: (c, p) => unique(['Scholing', 'scholing'], c.scholing, 'scholingId', p.scholingId),
  }),
  RecordIntervisie: command<P<'RecordIntervisie'>>({
    schema: s.RecordIntervisie, roles: QUALITY, event: 'IntervisieRecorded',
    check: (c, p) =>
      unique(['Intervisie', 'intervisie'], c.intervisie, 'intervisieId', p.intervisieId) ??
      (p.peers.includes(c.id) ? text('Een docent is niet zijn of haar eigen intervisiegenoot.', 'a docent is not his or her own peer.') : undefined),
  }),
  DeregisterDocent: command<P<'DeregisterDocent'>>({ schema: s.DeregisterDocent, roles: ['mt'], event: 'DocentDeregistered', fromState: docentSubject }),
};

const bySubject = (fields: string[]): PersonalFields => ({ fields, subject: (d) => String(d.subjectId) });

export const docentDefinition: StreamDefinition<Docent> = {
  category: 'docent',
  label: 'docent',
  explain: explainDocent,
  machines: { 1: docentMachine },
  start: {
    command: 'RegisterDocent', event: 'DocentRegistered', schema: s.RegisterDocent, roles: QUALITY,
    record: (p: Record<string, unknown>, at) => ({ ...p, subjectId: `docent-${at.newId()}` }),
  },
  commands: docentCommands,
  readRoles: DOCENT_READERS,
  visibility: docentVisibility,
  // Feedback, talks, scholing and intervisie carry the day they happened: not in the future (happened-on.ts).
  decider: happenedOn({
    RecordAiosFeedback: ['date'], Record360Feedback: ['date'], RecordJaargesprek: ['date'], RecordScholing: ['date'], RecordIntervisie: ['date'],
  }),
  personal: {
    DocentRegistered: bySubject(['name', 'email']),
    JaargesprekRecorded: bySubject(['agreements', 'summary']),
    DocentDeregistered: bySubject(['reason']),
  },
  view: (snapshot: SnapshotFrom<typeof docentMachine>, id, version) => {
    const c = snapshot.context as DocentContext;
    return {
      ...c,
      id,
      status: snapshot.value as Docent['status'],
      counts: {
        feedback: c.feedback.length,
        rounds: c.rounds.length,
        jaargesprekken: c.jaargesprekken.length,
        scholingHours: c.scholing.reduce((sum, x) => sum + x.hours, 0),
        intervisie: c.intervisie.length,
      },
      definitionVersion: version,
    };
  },
};
