/**
 * The sharing policies of every stream type, gathered from their definitions (each service declares
 * its own beside its schemas, e.g. services/cycles/src/sharing.ts). An event type without a policy
 * is private. Policies are looked up by stream category and event type, so that two stream types
 * with an event of the same name never share each other's.
 */
import { z } from 'zod';
import type { SharingPolicy, StreamDefinition } from '@gearbox/kernel';
import { compilePicker, type Picker } from './allow-list.ts';

export const TYPE_PREFIX = 'nl.huisartsopleiding.gearbox';
/** Below this many respondents an aggregate's values are withheld (as the LEOH and klimaat figures do). */
export const MIN_RESPONDENTS = 5;

export interface SharedType {
  category: string;
  eventType: string;
  policy: SharingPolicy;
  /** `nl.huisartsopleiding.gearbox.kpi-measured.v1` */
  ceType: string;
  /** What is published: the policy's data, its aggregate values optional, and `suppressed`. */
  schema: z.ZodObject;
  /** The policy's data schema compiled into an allow-list (allow-list.ts). */
  pick: Picker;
}

export class SharingPolicies {
  /** By category, then event type: looked up for every event the feed reads, without building a key. */
  private readonly byEvent = new Map<string, Map<string, SharedType>>();
  private readonly byCeType = new Map<string, SharedType>();

  constructor(definitions: readonly StreamDefinition<any>[]) {
    for (const def of definitions) {
      const recorded = new Set([def.start.event, ...Object.values(def.commands).map((c) => c.event)]);
      for (const [eventType, policy] of Object.entries(def.shared ?? {})) {
        // A misspelt event type would share nothing and say nothing.
        if (!recorded.has(eventType)) throw new Error(`${def.category} shares ${eventType}, but records no such event`);
        const ceType = `${TYPE_PREFIX}.${policy.name}.v${policy.version}`;
        if (this.byCeType.has(ceType)) throw new Error(`two event types are shared as ${ceType}`);
        const shared = { category: def.category, eventType, policy, ceType, schema: publishedSchema(policy), pick: compilePicker(policy.data) };
        if (!this.byEvent.has(def.category)) this.byEvent.set(def.category, new Map());
        this.byEvent.get(def.category)!.set(eventType, shared);
        this.byCeType.set(ceType, shared);
      }
    }
  }

  of(category: string, eventType: string): SharedType | undefined {
    return this.byEvent.get(category)?.get(eventType);
  }

  byType(ceType: string): SharedType | undefined {
    return this.byCeType.get(ceType);
  }

  /** Every shared type, by CloudEvents type. */
  list(): SharedType[] {
    return [...this.byCeType.values()].sort((a, b) => a.ceType.localeCompare(b.ceType));
  }

  /** The store event types to read (the category is checked per event). */
  eventTypes(): string[] {
    return [...new Set(this.list().map((s) => s.eventType))];
  }
}

function publishedSchema(policy: SharingPolicy): z.ZodObject {
  if (!policy.aggregate) return policy.data;
  const withheld = Object.fromEntries(policy.aggregate.values.map((v) => [v, true as const]));
  return policy.data.partial(withheld as never).extend({
    suppressed: z.literal(true).optional().describe(`Minder dan ${MIN_RESPONDENTS} respondenten: de waarde blijft bij het instituut`),
  });
}
