/**
 * Demo data for `gearbox seed-demo`: a training practice for each recognised opleider, six stage
 * sites with their stageopleiders, visits, safe-climate measurements (the NIVEL 2018 baseline and
 * this year's own survey), VGBs in the triangle, and one suspended practice. Through the command
 * path with Idempotency-Keys: fixed ids, and a second run appends nothing.
 */
import type { CommandContext, StreamHandler } from '@gearbox/kernel';
import type { Leerplek } from './definition.ts';

export const SEED_ACTOR = { sub: 'seed-demo', name: 'Demo-gegevens', roles: ['kwaliteitsmedewerker', 'mt', 'integratie'] };

const STAGES = [
  ['UMC Utrecht, kindergeneeskunde', 'kindergeneeskunde'],
  ['Diakonessenhuis, spoedeisende hulp', 'spoedeisende hulp'],
  ['St. Antonius, interne geneeskunde', 'interne geneeskunde'],
  ['Altrecht, psychiatrie', 'psychiatrie'],
  ['Meander MC, gynaecologie', 'gynaecologie'],
  ['Zorgcentrum De Koppel, ouderengeneeskunde', 'ouderengeneeskunde'],
] as const;

export interface LeerplekkenSeed {
  leerplekIds: string[];
}

/** `opleiders`: recognised opleiders with their practice; `docentIds`: for visits and VGBs. */
export async function seedLeerplekken(
  handler: StreamHandler<Leerplek>,
  input: { opleiders: { id: string; practice: string }[]; docentIds: string[] },
  options: { institute?: string } = {},
): Promise<LeerplekkenSeed> {
  const institute = options.institute ?? 'utrecht';
  const ctx: CommandContext = { institute, actor: SEED_ACTOR, correlationId: 'seed-demo' };
  const key = (k: string) => ({ idempotencyKey: `seed-demo:${k}`, requestHash: `seed-demo:${k}` });
  const docent = (i: number) => input.docentIds[i % Math.max(1, input.docentIds.length)] ?? 'docent-onbekend';
  const leerplekIds: string[] = [];

  for (const [i, opleider] of input.opleiders.slice(0, 24).entries()) {
    const [name, location] = opleider.practice.split(', ');
    const { view } = await handler.start(ctx, { kind: 'opleidingspraktijk', name: name!, ...(location ? { location } : {}) }, key(`praktijk-${i}`));
    const id = view.id;
    leerplekIds.push(id);
    const send = (k: string, body: Record<string, unknown>) => handler.execute(ctx, id, body, key(`praktijk-${i}-${k}`));
    await send('opleider', { type: 'LinkOpleider', opleiderId: opleider.id });
    if (i % 3 === 0) await send('bezoek', { type: 'RecordVisit', visitId: 'bezoek-2026', date: '2026-02-20', kind: 'praktijkbezoek', report: 'Praktijk goed ingericht; leergesprek wekelijks gepland.', visitors: [docent(i)] });
    if (i % 2 === 0) {
      await send('vgb', { type: 'RecordVgb', vgbId: 'vgb-2026-1', date: '2026-03-18', aios: `aios-${String(i * 4).padStart(3, '0')}`, opleiderId: opleider.id, docentId: docent(i) });
    }
    if (i % 4 === 0) await send('nivel-2018', { type: 'RecordKlimaatMeting', measurementId: 'nivel-2018', measuredAt: '2018-06-30', shareSafe: 55 + (i % 5) * 3, n: 6, source: 'NIVEL' });
    await send('enquete-2026', { type: 'RecordKlimaatMeting', measurementId: 'enquete-2026', measuredAt: '2026-06-30', shareSafe: 62 + ((i * 7) % 30), n: 3 + (i % 6), source: 'eigen enquête' });
    if (i === 5) {
      await send('schorsing', { type: 'SuspendLeerplek', reason: 'Onvoldoende supervisie na signalen uit de LEOH; verbeterplan afgesproken.' });
      await send('hervisitatie', { type: 'RecordVisit', visitId: 'hervisitatie-2026', date: '2026-05-02', kind: 'hervisitatie', report: 'Verbeterplan in uitvoering.', visitors: [docent(i)] });
    }
  }
  for (const [i, [name, specialism]] of STAGES.entries()) {
    const { view } = await handler.start(ctx, { kind: 'stageplaats', name, specialism }, key(`stage-${i}`));
    const id = view.id;
    leerplekIds.push(id);
    const send = (k: string, body: Record<string, unknown>) => handler.execute(ctx, id, body, key(`stage-${i}-${k}`));
    await send('stageopleider', { type: 'LinkStageopleider', stageopleiderId: `stageopleider-${i + 1}`, name: `Dr. ${['P. Kramer', 'Q. Hofman', 'R. Blom', 'S. Kaya', 'T. Groen', 'U. Mertens'][i]}`, specialism });
    await send('bezoek', { type: 'RecordVisit', visitId: 'stagebezoek-2026', date: '2026-01-28', kind: 'stagebezoek', report: 'Afstemming stage en terugkomdagonderwijs besproken.', visitors: [docent(i + 3)] });
    await send('enquete-2026', { type: 'RecordKlimaatMeting', measurementId: 'enquete-2026', measuredAt: '2026-06-30', shareSafe: 58 + i * 5, n: 4 + i, source: 'eigen enquête' });
  }
  return { leerplekIds };
}
