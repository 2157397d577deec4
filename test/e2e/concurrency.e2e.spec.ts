import { startTestApp, type TestApp, BROWSER } from './harness';

/**
 * Issue 8, "concurrency": 50 identical orders at once, 50 payout requests at once, an admin approving
 * while the affiliate asks again. Exactly one of each thing is decided; the rest are answered without a
 * second event, and nothing answers 5xx.
 */
describe('requests racing each other decide each thing once', () => {
  let app: TestApp;
  let jane: { affiliateId: string; apiKey: string };
  jest.setTimeout(60_000);

  beforeAll(async () => {
    app = await startTestApp({}, '2026-06-01T12:00:00.000Z');
    await app.call('PUT', '/v1/admin/rules', {
      body: { holdDays: 0, minPayoutCents: 1000, defaultRateBps: 1000 },
    });
    await app.call('PUT', '/v1/admin/products/lamp', {
      body: { name: 'Lamp', url: 'https://shop.test/lamp', eligible: true },
    });
    jane = (
      await app.call('POST', '/v1/admin/affiliates', {
        body: { name: 'Jane', email: 'jane@example.com', refCode: 'jane', productScope: 'all' },
      })
    ).body;
    await app.call('PUT', '/v1/me/payout-account', {
      token: jane.apiKey,
      body: { method: 'paypal', email: 'jane.payouts@example.com' },
    });
  });
  afterAll(async () => app?.close());

  const click = async () => {
    const response = await fetch(`${app.baseUrl}/r/jane/p/lamp`, {
      redirect: 'manual',
      headers: BROWSER,
    });
    return new URL(response.headers.get('location')!).searchParams.get('tt_click')!;
  };
  const streamTypes = async (stream: string) => {
    const types: string[] = [];
    for await (const event of app.store.readStream(stream)) types.push(event.type);
    return types;
  };
  const count = (types: string[], type: string) => types.filter((each) => each === type).length;

  it('50 identical orders at once: one 201, forty-nine 200 with the same answer, one OrderPaid, one commission', async () => {
    const order = {
      orderId: 'same-order',
      paidAt: '2026-06-01T12:00:00Z',
      currency: 'USD',
      clickId: await click(),
      lines: [{ productId: 'lamp', quantity: 1, amountCents: 20000 }],
    };
    const answers = await Promise.all(
      Array.from({ length: 50 }, () => app.call('POST', '/v1/orders', { body: order })),
    );
    expect(answers.filter((answer) => answer.status === 201)).toHaveLength(1);
    expect(answers.filter((answer) => answer.status === 200)).toHaveLength(49);
    expect(new Set(answers.map((answer) => JSON.stringify(answer.body))).size).toBe(1);
    expect(answers[0]!.body).toEqual({
      orderId: 'same-order',
      attributed: true,
      affiliateId: jane.affiliateId,
      commissionCents: 2000,
    });
    expect(count(await streamTypes('order-same-order'), 'OrderPaid')).toBe(1);
    expect(count(await streamTypes(`ledger-${jane.affiliateId}`), 'CommissionEarned')).toBe(1);
  });

  it('50 payout requests at once: exactly one payout; the others are refused without an event', async () => {
    await app.waitFor(
      async () => (await app.balances(jane.affiliateId)).dueCents === 2000,
      'the commission to be due',
    );
    const answers = await Promise.all(
      Array.from({ length: 50 }, () => app.call('POST', '/v1/me/payouts', { token: jane.apiKey })),
    );
    const created = answers.filter((answer) => answer.status === 201);
    expect(created).toHaveLength(1);
    expect(created[0]!.body).toMatchObject({
      amountCents: 2000,
      currency: 'USD',
      status: 'requested',
    });
    for (const answer of answers.filter((each) => each.status !== 201)) {
      expect([answer.status, answer.body.error.code]).toEqual(
        answer.status === 409 ? [409, 'concurrent_change'] : [422, 'payout_open'],
      );
    }
    expect(count(await streamTypes(`ledger-${jane.affiliateId}`), 'PayoutRequested')).toBe(1);
    expect(await app.balances(jane.affiliateId)).toMatchObject({
      dueCents: 0,
      requestedCents: 2000,
    });
  });

  it('an admin approving while the affiliate asks again, and ten approvals at once: one approval, no second payout', async () => {
    const [payout] = (await app.call('GET', '/v1/me/payouts', { token: jane.apiKey })).body;
    const approvals = Array.from({ length: 10 }, () =>
      app.call('POST', `/v1/admin/payouts/${payout.payoutId}/approve`),
    );
    const requests = Array.from({ length: 20 }, () =>
      app.call('POST', '/v1/me/payouts', { token: jane.apiKey }),
    );
    const [approved, again] = await Promise.all([Promise.all(approvals), Promise.all(requests)]);
    // Approving an approved payout is a repeat, answered like the first: never a second PayoutApproved.
    for (const answer of approved) expect([200, 409]).toContain(answer.status);
    expect(
      approved.filter((answer) => answer.status === 200).map((answer) => answer.body),
    ).toContainEqual({ payoutId: payout.payoutId, status: 'approved', amountCents: 2000 });
    for (const answer of again) expect([409, 422]).toContain(answer.status);
    const ledger = await streamTypes(`ledger-${jane.affiliateId}`);
    expect([count(ledger, 'PayoutRequested'), count(ledger, 'PayoutApproved')]).toEqual([1, 1]);
    expect(await app.balances(jane.affiliateId)).toMatchObject({
      dueCents: 0,
      requestedCents: 2000,
      paidCents: 0,
    });
  });

  it('one idempotency key sent 50 times at once names one payout', async () => {
    const max = (
      await app.call('POST', '/v1/admin/affiliates', {
        body: { name: 'Max', email: 'max@example.com', refCode: 'max', productScope: 'all' },
      })
    ).body;
    await app.call('PUT', '/v1/me/payout-account', {
      token: max.apiKey,
      body: { method: 'paypal', email: 'max.payouts@example.com' },
    });
    const clicked = await fetch(`${app.baseUrl}/r/max/p/lamp`, {
      redirect: 'manual',
      headers: BROWSER,
    });
    const clickId = new URL(clicked.headers.get('location')!).searchParams.get('tt_click')!;
    await app.call('POST', '/v1/orders', {
      body: {
        orderId: 'max-order',
        paidAt: '2026-06-01T12:00:00Z',
        currency: 'USD',
        clickId,
        lines: [{ productId: 'lamp', quantity: 1, amountCents: 30000 }],
      },
    });
    await app.waitFor(
      async () => (await app.balances(max.affiliateId)).dueCents === 3000,
      'the commission to be due',
    );
    const answers = await Promise.all(
      Array.from({ length: 50 }, () =>
        app.call('POST', '/v1/me/payouts', {
          token: max.apiKey,
          headers: { 'idempotency-key': 'monthly-2026-06' },
        }),
      ),
    );
    expect(answers.filter((answer) => answer.status >= 500)).toEqual([]);
    const payoutIds = new Set(
      answers.filter((answer) => answer.status < 300).map((answer) => answer.body.payoutId),
    );
    expect(payoutIds.size).toBe(1);
    expect(count(await streamTypes(`ledger-${max.affiliateId}`), 'PayoutRequested')).toBe(1);
  });
});
