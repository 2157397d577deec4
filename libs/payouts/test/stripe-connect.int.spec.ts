import {
  PayoutNeedsAttention,
  StripeConnectProvider,
  TransientProviderError,
} from '@threadtrak/payouts';
import { FakeStripeServer } from '../testing/fake-stripe.server';
import { describePayoutProviderContract, ProviderUnderTest } from './payout-provider.contract';

const TIMEOUT_MS = 300;

function providerFor(
  stripe: FakeStripeServer,
  secretKey = stripe.secretKey,
): StripeConnectProvider {
  return new StripeConnectProvider({
    secretKey,
    apiBase: `http://127.0.0.1:${stripe.port}`,
    timeoutMs: TIMEOUT_MS,
  });
}

async function startStripe(): Promise<ProviderUnderTest & { stripe: FakeStripeServer }> {
  const stripe = await FakeStripeServer.start();
  return {
    stripe,
    provider: providerFor(stripe),
    openAccount: (name) => ({ method: 'stripe_connect', accountId: `acct_${name}` }),
    closeAccount: (destination) => {
      if (destination.method === 'stripe_connect') stripe.closedAccounts.add(destination.accountId);
    },
    paymentsFor: (payoutId) => stripe.transfersByKey.get(payoutId) ?? 0,
    amountPaid: (payoutId) => {
      const [transfer] = stripe.transfersIn(payoutId);
      return (
        transfer && { amountCents: transfer.amount, currency: transfer.currency.toUpperCase() }
      );
    },
    failNextWith500AfterPaying: () => (stripe.failNextWith500AfterTransfer = true),
    answerTooSlowly: (slow) => (stripe.delayMs = slow ? TIMEOUT_MS * 3 : 0),
    revokeCredentials: () => (stripe.keyRevoked = true),
    close: () => stripe.close(),
  };
}

describePayoutProviderContract('Stripe Connect', startStripe);

describe('Stripe Connect transfers', () => {
  let under: Awaited<ReturnType<typeof startStripe>>;
  beforeEach(async () => (under = await startStripe()));
  afterEach(() => under.close());

  const payout = (payoutId: string, accountId = 'acct_ada') => ({
    payoutId,
    amountCents: 2_500,
    currency: 'EUR',
    destination: { method: 'stripe_connect' as const, accountId },
    affiliateId: 'aff_ada',
    firstAttempt: true,
  });

  it('creates the transfer with the payout id as idempotency key and transfer group', async () => {
    const outcome = await under.provider.send(payout('po_wire'));

    const create = under.stripe.requests.find((r) => r.method === 'POST');
    expect(create).toMatchObject({
      path: '/v1/transfers',
      idempotencyKey: 'po_wire',
      params: {
        amount: '2500',
        currency: 'eur',
        destination: 'acct_ada',
        transfer_group: 'po_wire',
        'metadata[payoutId]': 'po_wire',
        'metadata[affiliateId]': 'aff_ada',
      },
    });
    expect(outcome).toEqual({ status: 'sent', providerRef: under.stripe.transfers[0].id });
  });

  it('two sends of the same payout racing each other create one transfer', async () => {
    const outcomes = await Promise.all([
      under.provider.send(payout('po_race')),
      under.provider.send(payout('po_race')),
    ]);

    expect(outcomes[0]).toEqual(outcomes[1]);
    // Both looked the payout up before either created it: the idempotency key is what held.
    expect(under.stripe.requests.filter((r) => r.method === 'POST')).toHaveLength(2);
    expect(under.stripe.transfersIn('po_race')).toHaveLength(1);
  });

  it('a retry after Stripe pruned the idempotency key (24 h) still pays once', async () => {
    under.stripe.failNextWith500AfterTransfer = true;
    await expect(under.provider.send(payout('po_late'))).rejects.toBeInstanceOf(
      TransientProviderError,
    );
    under.stripe.forgetIdempotencyKeys();

    expect(await under.provider.send(payout('po_late'))).toMatchObject({ status: 'sent' });
    expect(under.stripe.transfersIn('po_late')).toHaveLength(1);
  });

  it('a payout id reused for another amount after a refusal is an idempotency error that needs an operator', async () => {
    under.stripe.closedAccounts.add('acct_gone');
    expect(await under.provider.send(payout('po_reused', 'acct_gone'))).toMatchObject({
      status: 'failed',
    });

    const reused = under.provider.send({ ...payout('po_reused', 'acct_gone'), amountCents: 9_999 });
    await expect(reused).rejects.toMatchObject({
      name: 'PayoutNeedsAttention',
      code: 'idempotency_key_reused',
    });
    expect(under.stripe.transfers).toHaveLength(0);
  });

  it('rate limiting is transient', async () => {
    under.stripe.failNextWith = {
      status: 429,
      type: 'invalid_request_error',
      code: 'rate_limit',
      message: 'Too many requests',
    };
    await expect(under.provider.send(payout('po_busy'))).rejects.toBeInstanceOf(
      TransientProviderError,
    );
  });

  it('an unreachable Stripe is transient', async () => {
    const port = under.stripe.port;
    await under.stripe.close();
    const provider = new StripeConnectProvider({
      secretKey: 'sk_test_fake',
      apiBase: `http://127.0.0.1:${port}`,
    });
    await expect(provider.send(payout('po_down'))).rejects.toBeInstanceOf(TransientProviderError);
    under = await startStripe(); // for afterEach
  });

  it('a wrong secret key needs an operator, not a failed payout', async () => {
    const provider = providerFor(under.stripe, 'sk_test_wrong');
    await expect(provider.send(payout('po_key'))).rejects.toMatchObject({ code: 'provider_auth' });
    await expect(provider.send(payout('po_key'))).rejects.toBeInstanceOf(PayoutNeedsAttention);
  });

  it('status of a sent payout is sent; of a fully reversed transfer, failed; of an unknown reference, needs an operator', async () => {
    const sent = await under.provider.send(payout('po_status'));
    const ref = (sent as { providerRef: string }).providerRef;
    expect(await under.provider.status('po_status', ref)).toEqual({
      status: 'sent',
      providerRef: ref,
    });

    under.stripe.transfers[0].reversed = true;
    expect(await under.provider.status('po_status', ref)).toMatchObject({
      status: 'failed',
      reason: expect.stringMatching(/reversed/),
    });

    await expect(under.provider.status('po_status', 'tr_nope')).rejects.toMatchObject({
      code: 'unknown_reference',
    });
  });

  it('a dropped answer after the transfer, then 401 on every call: no second transfer, needs an operator, not failed', async () => {
    under.stripe.dropTransferAnswers = 2; // the client's own retry of the closed connection is lost too
    await expect(under.provider.send(payout('po_lost'))).rejects.toBeInstanceOf(
      TransientProviderError,
    );
    expect(under.stripe.transfersIn('po_lost')).toHaveLength(1);

    under.stripe.keyRevoked = true;
    const retried = under.provider.send({ ...payout('po_lost'), firstAttempt: false });
    await expect(retried).rejects.toMatchObject({
      name: 'PayoutNeedsAttention',
      code: 'provider_auth',
    });
    expect(under.stripe.transfersIn('po_lost')).toHaveLength(1);
  });

  it('any refusal of the lookup needs an operator: it cannot tell whether an earlier transfer exists', async () => {
    under.stripe.failNextWith = {
      status: 400,
      type: 'invalid_request_error',
      code: 'parameter_unknown',
      message: 'Received unknown parameter: transfer_group',
    };
    await expect(under.provider.send(payout('po_lookup'))).rejects.toMatchObject({
      code: 'lookup_refused',
    });
    under.stripe.failNextWith = {
      status: 403,
      type: 'invalid_request_error',
      message: 'The provided key does not have the required permissions',
    };
    await expect(under.provider.send(payout('po_lookup'))).rejects.toMatchObject({
      code: 'provider_auth',
    });
    expect(under.stripe.requests.filter((r) => r.method === 'POST')).toHaveLength(0);
  });

  it('a refused transfer after an attempt whose outcome is unknown needs an operator, even a closed account', async () => {
    under.stripe.closedAccounts.add('acct_gone');
    const retried = under.provider.send({
      ...payout('po_doubt', 'acct_gone'),
      firstAttempt: false,
    });
    await expect(retried).rejects.toMatchObject({
      name: 'PayoutNeedsAttention',
      code: 'refused_after_unknown_attempt',
    });
  });

  it('on a first attempt, a closed account (400, not performed) fails the payout', async () => {
    under.stripe.closedAccounts.add('acct_gone');
    expect(await under.provider.send(payout('po_first', 'acct_gone'))).toMatchObject({
      status: 'failed',
      reason: expect.stringMatching(/account_closed/),
    });
  });
});
