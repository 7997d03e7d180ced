/**
 * The kernel's command path for docenten, plus: the server fills in the docent's subject id for
 * text about the docent, and each role sees only what it may. What was agreed in a jaargesprek
 * is for the MT; a kwaliteitsmedewerker sees that it took place; an auditor sees statuses and counts.
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
import { docentDefinition, SUBJECT_COMMANDS, type Docent } from './definition.ts';
import type { DocentContext } from './machine.ts';

export type Audience = 'full' | 'staff' | 'auditor' | 'minimal';

export function audienceOf(roles: readonly string[]): Audience {
  if (roles.includes('mt')) return 'full';
  if (roles.includes('kwaliteitsmedewerker')) return 'staff';
  if (roles.includes('auditor')) return 'auditor';
  return 'minimal';
}

export function redactDocent(view: Answer<Docent>, audience: Audience): Partial<Answer<Docent>> {
  if (audience === 'full') return view;
  const { revision, allowed } = view;
  if (audience === 'minimal') return { id: view.id, status: view.status, revision, allowed };
  if (audience === 'auditor') {
    return { id: view.id, role: view.role, status: view.status, registeredAt: view.registeredAt, counts: view.counts, definitionVersion: view.definitionVersion, revision, allowed };
  }
  const { left, ...rest } = view;
  return {
    ...rest,
    jaargesprekken: view.jaargesprekken.map((j) => ({ year: j.year, date: j.date, at: j.at }) as Docent['jaargesprekken'][number]),
    ...(left ? { left: { at: left.at } as Docent['left'] } : {}),
  };
}

const HIDDEN_FROM_STAFF: Record<string, string[]> = { JaargesprekRecorded: ['agreements', 'summary'], DocentDeregistered: ['reason'] };
const SHOWN_TO_AUDITOR: Record<string, string[]> = {
  DocentRegistered: ['role'],
  AiosFeedbackRecorded: ['feedbackId', 'date', 'programme', 'n'],
  FeedbackRoundStarted: ['roundId', 'year', 'sources', 'due'],
  Feedback360Recorded: ['roundId', 'source', 'n'],
  FeedbackRoundClosed: ['roundId'],
  JaargesprekRecorded: ['year', 'date'],
  ScholingRecorded: ['scholingId', 'title', 'hours', 'date'],
  IntervisieRecorded: ['intervisieId', 'date'],
};

export function redactDocentEvent(record: EventRecord, audience: Audience): EventRecord {
  if (audience === 'full') return record;
  const data: Record<string, unknown> = {};
  if (audience === 'staff') {
    const hidden = HIDDEN_FROM_STAFF[record.type] ?? [];
    for (const [k, v] of Object.entries(record.data)) if (!hidden.includes(k)) data[k] = v;
  } else {
    for (const k of SHOWN_TO_AUDITOR[record.type] ?? []) if (k in record.data) data[k] = record.data[k];
  }
  return { ...record, data };
}

export class DocentHandler extends StreamHandler<Docent> {
  constructor(deps: KernelDeps) {
    super(docentDefinition, deps);
  }

  override answer(loaded: Loaded, roles: readonly string[]): Answer<Docent> {
    return redactDocent(super.answer(loaded, roles), audienceOf(roles)) as Answer<Docent>;
  }

  override async events(ctx: Pick<CommandContext, 'institute' | 'actor'>, id: string): Promise<EventRecord[]> {
    const audience = audienceOf(ctx.actor.roles);
    return (await super.events(ctx, id)).map((e) => redactDocentEvent(e, audience));
  }

  override async execute(ctx: CommandContext, id: string, body: unknown, options: CommandOptions = {}): Promise<CommandResult<Docent>> {
    const type = typeof body === 'object' && body !== null ? (body as { type?: unknown }).type : undefined;
    let prepared = body;
    if (typeof type === 'string' && SUBJECT_COMMANDS.has(type)) {
      const loaded = await this.load(ctx.institute, id);
      if (loaded) prepared = { ...(body as object), subjectId: (loaded.snapshot.context as DocentContext).subjectId };
    }
    const result = await super.execute(ctx, id, prepared, options);
    const audience = audienceOf(ctx.actor.roles);
    return { ...result, newEvents: result.newEvents.map((e) => redactDocentEvent(e, audience)) };
  }
}
