import { createEventStore, type EventStore, type RecordedEvent } from '@threadtrak/event-store';
import { RedisReadModelStore } from '@threadtrak/read-models';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Redis } from 'ioredis';
import { Client } from 'pg';

const ROOT = resolve(__dirname, '../../..');
export const ADMIN_TOKEN = 'admin-secret-token-for-faults';
export const REDIS_URL = process.env.REDIS_URL_TEST ?? 'redis://127.0.0.1:6379';
export const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Rounds of each fault; FAULTS_SCALE (default 1) multiplies them, e.g. 0.5 for a bounded CI run. */
export const rounds = (base: number) =>
  Math.max(2, Math.round(base * Number(process.env.FAULTS_SCALE ?? 1)));

/** One compiled service process (`dist/`): the app (api + worker), the api alone, or a worker alone. */
export class ServiceProcess {
  output = '';
  /** Each output line with the moment it arrived, for ordering what several processes did. */
  readonly lines: { at: number; text: string }[] = [];
  killedAt?: number;
  readonly exited: Promise<number | null>;
  private readonly child: ChildProcess;

  constructor(
    readonly kind: 'app' | 'api' | 'worker',
    env: NodeJS.ProcessEnv,
  ) {
    const entry = kind === 'worker' ? 'dist/apps/worker/src/main.js' : 'dist/apps/api/src/main.js';
    this.child = spawn(
      process.execPath,
      ['-r', './scripts/register-paths.js', entry, ...(kind === 'api' ? ['--api-only'] : [])],
      {
        cwd: ROOT,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let partial = '';
    const take = (chunk: Buffer) => {
      this.output += chunk;
      const at = Date.now();
      const parts = (partial + chunk.toString()).split('\n');
      partial = parts.pop()!;
      for (const text of parts) this.lines.push({ at, text });
    };
    this.child.stdout!.on('data', take);
    this.child.stderr!.on('data', take);
    this.exited = new Promise((done) => this.child.once('exit', (code) => done(code)));
  }

  get pid(): number {
    return this.child.pid!;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** SIGKILL: no shutdown hook runs, nothing is flushed. */
  async kill(): Promise<void> {
    if (this.running) {
      this.killedAt = Date.now();
      this.child.kill('SIGKILL');
    }
    await this.exited;
  }

  async stop(): Promise<void> {
    if (this.running) this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await this.exited;
    clearTimeout(timer);
  }

  async waitForOutput(pattern: RegExp, timeoutMs = 20_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (!pattern.test(this.output)) {
      if (!this.running)
        throw new Error(`${this.kind} exited before printing ${pattern}:\n${this.output}`);
      if (Date.now() > until)
        throw new Error(`${this.kind} did not print ${pattern}:\n${this.output}`);
      await sleep(25);
    }
  }
}

export interface DeploymentOptions {
  store?: 'sqlite' | 'postgres';
  /** Read models in Redis (needed to run the api and the workers as separate processes). */
  redis?: boolean;
  now?: string;
  env?: Record<string, string>;
}

/**
 * A deployment on fresh stores (a SQLite file or a PostgreSQL schema; a Redis key prefix) whose processes
 * the test starts and kills at will. The test process reads the same stores to check the outcome.
 */
export class Deployment {
  readonly dir = mkdtempSync(join(tmpdir(), 'threadtrak-faults-'));
  readonly clockFile = join(this.dir, 'clock');
  readonly prefix = `tt:faults:${randomBytes(4).toString('hex')}:`;
  readonly processes: ServiceProcess[] = [];
  store!: EventStore;
  port = 0;
  eventStoreUrl = '';
  private schema?: string;
  private readonly otherSchemas: string[] = [];
  private readModelStores: RedisReadModelStore[] = [];

  private constructor(private readonly options: DeploymentOptions) {}

  static async create(options: DeploymentOptions = {}): Promise<Deployment> {
    const deployment = new Deployment(options);
    writeFileSync(deployment.clockFile, options.now ?? '2026-03-01T12:00:00.000Z');
    deployment.port = await freePort();
    if (options.store === 'postgres') {
      deployment.schema = `faults_${randomBytes(4).toString('hex')}`;
      const url = new URL(DATABASE_URL);
      url.searchParams.set('schema', deployment.schema);
      deployment.eventStoreUrl = url.toString();
    } else {
      deployment.eventStoreUrl = `sqlite:${join(deployment.dir, 'events.db')}`;
    }
    deployment.store = await createEventStore(deployment.eventStoreUrl);
    return deployment;
  }

  /**
   * Points the deployment at a new, empty event store (a new PostgreSQL schema, or a new SQLite file in
   * the same folder), keeping DATA_DIR and the Redis prefix: what an operator does who sets another
   * EVENT_STORE_URL. Start the processes again afterwards.
   */
  async swapStore(): Promise<void> {
    await this.store.close();
    if (this.options.store === 'postgres') {
      const schema = `faults_${randomBytes(4).toString('hex')}`;
      this.otherSchemas.push(schema);
      const url = new URL(DATABASE_URL);
      url.searchParams.set('schema', schema);
      this.eventStoreUrl = url.toString();
    } else {
      this.eventStoreUrl = `sqlite:${join(this.dir, `events-${randomBytes(4).toString('hex')}.db`)}`;
    }
    this.store = await createEventStore(this.eventStoreUrl);
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
    return {
      PATH: process.env.PATH,
      PORT: String(this.port),
      HOST: '127.0.0.1',
      EVENT_STORE_URL: this.eventStoreUrl,
      DATA_DIR: this.dir,
      ADMIN_TOKEN,
      SHOP_BASE_URL: 'https://shop.test/',
      PUBLIC_BASE_URL: 'http://links.test',
      THREADTRAK_CLOCK_FILE: this.clockFile,
      DUE_TICK_MS: '100',
      ...(this.options.redis ? { REDIS_URL, REDIS_PREFIX: this.prefix } : {}),
      ...this.options.env,
      ...extra,
    };
  }

  setNow(at: string): void {
    writeFileSync(this.clockFile, new Date(at).toISOString());
  }

  /** The api (with the worker inside unless `apiOnly`), answering /healthz. */
  async startApi(
    options: { apiOnly?: boolean; env?: Record<string, string> } = {},
  ): Promise<ServiceProcess> {
    const api = new ServiceProcess(options.apiOnly ? 'api' : 'app', this.env(options.env));
    this.processes.push(api);
    const until = Date.now() + 20_000;
    for (;;) {
      try {
        if ((await fetch(`${this.baseUrl}/healthz`)).ok) return api;
      } catch {
        /* not up yet */
      }
      if (!api.running || Date.now() > until)
        throw new Error(`the api did not start:\n${api.output}`);
      await sleep(50);
    }
  }

  /** A worker process; resolves once it runs (it prints its banner after taking the leases it can). */
  async startWorker(env: Record<string, string> = {}): Promise<ServiceProcess> {
    const worker = new ServiceProcess('worker', this.env(env));
    this.processes.push(worker);
    await worker.waitForOutput(/ThreadTrak worker running/);
    return worker;
  }

  async call(
    method: string,
    path: string,
    options: { body?: unknown; token?: string | null; headers?: Record<string, string> } = {},
  ) {
    const token = options.token === undefined ? ADMIN_TOKEN : options.token;
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    if (token) headers.authorization = `Bearer ${token}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      redirect: 'manual',
    });
    const text = await response.text();
    let body: any = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      /* not JSON */
    }
    return { status: response.status, body, headers: response.headers };
  }

  async events(): Promise<RecordedEvent[]> {
    const all: RecordedEvent[] = [];
    for await (const event of this.store.readAll()) all.push(event);
    return all;
  }

  /** The read models in Redis under this deployment's prefix, or under another prefix (a clean rebuild). */
  readModels(prefix = this.prefix): RedisReadModelStore {
    const store = new RedisReadModelStore({ redis: REDIS_URL, prefix });
    this.readModelStores.push(store);
    return store;
  }

  async close(): Promise<void> {
    await Promise.all(this.processes.map((process) => process.stop()));
    await Promise.all(this.readModelStores.map((store) => store.close()));
    await this.store.close();
    if (this.options.redis) await dropKeys(this.prefix);
    for (const schema of [this.schema, ...this.otherSchemas]) {
      if (!schema) continue;
      const client = new Client({ connectionString: DATABASE_URL });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await client.end();
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export const dropKeys = async (prefix: string): Promise<void> => {
  const redis = new Redis(REDIS_URL);
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length) await redis.unlink(...keys);
  } while (cursor !== '0');
  await redis.quit();
};

export const freePort = () =>
  new Promise<number>((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });

export const waitFor = async <T>(
  probe: () => Promise<T | undefined | false>,
  what: string,
  timeoutMs = 30_000,
): Promise<T> => {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value as T;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
};

/** A seeded generator, so that a failing round can be replayed: set FAULTS_SEED. */
export const seededRandom = (seed = Number(process.env.FAULTS_SEED ?? Date.now() % 2 ** 31)) => {
  let state = seed >>> 0 || 1;
  const next = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
  return {
    seed,
    next,
    between: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
  };
};
