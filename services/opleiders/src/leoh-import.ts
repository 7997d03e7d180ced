/**
 * Batch import of LEOH evaluations for the `integratie` account (`POST /api/v1/opleiders/leoh/import`).
 * The whole batch is checked first, shape, the days filled in (not in the future) and scores against
 * the institute's setting: one bad evaluation is a 400 and nothing is stored. Then each evaluation goes through the opleider's own
 * command path; the answer says per evaluation whether it was recorded, already there (the same
 * content again, as after a retry), or refused and why.
 */
import { z } from 'zod';
import { CommandNotAllowedError, dateOf, DomainError, ForbiddenError, localized, roleNeeded, text, ValidationError, validated, type Clock, type CommandContext, type FieldError, type Language } from '@gearbox/kernel';
import { DAY_OUT_OF_RANGE, dayErrors } from '@gearbox/cycles';
import type { StreamHandler } from '@gearbox/kernel';
import type { Opleider } from './definition.ts';
import { NO_LEOH_SETTING, scoreErrors, type LeohSettingsStore } from './leoh-settings.ts';
import { id, RecordLeoh } from './schemas.ts';

export const MAX_IMPORT = 1000;

export const LeohImport = z
  .object({ evaluations: z.array(RecordLeoh.safeExtend({ opleiderId: id })).min(1).max(MAX_IMPORT) })
  .strict();

export interface ImportResult {
  evaluationId: string;
  opleiderId: string;
  status: 'recorded' | 'duplicate' | 'refused';
  /** For a refusal: the problem's status and detail (404 unknown opleider, 422 not allowed now). */
  problem?: { status: number; detail: string };
}

export interface ImportDeps {
  handler: StreamHandler<Opleider>;
  settings: LeohSettingsStore;
  clock: Clock;
}

/** A caller who may not import gets 403 before its body is read or judged (the route calls this first too). */
export function assertMayImport(handler: StreamHandler<Opleider>, actor: CommandContext['actor']): void {
  const senders = handler.def.commands.RecordLeoh!.roles;
  if (!actor.roles.some((r) => senders.includes(r))) {
    throw new ForbiddenError(roleNeeded(text('LEOH-evaluaties importeren', 'import LEOH evaluations'), senders));
  }
}

/** `language`: the caller's, for the details of refused evaluations in the answer. */
export async function importLeoh({ handler, settings, clock }: ImportDeps, ctx: CommandContext, body: unknown, language: Language = 'nl') {
  assertMayImport(handler, ctx.actor);
  const input = validated(LeohImport, body);
  const today = dateOf(clock());
  const days = input.evaluations.flatMap((e, i) => dayErrors(e, ['date'], today, `evaluations.${i}.`));
  if (days.length) throw new ValidationError(days, DAY_OUT_OF_RANGE);
  const current = await settings.current(ctx.institute);
  if (!current) throw new CommandNotAllowedError('RecordLeoh', [], NO_LEOH_SETTING);
  const errors: FieldError[] = input.evaluations.flatMap((e, i) => scoreErrors(current.settings, e.scores, `evaluations.${i}.scores`));
  if (errors.length) {
    throw new ValidationError(
      errors,
      text('Sommige scores passen niet bij de LEOH-instelling van het instituut; er is niets geïmporteerd.', 'Some scores do not fit the institute’s LEOH setting; nothing was imported.'),
    );
  }

  const results: ImportResult[] = [];
  for (const { opleiderId, ...evaluation } of input.evaluations) {
    const base = { evaluationId: evaluation.evaluationId, opleiderId };
    try {
      const r = await handler.execute(ctx, opleiderId, { type: 'RecordLeoh', ...evaluation });
      results.push({ ...base, status: r.newEvents.length ? 'recorded' : 'duplicate' });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      results.push({ ...base, status: 'refused', problem: { status: error.status, detail: localized(error.detailText, language) } });
    }
  }
  const count = (status: ImportResult['status']) => results.filter((r) => r.status === status).length;
  return { recorded: count('recorded'), duplicates: count('duplicate'), refused: count('refused'), results };
}
