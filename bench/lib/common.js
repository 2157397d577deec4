'use strict';
/**
 * Shared plumbing of the benchmarks: where things are, the throwaway PostgreSQL database and Redis
 * prefix, the alternating rounds and their medians, and the suite entry point.
 * Benchmarks load the compiled code (dist/, built by `npm run bench`) through the same path aliases
 * as the service itself.
 */
const { mkdirSync, readFileSync, writeFileSync } = require('node:fs');
const os = require('node:os');
const { join, resolve } = require('node:path');

const ROOT = resolve(__dirname, '..', '..');
require(join(ROOT, 'scripts', 'register-paths.js'));

const PG_BASE_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const BENCH_DATABASE = 'threadtrak_bench';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
/** Every key the benchmarks write in Redis starts with this; `cleanRedis` removes them. */
const REDIS_PREFIX_ROOT = 'tt:bench:';
const WORK_DIR = join(os.tmpdir(), 'threadtrak-bench');

const dist = (lib) => require(`@threadtrak/${lib}`);

const benchDatabaseUrl = (schema) => {
  const url = new URL(PG_BASE_URL);
  url.pathname = `/${BENCH_DATABASE}`;
  if (schema) url.searchParams.set('schema', schema);
  return url.toString();
};

/** A fresh database for one suite: dropped first, so a crashed run leaves nothing behind for long. */
const createBenchDatabase = async () => {
  const { Client } = require('pg');
  const client = new Client({ connectionString: PG_BASE_URL });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${BENCH_DATABASE} WITH (FORCE)`);
    await client.query(`CREATE DATABASE ${BENCH_DATABASE}`);
  } finally {
    await client.end();
  }
};

const dropBenchDatabase = async () => {
  const { Client } = require('pg');
  const client = new Client({ connectionString: PG_BASE_URL });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${BENCH_DATABASE} WITH (FORCE)`);
  } finally {
    await client.end();
  }
};

const cleanRedis = async (prefix = REDIS_PREFIX_ROOT) => {
  const { Redis } = require('ioredis');
  const redis = new Redis(REDIS_URL);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 5000);
      cursor = next;
      if (keys.length) await redis.unlink(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
};

const workDir = (name) => {
  const dir = join(WORK_DIR, name);
  mkdirSync(dir, { recursive: true });
  return dir;
};

const median = (values) => {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/**
 * Runs every contender once per round, the order reversed every other round, so slow drift of a
 * shared machine hits both sides alike. Returns each contender's list of results.
 */
const alternate = async (rounds, contenders, log = () => {}) => {
  const results = Object.fromEntries(Object.keys(contenders).map((name) => [name, []]));
  const names = Object.keys(contenders);
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? names : [...names].reverse();
    for (const name of order) {
      const result = await contenders[name](round);
      results[name].push(result);
      log(`  round ${round + 1}/${rounds} ${name}: ${JSON.stringify(result)}`);
    }
  }
  return results;
};

/** Median of the per-round ratios a/b: each ratio is taken from two figures measured side by side. */
const medianRatio = (as, bs, pick = (x) => x) => median(as.map((a, i) => pick(a) / pick(bs[i])));

/** Peak resident set size of this process so far, MB (Linux: VmHWM). */
const peakRssMb = () => {
  try {
    const line = readFileSync('/proc/self/status', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('VmHWM:'));
    return Number(line.replace(/\D+/g, '')) / 1024;
  } catch {
    return process.memoryUsage().rss / 1024 / 1024;
  }
};

const machine = () => {
  const cpus = os.cpus();
  const model = (cpus[0]?.model ?? 'unknown cpu').replace(/\s+/g, ' ').trim();
  return `${cpus.length}× ${model}, ${Math.round(os.totalmem() / 2 ** 30)} GB, Node ${process.version}`;
};

const args = process.argv.slice(2);
const flag = (name) => args.includes(`--${name}`);
const option = (name) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);

const fmt = (n, digits = 0) =>
  Number.isFinite(n)
    ? n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })
    : 'n/a';

/**
 * A row of the results table. `ratio` is ours / yardstick (higher is better), `target` the least
 * acceptable ratio (null: no target). Extra `checks` (p99, RSS, durability) must all pass for `met`.
 */
const row = ({
  id,
  figure,
  yardstick,
  value,
  yardstickValue,
  ratio,
  target = null,
  checks = [],
  note = '',
  status = 'measured',
}) => {
  const checksOk = checks.every((check) => check.ok);
  const met =
    status !== 'measured'
      ? null
      : target === null
        ? checks.length
          ? checksOk
          : null
        : ratio >= target && checksOk;
  return { id, figure, yardstick, value, yardstickValue, ratio, target, checks, met, note, status };
};

/** Entry point of a suite file: `node bench/suites/X.js [--quick] --out=FILE`. */
const runSuite = (name, fn) => {
  const quick = flag('quick');
  const out = option('out');
  const log = (line) => process.stderr.write(`[${name}] ${line}\n`);
  const started = Date.now();
  fn({ quick, log })
    .then((rows) => {
      log(`done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
      const json = JSON.stringify({ suite: name, rows }, null, 2);
      if (out) writeFileSync(out, json);
      else process.stdout.write(`${json}\n`);
      process.exit(0);
    })
    .catch((error) => {
      log(`FAILED: ${error?.stack ?? error}`);
      process.exit(1);
    });
};

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

module.exports = {
  ROOT,
  PG_BASE_URL,
  REDIS_URL,
  REDIS_PREFIX_ROOT,
  dist,
  benchDatabaseUrl,
  createBenchDatabase,
  dropBenchDatabase,
  cleanRedis,
  workDir,
  median,
  alternate,
  medianRatio,
  peakRssMb,
  machine,
  fmt,
  row,
  runSuite,
  sleep,
  flag,
  option,
};
