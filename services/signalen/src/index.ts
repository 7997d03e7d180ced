export * from './schemas.ts';
export * from './machine.ts';
export * from './definition.ts';
export * from './visibility.ts';
export * from './views.ts';
export * from './module.ts';
export * from './seed.ts';
