/**
 * Mapping rules: which cycle kinds feed which GEAR domains, and which event types count as
 * evidence for which criteria. Pure data, so a new stream type (a new service's events) is
 * mapped by adding a rule, without code.
 */
import { z } from 'zod';
import { EVIDENCE_KINDS, criterionCode } from '@gearbox/cycles';

const slug = z.string().min(1).max(100).regex(/^[a-z0-9-]+$/);

export const CycleKindRule = z
  .object({
    /** Domains whose cycle counts, KPIs, open findings and actions this kind feeds. */
    domains: z.array(slug).min(1).max(10),
    /** Criteria for this kind's evidence (and findings) that name no criterion of their own. */
    criteria: z.array(criterionCode).max(50),
  })
  .strict();

export const EventTypeRule = z
  .object({
    eventType: z.string().min(1).max(100).regex(/^[A-Za-z0-9]+$/),
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
