/**
 * The decider of the PDCA cycle (ADR 0009): pure `decide` and `evolve`, built from the machine and the
 * command rules in definition.ts. Specs call it with no store (`given` in @gearbox/kernel/testing).
 */
import { deciderOf } from '@gearbox/kernel';
import { cycleDefinition } from './definition.ts';

export const cycleDecider = deciderOf(cycleDefinition);
