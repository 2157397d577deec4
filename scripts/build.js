// Builds only what changed. Each target's inputs are hashed by content; the hash of the last
// successful build is kept in dist/.stamps/<target>. An unchanged target costs one hash of its
// sources (tens of milliseconds) instead of a TypeScript program (seconds); a changed app goes
// through one `nest build` for all changed apps, itself incremental (dist/.tsbuildinfo/); the
// portal is rebuilt by Vite only when apps/web changed.
const { spawnSync } = require('node:child_process');
const { createHash } = require('node:crypto');
const {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  statSync,
  writeFileSync,
} = require('node:fs');
const { join, relative } = require('node:path');

const ROOT = join(__dirname, '..');
const STAMPS = join(ROOT, 'dist', '.stamps');
const SHARED = ['tsconfig.base.json', 'nest-cli.json', 'package-lock.json'];
const LIBS = readdirSync(join(ROOT, 'libs')).map((name) => `libs/${name}/src`);

/** What each target is built from, and a file that exists once it is built. */
const TARGETS = {
  api: {
    inputs: ['apps/api/src', 'apps/api/tsconfig.app.json', 'apps/worker/src', ...LIBS],
    output: 'dist/apps/api/src/main.js',
  },
  worker: {
    inputs: ['apps/worker/src', 'apps/worker/tsconfig.app.json', ...LIBS],
    output: 'dist/apps/worker/src/main.js',
  },
  cli: {
    inputs: ['apps/cli/src', 'apps/cli/tsconfig.app.json', ...LIBS],
    output: 'dist/apps/cli/src/main.js',
  },
  web: {
    inputs: ['apps/web', 'scripts/compress-portal.js'],
    output: 'dist/portal/index.html',
  },
};
const APPS = ['api', 'worker', 'cli'];

/** Specs, test helpers and build output are not inputs: changing them rebuilds nothing. */
const skipped = (name) =>
  ['node_modules', 'dist', 'test', 'testing'].includes(name) || name.endsWith('.spec.ts');

const files = (path) => {
  const full = join(ROOT, path);
  if (!existsSync(full)) return [];
  const found = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (skipped(entry.name)) continue;
      const child = join(dir, entry.name);
      if (entry.isDirectory()) walk(child);
      else found.push(child);
    }
  };
  if (statSync(full).isDirectory()) walk(full);
  else found.push(full);
  return found;
};

const hashOf = (target) => {
  const hash = createHash('sha256');
  // The portal's build command is an input too: package.json holds it.
  if (target === 'web') {
    const { scripts } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    hash.update(`build:web\0${scripts['build:web']}\0`);
  }
  const paths = [...SHARED, ...TARGETS[target].inputs].flatMap(files).sort();
  for (const path of paths) {
    hash.update(`${relative(ROOT, path)}\0`);
    hash.update(readFileSync(path));
    hash.update('\0');
  }
  return hash.digest('hex');
};

const stampFile = (target) => join(STAMPS, target);
const upToDate = (target, hash) =>
  existsSync(join(ROOT, TARGETS[target].output)) &&
  existsSync(stampFile(target)) &&
  readFileSync(stampFile(target), 'utf8') === hash;

const run = (command, args) => {
  const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
};

/** Builds the targets whose inputs changed since their last successful build. */
const buildChanged = (targets) => {
  const hashes = Object.fromEntries(targets.map((target) => [target, hashOf(target)]));
  const stale = targets.filter((target) => !upToDate(target, hashes[target]));
  const apps = stale.filter((target) => APPS.includes(target));
  if (apps.length > 0) {
    run(process.execPath, [require.resolve('@nestjs/cli/bin/nest.js'), 'build', ...apps]);
  }
  if (stale.includes('web'))
    run(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', 'build:web']);
  mkdirSync(STAMPS, { recursive: true });
  for (const target of stale) writeFileSync(stampFile(target), hashes[target]);
  const fresh = targets.filter((target) => !stale.includes(target));
  if (fresh.length > 0) console.log(`build: ${fresh.join(', ')} unchanged since the last build`);
};

module.exports = { buildChanged, TARGETS };

if (require.main === module) {
  const asked = process.argv.slice(2);
  const unknown = asked.filter((target) => !(target in TARGETS));
  if (unknown.length > 0) {
    console.error(`build: unknown target ${unknown.join(', ')} (known: ${Object.keys(TARGETS)})`);
    process.exit(2);
  }
  buildChanged(asked.length > 0 ? asked : Object.keys(TARGETS));
}
