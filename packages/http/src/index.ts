export * from './auth.ts';
export * from './problem.ts';
export * from './request.ts';
export * from './observability.ts';
export * from './openapi.ts';
export * from './docs-page.ts';
export * from './stream-routes.ts';
export * from './module.ts';
