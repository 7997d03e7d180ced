/**
 * Batch import of LEOH evaluations for the `integratie` account (`POST /api/v1/opleiders/leoh/import`).
 * The whole batch is checked first, shape and scores against the institute's setting: one bad
 * evaluation is a 400 and nothing is stored. Then each evaluation goes through the opleider's own
 * command path; the answer says per evaluation whether it was recorded, already there (the same
 * content again, as after a retry), or refused and why.
 */
import { z } from 'zod';
import { CommandNotAllowedError, DomainError, ForbiddenError, localized, roleNeeded, text, ValidationError, validated, type CommandContext, type FieldError, type Language } from '@gearbox/kernel';
import type { StreamHandler } from '@gearbox/kernel';
import type { Opleider } from './definition.ts';
import { NO_LEOH_SETTING, scoreErrors, type LeohSettingsStore } from './leoh-settings.ts';
import { id, RecordLeoh } from './schemas.ts';

export const MAX_IMPORT = 1000;

export const LeohImport = z
  .object({ evaluations: z.array(RecordLeoh.extend({ opleiderId: id })).min(1).max(MAX_IMPORT) })
  .strict();

export interface ImportResult {
  evaluationId: string;
  opleiderId: string;
  status: 'recorded' | 'duplicate' | 'refused';
  /** For a refusal: the problem's status and detail (404 unknown opleider, 422 not allowed now). */
  problem?: { status: number; detail: string };
}

/** `language`: the caller's, for the details of refused evaluations in the answer. */
export async function importLeoh(handler: StreamHandler<Opleider>, settings: LeohSettingsStore, ctx: CommandContext, body: unknown, language: Language = 'nl') {
  const input = validated(LeohImport, body);
  const senders = handler.def.commands.RecordLeoh!.roles;
  if (!ctx.actor.roles.some((r) => senders.includes(r))) {
    throw new ForbiddenError(roleNeeded(text('LEOH-evaluaties importeren', 'import LEOH evaluations'), senders));
  }
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
