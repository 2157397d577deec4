import {
  currencyExponent,
  PayPalPayoutsProvider,
  TransientProviderError,
} from '@threadtrak/payouts';
import { FakePayPalServer } from '../testing/fake-paypal.server';
import {
  describePayoutProviderContract,
  ProviderUnderTest,
  settle,
} from './payout-provider.contract';

const TIMEOUT_MS = 300;

function providerFor(
  paypal: FakePayPalServer,
  overrides: { clientSecret?: string; now?: () => number } = {},
) {
  return new PayPalPayoutsProvider({
    clientId: paypal.clientId,
    clientSecret: overrides.clientSecret ?? paypal.clientSecret,
    apiBase: paypal.url,
    timeoutMs: TIMEOUT_MS,
    now: overrides.now,
  });
}

/** '123.45' USD → 12345, without floats. */
function minorUnits(value: string, currency: string): number {
  const exponent = currencyExponent(currency);
  const [units, fraction = ''] = value.split('.');
  if (fraction.length > exponent) throw new Error(`${value} has more decimals than ${currency}`);
  return Number(
    BigInt(units) * 10n ** BigInt(exponent) + BigInt(fraction.padEnd(exponent, '0') || '0'),
  );
}

async function startPayPal(): Promise<ProviderUnderTest & { paypal: FakePayPalServer }> {
  const paypal = await FakePayPalServer.start();
  return {
    paypal,
    provider: providerFor(paypal),
    openAccount: (name) => ({ method: 'paypal', email: `${name}@example.com` }),
    closeAccount: (destination) => {
      if (destination.method === 'paypal') paypal.closedReceivers.add(destination.email);
    },
    paymentsFor: (payoutId) => paypal.transfersByKey.get(payoutId) ?? 0,
    amountPaid: (payoutId) => {
      const amount = paypal.batchOf(payoutId)?.item.amount;
      return (
        amount && {
          amountCents: minorUnits(amount.value, amount.currency),
          currency: amount.currency,
        }
      );
    },
    failNextWith500AfterPaying: () => (paypal.failNextWith500AfterTransfer = true),
    answerTooSlowly: (slow) => (paypal.delayMs = slow ? TIMEOUT_MS * 3 : 0),
    revokeCredentials: () => paypal.revokeCredentials(),
    close: () => paypal.close(),
  };
}

describePayoutProviderContract('PayPal Payouts', startPayPal);

describe('PayPal Payouts', () => {
  let under: Awaited<ReturnType<typeof startPayPal>>;
  beforeEach(async () => (under = await startPayPal()));
  afterEach(() => under.close());

  const payout = (payoutId: string, amountCents = 1_234, currency = 'USD') => ({
    payoutId,
    amountCents,
    currency,
    destination: { method: 'paypal' as const, email: 'ada@example.com' },
    affiliateId: 'aff_ada',
    firstAttempt: true,
  });

  it('posts one EMAIL item with the payout id as sender_batch_id and sender_item_id', async () => {
    const outcome = await under.provider.send(payout('po_wire'));

    expect(under.paypal.payoutRequests[0]).toMatchObject({
      sender_batch_header: { sender_batch_id: 'po_wire', email_subject: expect.any(String) },
      items: [
        {
          recipient_type: 'EMAIL',
          amount: { value: '12.34', currency: 'USD' },
          receiver: 'ada@example.com',
          sender_item_id: 'po_wire',
        },
      ],
    });
    expect(outcome).toEqual({
      status: 'pending',
      providerRef: under.paypal.batchOf('po_wire')!.payoutBatchId,
    });
  });

  it.each([
    [1, 'USD', '0.01'],
    [10, 'USD', '0.10'],
    [123_456_789, 'USD', '1234567.89'],
    [500, 'JPY', '500'],
    [700_00, 'HUF', '700'],
  ])('sends %i minor units of %s as the string %s', async (amountCents, currency, value) => {
    await under.provider.send(payout(`po_${currency}_${amountCents}`, amountCents, currency));
    expect(under.paypal.payoutRequests[0].items[0].amount).toEqual({ value, currency });
  });

  it('refuses a fraction of a forint (PayPal pays HUF in whole units) without calling PayPal', async () => {
    const outcome = await under.provider.send(payout('po_huf', 700_50, 'HUF'));
    expect(outcome).toMatchObject({
      status: 'failed',
      permanent: true,
      reason: expect.stringMatching(/whole units/),
    });
    expect(under.paypal.batches).toHaveLength(0);
  });

  it('stays pending while the batch is processing, then sent', async () => {
    under.paypal.pollsBeforeFinal = 3;
    const sent = await under.provider.send(payout('po_slow'));
    const ref = (sent as { providerRef: string }).providerRef;

    for (let poll = 0; poll < 3; poll++)
      expect(await under.provider.status('po_slow', ref)).toEqual({
        status: 'pending',
        providerRef: ref,
      });
    expect(await under.provider.status('po_slow', ref)).toEqual({
      status: 'sent',
      providerRef: ref,
    });
  });

  it('fetches one access token and reuses it until shortly before it expires', async () => {
    let now = 1_000_000;
    const provider = providerFor(under.paypal, { now: () => now });
    under.paypal.tokenExpiresInSeconds = 3_600;

    await provider.send(payout('po_t1'));
    now += 3_000_000;
    await provider.send(payout('po_t2'));
    expect(under.paypal.tokenRequests).toBe(1);

    now += 550_000; // 40 s before expiry
    await provider.send(payout('po_t3'));
    expect(under.paypal.tokenRequests).toBe(2);
  });

  it('a revoked access token is replaced once and the payout goes through', async () => {
    await under.provider.send(payout('po_before'));
    under.paypal.revokeTokens();

    expect(await under.provider.send(payout('po_after'))).toMatchObject({ status: 'pending' });
    expect(under.paypal.tokenRequests).toBe(2);
  });

  it('wrong client credentials need an operator, not a failed payout', async () => {
    const provider = providerFor(under.paypal, { clientSecret: 'wrong' });
    await expect(provider.send(payout('po_creds'))).rejects.toMatchObject({
      name: 'PayoutNeedsAttention',
      code: 'provider_auth',
    });
  });

  it('a duplicate refusal without a link to the original batch needs an operator', async () => {
    under.paypal.failNextWith500AfterTransfer = true;
    await expect(under.provider.send(payout('po_unlinked'))).rejects.toBeInstanceOf(
      TransientProviderError,
    );
    under.paypal.duplicateWithoutLink = true;

    await expect(under.provider.send(payout('po_unlinked'))).rejects.toMatchObject({
      code: 'duplicate_unresolved',
    });
    expect(under.paypal.transfersByKey.get('po_unlinked')).toBe(1);
  });

  it('an unreachable PayPal is transient', async () => {
    const url = under.paypal.url;
    await under.paypal.close();
    const provider = new PayPalPayoutsProvider({
      clientId: 'id',
      clientSecret: 'secret',
      apiBase: url,
    });
    await expect(provider.send(payout('po_down'))).rejects.toBeInstanceOf(TransientProviderError);
    under = await startPayPal(); // for afterEach
  });

  it('the status of a batch of another payout needs an operator', async () => {
    const sent = await under.provider.send(payout('po_mine'));
    const ref = (sent as { providerRef: string }).providerRef;
    await expect(under.provider.status('po_other', ref)).rejects.toMatchObject({
      code: 'payout_mismatch',
    });
    expect(await settle(under.provider, 'po_mine', sent)).toEqual({
      status: 'sent',
      providerRef: ref,
    });
  });
});
