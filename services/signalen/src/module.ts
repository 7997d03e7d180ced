/**
 * Signalen as a module: `/api/v1/signalen` with the generic stream routes (register, list, one,
 * trail, commands; same headers and errors as cycles). The list is folded from the store.
 */
import { z } from 'zod';
import { eventSchemasOf, type ServiceModule } from '@gearbox/http';
import { StreamHandler, StreamIndex, validated, type IndexedStream, type KernelDeps } from '@gearbox/kernel';
import { signaalDefinition, type Signaal } from './definition.ts';
import type { SignaalContext } from './machine.ts';
import { SIGNAAL_KINDS, SignaalListQuery } from './schemas.ts';
import { seedSignalen } from './seed.ts';
import { SignaalSchema, SignaalSummarySchema } from './views.ts';

export interface SignaalSummary {
  id: string;
  kind: SignaalContext['kind'];
  title: string;
  receivedOn: string;
  status: Signaal['status'];
  severity: NonNullable<SignaalContext['severity']> | null;
  followUps: number;
  revision: number;
}

export function signaalSummary(s: IndexedStream): SignaalSummary {
  const c = s.snapshot.context as SignaalContext;
  return {
    id: s.id, kind: c.kind, title: c.title, receivedOn: c.receivedOn, status: s.snapshot.value as Signaal['status'],
    severity: c.severity ?? null, followUps: c.followUps.length, revision: s.revision,
  };
}

/** The signal list, folded from the store (and rebuilt from it). */
export const signaalIndex = () => new StreamIndex(signaalDefinition, signaalSummary);

/** Filled in by the server on every event after the first (definition.ts); the event schemas say so. */
const about = {
  kind: z.enum(SIGNAAL_KINDS).describe('door de server gezet: de soort van het signaal'),
  subjectId: z.string().describe('door de server gezet: het subject waaronder de teksten versleuteld zijn'),
};

export function signalenModule(kernel: KernelDeps) {
  const handler = new StreamHandler(signaalDefinition, kernel);
  const index = signaalIndex();
  const events = eventSchemasOf(signaalDefinition);
  return {
    name: 'signalen',
    basePath: '/signalen',
    definition: signaalDefinition,
    handler,
    index,
    views: { view: SignaalSchema, summary: SignaalSummarySchema, listQuery: SignaalListQuery },
    list: (institute: string, _roles: readonly string[], query: Record<string, string>) => {
      const { status, kind } = validated(SignaalListQuery, query, 'query');
      // Newest first: the signal that came in last is the one to look at.
      return index
        .list(institute, (x) => (!status || x.status === status) && (!kind || x.kind === kind))
        .sort((a, b) => (a.receivedOn === b.receivedOn ? 0 : a.receivedOn < b.receivedOn ? 1 : -1));
    },
    projections: [index],
    eventSchemas: {
      ...events,
      SignaalReceived: (events.SignaalReceived as z.ZodObject).extend({ subjectId: about.subjectId }),
      SignaalTriaged: (events.SignaalTriaged as z.ZodObject).extend(about),
      SignaalFollowedUp: (events.SignaalFollowedUp as z.ZodObject).extend(about),
      SignaalClosed: (events.SignaalClosed as z.ZodObject).extend(about),
    },
    seed: (institute?: string) => seedSignalen(handler, institute),
  };
}

export type SignalenModule = ReturnType<typeof signalenModule>;

/** Checked by the compiler: the module is a ServiceModule the server can mount. */
export const asServiceModule = (m: SignalenModule): ServiceModule => m;
