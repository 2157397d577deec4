import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * The affiliate portal, served by the api at /portal from dist/portal. No React plugin: Vite's own
 * transform compiles JSX with the automatic runtime (the plugin's peer dependencies do not resolve here).
 */
const here = dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  root: here,
  base: '/portal/',
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: resolve(here, '../../dist/portal'),
    emptyOutDir: true,
    assetsDir: 'assets',
    sourcemap: false,
    rollupOptions: {
      // React Query's "use client" lines mean nothing without server components.
      onwarn: (warning, warn) =>
        warning.code === 'MODULE_LEVEL_DIRECTIVE' ? undefined : warn(warning),
    },
  },
  server: { proxy: { '/v1': 'http://127.0.0.1:3000' } },
});
