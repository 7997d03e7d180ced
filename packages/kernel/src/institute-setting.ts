/**
 * The institute setting (API.md: `PUT /api/v1/settings/institute`, `admin`): the display name, an
 * optional short name and contact details, shown on the dossier, the jaarverslag and in the UI
 * instead of the tenant id. It lives here, beside the tenant it names, because every document
 * (packages/gear, services/organisatie) reads it. It is an event in a stream of its own per
 * institute, so a document rebuilt at a store position shows the name as it was then.
 */
import { z } from 'zod';
import type { EventStore } from '@gearbox/eventstore';
import type { CommandContext, StoredEvent } from './envelope.ts';
import { RevisionConflictError } from './errors.ts';
import { SettingStream, type SettingDeps } from './setting-stream.ts';
import { says, validated } from './validation.ts';

export const INSTITUTE_SETTING_SET = 'InstituteSettingSet';

const setting = new SettingStream('institutesetting', INSTITUTE_SETTING_SET);
export const instituteSettingStreamId = (institute: string) => setting.streamId(institute);

const line = (max: number) => z.string().trim().min(1).max(max);

export const InstituteContact = z
  .object({
    // The institute's own contact, public on every document, and not sealed: a desk or department
    // and a shared mailbox, never a person (personal data is sealed per person, ADR 0005).
    name: line(200).describe('Een loket of afdeling (Secretariaat), geen persoon: de instelling staat onversleuteld op elk document').optional(),
    email: z.email().max(254).describe('Een gedeelde mailbox, geen persoonlijk adres').optional(),
    phone: z.string().trim().min(3).max(40).regex(/^[0-9+()\-. ]+$/, { error: says('een telefoonnummer: cijfers, spaties en + ( ) - .', 'a phone number: digits, spaces and + ( ) - .') }).optional(),
    url: z.url({ protocol: /^https?$/, error: says('een http- of https-adres', 'an http or https address') }).max(2000).optional(),
  })
  .strict();

/** The body of the PUT, and the data of an `InstituteSettingSet` event. */
export const InstituteSettingInput = z
  .object({ name: line(200), shortName: line(50).optional(), contact: InstituteContact.optional() })
  .strict();
export type InstituteSetting = z.output<typeof InstituteSettingInput>;

export interface InstituteSettingInForce {
  setting: InstituteSetting;
  /** Revision of the setting's event; -1 when the institute set none (the name is then the tenant id). */
  revision: number;
  /** When it was set; null for none. */
  setAt: string | null;
}

const stored = (e: StoredEvent): InstituteSettingInForce => ({ setting: e.data as InstituteSetting, revision: Number(e.revision), setAt: e.metadata?.time ?? null });
const unset = (institute: string): InstituteSettingInForce => ({ setting: { name: institute }, revision: -1, setAt: null });

/**
 * The setting in force now, or — with `position` — the last one set at or before that store
 * position (a dossier's position). Without any: the tenant id as the name, revision -1.
 */
export async function instituteSettingAt(store: EventStore, institute: string, position?: bigint): Promise<InstituteSettingInForce> {
  if (position === undefined) {
    const latest = await setting.latest(store, institute);
    return latest ? stored(latest) : unset(institute);
  }
  const before = (await setting.history(store, institute)).filter((e) => e.position <= position).at(-1);
  return before ? stored(before) : unset(institute);
}

/** Replaces the setting. `ifMatch` is the revision the admin last saw (409 when stale). */
export async function putInstituteSetting(deps: SettingDeps, ctx: CommandContext, body: unknown, options: { ifMatch?: number } = {}): Promise<InstituteSettingInForce> {
  const input = validated(InstituteSettingInput, body);
  const { revision } = await instituteSettingAt(deps.store, ctx.institute);
  if (options.ifMatch !== undefined && options.ifMatch !== revision) throw new RevisionConflictError(revision);
  await setting.set(deps, ctx, input, revision);
  return instituteSettingAt(deps.store, ctx.institute);
}

/** The contact as one line for a document: `naam · e-mail · telefoon · website`, what is set. */
export function contactText(contact: NonNullable<InstituteSetting['contact']>): string {
  return [contact.name, contact.email, contact.phone, contact.url].filter(Boolean).join(' · ');
}
