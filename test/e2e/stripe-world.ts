import Stripe from 'stripe';
import { FakeStripeServer } from '../../libs/payouts/testing/fake-stripe.server';
import { startTestApp, type TestApp } from './harness';

export const WEBHOOK_SECRET = 'whsec_e2e_commerce';
const SECRET_KEY = 'sk_test_e2e_commerce';
const signer = new Stripe(SECRET_KEY);
let eventCounter = 0;

export interface StripeWorld {
  app: TestApp;
  stripe: FakeStripeServer;
  /** Signs and posts one Stripe event of `type` about `object` (a new event id unless given). */
  webhook(
    type: string,
    object: object,
    options?: { id?: string; created?: number },
  ): Promise<{ status: number; body: any }>;
  /** A click through the affiliate's canonical link: the `tt_click` the shop's landing URL gets. */
  click(refCode: string): Promise<string>;
  /** Clicks of one visitor (one browser, its tt_vid cookie kept) through each affiliate's link in turn. */
  clicksOfOneVisitor(refCodes: string[]): Promise<string[]>;
  close(): Promise<void>;
}

/** The real app (compiled, own process) pointed at the fake Stripe, with Stripe webhooks on. */
export const startStripeWorld = async (now = '2026-01-10T12:00:00.000Z'): Promise<StripeWorld> => {
  const stripe = await FakeStripeServer.start({ secretKey: SECRET_KEY });
  const app = await startTestApp(
    {
      STRIPE_SECRET_KEY: SECRET_KEY,
      STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
      STRIPE_API_BASE: stripe.url,
    },
    now,
  );
  return {
    app,
    stripe,
    async webhook(type, object, options = {}) {
      const created = options.created ?? Math.floor(Date.parse(now) / 1000);
      const event = {
        id: options.id ?? `evt_e2e_${++eventCounter}`,
        object: 'event',
        api_version: '2026-10-28.endive',
        created,
        livemode: false,
        pending_webhooks: 1,
        request: { id: null, idempotency_key: null },
        type,
        data: { object },
      };
      const payload = JSON.stringify(event);
      const signature = signer.webhooks.generateTestHeaderString({
        payload,
        secret: WEBHOOK_SECRET,
      });
      return app.call('POST', '/v1/webhooks/stripe', {
        raw: payload,
        token: null,
        headers: { 'stripe-signature': signature },
      });
    },
    async click(refCode) {
      const response = await fetch(`${app.baseUrl}/r/${refCode}`, {
        redirect: 'manual',
        headers: { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0' },
      });
      const clickId = new URL(response.headers.get('location')!).searchParams.get('tt_click');
      if (!clickId) throw new Error(`no tt_click in ${response.headers.get('location')}`);
      return clickId;
    },
    async clicksOfOneVisitor(refCodes) {
      let cookie = '';
      const clickIds: string[] = [];
      // One second apart and before now: the app's clock is frozen, and clicks at one instant would be
      // ordered by their (random) click ids.
      for (const [i, refCode] of refCodes.entries()) {
        app.setNow(new Date(Date.parse(now) - (refCodes.length - i) * 1000));
        const response = await fetch(`${app.baseUrl}/r/${refCode}`, {
          redirect: 'manual',
          headers: { 'user-agent': 'Mozilla/5.0 Firefox/130.0', ...(cookie ? { cookie } : {}) },
        });
        cookie ||= (response.headers.get('set-cookie') ?? '').split(';')[0]!;
        clickIds.push(new URL(response.headers.get('location')!).searchParams.get('tt_click')!);
      }
      app.setNow(now);
      return clickIds;
    },
    async close() {
      await app.close();
      await stripe.close();
    },
  };
};
