import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The service serves the build (web/dist) at /; in development, `vite` proxies the API to a
// running service (PUENTES_URL, default http://localhost:3000).
const api = process.env.PUENTES_URL ?? 'http://localhost:3000';

export default defineConfig(({ command }) => {
  // A build is always a production build, whatever NODE_ENV the caller runs under (jest sets
  // `test`, a shell may have `development`): otherwise React's development build and JSX
  // runtime are bundled, half again as large.
  if (command === 'build') process.env.NODE_ENV = 'production';
  return {
    plugins: [react()],
    build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, target: 'es2022' },
    server: {
      proxy: { '/api': api, '/docs': api, '/health': api, '/metrics': api, '/admin': api },
    },
  };
});
