import { EventLog, loadLedger } from '@threadtrak/application';
import { Deployment, waitFor } from './support/deployment';
import { setUpProgram } from './support/program';

/** Issue 11: the due scheduler's first tick is at start, not a whole period (DUE_TICK_MS) later. */
describe('the due scheduler ticks at start', () => {
  jest.setTimeout(120_000);
  let deployment: Deployment;
  afterEach(async () => deployment?.close());

  it('a commission whose hold ended while the app was down is due right after the next start, with a tick period of an hour', async () => {
    deployment = await Deployment.create({
      now: '2026-03-01T12:00:00.000Z',
      env: { DUE_TICK_MS: '3600000' },
    });
    let app = await deployment.startApi();
    const [jane] = await setUpProgram(deployment, 1);
    const click = await fetch(`${deployment.baseUrl}/r/${jane!.refCode}/p/desk`, {
      redirect: 'manual',
      headers: {
        'user-agent': 'Mozilla/5.0 (X11; Linux x86_64; rv:130.0) Gecko/20100101 Firefox/130.0',
      },
    });
    const clickId = new URL(click.headers.get('location')!).searchParams.get('tt_click')!;
    const order = await deployment.call('POST', '/v1/orders', {
      body: {
        orderId: 'o-1',
        paidAt: '2026-03-01T12:00:00Z',
        currency: 'USD',
        clickId,
        lines: [{ productId: 'desk', quantity: 1, amountCents: 20_000 }],
      },
    });
    expect(order.status).toBe(201);
    const balances = async () =>
      (await loadLedger(new EventLog(deployment.store), jane!.affiliateId)).state.balances;
    await waitFor(async () => (await balances()).pendingCents === 2000, 'the commission');
    await app.stop();

    deployment.setNow('2026-03-03T12:00:00.000Z');
    const restartedAt = Date.now();
    app = await deployment.startApi();
    await waitFor(
      async () => (await balances()).dueCents === 2000,
      'the commission to become due',
      20_000,
    );
    expect(Date.now() - restartedAt).toBeLessThan(20_000);
  });
});
