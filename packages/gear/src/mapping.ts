/**
 * The mapping in force per institute is an event (`GearMappingChanged`) in a stream of its own,
 * `<institute>/gearmapping-current`, set by `admin` (API.md roles). Because it is an event in the
 * global order, the mapping in force at any past position is known, and a dossier rebuilt at its
 * position uses the same mapping it was built with.
 */
import { z } from 'zod';
import type { EventStore } from '@gearbox/eventstore';
import {
  RevisionConflictError,
  SettingStream,
  text,
  ValidationError,
  validated,
  type CommandContext,
  type FieldError,
  type SettingDeps,
  type StoredEvent,
} from '@gearbox/kernel';
import { DEFAULT_FRAMEWORK_VERSION, frameworkVersion, indexCriteria, type Framework } from './framework.ts';
import { MappingRules, type Mapping } from './mapping-rules.ts';

export const GEAR_MAPPING_CHANGED = 'GearMappingChanged';
export const MAPPING_CATEGORY = 'gearmapping';

/** The institute's mapping changes, the latest in force. */
export const mappingSetting = new SettingStream(MAPPING_CATEGORY, GEAR_MAPPING_CHANGED);

/** The event's data: the whole mapping, so that later edits of a framework file change no past event. */
export const GearMappingChangedData = MappingRules.extend({ framework: z.string(), version: z.string() }).strict();

/** `PUT /api/v1/gear/mapping`: what is left out comes from the chosen framework version's default mapping. */
export const MappingInput = z
  .object({
    version: z.string().min(1).max(100).optional(),
    cycleKinds: MappingRules.shape.cycleKinds.optional(),
    eventTypes: MappingRules.shape.eventTypes.optional(),
  })
  .strict();

export interface MappingInForce {
  mapping: Mapping;
  /** `standaard`: the framework's default (no change yet); `instelling`: set by the institute. */
  source: 'standaard' | 'instelling';
  /** Revision of the change event, -1 for the default. */
  revision: number;
  position: string | null;
  changedAt: string | null;
  eventId: string | null;
}

export function defaultMapping(version = DEFAULT_FRAMEWORK_VERSION): MappingInForce {
  const framework = frameworkVersion(version);
  if (!framework) throw new Error(`the default framework version ${version} has no file in packages/gear/framework`);
  return {
    mapping: { framework: framework.framework, version: framework.version, ...framework.defaultMapping },
    source: 'standaard',
    revision: -1,
    position: null,
    changedAt: null,
    eventId: null,
  };
}

export function mappingOfEvent(event: StoredEvent): MappingInForce {
  return {
    mapping: event.data as unknown as Mapping,
    source: 'instelling',
    revision: Number(event.revision),
    position: event.position.toString(),
    changedAt: event.metadata?.time ?? null,
    eventId: event.id,
  };
}

/** Unknown domains or criteria in the rules, against the framework they point into. */
const unknown = ([nl, en]: [string, string], name: string, version: string) =>
  text(`onbekend ${nl} ${name} in raamwerk ${version}`, `unknown ${en} ${name} in framework ${version}`);

export function mappingErrors(framework: Framework, rules: MappingRules): FieldError[] {
  const { criterion } = indexCriteria(framework);
  const domains = new Set(framework.domains.map((d) => d.id));
  const errors: FieldError[] = [];
  for (const [kind, rule] of Object.entries(rules.cycleKinds)) {
    rule.domains.forEach((d, i) => {
      if (!domains.has(d)) errors.push({ path: `cycleKinds.${kind}.domains.${i}`, message: unknown(['domein', 'domain'], d, framework.version) });
    });
    rule.criteria.forEach((c, i) => {
      if (!criterion.has(c)) errors.push({ path: `cycleKinds.${kind}.criteria.${i}`, message: unknown(['criterium', 'criterion'], c, framework.version) });
    });
    for (const [tag, codes] of Object.entries(rule.tags ?? {})) {
      codes.forEach((c, i) => {
        if (!criterion.has(c)) errors.push({ path: `cycleKinds.${kind}.tags.${tag}.${i}`, message: unknown(['criterium', 'criterion'], c, framework.version) });
      });
    }
  }
  const seen = new Set<string>();
  rules.eventTypes.forEach((rule, i) => {
    const key = `${rule.category ?? '*'}:${rule.eventType}`;
    if (seen.has(key)) {
      const where = rule.category ? ` in ${rule.category}` : '';
      errors.push({ path: `eventTypes.${i}`, message: text(`een tweede regel voor ${rule.eventType}${where}`, `a second rule for ${rule.eventType}${where}`) });
    }
    seen.add(key);
    rule.criteria.forEach((c, j) => {
      if (!criterion.has(c)) errors.push({ path: `eventTypes.${i}.criteria.${j}`, message: unknown(['criterium', 'criterion'], c, framework.version) });
    });
  });
  return errors;
}

export type MappingDeps = SettingDeps;

export async function currentMapping(store: EventStore, institute: string): Promise<MappingInForce> {
  const latest = await mappingSetting.latest(store, institute);
  return latest ? mappingOfEvent(latest) : defaultMapping();
}

/** Replaces the institute's mapping. `ifMatch` is the revision the admin last saw (409 when stale). */
export async function changeMapping(
  deps: MappingDeps,
  ctx: CommandContext,
  body: unknown,
  options: { ifMatch?: number } = {},
): Promise<MappingInForce> {
  const input = validated(MappingInput, body);
  const before = await currentMapping(deps.store, ctx.institute);
  if (options.ifMatch !== undefined && options.ifMatch !== before.revision) throw new RevisionConflictError(before.revision);
  const version = input.version ?? before.mapping.version;
  const framework = frameworkVersion(version);
  if (!framework) throw new ValidationError([{ path: 'version', message: text(`geen raamwerkbestand bevat versie ${version}`, `no framework file holds version ${version}`) }]);
  const rules: MappingRules = {
    cycleKinds: input.cycleKinds ?? framework.defaultMapping.cycleKinds,
    eventTypes: input.eventTypes ?? framework.defaultMapping.eventTypes,
  };
  const errors = mappingErrors(framework, rules);
  if (errors.length) {
    throw new ValidationError(errors, text('De koppeling noemt domeinen of criteria die het raamwerk niet heeft.', 'The mapping names domains or criteria the framework does not have.'));
  }
  const data: Mapping = { framework: framework.framework, version: framework.version, ...rules };
  await mappingSetting.set(deps, ctx, data as unknown as Record<string, unknown>, before.revision);
  return currentMapping(deps.store, ctx.institute);
}
