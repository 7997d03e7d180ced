/**
 * What decides an opleider's commands beyond what definition.ts declares per command (the
 * definition hands both hooks to the kernel, which builds the decider from them):
 * - LEOH scores are checked against the institute's LEOH setting (a 400, nothing stored), and
 *   without a setting the institute cannot take LEOH yet (422);
 * - the same evaluation sent again with the same content is answered, not refused, so an importer
 *   may retry without an Idempotency-Key.
 * Days in the future are refused around this (`happenedOn` in definition.ts).
 * The setting is read by `leohContext` before each decision and reaches `decide` as `context.extra`.
 */
import {
  canonicalJson,
  CommandNotAllowedError,
  refused,
  text,
  ValidationError,
  type Command,
  type Decider,
  type Decision,
  type KernelDeps,
  type StreamState,
} from '@gearbox/kernel';
import { LeohSettingsStore, NO_LEOH_SETTING, scoreErrors, type LeohSettings } from './leoh-settings.ts';
import type { OpleiderContext } from './machine.ts';

/** What a decision on an opleider reads outside the stream: the LEOH setting in force, for scored commands. */
export interface OpleiderOutside {
  leoh?: LeohSettings;
}

const SCORED = { RecordLeoh: 'leoh', RecordZelfevaluatie: 'zelfevaluaties' } as const;
type Scored = keyof typeof SCORED;
const isScored = (type: string): type is Scored => Object.hasOwn(SCORED, type);

/** The definition's `contextFor`: the LEOH setting, read only for the commands that score. */
export async function leohContext(deps: KernelDeps, institute: string, command: Command): Promise<OpleiderOutside | undefined> {
  if (!isScored(command.type)) return undefined;
  const current = await new LeohSettingsStore(deps).current(institute);
  return current ? { leoh: current.settings } : {};
}

/** The definition's `decider`: the rules above around the decider built from the command specs. */
export function withOpleiderRules(built: Decider): Decider {
  return {
    ...built,
    decide(state, command, context): Decision {
      const decision = built.decide(state, command, context);
      // Who may send it comes first (403); the scores come before the phase and the payload rules.
      if ('refusal' in decision && decision.refusal.status !== 422) return decision;
      if (!isScored(command.type)) return decision;
      const setting = (context.extra as OpleiderOutside | undefined)?.leoh;
      if (!setting) {
        return refused(
          new CommandNotAllowedError(
            command.type,
            state.snapshot ? built.allowed(state, command.roles) : [],
            NO_LEOH_SETTING,
          ),
        );
      }
      const errors = scoreErrors(setting, command.data.scores as Record<string, number>);
      if (errors.length) {
        return refused(new ValidationError(errors, text('De scores passen niet bij de LEOH-instelling van het instituut.', 'The scores do not fit the institute’s LEOH setting.')));
      }
      return 'refusal' in decision && sameEvaluationAgain(state, command, command.type) ? { events: [] } : decision;
    },
  };
}

/** Whether this evaluation is recorded already with exactly this content; without a date, the one it got then. */
function sameEvaluationAgain(state: StreamState, command: Command, type: Scored): boolean {
  const context = state.snapshot?.context as OpleiderContext | undefined;
  const earlier = context?.[SCORED[type]].find((e) => e.evaluationId === command.data.evaluationId);
  if (!earlier) return false;
  const { recordedAt: _at, ...data } = earlier;
  return canonicalJson(data) === canonicalJson({ date: earlier.date, ...command.data });
}
