import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const workspace = fileURLToPath(new URL('../..', import.meta.url));
/** The API in development (`npx nx serve api` or `node dist/apps/api/main.js`). */
const API = process.env['API_URL'] ?? 'http://localhost:3000';

export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  resolve: {
    // the only workspace import: enums and labels shared with the API (never API code)
    alias: { '@outfall/shared-types': `${workspace}libs/shared/types/src/index.ts` },
  },
  server: {
    port: 4200,
    strictPort: true,
    proxy: { '/api': API, '/graphql': API, '/health': API },
  },
  preview: { port: 4300 },
  build: {
    outDir: `${workspace}dist/apps/admin`,
    emptyOutDir: true,
    // antd is one large chunk; the SPA is an intranet admin tool
    chunkSizeWarningLimit: 2000,
  },
});
