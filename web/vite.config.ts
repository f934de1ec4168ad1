import { defineConfig } from 'vite';

/** The browser console: `vite build web` writes web/dist, which `firedrill serve` serves at /web/. */
export default defineConfig({
  base: '/web/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // elkjs (the service-map layout) is one 1.4 MB module, loaded on demand in its own chunk.
    chunkSizeWarningLimit: 2000,
  },
  server: {
    fs: { allow: ['..'] },
    // `npx vite web` during development: the API comes from `firedrill serve` on port 8000.
    proxy: Object.fromEntries(['/tasks', '/schema', '/reset', '/step', '/state', '/report', '/close', '/runs', '/reports'].map((p) => [p, 'http://127.0.0.1:8000'])),
  },
});
