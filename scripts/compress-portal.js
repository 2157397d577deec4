// Writes .br and .gz beside each built asset of the portal and the console, which @fastify/static serves (`preCompressed`) to
// browsers that accept them. Compressing once at build costs nothing per request; no compression
// middleware is installed, and Vite has no built-in option for it.
const { readdirSync, readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { brotliCompressSync, constants, gzipSync } = require('node:zlib');

for (const app of ['portal', 'console']) {
  const dir = join(__dirname, '..', 'dist', app, 'assets');
  for (const name of readdirSync(dir)) {
    if (!/\.(js|css|svg|json)$/.test(name)) continue;
    const body = readFileSync(join(dir, name));
    writeFileSync(
      join(dir, `${name}.br`),
      brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
    );
    writeFileSync(join(dir, `${name}.gz`), gzipSync(body, { level: 9 }));
  }
}
