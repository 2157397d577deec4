import type { Deployment } from './deployment';

export interface Affiliate {
  affiliateId: string;
  apiKey: string;
  refCode: string;
}

/** Rules, three products and `count` affiliates with Stripe Connect payout accounts, through the HTTP api. */
export const setUpProgram = async (
  deployment: Deployment,
  count: number,
  rules: Record<string, unknown> = {},
): Promise<Affiliate[]> => {
  const ok = <T extends { status: number; body: any }>(response: T, what: string): T => {
    if (response.status >= 300)
      throw new Error(`${what}: ${response.status} ${JSON.stringify(response.body)}`);
    return response;
  };
  ok(
    await deployment.call('PUT', '/v1/admin/rules', {
      body: { defaultRateBps: 1000, holdDays: 1, minPayoutCents: 1000, ...rules },
    }),
    'rules',
  );
  for (const productId of ['mug', 'tee', 'desk']) {
    ok(
      await deployment.call('PUT', `/v1/admin/products/${productId}`, {
        body: { name: productId, url: `https://shop.test/${productId}`, eligible: true },
      }),
      productId,
    );
  }
  const affiliates: Affiliate[] = [];
  for (let i = 0; i < count; i++) {
    const refCode = `aff-${i}`;
    const { body } = ok(
      await deployment.call('POST', '/v1/admin/affiliates', {
        body: {
          name: `Affiliate ${i}`,
          email: `aff${i}@example.com`,
          refCode,
          productScope: 'all',
        },
      }),
      refCode,
    );
    ok(
      await deployment.call('PUT', '/v1/me/payout-account', {
        token: body.apiKey,
        body: { method: 'stripe_connect', accountId: `acct_${String(i).padStart(10, '0')}` },
      }),
      'payout account',
    );
    affiliates.push({ affiliateId: body.affiliateId, apiKey: body.apiKey, refCode });
  }
  return affiliates;
};

/** Runs `task` over `items` with at most `concurrency` at once. */
export const inParallel = async <T>(
  items: T[],
  concurrency: number,
  task: (item: T, index: number) => Promise<void>,
): Promise<void> => {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) {
        const index = next++;
        await task(items[index]!, index);
      }
    }),
  );
};

const SHOPPER_BROWSER = 'Mozilla/5.0 (X11; Linux x86_64; rv:130.0) Gecko/20100101 Firefox/130.0';

/** A shopper's click through an affiliate's product link: the click id from the 302's Location. */
export const click = async (
  deployment: Deployment,
  refCode: string,
  productId: string,
  campaign?: string,
): Promise<string> => {
  for (let attempt = 0; ; attempt++) {
    try {
      const response = await fetch(
        `${deployment.baseUrl}/r/${refCode}/p/${productId}${campaign ? `?c=${campaign}` : ''}`,
        // A browser's user agent: Node's fetch is recognised as a bot, whose clicks never earn.
        { redirect: 'manual', headers: { 'user-agent': SHOPPER_BROWSER } },
      );
      await response.arrayBuffer();
      const clickId = new URL(response.headers.get('location')!).searchParams.get('tt_click');
      if (clickId) return clickId;
      throw new Error(`no click id in ${response.headers.get('location')}`);
    } catch (error) {
      if (attempt > 20) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
};
