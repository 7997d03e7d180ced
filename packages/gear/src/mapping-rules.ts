/**
 * Mapping rules: which cycle kinds feed which GEAR domains, and which event types count as
 * evidence for which criteria. Pure data, so a new stream type (a new service's events) is
 * mapped by adding a rule, without code.
 */
import { z } from 'zod';
import { EVIDENCE_KINDS, criterionCode, evidenceTag } from '@gearbox/cycles';

const slug = z.string().min(1).max(100).regex(/^[a-z0-9-]+$/);

export const CycleKindRule = z
  .object({
    /** Domains whose cycle counts, KPIs, open findings and actions this kind feeds. */
    domains: z.array(slug).min(1).max(10),
    /** Criteria for this kind's evidence (and findings) that name no criterion of their own. */
    criteria: z.array(criterionCode).max(50),
    /**
     * Criteria for this kind's evidence carrying a tag (AddEvidence `tags`), besides the criteria it
     * names: `{"academisch-niveau": ["AN-2"]}`, so a quality officer tags and need not know the codes.
     */
    tags: z.record(evidenceTag, z.array(criterionCode).min(1).max(50)).optional(),
  })
  .strict();

export const EventTypeRule = z
  .object({
    /**
     * An event type, or `<type>.<kind>` for only the events of that kind of a stream type whose
     * events carry one (signals: `SignaalReceived.klacht`; projection.ts `KIND_COUNTED`).
     */
    eventType: z.string().min(1).max(100).regex(/^[A-Za-z0-9]+(\.[a-z0-9-]+)?$/),
    /** Only events in streams of this category (`cycle`, `opleider`, ...); default any. */
    category: z.string().regex(/^[a-z]+$/).optional(),
    criteria: z.array(criterionCode).min(1).max(50),
    /** Dutch title of the evidence line in the dossier; the event's own data is never shown. */
    title: z.string().trim().min(1).max(300),
    kind: z.enum(EVIDENCE_KINDS),
  })
  .strict();

export const MappingRules = z
  .object({
    cycleKinds: z.record(slug, CycleKindRule),
    eventTypes: z.array(EventTypeRule).max(500),
  })
  .strict();

export type MappingRules = z.infer<typeof MappingRules>;
export type EventTypeRule = z.infer<typeof EventTypeRule>;

/** A mapping as an institute has it in force: rules plus the framework version they point into. */
export interface Mapping extends MappingRules {
  framework: string;
  version: string;
}
