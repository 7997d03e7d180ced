export * from './schemas.ts';
export * from './machine.ts';
export * from './definition.ts';
export * from './decider.ts';
export * from './module.ts';
export * from './evidence.ts';
export * from './views.ts';
