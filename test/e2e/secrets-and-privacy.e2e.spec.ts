import { hashApiKey } from '@threadtrak/application';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FakeStripeServer } from '../../libs/payouts/testing/fake-stripe.server';
import { ADMIN_TOKEN, startTestApp, type TestApp, BROWSER } from './harness';

/**
 * Issue 8, "secrets and privacy": API keys are stored only as hashes and never logged; raw IPs and
 * customer emails are never stored; payout account details are masked in every answer and log line.
 * Checked on the bytes of the SQLite files (database and write-ahead log) and the process's whole output.
 */
describe('secrets and personal data stay out of the log, the answers and the output', () => {
  let app: TestApp & { output?: string };
  let stripe: FakeStripeServer;
  let jane: { affiliateId: string; apiKey: string };
  let max: { affiliateId: string; apiKey: string };
  const PAYPAL_EMAIL = 'jane.private.payouts@example.com';
  const STRIPE_ACCOUNT = 'acct_MaxSecretAcct9876';
  const SHOPPER_IP = '203.0.113.77';
  const CUSTOMER_EMAIL = 'customer.person@example.org';
  const answers: string[] = [];
  jest.setTimeout(60_000);

  beforeAll(async () => {
    stripe = await FakeStripeServer.start({ secretKey: 'sk_test_privacy' });
    app = await startTestApp(
      { TRUST_PROXY: 'true', STRIPE_SECRET_KEY: 'sk_test_privacy', STRIPE_API_BASE: stripe.url },
      '2026-06-01T12:00:00.000Z',
    );
    const call: TestApp['call'] = async (...args) => {
      const answer = await app.call(...args);
      answers.push(JSON.stringify(answer.body));
      return answer;
    };
    await call('PUT', '/v1/admin/rules', {
      body: {
        holdDays: 0,
        minPayoutCents: 1000,
        defaultRateBps: 1000,
        autoApproveBelowCents: 1_000_000,
      },
    });
    await call('PUT', '/v1/admin/products/lamp', {
      body: { name: 'Lamp', url: 'https://shop.test/lamp', eligible: true },
    });
    jane = (
      await call('POST', '/v1/admin/affiliates', {
        body: { name: 'Jane', email: 'jane@example.com', refCode: 'jane', productScope: 'all' },
      })
    ).body;
    max = (
      await call('POST', '/v1/admin/affiliates', {
        body: { name: 'Max', email: 'max@example.com', refCode: 'max', productScope: 'all' },
      })
    ).body;
    await call('PUT', '/v1/me/payout-account', {
      token: jane.apiKey,
      body: { method: 'paypal', email: PAYPAL_EMAIL },
    });
    await call('PUT', '/v1/me/payout-account', {
      token: max.apiKey,
      body: { method: 'stripe_connect', accountId: STRIPE_ACCOUNT },
    });
    for (const [who, refCode] of [
      [jane, 'jane'],
      [max, 'max'],
    ] as const) {
      const clicked = await fetch(`${app.baseUrl}/r/${refCode}/p/lamp`, {
        redirect: 'manual',
        headers: { ...BROWSER, 'x-forwarded-for': SHOPPER_IP },
      });
      const clickId = new URL(clicked.headers.get('location')!).searchParams.get('tt_click')!;
      await call('POST', '/v1/orders', {
        body: {
          orderId: `order-${refCode}`,
          paidAt: '2026-06-01T12:00:00Z',
          currency: 'USD',
          clickId,
          customerEmail: CUSTOMER_EMAIL,
          lines: [{ productId: 'lamp', quantity: 1, amountCents: 20000 }],
        },
      });
      await app.waitFor(async () => (await app.balances(who.affiliateId)).dueCents === 2000, 'due');
      await call('POST', '/v1/me/payouts', { token: who.apiKey });
    }
    // Max's payout goes out through Stripe Connect; Jane's waits for PayPal, which is not configured here.
    await app.waitFor(
      async () => (await app.balances(max.affiliateId)).paidCents === 2000,
      'the Stripe payout',
      20_000,
    );
    for (const [path, token] of [
      ['/v1/me', jane.apiKey],
      ['/v1/me', max.apiKey],
      ['/v1/me/payouts', jane.apiKey],
      ['/v1/me/payouts', max.apiKey],
      ['/v1/admin/affiliates', undefined],
      ['/v1/admin/payouts', undefined],
      ['/v1/admin/payouts/attention', undefined],
      ['/v1/admin/audit', undefined],
      ['/v1/admin/orders/order-jane', undefined],
      ['/readyz', undefined],
    ] as const) {
      await call('GET', path, { token });
    }
  });
  afterAll(async () => {
    await app?.close();
    await stripe?.close();
  });

  const storedBytes = () =>
    readdirSync(app.dir)
      .filter((name) => name.startsWith('events.db'))
      .map((name) => readFileSync(join(app.dir, name)).toString('latin1'))
      .join('\n');

  it('API keys are stored only as hashes, and neither they nor the admin token appear in the output', () => {
    const stored = storedBytes();
    for (const affiliate of [jane, max]) {
      expect(stored.includes(affiliate.apiKey)).toBe(false);
      // The secret is everything after `ttk_{affiliateId}_`: base64url may itself hold a `_`, and the
      // few characters after one of those turn up in any file by chance.
      const secret = affiliate.apiKey.slice(`ttk_${affiliate.affiliateId}_`.length);
      expect(secret).toHaveLength(32);
      expect(stored.includes(secret)).toBe(false);
      expect(stored.includes(hashApiKey(affiliate.apiKey))).toBe(true);
      expect(app.output!.includes(affiliate.apiKey)).toBe(false);
    }
    expect(app.output!.includes(ADMIN_TOKEN)).toBe(false);
    // Only the registration answers carry a key, once each.
    expect(answers.filter((answer) => answer.includes('ttk_'))).toHaveLength(2);
  });

  it('raw IPs and customer emails are never stored', () => {
    const stored = storedBytes();
    expect(stored.includes(SHOPPER_IP)).toBe(false);
    expect(stored.includes('127.0.0.1')).toBe(false);
    expect(stored.includes(CUSTOMER_EMAIL)).toBe(false);
    expect(stored.includes('ipHash')).toBe(true);
  });

  it('payout account details are masked in every answer and every output line', () => {
    expect(app.output!.length).toBeGreaterThan(0);
    for (const secret of [PAYPAL_EMAIL, 'jane.private.payouts', STRIPE_ACCOUNT, 'MaxSecretAcct']) {
      expect(answers.filter((answer) => answer.includes(secret))).toEqual([]);
      expect(app.output!.split('\n').filter((line) => line.includes(secret))).toEqual([]);
    }
    expect(answers.some((answer) => answer.includes('j***@example.com'))).toBe(true);
    expect(answers.some((answer) => answer.includes('acct_…9876'))).toBe(true);
    expect(stripe.transfers[0]).toMatchObject({ destination: STRIPE_ACCOUNT }); // the provider, and only it, gets the whole id
  });
});
