import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// `vite` (dev) proxies the API to a gearbox started with `pnpm start` on port 3000.
export default defineConfig({
  plugins: [react()],
  // The first page's budget (300 KB gzipped JS) is held by test/cycle.test.ts, not by this warning.
  build: { outDir: 'dist', emptyOutDir: true, reportCompressedSize: false, chunkSizeWarningLimit: 1200 },
  server: { proxy: { '/api': 'http://localhost:3000' } },
});
