/**
 * The kernel's command path for leerplekken, with role-based visibility: a kwaliteitsmedewerker
 * and the MT see everything; an auditor sees the leerplek, its visits and measurements, but not
 * the names of stageopleiders nor which aios had a VGB.
 */
import {
  StreamHandler,
  type Answer,
  type CommandContext,
  type CommandOptions,
  type CommandResult,
  type EventRecord,
  type KernelDeps,
  type Loaded,
} from '@gearbox/kernel';
import { leerplekDefinition, type Leerplek } from './definition.ts';

export type Audience = 'full' | 'auditor' | 'minimal';

export function audienceOf(roles: readonly string[]): Audience {
  if (roles.includes('mt') || roles.includes('kwaliteitsmedewerker')) return 'full';
  if (roles.includes('auditor')) return 'auditor';
  return 'minimal';
}

export function redactLeerplek(view: Answer<Leerplek>, audience: Audience): Partial<Answer<Leerplek>> {
  if (audience === 'full') return view;
  if (audience === 'minimal') return { id: view.id, status: view.status, revision: view.revision, allowed: view.allowed };
  const { stageopleiders, vgb, ...rest } = view;
  return {
    ...rest,
    stageopleiders: stageopleiders.map((s) => ({ stageopleiderId: s.stageopleiderId, ...(s.specialism ? { specialism: s.specialism } : {}) }) as Leerplek['stageopleiders'][number]),
    vgb: vgb.map((v) => ({ vgbId: v.vgbId, date: v.date, opleiderId: v.opleiderId, docentId: v.docentId }) as Leerplek['vgb'][number]),
  };
}

const HIDDEN_FROM_AUDITOR: Record<string, string[]> = { StageopleiderLinked: ['name'], VgbRecorded: ['aios', 'notes'] };

export function redactLeerplekEvent(record: EventRecord, audience: Audience): EventRecord {
  if (audience === 'full') return record;
  if (audience === 'minimal') return { ...record, data: {} };
  const hidden = HIDDEN_FROM_AUDITOR[record.type] ?? [];
  return { ...record, data: Object.fromEntries(Object.entries(record.data).filter(([k]) => !hidden.includes(k))) };
}

export class LeerplekHandler extends StreamHandler<Leerplek> {
  constructor(deps: KernelDeps) {
    super(leerplekDefinition, deps);
  }

  override answer(loaded: Loaded, roles: readonly string[]): Answer<Leerplek> {
    return redactLeerplek(super.answer(loaded, roles), audienceOf(roles)) as Answer<Leerplek>;
  }

  override async events(ctx: Pick<CommandContext, 'institute' | 'actor'>, id: string): Promise<EventRecord[]> {
    const audience = audienceOf(ctx.actor.roles);
    return (await super.events(ctx, id)).map((e) => redactLeerplekEvent(e, audience));
  }

  override async execute(ctx: CommandContext, id: string, body: unknown, options: CommandOptions = {}): Promise<CommandResult<Leerplek>> {
    const result = await super.execute(ctx, id, body, options);
    const audience = audienceOf(ctx.actor.roles);
    return { ...result, newEvents: result.newEvents.map((e) => redactLeerplekEvent(e, audience)) };
  }
}
