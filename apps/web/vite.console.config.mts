import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * The program console, served by the api at /console from dist/console. Its own entry beside the portal's
 * (console/index.html → src/console/), sharing the portal's API client, formatting and styles.
 */
const here = dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  root: resolve(here, 'console'),
  base: '/console/',
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: resolve(here, '../../dist/console'),
    emptyOutDir: true,
    assetsDir: 'assets',
    sourcemap: false,
    rollupOptions: {
      onwarn: (warning, warn) =>
        warning.code === 'MODULE_LEVEL_DIRECTIVE' ? undefined : warn(warning),
    },
  },
  server: { fs: { allow: [here] }, proxy: { '/v1': 'http://127.0.0.1:3000' } },
});
