export { createGearbox, VERSION, type Gearbox, type ServerOptions } from './app.ts';
export { cyclesModule, CycleListQuery, cycleSummary, type CycleSummary } from '@gearbox/cycles';
export { jwtSecret } from './secret.ts';
export { DEMO_INSTITUTE, seedDemo, type DemoSummary } from './seed-demo.ts';
