import { FakeStripeServer } from '../../libs/payouts/testing/fake-stripe.server';
import Stripe from 'stripe';
import { startTestApp, type TestApp } from './harness';

const PASSWORD = 'correct horse battery';
const WEBHOOK_SECRET = 'whsec_portal_e2e';

/** A browser's view: the session cookie it was given, and the CSRF token the portal keeps. */
interface Visitor {
  cookie: string;
  csrfToken: string;
}

describe('portal people: invites, passwords, sessions, CSRF, login throttling', () => {
  let app: TestApp;
  let stripe: FakeStripeServer;
  jest.setTimeout(120_000);

  beforeAll(async () => {
    stripe = await FakeStripeServer.start({ secretKey: 'sk_test_portal' });
    // Behind a proxy, so each test logs in from its own address and the per-IP limit stays out of its way.
    app = await startTestApp({
      STRIPE_SECRET_KEY: 'sk_test_portal',
      STRIPE_API_BASE: stripe.url,
      STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
      TRUST_PROXY: 'true',
    });
  });
  afterAll(async () => {
    await app.close();
    await stripe.close();
  });

  const register = async (name: string) => {
    const answer = await app.call('POST', '/v1/admin/affiliates', {
      body: { name, email: `${name}@example.com`, productScope: 'all' },
    });
    expect(answer.status).toBe(201);
    return answer.body as { affiliateId: string; inviteUrl: string; apiKey: string };
  };
  const tokenOf = (inviteUrl: string) => inviteUrl.split('/portal/invite/')[1]!;
  const accept = (token: string, password = PASSWORD) =>
    app.call('POST', '/v1/auth/invite', { token: null, body: { token, password } });
  let address = 0;
  beforeEach(() => address++);
  const login = (email: string, password = PASSWORD, headers: Record<string, string> = {}) =>
    app.call('POST', '/v1/auth/login', {
      token: null,
      body: { email, password },
      headers: { 'x-forwarded-for': `198.51.100.${address}`, ...headers },
    });
  const loggedIn = async (name: string): Promise<Visitor & { affiliateId: string }> => {
    const { affiliateId, inviteUrl } = await register(name);
    expect((await accept(tokenOf(inviteUrl))).status).toBe(200);
    const answer = await login(`${name}@example.com`);
    expect(answer.status).toBe(200);
    return {
      affiliateId,
      cookie: answer.headers.get('set-cookie')!.split(';')[0]!,
      csrfToken: answer.body.csrfToken,
    };
  };
  const asVisitor = (
    visitor: Visitor,
    method: string,
    path: string,
    body?: unknown,
    withCsrf = true,
  ) =>
    app.call(method, path, {
      token: null,
      body,
      headers: {
        cookie: visitor.cookie,
        ...(withCsrf ? { 'x-csrf-token': visitor.csrfToken } : {}),
      },
    });

  it('registration answers a one-use invite URL for the portal, valid for 7 days', async () => {
    const { inviteUrl } = await register('ivy');
    expect(inviteUrl).toMatch(
      /^http:\/\/links\.test\/portal\/invite\/aff_[a-z0-9]{16}\.[A-Za-z0-9_-]{43}$/,
    );
    expect((await accept(tokenOf(inviteUrl))).status).toBe(200);
    const again = await accept(tokenOf(inviteUrl), 'another long password');
    expect(again.status).toBe(422);
    expect(again.body.error.code).toBe('invite_used');
    expect((await login('ivy@example.com', 'another long password')).status).toBe(401);
  });

  it('an invite past its 7 days is refused, and a new invite works while the old one stops', async () => {
    const { affiliateId, inviteUrl } = await register('otto');
    app.setNow('2026-01-17T12:00:00.001Z');
    try {
      expect((await accept(tokenOf(inviteUrl))).body.error.code).toBe('invite_expired');
      const fresh = await app.call('POST', `/v1/admin/affiliates/${affiliateId}/invite`);
      expect(fresh.status).toBe(201);
      expect((await accept(tokenOf(inviteUrl))).body.error.code).toBe('invite_invalid');
      expect((await accept(tokenOf(fresh.body.inviteUrl))).status).toBe(200);
    } finally {
      app.setNow('2026-01-10T12:00:00.000Z');
    }
  });

  it('a short password is refused next to its field and changes nothing', async () => {
    const { inviteUrl } = await register('sam');
    const short = await accept(tokenOf(inviteUrl), 'short');
    expect(short.status).toBe(400);
    expect(short.body.error.details).toEqual([
      { field: 'password', problems: ['Choose a password of at least 10 characters.'] },
    ]);
    expect((await accept(tokenOf(inviteUrl))).status).toBe(200);
  });

  it('only the admin issues invites', async () => {
    const { affiliateId, apiKey } = await register('nina');
    expect(
      (await app.call('POST', `/v1/admin/affiliates/${affiliateId}/invite`, { token: apiKey }))
        .status,
    ).toBe(403);
    expect(
      (await app.call('POST', '/v1/admin/affiliates/aff_0000000000000000/invite')).status,
    ).toBe(404);
  });

  it('the invite stores only hashes in the log', async () => {
    const { affiliateId, inviteUrl } = await register('hana');
    await accept(tokenOf(inviteUrl));
    const stored: unknown[] = [];
    for await (const event of app.store.readStream(`access-${affiliateId}`))
      stored.push(event.data);
    expect(stored).toHaveLength(2);
    expect(JSON.stringify(stored)).not.toContain(tokenOf(inviteUrl).split('.')[1]);
    expect(JSON.stringify(stored)).not.toContain(PASSWORD);
    expect(JSON.stringify(stored)).toContain('$argon2id$');
  });

  it('login gives an HttpOnly SameSite=Lax session cookie that opens /v1/me like the key', async () => {
    const { affiliateId, inviteUrl } = await register('lea');
    await accept(tokenOf(inviteUrl));
    const answer = await login('LEA@example.com');
    expect(answer.status).toBe(200);
    const cookie = answer.headers.get('set-cookie')!;
    expect(cookie).toMatch(
      /^tt_session=tts_[A-Za-z0-9_-]{43}; Path=\/; Expires=.*; HttpOnly; SameSite=Lax$/,
    );
    expect(cookie).not.toContain('Secure');
    const visitor = { cookie: cookie.split(';')[0]!, csrfToken: answer.body.csrfToken };
    const me = await asVisitor(visitor, 'GET', '/v1/me');
    expect(me.status).toBe(200);
    expect(me.body.affiliateId).toBe(affiliateId);
    expect((await asVisitor(visitor, 'GET', '/v1/auth/session')).body).toMatchObject({
      affiliateId,
      csrfToken: visitor.csrfToken,
    });
  });

  it('the cookie is Secure when the request came over https', async () => {
    const { inviteUrl } = await register('tia');
    await accept(tokenOf(inviteUrl));
    const answer = await login('tia@example.com', PASSWORD, { 'x-forwarded-proto': 'https' });
    expect(answer.headers.get('set-cookie')).toMatch(/; HttpOnly; Secure; SameSite=Lax$/);
  });

  it('a wrong password and an unknown email get the same 401', async () => {
    const { inviteUrl } = await register('zoe');
    await accept(tokenOf(inviteUrl));
    const wrong = await login('zoe@example.com', 'not the password');
    const unknown = await login('nobody@example.com', 'not the password');
    expect([wrong.status, unknown.status]).toEqual([401, 401]);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.headers.get('set-cookie')).toBeNull();
  });

  it('a write made with the cookie needs the session’s CSRF header, and changes nothing without it', async () => {
    const visitor = await loggedIn('cara');
    const forged = await asVisitor(
      visitor,
      'PUT',
      '/v1/me/payout-account',
      { method: 'paypal', email: 'thief@example.com' },
      false,
    );
    expect(forged.status).toBe(403);
    expect(forged.body.error.code).toBe('csrf_token_invalid');
    const wrongToken = await app.call('PUT', '/v1/me/payout-account', {
      token: null,
      body: { method: 'paypal', email: 'thief@example.com' },
      headers: { cookie: visitor.cookie, 'x-csrf-token': 'guess' },
    });
    expect(wrongToken.status).toBe(403);
    expect((await asVisitor(visitor, 'GET', '/v1/me')).body.payoutAccount).toBeNull();
    const real = await asVisitor(visitor, 'PUT', '/v1/me/payout-account', {
      method: 'paypal',
      email: 'cara@example.com',
    });
    expect(real.status).toBe(200);
  });

  it('logout ends the session: the cookie no longer opens anything', async () => {
    const visitor = await loggedIn('lou');
    expect((await asVisitor(visitor, 'POST', '/v1/auth/logout')).status).toBe(204);
    expect((await asVisitor(visitor, 'GET', '/v1/me')).status).toBe(401);
    expect((await asVisitor(visitor, 'GET', '/v1/auth/session')).status).toBe(401);
  });

  it('a suspended affiliate is logged out (403 affiliate_suspended), and stays out after reactivation', async () => {
    const visitor = await loggedIn('sue');
    await app.call('PATCH', `/v1/admin/affiliates/${visitor.affiliateId}`, {
      body: { status: 'suspended' },
    });
    const refused = await app.waitFor(async () => {
      const answer = await asVisitor(visitor, 'GET', '/v1/me');
      return answer.status === 403 ? answer : undefined;
    }, 'the suspension to reach the session');
    expect(refused.body.error.code).toBe('affiliate_suspended');
    expect((await login('sue@example.com')).status).toBe(401);
    await app.call('PATCH', `/v1/admin/affiliates/${visitor.affiliateId}`, {
      body: { status: 'active' },
    });
    await app.waitFor(async () => (await login('sue@example.com')).status === 200, 'reactivation');
    expect((await asVisitor(visitor, 'GET', '/v1/me')).status).toBe(401);
  });

  it('login attempts are limited per account: the 11th in 15 minutes is refused even with the right password', async () => {
    const { inviteUrl } = await register('rex');
    await accept(tokenOf(inviteUrl));
    for (let attempt = 0; attempt < 10; attempt++) {
      // From changing addresses: the account's own limit holds whatever the IP.
      expect(
        (
          await login('rex@example.com', 'wrong password!', {
            'x-forwarded-for': `203.0.113.${attempt}`,
          })
        ).status,
      ).toBe(401);
    }
    const limited = await login('rex@example.com', PASSWORD);
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('too_many_requests');
    expect(limited.body.error.message).toMatch(/^Too many login attempts\. Try again in /);
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(limited.headers.get('set-cookie')).toBeNull();
  });

  it('login attempts are limited per IP: the 31st in 15 minutes is refused, other addresses still log in', async () => {
    for (let attempt = 0; attempt < 30; attempt++)
      expect((await login(`guess${attempt}@example.com`, 'wrong password!')).status).toBe(401);
    expect((await login('guess99@example.com', 'wrong password!')).status).toBe(429);
    const { inviteUrl } = await register('ada');
    await accept(tokenOf(inviteUrl));
    expect(
      (await login('ada@example.com', PASSWORD, { 'x-forwarded-for': '192.0.2.200' })).status,
    ).toBe(200);
  });

  it('Connect Stripe: an Express account and an Account Link; the account is saved when Stripe says transfers are active', async () => {
    const visitor = await loggedIn('cody');
    const started = await asVisitor(visitor, 'PUT', '/v1/me/payout-account', {
      method: 'stripe_connect',
    });
    expect(started.status).toBe(200);
    expect(started.body.onboardingUrl).toMatch(new RegExp(`^${stripe.url}/setup/e/acct_`));
    const account = stripe.accounts.at(-1)!;
    expect(account).toMatchObject({
      type: 'express',
      email: 'cody@example.com',
      metadata: { affiliateId: visitor.affiliateId },
    });
    const link = stripe.requests.find((request) => request.path === '/v1/account_links')!;
    expect(link.params).toMatchObject({
      account: account.id,
      type: 'account_onboarding',
      return_url: 'http://links.test/portal/payout-account?stripe=return',
    });

    const signedEvent = async (id: string, object: object) => {
      const payload = JSON.stringify({
        id,
        object: 'event',
        type: 'account.updated',
        created: Math.floor(Date.now() / 1000),
        api_version: '2025-01-01',
        livemode: false,
        pending_webhooks: 1,
        request: null,
        data: { object },
      });
      const signature = new Stripe('sk_test_portal').webhooks.generateTestHeaderString({
        payload,
        secret: WEBHOOK_SECRET,
      });
      return app.call('POST', '/v1/webhooks/stripe', {
        raw: payload,
        token: null,
        headers: { 'stripe-signature': signature },
      });
    };
    expect((await signedEvent('evt_1', account)).body.account).toBe('transfers not active yet');
    expect((await asVisitor(visitor, 'GET', '/v1/me')).body.payoutAccount).toBeNull();
    expect((await signedEvent('evt_2', stripe.completeOnboarding(account.id))).body.account).toBe(
      'saved',
    );
    const me = await app.waitFor(async () => {
      const answer = await asVisitor(visitor, 'GET', '/v1/me');
      return answer.body.payoutAccount ? answer : undefined;
    }, 'the Stripe account to be saved');
    expect(me.body.payoutAccount).toEqual({
      method: 'stripe_connect',
      accountId: `acct_…${account.id.slice(-4)}`,
    });
  });

  it('the program’s rules and the products in scope are readable by the affiliate', async () => {
    await app.call('PUT', '/v1/admin/products/mug', {
      body: { name: 'Mug', url: 'https://shop.test/mug', eligible: true, rateBps: 1500 },
    });
    await app.call('PUT', '/v1/admin/products/hidden', {
      body: { name: 'Hidden', url: 'https://shop.test/h', eligible: false },
    });
    const { apiKey } = await register('pia');
    const program = await app.call('GET', '/v1/me/program', { token: apiKey });
    expect(program.status).toBe(200);
    expect(program.body).toMatchObject({
      currency: 'USD',
      cookieWindowDays: 30,
      holdDays: 30,
      minPayoutCents: 5000,
      rateBps: 1000,
    });
    expect(program.body.products).toEqual([
      { productId: 'mug', name: 'Mug', url: 'https://shop.test/mug', rateBps: 1500 },
    ]);
  });
});
