/**
 * A CloudEvent that arrives from a peer, checked before anything of it is kept: the envelope after
 * the NL GOV profile, the `source` the peer's own URN, a shared type this server knows, and `data`
 * that fits that type's JSON Schema (the same policy schema our own feed publishes, so the same type
 * and version means the same schema). Only what the schema names is kept, so a field a peer adds is
 * dropped, and a value over fewer than five respondents is refused: what is stored is as anonymous
 * as what we would publish ourselves. A reason never repeats a value of the event.
 */
import { z } from 'zod';
import { sourceOf } from './cloudevent.ts';
import { MIN_RESPONDENTS, type SharingPolicies } from './policy.ts';

/** A peer's event as B keeps it. */
export interface IncomingEvent {
  id: string;
  source: string;
  type: string;
  subject: string;
  time: string;
  data: Record<string, unknown>;
}

const Envelope = z.object({
  specversion: z.literal('1.0'),
  id: z.string().regex(/^[A-Za-z0-9._:-]{1,100}$/),
  source: z.string(),
  type: z.string(),
  subject: z.string().regex(/^[a-z]+-[A-Za-z0-9._-]{1,100}$/),
  time: z.iso.datetime({ offset: true }),
  datacontenttype: z.literal('application/json').optional(),
  dataschema: z.string().optional(),
  data: z.record(z.string(), z.unknown()),
});

export type Checked = { event: IncomingEvent } | { reason: string; id?: string; type?: string };

export function checkIncoming(raw: unknown, peer: string, policies: SharingPolicies): Checked {
  const envelope = Envelope.safeParse(raw);
  if (!envelope.success) return { reason: `geen geldige CloudEvent: ${fields(envelope.error)}` };
  const { id, source, type, subject, time, data } = envelope.data;
  if (source !== sourceOf(peer)) return { id, reason: `bron is niet ${sourceOf(peer)}` };
  const shared = policies.byType(type);
  if (!shared) return { id, reason: 'onbekend eventtype' };
  if (!subject.startsWith(`${shared.category}-`)) return { id, type, reason: `subject hoort bij een ${shared.category}` };
  const parsed = shared.schema.safeParse(data);
  if (!parsed.success) return { id, type, reason: `data past niet in het schema: ${fields(parsed.error)}` };
  const kept = parsed.data as Record<string, unknown>;
  const aggregate = shared.policy.aggregate;
  if (aggregate) {
    const n = kept[aggregate.respondents];
    const small = typeof n !== 'number' || n < MIN_RESPONDENTS;
    if (small && aggregate.values.some((v) => kept[v] !== undefined)) return { id, type, reason: `waarde bij minder dan ${MIN_RESPONDENTS} respondenten` };
  }
  return { event: { id, source, type, subject, time, data: kept } };
}

/** The paths and codes of the issues, never the values. */
function fields(error: z.ZodError): string {
  return error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(event)'} ${i.code}`).join('; ');
}
