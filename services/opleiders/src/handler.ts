/**
 * The kernel's command path for opleiders, with what the stream alone cannot know:
 * - LEOH scores are checked against the institute's LEOH setting (a 400, nothing stored);
 * - the same evaluation sent again with the same content is answered, not refused, so an
 *   importer may retry without an Idempotency-Key.
 * Which text is sealed under the opleider's subject id, and what each role may see, are declared in
 * definition.ts and visibility.ts.
 */
import { canonicalJson } from '@gearbox/http';
import {
  CommandNotAllowedError,
  StreamHandler,
  ValidationError,
  type CommandContext,
  type CommandOptions,
  type CommandResult,
  type KernelDeps,
} from '@gearbox/kernel';
import { opleiderDefinition, type Opleider } from './definition.ts';
import { scoreErrors, type LeohSettingsStore } from './leoh-settings.ts';
import { RecordLeoh, RecordZelfevaluatie } from './schemas.ts';

const SCORED = { RecordLeoh, RecordZelfevaluatie } as const;
type Scored = keyof typeof SCORED;
const isScored = (type: unknown): type is Scored => type === 'RecordLeoh' || type === 'RecordZelfevaluatie';

export class OpleiderHandler extends StreamHandler<Opleider> {
  constructor(
    readonly kernelDeps: KernelDeps,
    readonly settings: LeohSettingsStore,
  ) {
    super(opleiderDefinition, kernelDeps);
  }

  override async execute(ctx: CommandContext, id: string, body: unknown, options: CommandOptions = {}): Promise<CommandResult<Opleider>> {
    const type = typeof body === 'object' && body !== null ? (body as { type?: unknown }).type : undefined;
    if (isScored(type) && !options.internal) await this.assertScores(ctx, id, body as Record<string, unknown>, type);
    try {
      return await super.execute(ctx, id, body, options);
    } catch (error) {
      if (error instanceof CommandNotAllowedError && isScored(type)) {
        const again = await this.sameEvaluationAgain(ctx, id, body as Record<string, unknown>, type);
        if (again) return again;
      }
      throw error;
    }
  }

  /** A score off the scale or for an unknown item is a 400 (API.md), checked before anything is stored. */
  private async assertScores(ctx: CommandContext, id: string, body: Record<string, unknown>, type: Scored): Promise<void> {
    const { type: _t, ...payload } = body;
    const parsed = SCORED[type].safeParse(payload);
    // A malformed body or a caller without the role is answered by the kernel (400, 403).
    if (!parsed.success || !ctx.actor.roles.some((r) => this.def.commands[type]!.roles.includes(r))) return;
    const current = await this.settings.current(ctx.institute);
    if (!current) {
      const loaded = await this.load(ctx.institute, id);
      throw new CommandNotAllowedError(
        type,
        loaded ? this.allowed(loaded, ctx.actor.roles) : [],
        'This institute has no LEOH setting yet; an admin sets it with PUT /api/v1/settings/leoh.',
      );
    }
    const errors = scoreErrors(current.settings, parsed.data.scores);
    if (errors.length) throw new ValidationError(errors, 'The scores do not fit the institute’s LEOH setting.');
  }

  private async sameEvaluationAgain(ctx: CommandContext, id: string, body: Record<string, unknown>, type: Scored) {
    const loaded = await this.load(ctx.institute, id);
    if (!loaded) return undefined;
    const event = type === 'RecordLeoh' ? 'LeohRecorded' : 'ZelfevaluatieRecorded';
    const { type: _t, ...payload } = body;
    const parsed = SCORED[type].safeParse(payload);
    if (!parsed.success) return undefined;
    const earlier = loaded.stored.find((e) => e.type === event && e.data.evaluationId === parsed.data.evaluationId);
    if (!earlier || canonicalJson(earlier.data) !== canonicalJson(parsed.data)) return undefined;
    return { view: this.answer(loaded, ctx.actor.roles), newEvents: [], position: earlier.position, replayed: true };
  }
}
