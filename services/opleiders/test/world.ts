import type { Actor, CommandContext } from '@gearbox/kernel';
import { as, contextOf, memoryDeps, TEST_INSTITUTE } from '@gearbox/kernel/testing';
import { StreamHandler } from '@gearbox/kernel';
import { opleiderDefinition } from '../src/definition.ts';
import { LeohSettingsStore } from '../src/leoh-settings.ts';

export const qm = as('kwaliteitsmedewerker');
export const mt = as('mt');
export const cmo = as('cmo');
export const auditor = as('auditor');
export const integratie = as('integratie');
export const admin = as('admin');

export const SETTINGS = { scale: { min: 1, max: 5 }, crucialItems: ['veiligheid', 'feedback'], threshold: 3 };

/** A store, keys, a clock and the opleider handler, all in memory. */
export function world(institute = TEST_INSTITUTE) {
  const deps = memoryDeps();
  const { store, keys, clock } = deps;
  const settings = new LeohSettingsStore(deps);
  const handler = new StreamHandler(opleiderDefinition, deps);
  const ctx = (actor: Actor, inst = institute): CommandContext => contextOf(actor, inst);

  /** Registers an opleider and takes it through the startvisitatie to erkend. */
  async function recognised(name = 'Dr. A. Bakker', practice = 'Praktijk De Linde'): Promise<string> {
    const { view } = await handler.start(ctx(qm), { name, practice, email: 'opleider@example.nl' });
    for (const cmd of [
      { type: 'ScheduleStartvisitatie', date: '2026-03-10' },
      { type: 'RecordStartvisitatie', stage: 'telefonisch', outcome: 'positief' },
      { type: 'RecordStartvisitatie', stage: 'bezoek', outcome: 'positief' },
      { type: 'Recognise', until: '2031-03-01' },
    ]) {
      await handler.execute(ctx(qm), view.id, cmd);
    }
    return view.id;
  }

  const leoh = (opleiderId: string, evaluationId: string, scores: Record<string, number>, respondent = 'aios-p1', period = '2026-H1') =>
    handler.execute(ctx(integratie), opleiderId, { type: 'RecordLeoh', evaluationId, period, respondent, scores });

  return {
    store, keys, clock, deps, settings, handler, ctx, recognised, leoh,
    close: deps.close,
  };
}
