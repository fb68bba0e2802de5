import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const workspace = fileURLToPath(new URL('../..', import.meta.url));
const api = 'http://localhost:3000';

export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  resolve: {
    alias: { '@outfall/shared-types': `${workspace}libs/shared/types/src/index.ts` },
  },
  server: {
    port: 4200,
    proxy: { '/api': api, '/graphql': api, '/health': api },
  },
  build: {
    outDir: `${workspace}dist/apps/admin`,
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
  },
});
