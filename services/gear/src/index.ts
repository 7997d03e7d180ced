export * from './routes.ts';
export * from './module.ts';
export * from './cli.ts';
