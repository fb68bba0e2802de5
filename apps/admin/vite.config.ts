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
    // ECharts (lazy, dashboard and progress charts only) is the largest chunk; the initial JavaScript is held to
    // 250 KB gzipped by apps/admin-e2e/src/bundle-size.e2e.ts
    chunkSizeWarningLimit: 700,
    rolldownOptions: {
      output: {
        // every page is a lazy route (app-routes.tsx); antd's components fall into the chunks of the pages that
        // use them (automatic splitting). Named groups only for libraries that change rarely, so a release that
        // changes app code leaves them cached: React + router (initial), ECharts and OpenLayers (lazy).
        codeSplitting: {
          groups: [
            {
              name: 'react',
              test: /node_modules[\\/](react|react-dom|react-router|react-router-dom|scheduler)[\\/]/,
              priority: 30,
            },
            {
              name: 'echarts',
              test: /node_modules[\\/](echarts|zrender|echarts-for-react)[\\/]/,
              priority: 20,
            },
            { name: 'ol', test: /node_modules[\\/](ol|rbush|earcut|quickselect)[\\/]/, priority: 20 },
          ],
        },
      },
    },
  },
});
