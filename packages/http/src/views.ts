/**
 * The answer shapes every stream type shares, as zod schemas for the OpenAPI description: the
 * audit trail's EventRecord (kernel envelope.ts builds it) and a view with the events a command added.
 */
import { z } from 'zod';

/** An instant as the server writes it: ISO 8601 with zone. */
export const instant = z.iso.datetime({ offset: true });

/** What the handler adds to every stream's view. */
export const viewStamp = {
  revision: z.number().int(),
  allowed: z.array(z.string()).describe('De opdrachten die u nu mag sturen'),
};

/**
 * Compile-time check that an answer's TypeScript type fits its schema and has no field the schema
 * leaves out: `true satisfies Matches<typeof CycleSchema, Cycle>` stops them from drifting apart.
 */
export type Matches<Schema extends z.ZodType, View> = [View] extends [z.output<Schema>]
  ? [Exclude<keyof View, keyof z.output<Schema>>] extends [never]
    ? true
    : false
  : false;

export const EventRecordSchema = z
  .object({
    id: z.string(),
    type: z.string().describe('Het eventtype, bv. GoalSet; het schema van data is `<type>Data` en /api/v1/schemas/<type>'),
    streamId: z.string(),
    revision: z.number().int(),
    position: z.string().describe('Positie in de store (een groot geheel getal als tekst)'),
    time: instant,
    actor: z.object({ sub: z.string(), name: z.string().describe('[vergeten] zodra de persoon is vergeten'), roles: z.array(z.string()) }),
    correlationId: z.string(),
    causationId: z.string().nullable(),
    data: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'EventRecord' });

export const EventList = z.object({ items: z.array(EventRecordSchema) }).meta({ id: 'EventRecordList' });

/** The answer to a command: the view, plus the events the command appended (none on a retry). */
export const withNewEvents = <T extends z.ZodObject>(view: T, id: string) => view.extend({ newEvents: z.array(EventRecordSchema) }).meta({ id });
