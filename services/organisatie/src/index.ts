export * from './jaarverslag.ts';
export * from './jaarverslag-html.ts';
export * from './module.ts';
