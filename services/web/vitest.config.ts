import { defineConfig } from 'vitest/config';

// Browser tests: one real server and one Chromium per file, files one after another.
export default defineConfig({
  test: { include: ['test/**/*.test.ts'], testTimeout: 120_000, hookTimeout: 180_000, fileParallelism: false },
});
