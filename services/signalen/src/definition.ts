/**
 * The signaal as a stream type (`/api/v1/signalen`). What was reported, what was done and how it
 * ended may name a person (API.md), so those texts are sealed under the signal's own pseudonymous
 * subject, made at registration: forgetting that subject (`DELETE /api/v1/subjects/<subjectId>`)
 * leaves the trail with `[vergeten]`. The owner is sealed as cycles seal owners.
 */
import type { SnapshotFrom } from 'xstate';
import { commandSpec, deciderOf, type CommandSpec, type PersonalFields, type StreamDefinition, type TypedCommandSpec } from '@gearbox/kernel';
import { happenedOn, ownerSubject } from '@gearbox/cycles';
import { explainSignaal } from './explain.ts';
import { signaalMachine, type SignaalContext } from './machine.ts';
import * as s from './schemas.ts';
import { signaalVisibility } from './visibility.ts';

export const QUALITY = ['kwaliteitsmedewerker', 'mt'] as const;
export const SIGNAAL_READERS = ['kwaliteitsmedewerker', 'mt', 'auditor'] as const;

export interface Signaal extends SignaalContext {
  status: (typeof s.SIGNAAL_STATUSES)[number];
  definitionVersion: number;
}

type P<T extends keyof typeof s> = (typeof s)[T] extends { _zod: { output: infer O } } ? O : never;
const command = <Payload>(spec: TypedCommandSpec<SignaalContext, Payload>) => commandSpec(spec);
/**
 * Filled in by the server from the stream: the subject the texts are sealed under, and the signal's
 * kind, so that every event says what kind of signal it is about (the GEAR mapping counts
 * complaints apart from weekstart signals and incidents).
 */
const aboutSignaal = (c: SignaalContext) => ({ kind: c.kind, subjectId: c.subjectId });
const bySubject = (fields: string[]): PersonalFields => ({ fields, subject: (d) => String(d.subjectId) });

export const signaalCommands: Record<string, CommandSpec> = {
  Triage: command<P<'Triage'>>({ schema: s.Triage, roles: QUALITY, event: 'SignaalTriaged', fromState: aboutSignaal }),
  RecordFollowUp: command<P<'RecordFollowUp'>>({
    schema: s.RecordFollowUp, roles: QUALITY, event: 'SignaalFollowedUp', fromState: aboutSignaal,
    // The action a follow-up names lives in a cycle of this institute.
    refers: (p) => (p.actionRef ? [{ category: 'cycle', id: p.actionRef.split('/')[0]!, label: 'cyclus' }] : []),
  }),
  // API.md: closing is the MT's, as closing a cycle is.
  CloseSignaal: command<P<'CloseSignaal'>>({ schema: s.CloseSignaal, roles: ['mt'], event: 'SignaalClosed', fromState: aboutSignaal }),
};

export const signaalDefinition: StreamDefinition<Signaal> = {
  category: 'signaal',
  label: 'signaal',
  labelEn: 'signal',
  explain: explainSignaal,
  // A signal came in on a day that has been: not in the future (a 400, nothing stored).
  decider: happenedOn({ ReceiveSignaal: ['receivedOn'] }),
  machines: { 1: signaalMachine },
  start: {
    command: 'ReceiveSignaal', event: 'SignaalReceived', schema: s.ReceiveSignaal, roles: QUALITY,
    record: (p: Record<string, unknown>, at) => ({ ...p, subjectId: `signaal-${at.newId()}` }),
  },
  commands: signaalCommands,
  readRoles: SIGNAAL_READERS,
  visibility: signaalVisibility,
  personal: {
    SignaalReceived: bySubject(['summary']),
    SignaalTriaged: { fields: ['owner'], subject: (d) => ownerSubject(d.owner) },
    SignaalFollowedUp: bySubject(['text']),
    SignaalClosed: bySubject(['outcome']),
  },
  view: (snapshot: SnapshotFrom<typeof signaalMachine>, id, version) => ({
    ...(snapshot.context as SignaalContext),
    id,
    status: snapshot.value as Signaal['status'],
    definitionVersion: version,
  }),
};

/** Pure `decide` and `evolve` of a signal (ADR 0009), for specs with no store. */
export const signaalDecider = deciderOf(signaalDefinition);
