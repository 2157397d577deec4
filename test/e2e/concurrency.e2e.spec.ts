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

  it('two rule changes made on the same version at once: one is the next version, the other a 409', async () => {
    const { version } = (await app.call('GET', '/v1/admin/rules')).body;
    const answers = await Promise.all(
      [14, 21].map((holdDays) =>
        app.call('PUT', '/v1/admin/rules', { body: { holdDays, version } }),
      ),
    );
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409]);
    const won = answers.find((answer) => answer.status === 200)!;
    const lost = answers.find((answer) => answer.status === 409)!;
    expect(won.body.version).toBe(version + 1);
    expect(lost.body.error.code).toBe('concurrent_change');
    expect(count(await streamTypes('program'), 'ProgramRulesChanged')).toBe(version + 1);
    expect((await app.call('GET', '/v1/admin/rules')).body).toEqual(won.body);

    const stale = await app.call('PUT', '/v1/admin/rules', { body: { holdDays: 7, version } });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({
      code: 'concurrent_change',
      message: expect.stringContaining(`version ${version + 1}, not ${version}`),
    });
    const fresh = await app.call('PUT', '/v1/admin/rules', {
      body: { holdDays: 0, version: version + 1 },
    });
    expect(fresh.body).toMatchObject({ holdDays: 0, version: version + 2 });
  });

  it('five rule changes without a version at once: each 200 is its own version and in the log, the rest 409', async () => {
    const { version } = (await app.call('GET', '/v1/admin/rules')).body;
    const answers = await Promise.all(
      [1100, 1200, 1300, 1400, 1500].map((defaultRateBps) =>
        app.call('PUT', '/v1/admin/rules', { body: { defaultRateBps } }),
      ),
    );
    const won = answers.filter((answer) => answer.status === 200);
    const lost = answers.filter((answer) => answer.status !== 200);
    expect(won.length).toBeGreaterThan(0);
    expect(lost.map((answer) => [answer.status, answer.body.error.code])).toEqual(
      lost.map(() => [409, 'concurrent_change']),
    );
    // It used to answer 200 twice with the same version, the second change silently dropped.
    const versions = won.map((answer) => answer.body.version).sort((a, b) => a - b);
    expect(versions).toEqual(won.map((_, i) => version + 1 + i));
    expect(count(await streamTypes('program'), 'ProgramRulesChanged')).toBe(version + won.length);
    const last = won.find((answer) => answer.body.version === version + won.length)!;
    expect((await app.call('GET', '/v1/admin/rules')).body).toEqual(last.body);
    await app.call('PUT', '/v1/admin/rules', { body: { defaultRateBps: 1000 } });
  });
});
