'use strict';
/**
 * `npm run bench [-- --quick] [-- --only=redirect,append]`: installs the yardstick stores (Emmett's, each
 * in its own folder under bench/stores), runs every suite in its own process, and writes the table
 * between the markers of docs/benchmarks.md. Needs PostgreSQL (BENCH_PG_URL, default
 * postgres://postgres@127.0.0.1:5432/test; a throwaway database `threadtrak_bench` is created and
 * dropped) and Redis (BENCH_REDIS_URL, default redis://127.0.0.1:6379; keys under `tt:bench:`, removed).
 * `--report-only` rewrites the table from the last run's saved results.
 * `BENCH_CPU_PROF=DIR` makes the apps and the measuring processes write CPU profiles there.
 */
const { execFileSync, spawn } = require('node:child_process');
const { existsSync, readFileSync, writeFileSync } = require('node:fs');
const os = require('node:os');
const { join } = require('node:path');
const { ROOT, flag, fmt, machine, option, workDir } = require('./lib/common');
const { STORES } = require('./lib/emmett');

const SUITES = ['redirect', 'append', 'rebuild', 'reattribution', 'dashboard', 'webhooks', 'start'];
const DOC = join(ROOT, 'docs', 'benchmarks.md');
const START = '<!-- bench:results:start -->';
const END = '<!-- bench:results:end -->';

const installYardsticks = () => {
  for (const folder of ['emmett-sqlite', 'emmett-postgresql']) {
    const dir = join(STORES, folder);
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    const missing = Object.keys(pkg.dependencies).some(
      (name) => !existsSync(join(dir, 'node_modules', name, 'package.json')),
    );
    if (!missing) continue;
    console.log(`installing bench/stores/${folder} …`);
    try {
      execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], {
        cwd: dir,
        stdio: 'inherit',
      });
    } catch (error) {
      // The append suite reports the missing yardstick in its rows; the other suites still run.
      console.error(`could not install bench/stores/${folder}: ${error.message}`);
    }
  }
};

const runSuite = (name, quick) =>
  new Promise((resolve) => {
    const out = join(workDir('results'), `${name}.json`);
    const started = Date.now();
    const child = spawn(
      process.execPath,
      [join(__dirname, 'suites', `${name}.js`), ...(quick ? ['--quick'] : []), `--out=${out}`],
      { stdio: ['ignore', 'inherit', 'inherit'] },
    );
    child.once('exit', (code) => {
      const seconds = Math.round((Date.now() - started) / 1000);
      if (code === 0) {
        const result = { ...JSON.parse(readFileSync(out, 'utf8')), seconds };
        writeFileSync(out, JSON.stringify(result, null, 2));
        return resolve(result);
      }
      resolve({
        suite: name,
        seconds,
        rows: [
          {
            id: name,
            figure: `${name} suite`,
            yardstick: '',
            ratio: null,
            target: null,
            checks: [],
            met: null,
            status: 'failed',
            note: `the suite failed (exit ${code}); see its log`,
          },
        ],
      });
    });
  });

const ratioText = (r) =>
  r.status === 'pending'
    ? 'pending'
    : r.status === 'failed'
      ? 'failed'
      : Number.isFinite(r.ratio)
        ? r.ratio.toFixed(2)
        : 'n/a';
const targetText = (r) =>
  [r.target === null ? null : `≥ ${r.target.toFixed(1)}`, ...r.checks.map((c) => c.name)]
    .filter(Boolean)
    .join('; ') || '— (no target)';
const metText = (r) => {
  if (r.met === null) return r.status === 'measured' ? '—' : r.status;
  const failed = r.checks.filter((c) => !c.ok).map((c) => c.value);
  if (r.met) return 'yes';
  const missed = [r.target !== null && !(r.ratio >= r.target) ? 'ratio' : null, ...failed].filter(
    Boolean,
  );
  return `**no** (${missed.join('; ')})`;
};
const cell = (text) =>
  String(text ?? '')
    .replace(/\|/g, '\\|')
    .replace(/\n/g, ' ');

const table = (results, { quick, date, host }) => {
  const lines = [
    `Run: \`npm run bench${quick ? ' -- --quick' : ''}\` on ${date}; machine: ${host}.`,
    '',
    '| figure | yardstick (same run) | ratio | target | met? | machine | date |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const result of results)
    for (const r of result.rows)
      lines.push(
        `| ${cell(r.figure)} | ${cell(r.yardstick)} | ${ratioText(r)} | ${cell(targetText(r))} | ${cell(metText(r))} | ${cell(host)} | ${date} |`,
      );
  lines.push('', 'Notes per row (rounds, durations, what was checked):', '');
  for (const result of results)
    for (const r of result.rows)
      lines.push(
        `- \`${r.id}\`${result.seconds === undefined ? '' : ` (suite ${result.seconds} s)`}: ${r.note}${r.checks.length ? `; checks: ${r.checks.map((c) => `${c.name} → ${c.value} (${c.ok ? 'ok' : 'missed'})`).join(', ')}` : ''}`,
      );
  return lines.join('\n');
};

const writeDoc = (body) => {
  const current = existsSync(DOC)
    ? readFileSync(DOC, 'utf8')
    : `# Benchmarks\n\n${START}\n${END}\n`;
  const at = current.indexOf(START);
  const end = current.indexOf(END);
  const next =
    at >= 0 && end > at
      ? `${current.slice(0, at + START.length)}\n${body}\n${current.slice(end)}`
      : `${current.trimEnd()}\n\n${START}\n${body}\n${END}\n`;
  writeFileSync(DOC, next);
};

const main = async () => {
  const quick = flag('quick');
  const only = option('only')?.split(',') ?? SUITES;
  const unknown = only.filter((name) => !SUITES.includes(name));
  if (unknown.length)
    throw new Error(`unknown suite ${unknown.join(', ')}; suites: ${SUITES.join(', ')}`);
  if (!existsSync(join(ROOT, 'dist', 'apps', 'api', 'src', 'main.js')))
    throw new Error('dist/ is missing: run `npm run build` first (npm run bench does)');
  const started = Date.now();
  const results = [];
  if (flag('report-only')) {
    // Re-renders the table from the last run's saved results (e.g. after a change of this file's layout).
    for (const name of only)
      results.push({
        ...JSON.parse(readFileSync(join(workDir('results'), `${name}.json`), 'utf8')),
      });
  } else {
    installYardsticks();
    for (const name of only) {
      console.log(`\n=== ${name}${quick ? ' (quick)' : ''}`);
      results.push(await runSuite(name, quick));
    }
  }
  const date = new Date().toISOString().slice(0, 10);
  const body = table(results, { quick, date, host: `${machine()}, ${os.platform()}` });
  writeDoc(body);
  console.log(
    `\n${body}\n\nwritten to docs/benchmarks.md in ${fmt((Date.now() - started) / 1000)} s`,
  );
};

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
