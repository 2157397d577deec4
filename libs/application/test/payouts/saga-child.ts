/**
 * A payout worker in its own process, for the kill spec: the saga, run by a LogProcessor as the worker's
 * host runs it (checkpoint writes coalesced as in production), on a SQLite file, paying through
 * Stripe Connect at a fake server's URL. Prints `started` once caught up; the parent SIGKILLs it.
 * Run: node -r ts-node/register/transpile-only -r tsconfig-paths/register saga-child.ts
 * Env: SAGA_STORE (file, which holds the saga's checkpoint too), STRIPE_API_BASE, STRIPE_SECRET_KEY.
 */
import { createEventStore } from '@threadtrak/event-store';
import { PayoutProviders, StripeConnectProvider } from '@threadtrak/payouts';
import { LogProcessor } from '../../src/processing/log-processor';
import { systemClock } from '../../src/clock';
import { EventLog } from '../../src/event-log';
import { Facts } from '../../src/facts';
import { PayoutSaga } from '../../src/payouts/payout-saga';
import { Payouts } from '../../src/payouts/payouts';

const main = async () => {
  const env = (name: string) =>
    process.env[name] ??
    (() => {
      throw new Error(`${name} is not set`);
    })();
  const store = await createEventStore(`sqlite:${env('SAGA_STORE')}`);
  const log = new EventLog(store);
  const saga = new PayoutSaga({
    store,
    payouts: new Payouts(log, new Facts(log), systemClock, {
      configuredMethods: ['stripe_connect'],
    }),
    providers: new PayoutProviders([
      new StripeConnectProvider({
        secretKey: env('STRIPE_SECRET_KEY'),
        apiBase: env('STRIPE_API_BASE'),
        timeoutMs: 2_000,
      }),
    ]),
    clock: systemClock,
    retry: { baseMs: 20, maxMs: 200 },
    tickMs: 20,
    concurrency: Number(process.env.SAGA_CONCURRENCY ?? 2),
    log: (line) => process.stderr.write(`${line}\n`),
  });
  const processor = new LogProcessor({
    store,
    consumer: saga,
    log: (line) => process.stderr.write(`${line}\n`),
  });
  processor.start();
  await saga.whenReady();
  process.stdout.write('started\n');
  process.once('SIGTERM', () => {
    void processor
      .stop()
      .then(() => store.close())
      .then(() => process.exit(0));
  });
};

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
