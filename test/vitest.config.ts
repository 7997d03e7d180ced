import { defineConfig } from 'vitest/config';

export default defineConfig({ test: { globalSetup: ['reliability/demo-data.ts'] } });
