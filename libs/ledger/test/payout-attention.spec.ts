import type { PayoutAttentionEvent, PayoutEvent } from '../src/payouts/payout-events';
import { ledgerSpec } from './deciders';
import { at, earned, madeDue, payoutAccountSet, registered } from './fixtures';

const requested: PayoutEvent = {
  type: 'PayoutRequested',
  data: {
    payoutId: 'p1',
    affiliateId: 'ann',
    amountCents: 6_000,
    currency: 'USD',
    account: { method: 'stripe_connect', accountId: 'acct_ann' },
    commissionIds: ['o1'],
    clawbackIds: [],
    requestedAt: at(31),
  },
};
const approved: PayoutEvent = {
  type: 'PayoutApproved',
  data: {
    payoutId: 'p1',
    affiliateId: 'ann',
    amountCents: 6_000,
    approvedBy: 'admin',
    occurredAt: at(31),
  },
};
const open = [
  registered('ann'),
  payoutAccountSet('ann'),
  earned('o1', 6_000),
  madeDue('o1', 6_000),
  requested,
  approved,
];
const raise = (code: string, message: string, day: number) => ({
  type: 'RaisePayoutAttention' as const,
  payoutId: 'p1',
  code,
  message,
  attempt: 2,
  nextAttemptAt: at(day + 1),
  now: at(day),
});
const raised = (answer: number, code: string, message: string, day: number, since: number) =>
  ({
    type: 'PayoutAttentionRaised',
    data: {
      payoutId: 'p1',
      affiliateId: 'ann',
      answer,
      code,
      message,
      since: at(since),
      attempt: 2,
      nextAttemptAt: at(day + 1),
      occurredAt: at(day),
    },
  }) satisfies PayoutAttentionEvent;
const cleared = (answer: number, day: number): PayoutAttentionEvent => ({
  type: 'PayoutAttentionCleared',
  data: { payoutId: 'p1', affiliateId: 'ann', answer, occurredAt: at(day) },
});
const clear = {
  type: 'ClearPayoutAttention' as const,
  payoutId: 'p1',
  now: at(34),
};

describe('a payout waiting for an operator', () => {
  it('given an approved payout, when the provider refuses the key, then attention is raised with its answer', () => {
    ledgerSpec(open)
      .when(raise('provider_auth', 'Stripe answered 401', 32))
      .then([raised(1, 'provider_auth', 'Stripe answered 401', 32, 32)]);
  });

  it('the same answer again is no news: nothing is recorded', () => {
    ledgerSpec([...open, raised(1, 'provider_auth', 'Stripe answered 401', 32, 32)])
      .when(raise('provider_auth', 'Stripe answered 401', 33))
      .then([]);
  });

  it('another answer is recorded as the next raise, waiting since the first', () => {
    ledgerSpec([...open, raised(1, 'provider_auth', 'Stripe answered 401', 32, 32)])
      .when(raise('lookup_refused', 'Stripe answered 403', 33))
      .then([raised(2, 'lookup_refused', 'Stripe answered 403', 33, 32)]);
  });

  it('a later attempt that goes through clears it, once', () => {
    const parked = [...open, raised(1, 'provider_auth', 'Stripe answered 401', 32, 32)];
    ledgerSpec(parked)
      .when(clear)
      .then([cleared(1, 34)]);
    ledgerSpec([...parked, cleared(1, 34)])
      .when(clear)
      .then([]);
  });

  it('after a clear, a new refusal waits since it came, numbered after the first', () => {
    ledgerSpec([...open, raised(1, 'provider_auth', 'Stripe answered 401', 32, 32), cleared(1, 33)])
      .when(raise('provider_auth', 'Stripe answered 401', 35))
      .then([raised(2, 'provider_auth', 'Stripe answered 401', 35, 35)]);
  });

  it('a payout closed meanwhile records no attention', () => {
    const sent: PayoutEvent = {
      type: 'PayoutSent',
      data: {
        payoutId: 'p1',
        affiliateId: 'ann',
        amountCents: 6_000,
        providerRef: 'tr_1',
        occurredAt: at(32),
      },
    };
    ledgerSpec([...open, sent])
      .when(raise('provider_auth', 'late', 33))
      .then([]);
    ledgerSpec([...open, raised(1, 'provider_auth', 'x', 32, 32), sent])
      .when(clear)
      .then([]);
  });
});
