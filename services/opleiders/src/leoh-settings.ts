/**
 * The institute setting for LEOH (API.md: `PUT /api/v1/settings/leoh`, `admin`): the scale, the
 * items, the crucial items and the threshold below which a crucial item raises a signal. It is an
 * event in a stream of its own per institute, so the LEOH reactor can ask which setting was in
 * force when an evaluation was recorded, and a replay decides the same way.
 */
import { z } from 'zod';
import {
  customIssue,
  offScale,
  RevisionConflictError,
  says,
  SettingStream,
  validated,
  type CommandContext,
  type FieldError,
  type SettingDeps,
  type StoredEvent,
  type Text,
} from '@gearbox/kernel';
import { itemCode, text } from './schemas.ts';

export const LEOH_SETTINGS_SET = 'LeohSettingsSet';

/** Why LEOH scores cannot be recorded yet (422). */
export const NO_LEOH_SETTING: Text = {
  nl: 'Dit instituut heeft nog geen LEOH-instelling; een admin stelt die in met PUT /api/v1/settings/leoh.',
  en: 'This institute has no LEOH setting yet; an admin sets it with PUT /api/v1/settings/leoh.',
};
const CATEGORY = 'leohsettings';

const setting = new SettingStream(CATEGORY, LEOH_SETTINGS_SET);
export const leohSettingsStreamId = (institute: string) => setting.streamId(institute);

/**
 * The project's own working list of LEOH items (the real questionnaire is not in the seeds), used
 * when an institute sets no items of its own. Codes are what `RecordLeoh.scores` uses.
 */
export const DEFAULT_LEOH_ITEMS: LeohItem[] = [
  { code: 'veiligheid', title: 'Ik voel me veilig om fouten en twijfels te bespreken' },
  { code: 'feedback', title: 'Mijn opleider geeft regelmatig en bruikbare feedback' },
  { code: 'beschikbaarheid', title: 'Mijn opleider is bereikbaar voor overleg en supervisie' },
  { code: 'leergesprek', title: 'Er is wekelijks een leergesprek' },
  { code: 'rolmodel', title: 'Mijn opleider is een goed rolmodel als huisarts' },
  { code: 'observatie', title: 'Mijn opleider observeert mijn consulten (om-en-om spreekuur)' },
  { code: 'patientenmix', title: 'Mijn patiëntenmix past bij mijn leerdoelen' },
  { code: 'respect', title: 'Mijn opleider behandelt mij met respect' },
  { code: 'zelfstandigheid', title: 'Ik krijg passende ruimte om zelfstandig te werken' },
  { code: 'betrokkenheid', title: 'Mijn opleider is betrokken bij mijn opleiding' },
];

export interface LeohItem {
  code: string;
  title: string;
}

export interface LeohSettings {
  scale: { min: number; max: number };
  items: LeohItem[];
  crucialItems: string[];
  threshold: number;
}

export interface StoredSettings {
  settings: LeohSettings;
  revision: number;
  position: bigint;
  setAt: string;
}

const scaleBound = z.number().int().min(-100).max(100);

export const LeohSettingsInput = z
  .object({
    scale: z
      .object({ min: scaleBound, max: scaleBound })
      .strict()
      .refine((s) => s.min < s.max, { error: says('min moet kleiner zijn dan max', 'min must be below max'), path: ['max'] })
      .refine((s) => s.max - s.min <= 20, { error: says('een schaal heeft hoogstens 21 punten', 'a scale has at most 21 points'), path: ['max'] }),
    items: z.array(z.object({ code: itemCode, title: text(300) }).strict()).min(1).max(200).optional(),
    crucialItems: z.array(itemCode).max(200),
    threshold: z.number().finite(),
  })
  .strict()
  .superRefine((s, ctx) => {
    const items = s.items ?? DEFAULT_LEOH_ITEMS;
    const codes = new Set(items.map((i) => i.code));
    if (codes.size !== items.length) ctx.addIssue(customIssue(['items'], 'itemcodes moeten uniek zijn', 'item codes must be unique'));
    s.crucialItems.forEach((c, i) => {
      if (!codes.has(c)) ctx.addIssue(customIssue(['crucialItems', i], `onbekend item ${c}`, `unknown item ${c}`));
    });
    if (s.threshold < s.scale.min || s.threshold > s.scale.max) {
      ctx.addIssue(offScale(['threshold'], s.scale));
    }
  })
  .transform((s): LeohSettings => ({ ...s, items: s.items ?? DEFAULT_LEOH_ITEMS, crucialItems: [...new Set(s.crucialItems)] }));

/** The data of a `LeohSettingsSet` event: the input with the items filled in. */
export const LeohSettingsData = z
  .object({
    scale: z.object({ min: z.number().int(), max: z.number().int() }).strict(),
    items: z.array(z.object({ code: itemCode, title: z.string() }).strict()),
    crucialItems: z.array(itemCode),
    threshold: z.number(),
  })
  .strict();

/** Field errors for scores that are off the scale, not whole points, or for an unknown item. */
export function scoreErrors(settings: LeohSettings, scores: Record<string, number>, path = 'scores'): FieldError[] {
  const known = new Set(settings.items.map((i) => i.code));
  const errors: FieldError[] = [];
  for (const [item, score] of Object.entries(scores)) {
    if (!known.has(item)) errors.push({ path: `${path}.${item}`, message: { nl: `onbekend LEOH-item ${item}`, en: `unknown LEOH item ${item}` } });
    else if (!Number.isInteger(score) || score < settings.scale.min || score > settings.scale.max) {
      const { min, max } = settings.scale;
      errors.push({ path: `${path}.${item}`, message: { nl: `moet een heel getal van ${min} tot en met ${max} zijn`, en: `must be a whole number from ${min} to ${max}` } });
    }
  }
  return errors;
}

/** Crucial items that scored below the threshold: the reason for a LEOH signal. */
export function signalItems(settings: LeohSettings, scores: Record<string, number>): { item: string; score: number }[] {
  return settings.crucialItems
    .filter((item) => Object.hasOwn(scores, item) && scores[item]! < settings.threshold)
    .map((item) => ({ item, score: scores[item]! }));
}

export type SettingsDeps = SettingDeps;

export class LeohSettingsStore {
  constructor(private readonly deps: SettingsDeps) {}

  /** Every setting the institute ever had, oldest first, with the store position it took effect at. */
  async history(institute: string): Promise<StoredSettings[]> {
    return (await setting.history(this.deps.store, institute)).map(toStored);
  }

  async current(institute: string): Promise<StoredSettings | undefined> {
    const latest = await setting.latest(this.deps.store, institute);
    return latest && toStored(latest);
  }

/** Replaces the setting. `ifMatch` is the revision the admin last saw (409 when stale). */
  /** A PUT is idempotent by nature: the same body twice leaves the same setting in force. */
  async put(ctx: CommandContext, body: unknown, options: { ifMatch?: number } = {}): Promise<StoredSettings> {
    const input = validated(LeohSettingsInput, body);
    const before = await this.current(ctx.institute);
    const revision = before?.revision ?? -1;
    if (options.ifMatch !== undefined && options.ifMatch !== revision) throw new RevisionConflictError(revision);
    await setting.set(this.deps, ctx, input as unknown as Record<string, unknown>, revision);
    return (await this.current(ctx.institute))!;
  }
}

function toStored(e: StoredEvent): StoredSettings {
  return { settings: e.data as unknown as LeohSettings, revision: Number(e.revision), position: e.position, setAt: e.metadata!.time };
}

/** The setting in force at a store position: the last one appended before it. */
export function settingsAt(history: StoredSettings[], position: bigint): LeohSettings | undefined {
  let found: LeohSettings | undefined;
  for (const h of history) if (h.position < position) found = h.settings;
  return found;
}
