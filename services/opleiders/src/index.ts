export * from './schemas.ts';
export * from './machine.ts';
export * from './definition.ts';
export * from './visibility.ts';
export * from './leoh-settings.ts';
export * from './handler.ts';
