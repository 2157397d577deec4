import { startTestApp, type TestApp, BROWSER } from './harness';

describe('the affiliate program, end to end over HTTP', () => {
  let app: TestApp;
  beforeEach(async () => {
    app = await startTestApp();
  });
  jest.setTimeout(30_000);
  afterEach(async () => app.close());

  const setUpProgram = async () => {
    expect(
      (await app.call('PUT', '/v1/admin/rules', { body: { holdDays: 14, defaultRateBps: 1000 } }))
        .status,
    ).toBe(200);
    expect(
      (
        await app.call('PUT', '/v1/admin/products/tee', {
          body: {
            name: 'Tee',
            url: 'https://shop.test/tee',
            checkoutUrl: 'https://shop.test/checkout/tee',
            eligible: true,
            rateBps: 1250,
          },
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await app.call('PUT', '/v1/admin/products/gift-card', {
          body: { name: 'Gift card', url: 'https://shop.test/gift', eligible: false },
        })
      ).status,
    ).toBe(200);
    const registered = await app.call('POST', '/v1/admin/affiliates', {
      body: { name: 'Jane Doe', email: 'jane@example.com', refCode: 'jane', productScope: 'all' },
    });
    expect(registered.status).toBe(201);
    return registered.body as { affiliateId: string; refCode: string; apiKey: string };
  };

  it('a campaign purchase-link click, a paid order with its click id, a commission, and after the hold it is due', async () => {
    const jane = await setUpProgram();

    const click = await fetch(`${app.baseUrl}/r/jane/buy/tee?c=youtube-launch`, {
      redirect: 'manual',
      headers: { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0' },
    });
    expect(click.status).toBe(302);
    expect(click.headers.get('cache-control')).toBe('no-store');
    const location = new URL(click.headers.get('location')!);
    expect(location.origin + location.pathname).toBe('https://shop.test/checkout/tee');
    const clickId = location.searchParams.get('tt_click')!;
    expect(click.headers.get('set-cookie')).toMatch(
      /^tt_vid=[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{22}; Max-Age=2592000; Path=\/; HttpOnly; SameSite=Lax$/,
    );

    const order = await app.call('POST', '/v1/orders', {
      body: {
        orderId: 'ord-1',
        paidAt: '2026-01-10T12:00:00Z',
        currency: 'USD',
        clickId,
        lines: [
          { productId: 'tee', quantity: 3, amountCents: 999 },
          { productId: 'gift-card', quantity: 1, amountCents: 5000 },
        ],
      },
    });
    expect(order.status).toBe(201);
    // 999 × 12.5 % = 124.875 → 125; the gift card is not eligible.
    expect(order.body).toEqual({
      orderId: 'ord-1',
      attributed: true,
      affiliateId: jane.affiliateId,
      commissionCents: 125,
    });

    const explained = await app.call('GET', '/v1/admin/orders/ord-1');
    expect(explained.status).toBe(200);
    expect(explained.body.attribution).toMatchObject({
      clickId,
      linkKind: 'purchase',
      campaign: 'youtube-launch',
      rulesVersion: 1,
      model: 'last_click',
    });
    expect(
      explained.body.attribution.lines.map((line: { outcome: string }) => line.outcome),
    ).toEqual(['earns', 'ineligible']);

    expect(await app.balances(jane.affiliateId)).toMatchObject({
      earnedCents: 125,
      pendingCents: 125,
      dueCents: 0,
    });

    // 13 days later the hold (14 days) is not over: the scheduler, ticking every 100 ms, leaves it pending.
    app.setNow('2026-01-23T12:00:00Z');
    await new Promise((r) => setTimeout(r, 400));
    expect(await app.balances(jane.affiliateId)).toMatchObject({ pendingCents: 125, dueCents: 0 });
    app.setNow('2026-01-24T12:00:00Z');
    await app.waitFor(
      async () => (await app.balances(jane.affiliateId)).dueCents === 125,
      'the commission to become due',
    );
    await new Promise((r) => setTimeout(r, 300));
    expect(await app.balances(jane.affiliateId)).toMatchObject({
      earnedCents: 125,
      pendingCents: 0,
      dueCents: 125,
    });
  });

  it('the same order posted again answers the same with 200; another body under its id is a 409', async () => {
    await setUpProgram();
    const body = {
      orderId: 'ord-2',
      paidAt: '2026-01-10T11:00:00Z',
      currency: 'USD',
      lines: [{ productId: 'tee', quantity: 1, amountCents: 2000 }],
    };
    const first = await app.call('POST', '/v1/orders', { body });
    const again = await app.call('POST', '/v1/orders', { body });
    expect([first.status, again.status]).toEqual([201, 200]);
    expect(again.body).toEqual(first.body);
    const head = await app.head();
    const other = await app.call('POST', '/v1/orders', {
      body: { ...body, lines: [{ productId: 'tee', quantity: 1, amountCents: 2001 }] },
    });
    expect(other.status).toBe(409);
    expect(other.body.error.code).toBe('order_conflict');
    expect(await app.head()).toBe(head);
  });

  it('an order in another currency is refused with 422 currency_mismatch and changes nothing', async () => {
    await setUpProgram();
    const head = await app.call('GET', '/readyz');
    const refused = await app.call('POST', '/v1/orders', {
      body: {
        orderId: 'ord-eur',
        paidAt: '2026-01-10T11:00:00Z',
        currency: 'EUR',
        lines: [{ productId: 'tee', quantity: 1, amountCents: 2000 }],
      },
    });
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('currency_mismatch');
    expect(await app.head()).toBe(head.body.headPosition);
  });

  it('a refund of one line reverses that line’s share of the commission, and a refund posted twice counts once', async () => {
    const jane = await setUpProgram();
    const click = await fetch(`${app.baseUrl}/r/jane`, { redirect: 'manual', headers: BROWSER });
    const clickId = new URL(click.headers.get('location')!).searchParams.get('tt_click')!;
    await app.call('POST', '/v1/orders', {
      body: {
        orderId: 'ord-3',
        paidAt: '2026-01-10T12:00:00Z',
        currency: 'USD',
        clickId,
        lines: [{ productId: 'tee', quantity: 2, amountCents: 4000 }],
      },
    });
    const refund = {
      refundId: 'rf-1',
      refundedAt: '2026-01-11T12:00:00Z',
      lines: [{ productId: 'tee', amountCents: 1000 }],
    };
    expect((await app.call('POST', '/v1/orders/ord-3/refunds', { body: refund })).status).toBe(201);
    expect((await app.call('POST', '/v1/orders/ord-3/refunds', { body: refund })).status).toBe(200);
    // 4000 × 12.5 % = 500; a quarter of the line refunded → 125 reversed.
    expect(await app.balances(jane.affiliateId)).toMatchObject({
      earnedCents: 500,
      reversedCents: 125,
      pendingCents: 375,
    });
  });

  it('a refund that arrives before its order is kept and applied when the order arrives', async () => {
    const jane = await setUpProgram();
    const click = await fetch(`${app.baseUrl}/r/jane`, { redirect: 'manual', headers: BROWSER });
    const clickId = new URL(click.headers.get('location')!).searchParams.get('tt_click')!;
    expect(
      (
        await app.call('POST', '/v1/orders/ord-4/refunds', {
          body: { refundId: 'early', refundedAt: '2026-01-10T12:30:00Z', amountCents: 1000 },
        })
      ).status,
    ).toBe(201);
    await app.call('POST', '/v1/orders', {
      body: {
        orderId: 'ord-4',
        paidAt: '2026-01-10T12:00:00Z',
        currency: 'USD',
        clickId,
        lines: [{ productId: 'tee', quantity: 1, amountCents: 4000 }],
      },
    });
    expect(await app.balances(jane.affiliateId)).toMatchObject({
      earnedCents: 500,
      reversedCents: 125,
      pendingCents: 375,
    });
  });

  it('a bot click redirects like any other but never earns', async () => {
    await setUpProgram();
    const click = await fetch(`${app.baseUrl}/r/jane`, {
      redirect: 'manual',
      headers: { 'user-agent': 'facebookexternalhit/1.1' },
    });
    expect(click.status).toBe(302);
    const clickId = new URL(click.headers.get('location')!).searchParams.get('tt_click')!;
    const order = await app.call('POST', '/v1/orders', {
      body: {
        orderId: 'ord-5',
        paidAt: '2026-01-10T12:00:00Z',
        currency: 'USD',
        clickId,
        lines: [{ productId: 'tee', quantity: 1, amountCents: 4000 }],
      },
    });
    expect(order.body).toEqual({ orderId: 'ord-5', attributed: false, commissionCents: 0 });
  });

  it('unknown ref codes and products send the shopper to the shop and record nothing', async () => {
    await setUpProgram();
    const head = await app.head();
    for (const path of [
      '/r/nobody',
      '/r/jane/p/no-such-product',
      '/r/jane/buy/no-such-product',
      '/r/..%2F..%2Fetc',
      '/r/JA NE',
    ]) {
      const response = await fetch(`${app.baseUrl}${path}`, { redirect: 'manual' });
      expect(response.status).toBe(302);
      expect(response.headers.get('location')).toBe('https://shop.test/');
    }
    expect(await app.head()).toBe(head);
  });

  it('a suspended affiliate’s links go to the shop and record nothing', async () => {
    const jane = await setUpProgram();
    expect(
      (
        await app.call('PATCH', `/v1/admin/affiliates/${jane.affiliateId}`, {
          body: { status: 'suspended' },
        })
      ).status,
    ).toBe(200);
    const head = await app.head();
    const response = await fetch(`${app.baseUrl}/r/jane`, { redirect: 'manual', headers: BROWSER });
    expect(response.headers.get('location')).toBe('https://shop.test/');
    expect(await app.head()).toBe(head);
  });
});
