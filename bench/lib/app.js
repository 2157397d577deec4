'use strict';
/** Boots the compiled service (dist/) as its own process, as `npm start` / `npm run start:api` do. */
const { spawn } = require('node:child_process');
const { createServer } = require('node:net');
const { join } = require('node:path');
const { ROOT, sleep } = require('./common');

const ADMIN_TOKEN = 'bench-admin-token-0123456789';

const freePort = () =>
  new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });

/** Waits for `GET /healthz`. `BENCH_CPU_PROF=dir` makes the app write a CPU profile there on exit. */
const startApp = async ({
  env = {},
  apiOnly = false,
  script = 'dist/apps/api/src/main.js',
} = {}) => {
  const port = await freePort();
  const nodeArgs = ['-r', './scripts/register-paths.js'];
  if (process.env.BENCH_CPU_PROF)
    nodeArgs.unshift('--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`);
  const child = spawn(process.execPath, [...nodeArgs, script, ...(apiOnly ? ['--api-only'] : [])], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      PORT: String(port),
      HOST: '127.0.0.1',
      ADMIN_TOKEN,
      SHOP_BASE_URL: 'https://shop.test/',
      PUBLIC_BASE_URL: 'http://links.test',
      DUE_TICK_MS: '3600000',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      if ((await fetch(`${baseUrl}/healthz`)).ok) break;
    } catch {
      /* not up yet */
    }
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the app did not start:\n${output.slice(-4000)}`);
    }
    await sleep(100);
  }
  const call = async (method, path, { body, token = ADMIN_TOKEN } = {}) => {
    const headers = { authorization: `Bearer ${token}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      redirect: 'manual',
    });
    const text = await response.text();
    let parsed = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      /* not JSON */
    }
    if (response.status >= 400)
      throw new Error(`${method} ${path}: ${response.status} ${text.slice(0, 300)}`);
    return parsed;
  };
  return {
    baseUrl,
    pid: child.pid,
    call,
    get output() {
      return output;
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
};

/** The yardstick of the redirect: a bare `node:http` server answering the same 302 with no work. */
const startBareServer = async () => {
  const child = spawn(process.execPath, [join(__dirname, 'bare-server.js')], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise((resolve, reject) => {
    child.stdout.once('data', (chunk) => resolve(Number(String(chunk).trim())));
    child.once('exit', (code) => reject(new Error(`bare server exited ${code}`)));
  });
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    async stop() {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
};

module.exports = { startApp, startBareServer, ADMIN_TOKEN };
