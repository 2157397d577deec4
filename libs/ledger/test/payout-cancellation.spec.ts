import { evolveLedger, initialLedger } from '../src/commissions/affiliate-ledger';
import type { CommissionEvent } from '../src/commissions/commission-events';
import type { PayoutEvent } from '../src/payouts/payout-events';
import { ledgerSpec, runLedger } from './deciders';
import { at, earned, madeDue, payoutAccountSet, registered, updated } from './fixtures';

const requested: PayoutEvent = {
  type: 'PayoutRequested',
  data: {
    payoutId: 'p1',
    affiliateId: 'ann',
    amountCents: 6_000,
    currency: 'USD',
    account: { method: 'paypal', email: 'ann@example.com' },
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
    approvedBy: 'auto',
    occurredAt: at(31),
  },
};
const open = [
  registered('ann'),
  payoutAccountSet('ann'),
  earned('o1', 6_000),
  madeDue('o1', 6_000),
  requested,
];
const cancel = {
  type: 'CancelPayout' as const,
  payoutId: 'p1',
  reason: 'Stripe shows no transfer',
  providerChecked: true as const,
  cancelledBy: 'admin',
  now: at(40),
};
const cancelled: PayoutEvent = {
  type: 'PayoutCancelled',
  data: {
    payoutId: 'p1',
    affiliateId: 'ann',
    amountCents: 6_000,
    reason: 'Stripe shows no transfer',
    cancelledBy: 'admin',
    occurredAt: at(40),
  },
};

describe('cancelling a payout the saga could not settle', () => {
  it('given an approved payout parked for attention, when an admin who checked the provider cancels it, then PayoutCancelled names reason and actor', () => {
    ledgerSpec([...open, approved])
      .when(cancel)
      .then([cancelled]);
  });

  it('given a requested payout (its method has no provider), when cancelled, then it is cancelled too', () => {
    ledgerSpec(open).when(cancel).then([cancelled]);
  });

  it('returns the amount to the due balance and frees its commissions for the next payout', () => {
    const history = runLedger([...open, approved], cancel, {
      type: 'RequestPayout',
      payoutId: 'p2',
      now: at(41),
    });
    const ledger = history
      .slice(2)
      .reduce(
        (state, event) => evolveLedger(state, event as CommissionEvent | PayoutEvent),
        initialLedger(),
      );
    expect(ledger.payouts.get('p1')?.status).toBe('cancelled');
    expect(ledger.payouts.get('p2')).toMatchObject({ amountCents: 6_000, commissionIds: ['o1'] });
    expect(ledger.balances).toMatchObject({ dueCents: 0, requestedCents: 6_000, paidCents: 0 });
  });

  it.each([
    [
      'sent',
      {
        type: 'PayoutSent',
        data: {
          payoutId: 'p1',
          affiliateId: 'ann',
          amountCents: 6_000,
          providerRef: 'tr_1',
          occurredAt: at(33),
        },
      },
    ],
    [
      'failed',
      {
        type: 'PayoutFailed',
        data: {
          payoutId: 'p1',
          affiliateId: 'ann',
          amountCents: 6_000,
          reason: 'x',
          occurredAt: at(33),
        },
      },
    ],
  ] as [string, PayoutEvent][])(
    'given a %s payout, cancelling is refused payout_not_open (422)',
    (_status, outcome) => {
      ledgerSpec([...open, approved, outcome])
        .when(cancel)
        .thenThrows('payout_not_open', 'refused');
    },
  );

  it('given a cancelled payout, cancelling it again is refused payout_not_open', () => {
    ledgerSpec([...open, approved, cancelled])
      .when(cancel)
      .thenThrows('payout_not_open', 'refused');
  });

  it('given an unknown payout, cancelling is refused payout_not_found', () => {
    ledgerSpec(open)
      .when({ ...cancel, payoutId: 'p9' })
      .thenThrows('payout_not_found', 'not_found');
  });

  it('without the provider checked, cancelling is refused', () => {
    ledgerSpec([...open, approved])
      .when({ ...cancel, providerChecked: false as unknown as true })
      .thenThrows('provider_not_checked');
  });

  it('given a cancelled payout, a late provider outcome records nothing', () => {
    ledgerSpec([...open, approved, cancelled])
      .when({
        type: 'RecordPayoutOutcome',
        payoutId: 'p1',
        now: at(41),
        sent: false,
        reason: 'late',
      })
      .thenNothing();
  });
});

describe('auto-approval of a suspended affiliate', () => {
  const suspended = [
    ...open.slice(0, 1),
    updated('ann', { status: 'suspended' }),
    ...open.slice(1),
  ];

  it('given a suspended affiliate, when the saga approves automatically, then it is refused affiliate_suspended', () => {
    ledgerSpec(suspended)
      .when({ type: 'ApprovePayout', payoutId: 'p1', approvedBy: 'auto', now: at(31) })
      .thenThrows('affiliate_suspended', 'forbidden');
  });

  it('given a suspended affiliate, an admin may still approve by hand', () => {
    ledgerSpec(suspended)
      .when({ type: 'ApprovePayout', payoutId: 'p1', approvedBy: 'admin', now: at(32) })
      .thenMatches([{ type: 'PayoutApproved' }]);
  });

  it('given an active affiliate, auto-approval goes through', () => {
    ledgerSpec(open)
      .when({ type: 'ApprovePayout', payoutId: 'p1', approvedBy: 'auto', now: at(31) })
      .then([approved]);
  });
});
