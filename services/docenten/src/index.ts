export * from './schemas.ts';
export * from './machine.ts';
export * from './definition.ts';
export * from './handler.ts';
export * from './read-models.ts';
export * from './evidence.ts';
export * from './seed.ts';
export * from './routes.ts';
