import { statSync } from 'node:fs';
import { join } from 'node:path';
import { Deployment, ServiceProcess, waitFor } from './support/deployment';

const mode = (path: string) => statSync(path).mode & 0o777;

/** Issue 11, "embedded mode owns its folder": one process per DATA_DIR, private files, config checked at start. */
describe('the embedded deployment owns its data folder', () => {
  jest.setTimeout(120_000);
  let deployment: Deployment;
  afterEach(async () => deployment?.close());

  /** The default event store: no EVENT_STORE_URL, so it is DATA_DIR/events.db; a folder the app creates. */
  const embedded = () => {
    const dataDir = join(deployment.dir, 'data');
    return { dataDir, env: { DATA_DIR: dataDir, EVENT_STORE_URL: '' } };
  };

  it('a second process on the same folder exits at once naming the holder pid, and the first keeps serving; a SIGKILLed holder leaves the folder reusable', async () => {
    deployment = await Deployment.create();
    const { env } = embedded();
    const first = await deployment.startApi({ env });
    const startedAt = Date.now();
    // Another port, so a refusal can only come from the lock, not from the port being taken.
    const second = new ServiceProcess('app', {
      ...deployment.env(env),
      PORT: String(deployment.port + 1),
    });
    deployment.processes.push(second);
    expect(await second.exited).toBe(1);
    expect(Date.now() - startedAt).toBeLessThan(5_000);
    expect(second.output).toContain(`is in use by another ThreadTrak process (pid ${first.pid})`);
    expect(second.output).not.toMatch(/lease \S+: acquired/);
    expect((await fetch(`${deployment.baseUrl}/healthz`)).ok).toBe(true);
    expect(first.running).toBe(true);

    await first.kill();
    const again = await deployment.startApi({ env });
    expect((await fetch(`${deployment.baseUrl}/healthz`)).ok).toBe(true);
    expect(again.output).not.toContain('in use by another');
  });

  it('keeps the event log in DATA_DIR by default; the folder is 0700, events.db, its -wal/-shm and the secrets 0600', async () => {
    deployment = await Deployment.create();
    const { dataDir, env } = embedded();
    const app = await deployment.startApi({ env: { ...env, ADMIN_TOKEN: '' } });
    await waitFor(
      async () =>
        (
          await deployment.call('PUT', '/v1/admin/products/mug', {
            token: null,
            body: { name: 'Mug', url: 'https://shop.test/mug', eligible: true },
          })
        ).status === 401,
      'the api',
    );
    await (await fetch(`${deployment.baseUrl}/r/nobody`, { redirect: 'manual' })).arrayBuffer();
    expect(app.output).toContain(`event store sqlite:${join(dataDir, 'events.db')}`);
    expect(mode(dataDir)).toBe(0o700);
    for (const file of [
      'events.db',
      'events.db-wal',
      'events.db-shm',
      'admin-token',
      'ip-hash-salt',
      'lock',
      'lock.pid',
    ])
      expect([file, mode(join(dataDir, file))]).toEqual([file, 0o600]);
  });

  it.each([
    ['SHOP_BASE_URL', { SHOP_BASE_URL: 'shop.test' }],
    ['PUBLIC_BASE_URL', { PUBLIC_BASE_URL: 'links.test/r' }],
    ['EVENT_STORE_URL', { EVENT_STORE_URL: 'mysql://db/events' }],
    ['REDIS_URL', { REDIS_URL: 'localhost:6379' }],
    ['PORT', { PORT: 'http' }],
    ['DUE_TICK_MS', { DUE_TICK_MS: 'soon' }],
    ['LEASE_TTL_MS', { LEASE_TTL_MS: '-5' }],
  ])(
    'a bad %s: the process exits 1 at start with a message naming it, having taken nothing',
    async (variable, bad) => {
      deployment = await Deployment.create();
      const app = new ServiceProcess('app', deployment.env({ ...embedded().env, ...bad }));
      deployment.processes.push(app);
      expect(await app.exited).toBe(1);
      expect(app.output).toMatch(new RegExp(`^configuration: ${variable} `, 'm'));
      expect(app.output).not.toMatch(/lease|listening/);
    },
  );
});
