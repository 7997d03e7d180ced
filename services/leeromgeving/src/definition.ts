/**
 * The leerplek as a stream type (`/api/v1/leerplekken`). A stageopleider's name is personal, sealed
 * under `stageopleider-<id>`; VGB notes are about the aios, sealed under `aios-<pseudonym>`.
 */
import type { SnapshotFrom } from 'xstate';
import { commandSpec, text, type CommandSpec, type StreamDefinition, type TypedCommandSpec } from '@gearbox/kernel';
import { happenedOn } from '@gearbox/cycles';
import { explainLeerplek } from './explain.ts';
import { leerplekMachine, type LeerplekContext } from './machine.ts';
import * as s from './schemas.ts';
import { leerplekVisibility } from './visibility.ts';

export const QUALITY = ['kwaliteitsmedewerker', 'mt'] as const;
export const LEERPLEK_READERS = ['kwaliteitsmedewerker', 'mt', 'auditor'] as const;

export interface Leerplek extends LeerplekContext {
  status: 'actief' | 'geschorst';
  /** The latest measurement of the safe learning climate. */
  klimaatLaatst?: LeerplekContext['klimaat'][number];
  counts: { opleiders: number; stageopleiders: number; visits: number; klimaat: number; vgb: number; suspensions: number };
  definitionVersion: number;
}

type P<T extends keyof typeof s> = (typeof s)[T] extends { _zod: { output: infer O } } ? O : never;

const command = <Payload>(spec: TypedCommandSpec<LeerplekContext, Payload>) => commandSpec(spec);

const unique = ([nl, en]: [string, string], list: object[], key: string, value: unknown) =>
  list.some((x) => (x as Record<string, unknown>)[key] === value)
    ? text(`${nl} ${String(value)} bestaat al bij deze leerplek.`, `${en} ${String(value)} already exists at this leerplek.`)
    : undefined;
const notLinked = (who: string, id: string) => text(`${who} ${id} is niet aan deze leerplek gekoppeld.`, `${who} ${id} is not linked to this leerplek.`);

export const leerplekCommands: Record<string, CommandSpec> = {
  LinkOpleider: command<P<'LinkOpleider'>>({
    schema: s.LinkOpleider, roles: QUALITY, event: 'OpleiderLinked',
    refers: (p) => [{ category: 'opleider', id: p.opleiderId, label: 'opleider' }],
    check: (c, p) =>
      c.opleiders.includes(p.opleiderId)
        ? text(`Opleider ${p.opleiderId} is al aan deze leerplek gekoppeld.`, `opleider ${p.opleiderId} is already linked to this leerplek.`)
        : undefined,
  }),
  UnlinkOpleider: command<P<'UnlinkOpleider'>>({
    schema: s.UnlinkOpleider, roles: QUALITY, event: 'OpleiderUnlinked',
    check: (c, p) => (c.opleiders.includes(p.opleiderId) ? undefined : notLinked('opleider', p.opleiderId)),
  }),
  LinkStageopleider: command<P<'LinkStageopleider'>>({
    schema: s.LinkStageopleider, roles: QUALITY, event: 'StageopleiderLinked',
    check: (c, p) => unique(['Stageopleider', 'stageopleider'], c.stageopleiders, 'stageopleiderId', p.stageopleiderId),
  }),
  UnlinkStageopleider: command<P<'UnlinkStageopleider'>>({
    schema: s.UnlinkStageopleider, roles: QUALITY, event: 'StageopleiderUnlinked',
    check: (c, p) => (c.stageopleiders.some((x) => x.stageopleiderId === p.stageopleiderId) ? undefined : notLinked('stageopleider', p.stageopleiderId)),
  }),
  RecordVisit: command<P<'RecordVisit'>>({
    schema: s.RecordVisit, roles: QUALITY, event: 'VisitRecorded',
    check: (c, p) => unique(['Bezoek', 'visit'], c.visits, 'visitId', p.visitId),
  }),
  RecordKlimaatMeting: command<P<'RecordKlimaatMeting'>>({
    schema: s.RecordKlimaatMeting, roles: [...QUALITY, 'integratie'], event: 'KlimaatGemeten',
    check: (c, p) => unique(['Meting', 'measurement'], c.klimaat, 'measurementId', p.measurementId),
  }),
  RecordVgb: command<P<'RecordVgb'>>({
    schema: s.RecordVgb, roles: QUALITY, event: 'VgbRecorded',
    // The opleider is checked against this leerplek's own trainers; the docent must exist.
    refers: (p) => [{ category: 'docent', id: p.docentId, label: 'docent' }],
    check: (c, p) =>
      unique(['VGB', 'VGB'], c.vgb, 'vgbId', p.vgbId) ??
      (c.opleiders.includes(p.opleiderId) || c.stageopleiders.some((x) => x.stageopleiderId === p.opleiderId)
        ? undefined
        : text(
          `Opleider ${p.opleiderId} leidt niet op bij deze leerplek; de VGB vindt plaats in de driehoek met de eigen opleider.`,
          `opleider ${p.opleiderId} does not train at this leerplek; the VGB is held in the triangle with its own trainer.`,
        )),
  }),
  SuspendLeerplek: command({ schema: s.SuspendLeerplek, roles: ['mt'], event: 'LeerplekSuspended' }),
  ReinstateLeerplek: command({ schema: s.ReinstateLeerplek, roles: ['mt'], event: 'LeerplekReinstated' }),
};

export const leerplekDefinition: StreamDefinition<Leerplek> = {
  category: 'leerplek',
  label: 'leerplek',
  explain: explainLeerplek,
  machines: { 1: leerplekMachine },
  start: { command: 'RegisterLeerplek', event: 'LeerplekRegistered', schema: s.RegisterLeerplek, roles: QUALITY },
  commands: leerplekCommands,
  readRoles: LEERPLEK_READERS,
  visibility: leerplekVisibility,
  // A visit, a measurement and a VGB carry the day they happened: not in the future (happened-on.ts).
  decider: happenedOn({ RecordVisit: ['date'], RecordKlimaatMeting: ['measuredAt'], RecordVgb: ['date'] }),
  personal: {
    StageopleiderLinked: { fields: ['name'], subject: (d) => `stageopleider-${String(d.stageopleiderId)}` },
    VgbRecorded: { fields: ['notes'], subject: (d) => `aios-${String(d.aios)}` },
  },
  view: (snapshot: SnapshotFrom<typeof leerplekMachine>, id, version) => {
    const c = snapshot.context as LeerplekContext;
    const latest = [...c.klimaat].sort((a, b) => a.measuredAt.localeCompare(b.measuredAt)).at(-1);
    return {
      ...c,
      id,
      status: snapshot.value as Leerplek['status'],
      ...(latest ? { klimaatLaatst: latest } : {}),
      counts: {
        opleiders: c.opleiders.length,
        stageopleiders: c.stageopleiders.length,
        visits: c.visits.length,
        klimaat: c.klimaat.length,
        vgb: c.vgb.length,
        suspensions: c.suspensions.length,
      },
      definitionVersion: version,
    };
  },
};
