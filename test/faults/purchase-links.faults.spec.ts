import { FakeStripeServer } from '../../libs/payouts/testing/fake-stripe.server';
import { BROWSER, startTestApp, type TestApp } from '../e2e/harness';

/** Purchase links land whatever Stripe does: an error or silence sends the shopper to the product's checkout page. */
describe('purchase links that always land', () => {
  let stripe: FakeStripeServer;
  let app: TestApp;
  jest.setTimeout(60_000);

  beforeAll(async () => {
    stripe = await FakeStripeServer.start({ secretKey: 'sk_test_links' });
    app = await startTestApp({ STRIPE_SECRET_KEY: 'sk_test_links', STRIPE_API_BASE: stripe.url });
    await app.call('PUT', '/v1/admin/rules', { body: {} });
    await app.call('PUT', '/v1/admin/products/tee', {
      body: {
        name: 'Tee',
        url: 'https://shop.test/tee',
        checkoutUrl: 'https://shop.test/checkout/tee',
        stripePriceId: 'price_tee',
        eligible: true,
      },
    });
    await app.call('POST', '/v1/admin/affiliates', {
      body: { name: 'Jane', email: 'jane@example.com', refCode: 'jane', productScope: 'all' },
    });
  });
  afterAll(async () => {
    await app?.close();
    await stripe?.close();
  });

  const buy = async (headers: Record<string, string> = {}) => {
    const started = Date.now();
    const response = await fetch(`${app.baseUrl}/r/jane/buy/tee`, {
      redirect: 'manual',
      headers: { ...BROWSER, ...headers },
    });
    const location = new URL(response.headers.get('location')!);
    const cookie = /tt_vid=([^;]*)/.exec(response.headers.get('set-cookie') ?? '')?.[1];
    return {
      status: response.status,
      location,
      clickId: location.searchParams.get('tt_click')!,
      cookie,
      ms: Date.now() - started,
    };
  };
  const recorded = async (clickId: string) => {
    for await (const event of app.store.readAll())
      if (event.type === 'ClickRecorded' && (event.data as { clickId: string }).clickId === clickId)
        return true;
    return false;
  };

  it.each([
    [500, 'api_error'],
    [429, 'rate_limit_error'],
    [400, 'invalid_request_error'],
  ])(
    'Stripe answering %i: 302 to the product checkout page, the click recorded',
    async (status, type) => {
      stripe.failNextWith = { status, type };
      const bought = await buy();
      expect(bought.status).toBe(302);
      expect(`${bought.location.origin}${bought.location.pathname}`).toBe(
        'https://shop.test/checkout/tee',
      );
      expect(await recorded(bought.clickId)).toBe(true);
    },
  );

  it('Stripe hanging: 302 to the product checkout page within 3.5 s, the click recorded', async () => {
    stripe.checkoutDelayMs = 10_000;
    try {
      const bought = await buy();
      expect(bought.status).toBe(302);
      expect(bought.ms).toBeLessThan(3_500);
      expect(`${bought.location.origin}${bought.location.pathname}`).toBe(
        'https://shop.test/checkout/tee',
      );
      expect(await recorded(bought.clickId)).toBe(true);
    } finally {
      stripe.checkoutDelayMs = 0;
    }
  });

  it('one session per visitor and product is reused while open: the second click opens no new session', async () => {
    const before = stripe.checkoutSessions.length;
    const first = await buy();
    expect(first.location.origin).toBe('https://checkout.stripe.test');
    const second = await buy({ cookie: `tt_vid=${first.cookie}` });
    expect(second.location.pathname).toBe(first.location.pathname);
    expect(stripe.checkoutSessions.length).toBe(before + 1);
    expect(await recorded(second.clickId)).toBe(true);
  });

  it('a bot never creates a session', async () => {
    const before = stripe.checkoutSessions.length;
    const bought = await buy({
      'user-agent': 'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)',
    });
    expect(`${bought.location.origin}${bought.location.pathname}`).toBe(
      'https://shop.test/checkout/tee',
    );
    expect(stripe.checkoutSessions.length).toBe(before);
  });
});
