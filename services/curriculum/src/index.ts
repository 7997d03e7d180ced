export * from './schemas.ts';
export * from './machine.ts';
export * from './definition.ts';
export * from './module.ts';
export * from './evidence.ts';
