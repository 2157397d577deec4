// `npm run lint:openapi`: builds the OpenAPI document the api serves at /docs-json and lints it with
// Redocly's recommended rules (redocly.yaml). The built api (dist/, from `npm run build`) is booted
// in this process on the embedded defaults in a temporary data folder and asked through Fastify's
// `inject`: no port, no network. The document is kept in dist/openapi.json for readers and tools.
const { spawnSync } = require('node:child_process');
const { mkdtempSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const ROOT = join(__dirname, '..');
const OUTPUT = join(ROOT, 'dist', 'openapi.json');

const openApiDocument = async () => {
  require('./register-paths');
  const { loadConfig } = require('../dist/libs/application/src');
  const { createHttpApp } = require('../dist/apps/api/src/server');
  const dataDir = mkdtempSync(join(tmpdir(), 'threadtrak-openapi-'));
  try {
    const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
    const app = await createHttpApp(config, { worker: false });
    try {
      const answer = await app.getHttpAdapter().getInstance().inject('/docs-json');
      if (answer.statusCode !== 200) throw new Error(`/docs-json answered ${answer.statusCode}`);
      return answer.json();
    } finally {
      await app.close();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
};

const main = async () => {
  writeFileSync(OUTPUT, `${JSON.stringify(await openApiDocument(), null, 2)}\n`);
  const redocly = require.resolve('@redocly/cli/bin/cli.js');
  const { status } = spawnSync(
    process.execPath,
    [redocly, 'lint', OUTPUT, ...process.argv.slice(2)],
    {
      cwd: ROOT,
      stdio: 'inherit',
      // Offline and quiet: no usage report, no check for a newer version.
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
    },
  );
  process.exit(status ?? 1);
};

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
