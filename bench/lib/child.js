'use strict';
/** Runs one measurement in a fresh process (its own heap, its own peak RSS) and returns its JSON. */
const { spawn } = require('node:child_process');

const runChild = (script, args, { log = () => {}, nodeArgs = [] } = {}) =>
  new Promise((resolve, reject) => {
    const extra = process.env.BENCH_CPU_PROF
      ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`]
      : [];
    const child = spawn(process.execPath, [...extra, ...nodeArgs, script, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => {
      err += c;
      for (const line of String(c).split('\n')) if (line.trim()) log(`    ${line}`);
    });
    child.once('exit', (code) => {
      if (code !== 0)
        return reject(new Error(`${script} ${args.join(' ')} exited ${code}: ${err.slice(-2000)}`));
      try {
        resolve(JSON.parse(out.trim().split('\n').pop()));
      } catch (error) {
        reject(new Error(`no result from ${script}: ${out.slice(-500)} ${err.slice(-1000)}`));
      }
    });
  });

module.exports = { runChild };
