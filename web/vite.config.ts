import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The service serves the build (web/dist) at /; in development, `vite` proxies the API to a
// running service (PUENTES_URL, default http://localhost:3000).
const api = process.env.PUENTES_URL ?? 'http://localhost:3000';

export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, target: 'es2022' },
  server: { proxy: { '/api': api, '/docs': api, '/health': api } },
});
