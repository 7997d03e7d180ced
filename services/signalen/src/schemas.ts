/**
 * Signalen (API.md "Signalen"): complaints, signals from the weekly weekstart, incidents and other
 * signals, registered, triaged, followed up and closed. A summary, a follow-up and an outcome may name
 * a person, so they are sealed (definition.ts); the title is what lists show and names nobody.
 */
import { z } from 'zod';
import { isoDate, says } from '@gearbox/kernel';

const text = (max: number) => z.string().trim().min(1).max(max);

export const SIGNAAL_KINDS = ['klacht', 'weekstart', 'incident', 'overig'] as const;
export const SEVERITIES = ['laag', 'midden', 'hoog'] as const;
export const SIGNAAL_STATUSES = ['ontvangen', 'in-behandeling', 'gesloten'] as const;

/** `receivedOn`: the day the signal came in; a day still to come is refused (`happenedOn` in definition.ts). */
export const ReceiveSignaal = z
  .object({
    kind: z.enum(SIGNAAL_KINDS),
    title: text(200).describe('Kort en zonder namen: de titel staat in lijsten en is geen persoonsgegeven'),
    receivedOn: isoDate,
    summary: text(4000).describe('Wat er gemeld is; kan een persoon noemen en wordt versleuteld bewaard'),
  })
  .strict();

export const Triage = z
  .object({ severity: z.enum(SEVERITIES), owner: text(200).describe('Wie het signaal afhandelt (een naam of een functie)') })
  .strict();

/** `actionRef`: an improvement action the follow-up led to, as `<cycleId>/<actionId>`. */
export const actionRef = z
  .string()
  .max(201)
  .regex(/^[A-Za-z0-9._:-]{1,100}\/[A-Za-z0-9._:-]{1,100}$/, { error: says('een verbeteractie als <cycleId>/<actionId>', 'an improvement action as <cycleId>/<actionId>') });

export const RecordFollowUp = z.object({ text: text(4000), actionRef: actionRef.optional() }).strict();

export const CloseSignaal = z.object({ outcome: text(4000) }).strict();

export const SignaalListQuery = z.object({ status: z.enum(SIGNAAL_STATUSES).optional(), kind: z.enum(SIGNAAL_KINDS).optional() }).strict();
