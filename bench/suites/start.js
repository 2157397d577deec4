'use strict';
/**
 * 7. Start-up: from `npm start` to the first 200 of GET /healthz, on the embedded defaults (SQLite log,
 * in-memory read models) in a fresh data folder (first start: the log, the secrets and the lock are
 * created) and then again on the same folder (second start: a restart). `dist/` is already built, so
 * `npm start` only hashes the sources to find nothing to rebuild. Yardstick: `node -e 0` from spawn to
 * exit, in the same round. The bound is absolute: the second start answers within 5 s.
 * `npm run bench:start` runs this suite alone and prints its rows.
 */
const { spawn } = require('node:child_process');
const { mkdtempSync, readFileSync, readdirSync, rmSync } = require('node:fs');
const { createServer } = require('node:net');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { ROOT, alternate, fmt, median, row, runSuite, sleep } = require('../lib/common');

const SECOND_START_BOUND_MS = 5000;
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

const freePort = () =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

const exited = (child) =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once('exit', resolve));

const TICK_MS = 10; // Linux USER_HZ = 100

/**
 * CPU time (user + system) spent so far by every process of the group (npm, its shell, node): less
 * sensitive to a busy machine than the wall clock. Linux only; elsewhere NaN.
 */
const groupCpuMs = (pgid) => {
  try {
    let ticks = 0;
    for (const pid of readdirSync('/proc')) {
      if (!/^\d+$/.test(pid)) continue;
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        // After the name: state(0) ppid(1) pgrp(2) … utime(11) stime(12) cutime(13) cstime(14).
        if (Number(fields[2]) !== pgid) continue;
        ticks += Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
      } catch {
        /* the process ended meanwhile */
      }
    }
    return ticks * TICK_MS;
  } catch {
    return NaN;
  }
};

/** `node -e 0` from spawn to exit: wall milliseconds and its own CPU milliseconds. */
const yardstick = async () => {
  const started = process.hrtime.bigint();
  let output = '';
  const child = spawn(
    process.execPath,
    ['-e', 'process.on("exit", () => console.log(JSON.stringify(process.cpuUsage())))'],
    { stdio: ['ignore', 'pipe', 'ignore'] },
  );
  child.stdout.on('data', (chunk) => (output += chunk));
  await exited(child);
  const { user, system } = JSON.parse(output);
  return { ms: Number(process.hrtime.bigint() - started) / 1e6, cpuMs: (user + system) / 1000 };
};

/** Milliseconds from `npm start` to the first 200 of /healthz; then stops the whole process group. */
const startOnce = async (dataDir, log) => {
  const port = await freePort();
  let output = '';
  const started = process.hrtime.bigint();
  const child = spawn(NPM, ['start', '--silent'], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir },
  });
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  let ms = null;
  let cpuMs = NaN;
  try {
    while (child.exitCode === null && Number(process.hrtime.bigint() - started) / 1e6 < 60_000) {
      try {
        if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) {
          ms = Number(process.hrtime.bigint() - started) / 1e6;
          cpuMs = groupCpuMs(child.pid);
          break;
        }
      } catch {
        /* not listening yet */
      }
      await sleep(10);
    }
  } finally {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
    await exited(child);
    // The data folder's lock is released when the app's process ends, not npm's.
    for (let waited = 0; waited < 10_000; waited += 50) {
      try {
        process.kill(-child.pid, 0);
      } catch {
        break;
      }
      await sleep(50);
    }
  }
  if (ms === null) {
    log(output);
    throw new Error('npm start did not answer /healthz within 60 s');
  }
  return { ms, cpuMs };
};

runSuite('start', async ({ quick, log }) => {
  const rounds = quick ? 3 : 5;
  const folders = [];
  const results = await alternate(
    rounds,
    {
      yardstick,
      starts: async () => {
        const dataDir = mkdtempSync(join(tmpdir(), 'threadtrak-start-'));
        folders.push(dataDir);
        const first = await startOnce(dataDir, log);
        const second = await startOnce(dataDir, log);
        return {
          first: first.ms,
          second: second.ms,
          firstCpu: first.cpuMs,
          secondCpu: second.cpuMs,
        };
      },
    },
    log,
  );
  for (const dataDir of folders) rmSync(dataDir, { recursive: true, force: true });
  const node = median(results.yardstick.map((r) => r.ms));
  const nodeCpu = median(results.yardstick.map((r) => r.cpuMs));
  const figure = (which) => median(results.starts.map((r) => r[which]));
  const startRow = (which, label) => {
    const ms = figure(which);
    const times = median(results.starts.map((r, i) => r[which] / results.yardstick[i].ms));
    const cpu = median(results.starts.map((r) => r[`${which}Cpu`]));
    const cpuTimes = median(
      results.starts.map((r, i) => r[`${which}Cpu`] / results.yardstick[i].cpuMs),
    );
    return row({
      id: `start-${which}`,
      figure: `${label} \`npm start\` to the first /healthz 200 (embedded defaults, built dist/): ${fmt(ms)} ms (${fmt(times, 1)}× \`node -e 0\`), CPU ${fmt(cpu)} ms (${fmt(cpuTimes, 1)}×)`,
      yardstick: `\`node -e 0\`, spawn to exit: ${fmt(node)} ms, CPU ${fmt(nodeCpu)} ms`,
      // Higher is better, as in every row: the yardstick's time over ours.
      ratio: 1 / times,
      checks:
        which === 'second'
          ? [
              {
                name: 'second start ≤ 5 s',
                ok: Math.max(...results.starts.map((r) => r.second)) <= SECOND_START_BOUND_MS,
                value: `slowest ${fmt(Math.max(...results.starts.map((r) => r.second)))} ms`,
              },
            ]
          : [],
      note: `${rounds} rounds, each a fresh data folder started twice; ms from spawn to the first 200`,
    });
  };
  return [
    startRow('first', 'First start (fresh data folder):'),
    startRow('second', 'Second start (same folder):'),
  ];
});
