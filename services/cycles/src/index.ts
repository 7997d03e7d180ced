export * from './schemas.ts';
export * from './machine.ts';
export * from './definition.ts';
export * from './deadlines.ts';
export * from './carry-over.ts';
export * from './module.ts';
