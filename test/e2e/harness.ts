import { EventLog, loadLedger } from '@threadtrak/application';
import { createEventStore, type EventStore } from '@threadtrak/event-store';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');
export const ADMIN_TOKEN = 'admin-secret-token-for-e2e';

export interface Response {
  status: number;
  body: any;
  headers: Headers;
}

export interface TestApp {
  baseUrl: string;
  dir: string;
  /** Moves the app's clock (a file it reads: THREADTRAK_CLOCK_FILE). */
  setNow(at: string | Date): void;
  call(
    method: string,
    path: string,
    options?: {
      body?: unknown;
      token?: string | null;
      headers?: Record<string, string>;
      raw?: string;
    },
  ): Promise<Response>;
  /** The log's head position, read from the store the app writes. */
  head(): Promise<number>;
  store: EventStore;
  /** The process ids of the app and, split, of its worker. */
  pids: { app: number; worker?: number };
  balances(affiliateId: string): Promise<Record<string, number>>;
  waitFor<T>(
    probe: () => Promise<T | undefined | false>,
    what: string,
    timeoutMs?: number,
  ): Promise<T>;
  close(): Promise<void>;
}

const freePort = () =>
  new Promise<number>((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });

/**
 * Boots the real, compiled service (`dist/`, built by `npm test` before Jest) as its own process on a fresh
 * SQLite file and a free port — api and worker in one process, as `npm start` does.
 */
export const startTestApp = async (
  env: Record<string, string> = {},
  now = '2026-01-10T12:00:00.000Z',
  options: { split?: boolean } = {},
): Promise<TestApp> => {
  const dir = mkdtempSync(join(tmpdir(), 'threadtrak-e2e-'));
  const clockFile = join(dir, 'clock');
  writeFileSync(clockFile, now);
  const port = await freePort();
  const dbPath = join(dir, 'events.db');
  const processEnv = {
    PATH: process.env.PATH,
    PORT: String(port),
    HOST: '127.0.0.1',
    EVENT_STORE_URL: `sqlite:${dbPath}`,
    DATA_DIR: dir,
    ADMIN_TOKEN,
    SHOP_BASE_URL: 'https://shop.test/',
    PUBLIC_BASE_URL: 'http://links.test',
    THREADTRAK_CLOCK_FILE: clockFile,
    DUE_TICK_MS: '100',
    // PayPal configured but unreachable: payouts to PayPal are accepted and retried, never sent. A test
    // that needs PayPal absent passes PAYPAL_CLIENT_ID and PAYPAL_CLIENT_SECRET as ''.
    PAYPAL_CLIENT_ID: 'e2e-paypal-client',
    PAYPAL_CLIENT_SECRET: 'e2e-paypal-secret',
    PAYPAL_API_BASE: 'http://127.0.0.1:9',
    ...env,
  };
  let output = '';
  const launch = (entry: string, args: string[] = []) => {
    const started = spawn(process.execPath, ['-r', './scripts/register-paths.js', entry, ...args], {
      cwd: ROOT,
      env: processEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    started.stdout!.on('data', (chunk) => (output += chunk));
    started.stderr!.on('data', (chunk) => (output += chunk));
    return started;
  };
  // Split: the api alone and the worker as its own process (needs REDIS_URL), as in a scaled deployment.
  const child: ChildProcess = launch(
    'dist/apps/api/src/main.js',
    options.split ? ['--api-only'] : [],
  );
  const worker: ChildProcess | null = options.split ? launch('dist/apps/worker/src/main.js') : null;
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    try {
      if ((await fetch(`${baseUrl}/healthz`)).ok) break;
    } catch {
      /* not up yet */
    }
    if (child.exitCode !== null || Date.now() > deadline)
      throw new Error(`the app did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const store = await createEventStore(`sqlite:${dbPath}`);
  const app: TestApp & { output?: string } = {
    baseUrl,
    dir,
    store,
    pids: { app: child.pid!, worker: worker?.pid },
    setNow: (at) => writeFileSync(clockFile, new Date(at).toISOString()),
    async call(method, path, options = {}) {
      const token = options.token === undefined ? ADMIN_TOKEN : options.token;
      const headers: Record<string, string> = { ...(options.headers ?? {}) };
      if (token) headers.authorization = `Bearer ${token}`;
      let body: string | undefined = options.raw;
      if (options.body !== undefined) body = JSON.stringify(options.body);
      if (body !== undefined && !headers['content-type'])
        headers['content-type'] = 'application/json';
      const response = await fetch(`${baseUrl}${path}`, {
        method,
        headers,
        body,
        redirect: 'manual',
      });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        /* not JSON */
      }
      return { status: response.status, body: parsed, headers: response.headers };
    },
    get output() {
      return output;
    },
    head: () => store.headPosition(),
    async balances(affiliateId) {
      return { ...(await loadLedger(new EventLog(store), affiliateId)).state.balances };
    },
    async waitFor(probe, what, timeoutMs = 10_000) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const value = await probe();
        if (value) return value as never;
        if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async close() {
      await store.close();
      for (const running of [child, worker]) {
        if (!running) continue;
        running.kill('SIGTERM');
        await new Promise((r) => (running.exitCode !== null ? r(null) : running.once('exit', r)));
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return app;
};

/** A browser's user agent: Node's fetch says `node`, which is a bot (its clicks never count or earn). */
export const BROWSER = {
  'user-agent': 'Mozilla/5.0 (X11; Linux x86_64; rv:130.0) Gecko/20100101 Firefox/130.0',
};
