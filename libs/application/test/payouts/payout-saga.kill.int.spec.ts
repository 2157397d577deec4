import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { FakeStripeServer } from '../../../payouts/testing/fake-stripe.server';
import { PayoutWorld, stripeAccount } from './payout-saga.fixture';

const ROOT = resolve(__dirname, '../../../..');
const CHILD = join(__dirname, 'saga-child.ts');
const PAYOUTS = 12;
const KILLS = 10;

/** The promise: SIGKILL the worker between approved and sent, many times; each payout is paid once. */
describe('payout saga under SIGKILL', () => {
  let dir: string;
  let world: PayoutWorld;
  let stripe: FakeStripeServer;
  let child: ChildProcess | undefined;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'payout-saga-kill-'));
    world = await PayoutWorld.open(`sqlite:${join(dir, 'events.db')}`);
    stripe = await FakeStripeServer.start();
  });

  afterAll(async () => {
    child?.kill('SIGKILL');
    await world.close();
    await stripe.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const startWorker = () => {
    let stderr = '';
    const worker = spawn(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', CHILD],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          SAGA_STORE: join(dir, 'events.db'),
          STRIPE_API_BASE: stripe.url,
          STRIPE_SECRET_KEY: stripe.secretKey,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    child = worker;
    worker.stderr!.on('data', (chunk) => (stderr = (stderr + String(chunk)).slice(-4000)));
    const exited = new Promise<void>((done) => worker.once('exit', () => done()));
    const started = new Promise<void>((ready, fail) => {
      worker.stdout!.on('data', (chunk) => String(chunk).includes('started') && ready());
      void exited.then(() => fail(new Error(`the worker exited before starting:\n${stderr}`)));
    });
    return { worker, started, exited };
  };

  const sentCount = async () =>
    (await world.payoutEvents()).filter((event) => event.type === 'PayoutSent').length;
  const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

  it('pays each payout exactly once, however often the worker is killed between approved and sent', async () => {
    await world.setRules({ autoApproveBelowCents: 7_000 });
    const payoutIds: string[] = [];
    for (let i = 0; i < PAYOUTS; i++) {
      // Half wait for the saga's auto-approval, half were approved by an admin.
      const payout =
        i % 2 === 0
          ? await world.requested(stripeAccount(`acct_1Kill${i}`), 6_000)
          : await world.approved(stripeAccount(`acct_1Kill${i}`), 8_000);
      payoutIds.push(payout.payoutId);
    }
    // The transfer is made at once, its answer comes later: most kills land between the two.
    stripe.delayMs = 300;

    let kills = 0;
    let betweenTransferAndSent = 0;
    while (kills < KILLS && (await sentCount()) < PAYOUTS) {
      const { worker, started, exited } = startWorker();
      await started;
      await sleep(Math.random() * 400);
      worker.kill('SIGKILL');
      await exited;
      kills += 1;
      if (stripe.transfers.length > (await sentCount())) betweenTransferAndSent += 1;
    }

    const { worker, started, exited } = startWorker();
    await started;
    for (let waited = 0; (await sentCount()) < PAYOUTS && waited < 20_000; waited += 100)
      await sleep(100);
    worker.kill('SIGTERM');
    await exited;

    expect(kills).toBeGreaterThan(1);
    expect(betweenTransferAndSent).toBeGreaterThan(0);
    for (const payoutId of payoutIds)
      expect([payoutId, stripe.transfersByKey.get(payoutId)]).toEqual([payoutId, 1]);
    expect(stripe.transfers).toHaveLength(PAYOUTS);
    const events = await world.payoutEvents();
    for (const payoutId of payoutIds) {
      const sent = events.filter(
        (event) => event.type === 'PayoutSent' && event.data.payoutId === payoutId,
      );
      expect(sent).toHaveLength(1);
      expect(sent[0]!.data.providerRef).toBe(stripe.transfersIn(payoutId)[0]!.id);
    }
    expect(events.filter((event) => event.type === 'PayoutFailed')).toEqual([]);
  }, 90_000);
});
