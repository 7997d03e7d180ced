/** The onderwijsprogramma as a stream type (`/api/v1/programmas`). */
import type { SnapshotFrom } from 'xstate';
import { named, text, type CommandSpec, type Message, type StreamDefinition } from '@gearbox/kernel';
import { explainProgramma } from './explain.ts';
import { happenedOn, ownerSubject } from '@gearbox/cycles';
import { programmaMachine, type FeedbackRound, type ProgrammaContext } from './machine.ts';
import * as s from './schemas.ts';

export const QUALITY = ['kwaliteitsmedewerker', 'mt'] as const;
export const PROGRAMMA_READERS = ['kwaliteitsmedewerker', 'mt', 'auditor'] as const;
/** BRIEF.md "Sharing": groups under 5 respondents are never shown as figures. */
export const MIN_RESPONDENTS = 5;
export const TOO_FEW = 'te weinig respons';

export interface RoundView extends Omit<FeedbackRound, 'scores'> {
  scores: Record<string, number> | null;
  mean: number | null;
  note?: typeof TOO_FEW;
}

export interface Programma extends Omit<ProgrammaContext, 'rounds' | 'retired'> {
  status: 'actief' | 'beeindigd';
  rounds: RoundView[];
  retired?: ProgrammaContext['retired'];
  definitionVersion: number;
}

type P<T extends keyof typeof s> = (typeof s)[T] extends { _zod: { output: infer O } } ? O : never;
const command = <Payload>(spec: { schema: CommandSpec['schema']; roles: readonly string[]; event: string; check?: (c: ProgrammaContext, p: Payload) => Message | undefined }) => spec as CommandSpec;
const exists = (list: object[], key: string, value: unknown) => list.some((x) => (x as Record<string, unknown>)[key] === value);

export const programmaCommands: Record<string, CommandSpec> = {
  RecordFeedbackRound: command<P<'RecordFeedbackRound'>>({
    schema: s.RecordFeedbackRound, roles: [...QUALITY, 'integratie'], event: 'FeedbackRoundRecorded',
    check: (c, p) => (exists(c.rounds, 'roundId', p.roundId) ? text(`Feedbackronde ${p.roundId} bestaat al.`, `feedback round ${p.roundId} already exists.`) : undefined),
  }),
  ReviewInCommissie: command<P<'ReviewInCommissie'>>({
    schema: s.ReviewInCommissie, roles: QUALITY, event: 'ReviewedInCommissie',
    check: (c, p) => {
      if (exists(c.reviews, 'reviewId', p.reviewId)) return text(`Bespreking ${p.reviewId} bestaat al.`, `review ${p.reviewId} already exists.`);
      const unknown = p.roundIds.filter((r) => !exists(c.rounds, 'roundId', r));
      if (!unknown.length) return undefined;
      const { nl, en } = named(unknown, ['Feedbackronde', 'Feedbackrondes'], ['feedback round', 'feedback rounds']);
      return text(`${nl} ${unknown.length === 1 ? 'hoort' : 'horen'} niet bij dit programma.`, `${en} not in this programme.`);
    },
  }),
  ReviseProgramma: command<P<'ReviseProgramma'>>({
    schema: s.ReviseProgramma, roles: QUALITY, event: 'ProgrammaRevised',
    check: (c, p) => (exists(c.revisions, 'revisionId', p.revisionId) ? text(`Herziening ${p.revisionId} bestaat al.`, `revision ${p.revisionId} already exists.`) : undefined),
  }),
  RetireProgramma: command({ schema: s.RetireProgramma, roles: ['mt'], event: 'ProgrammaRetired' }),
};

export function roundView(r: FeedbackRound): RoundView {
  if (r.n < MIN_RESPONDENTS) return { ...r, scores: null, mean: null, note: TOO_FEW };
  const values = Object.values(r.scores);
  return { ...r, mean: Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 100) / 100 };
}

export const programmaDefinition: StreamDefinition<Programma> = {
  category: 'programma',
  label: 'onderwijsprogramma',
  explain: explainProgramma,
  machines: { 1: programmaMachine },
  start: { command: 'RegisterProgramma', event: 'ProgrammaRegistered', schema: s.RegisterProgramma, roles: QUALITY },
  commands: programmaCommands,
  readRoles: PROGRAMMA_READERS,
  // A feedback round and a commissie meeting carry the day they were held: not in the future (happened-on.ts).
  decider: happenedOn({ RecordFeedbackRound: ['date'], ReviewInCommissie: ['date'] }),
  personal: {
    // The coordinator is a named person, sealed like any owner (ADR 0005).
    ProgrammaRegistered: { fields: ['coordinator'], subject: (d) => ownerSubject(d.coordinator) },
  },
  view: (snapshot: SnapshotFrom<typeof programmaMachine>, id, version) => {
    const c = snapshot.context as ProgrammaContext;
    return {
      ...c,
      id,
      status: snapshot.value === 'beeindigd' ? 'beeindigd' : 'actief',
      rounds: c.rounds.map(roundView),
      definitionVersion: version,
    };
  },
};
