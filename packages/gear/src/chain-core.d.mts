import type { RecordedEvent } from '@gearbox/eventstore';

export declare const GENESIS: string;
export declare function canonicalJson(value: unknown): string;
export declare function chainEnvelope(event: RecordedEvent): Record<string, unknown>;
export declare function chainText(event: RecordedEvent): string;
export declare function hashStep(previous: string, text: string): string;
export declare function nextHash(previous: string, event: RecordedEvent): string;
