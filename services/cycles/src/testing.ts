/** Test helpers for services that put evidence into cycles (`@gearbox/cycles/testing`). */
import type { StreamHandler } from '@gearbox/kernel';
import { as, contextOf, TEST_INSTITUTE } from '@gearbox/kernel/testing';

/**
 * A cycle brought into phase `do` through the command path, as a quality officer and the MT would:
 * started, one goal `g`, the KPI when given (a DefineKpi body without its type; goalId `g` unless it names one), one activity, the
 * plan approved. Returns the cycle's id.
 */
export async function cycleInDo(
  cycles: StreamHandler<any>,
  start: { kind: string; title: string; period: { from: string; to: string } },
  kpi?: Record<string, unknown>,
  institute = TEST_INSTITUTE,
): Promise<string> {
  const ctx = contextOf(as('kwaliteitsmedewerker', 'mt'), institute);
  const { view } = await cycles.start(ctx, start);
  const id = (view as { id: string }).id;
  await cycles.execute(ctx, id, { type: 'SetGoal', goalId: 'g', title: `Doel van ${start.title}` });
  if (kpi) await cycles.execute(ctx, id, { type: 'DefineKpi', goalId: 'g', ...kpi });
  await cycles.execute(ctx, id, { type: 'PlanActivity', activityId: 'a', title: 'Evaluatie', owner: 'staf', due: start.period.to });
  await cycles.execute(ctx, id, { type: 'ApprovePlan' });
  return id;
}
