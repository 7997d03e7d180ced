/**
 * A leerplek as a statechart: actief ↔ geschorst (suspended by the MT with a reason, reinstated
 * the same way). While suspended no aios is trained there, so no VGB and no new trainers; visits
 * and measurements go on, because they are how a suspension ends. A VGB needs a trainer of this
 * leerplek in the triangle: the opleider of a practice or the stageopleider of a stage.
 */
import { assign, setup } from 'xstate';
import type { EventOrigin } from '@gearbox/kernel';

export interface Visit { visitId: string; date: string; kind: string; report: string; reportUri?: string; reportSha256?: string; visitors: string[]; recordedAt: string }
export interface KlimaatMeting { measurementId: string; measuredAt: string; shareSafe: number; n: number; source: string; recordedAt: string }
export interface Vgb { vgbId: string; date: string; aios: string; opleiderId: string; docentId: string; notes?: string }
export interface Stageopleider { stageopleiderId: string; name: string; specialism?: string }
export interface Suspension { reason: string; at: string; by: string; reinstated?: { reason: string; at: string; by: string } }

export interface LeerplekContext {
  id: string;
  kind: 'opleidingspraktijk' | 'stageplaats';
  name: string;
  location?: string;
  specialism?: string;
  registeredAt: string;
  opleiders: string[];
  stageopleiders: Stageopleider[];
  visits: Visit[];
  klimaat: KlimaatMeting[];
  vgb: Vgb[];
  suspensions: Suspension[];
}

type Payload = { type: string; origin: EventOrigin } & Record<string, any>;

export const leerplekMachine = setup({
  types: { context: {} as LeerplekContext, events: {} as Payload, input: {} as Payload },
  guards: {
    isPraktijk: ({ context }) => context.kind === 'opleidingspraktijk',
    isStage: ({ context }) => context.kind === 'stageplaats',
    hasOpleider: ({ context }) => context.opleiders.length > 0,
    hasTrainer: ({ context }) => context.opleiders.length > 0 || context.stageopleiders.length > 0,
    hasStageopleider: ({ context }) => context.stageopleiders.length > 0,
  },
  actions: {
    linkOpleider: assign({ opleiders: ({ context, event }) => [...context.opleiders, event.opleiderId] }),
    unlinkOpleider: assign({ opleiders: ({ context, event }) => context.opleiders.filter((o) => o !== event.opleiderId) }),
    linkStageopleider: assign({
      stageopleiders: ({ context, event }) => [
        ...context.stageopleiders,
        { stageopleiderId: event.stageopleiderId, name: event.name, ...(event.specialism ? { specialism: event.specialism } : {}) },
      ],
    }),
    unlinkStageopleider: assign({ stageopleiders: ({ context, event }) => context.stageopleiders.filter((s) => s.stageopleiderId !== event.stageopleiderId) }),
    recordVisit: assign({
      visits: ({ context, event }) => [
        ...context.visits,
        {
          visitId: event.visitId,
          date: event.date,
          kind: event.kind,
          report: event.report,
          ...(event.reportUri ? { reportUri: event.reportUri } : {}),
          ...(event.reportSha256 ? { reportSha256: event.reportSha256 } : {}),
          visitors: event.visitors ?? [],
          recordedAt: event.origin.time,
        },
      ],
    }),
    recordKlimaat: assign({
      klimaat: ({ context, event }) => [
        ...context.klimaat,
        { measurementId: event.measurementId, measuredAt: event.measuredAt, shareSafe: event.shareSafe, n: event.n, source: event.source, recordedAt: event.origin.time },
      ],
    }),
    recordVgb: assign({
      vgb: ({ context, event }) => [
        ...context.vgb,
        { vgbId: event.vgbId, date: event.date, aios: event.aios, opleiderId: event.opleiderId, docentId: event.docentId, ...(event.notes ? { notes: event.notes } : {}) },
      ],
    }),
    suspend: assign({
      suspensions: ({ context, event }) => [...context.suspensions, { reason: event.reason, at: event.origin.time, by: event.origin.actor.name }],
    }),
    reinstate: assign({
      suspensions: ({ context, event }) =>
        context.suspensions.map((s, i) =>
          i === context.suspensions.length - 1 ? { ...s, reinstated: { reason: event.reason, at: event.origin.time, by: event.origin.actor.name } } : s,
        ),
    }),
  },
}).createMachine({
  id: 'leerplek',
  // xstate's pure transition() builds a throwaway actor without input; it needs no context.
  context: ({ input }) =>
    input === undefined
      ? ({} as never)
      : ({
        id: input.id,
        kind: input.kind as LeerplekContext['kind'],
        name: input.name,
        ...(input.location ? { location: input.location } : {}),
        ...(input.specialism ? { specialism: input.specialism } : {}),
        registeredAt: input.origin.time,
        opleiders: [],
        stageopleiders: [],
        visits: [],
        klimaat: [],
        vgb: [],
        suspensions: [],
      }),
  initial: 'actief',
  on: {
    RecordVisit: { actions: 'recordVisit' },
    RecordKlimaatMeting: { actions: 'recordKlimaat' },
    UnlinkOpleider: { guard: 'hasOpleider', actions: 'unlinkOpleider' },
    UnlinkStageopleider: { guard: 'hasStageopleider', actions: 'unlinkStageopleider' },
  },
  states: {
    actief: {
      on: {
        LinkOpleider: { guard: 'isPraktijk', actions: 'linkOpleider' },
        LinkStageopleider: { guard: 'isStage', actions: 'linkStageopleider' },
        RecordVgb: { guard: 'hasTrainer', actions: 'recordVgb' },
        SuspendLeerplek: { target: 'geschorst', actions: 'suspend' },
      },
    },
    geschorst: {
      on: {
        ReinstateLeerplek: { target: 'actief', actions: 'reinstate' },
      },
    },
  },
});
