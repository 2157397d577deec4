import type { PayoutEvent } from '../src/payouts/payout-events';
import { ledgerSpec } from './deciders';
import { at, earned, madeDue, payoutAccountSet, registered } from './fixtures';

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
    approvedBy: 'admin',
    occurredAt: at(32),
  },
};
const sent: PayoutEvent = {
  type: 'PayoutSent',
  data: {
    payoutId: 'p1',
    affiliateId: 'ann',
    amountCents: 6_000,
    providerRef: 'PP-1',
    occurredAt: at(33),
  },
};
const open = [
  registered('ann'),
  payoutAccountSet('ann'),
  earned('o1', 6_000),
  madeDue('o1', 6_000),
  requested,
];

describe('payout approval', () => {
  it('an admin approves a requested payout', () => {
    ledgerSpec(open)
      .when({ type: 'ApprovePayout', payoutId: 'p1', now: at(32) })
      .then([approved]);
  });

  it('approving the same payout twice is refused payout_not_requested (409)', () => {
    ledgerSpec([...open, approved])
      .when({ type: 'ApprovePayout', payoutId: 'p1', now: at(33) })
      .thenThrows('payout_not_requested', 'conflict');
  });

  it('approving a payout the ledger does not know is refused payout_not_found', () => {
    ledgerSpec(open)
      .when({ type: 'ApprovePayout', payoutId: 'p9', now: at(32) })
      .thenThrows('payout_not_found', 'not_found');
  });

  it('a requested payout can be rejected, returning its amount to due', () => {
    ledgerSpec(open)
      .when({ type: 'RejectPayout', payoutId: 'p1', reason: 'suspicious', now: at(32) })
      .then([
        {
          type: 'PayoutRejected',
          data: {
            payoutId: 'p1',
            affiliateId: 'ann',
            amountCents: 6_000,
            reason: 'suspicious',
            occurredAt: at(32),
          },
        },
      ]);
  });

  it('an approved payout can no longer be rejected', () => {
    ledgerSpec([...open, approved])
      .when({ type: 'RejectPayout', payoutId: 'p1', now: at(33) })
      .thenThrows('payout_not_requested');
  });

  it('the provider’s success for an approved payout records it sent with the provider’s reference', () => {
    ledgerSpec([...open, approved])
      .when({
        type: 'RecordPayoutOutcome',
        payoutId: 'p1',
        now: at(33),
        sent: true,
        providerRef: 'PP-1',
      })
      .then([sent]);
  });

  it('the provider’s failure for an approved payout records it failed', () => {
    ledgerSpec([...open, approved])
      .when({
        type: 'RecordPayoutOutcome',
        payoutId: 'p1',
        now: at(33),
        sent: false,
        reason: 'account closed',
      })
      .then([
        {
          type: 'PayoutFailed',
          data: {
            payoutId: 'p1',
            affiliateId: 'ann',
            amountCents: 6_000,
            reason: 'account closed',
            occurredAt: at(33),
          },
        },
      ]);
  });

  it('the same provider outcome recorded twice is recorded once (a retry or a restart)', () => {
    ledgerSpec([...open, approved, sent])
      .when({
        type: 'RecordPayoutOutcome',
        payoutId: 'p1',
        now: at(34),
        sent: true,
        providerRef: 'PP-1',
      })
      .thenNothing();
  });

  it('a success reported after a failure changes nothing: a payout is never sent twice', () => {
    const failed: PayoutEvent = {
      type: 'PayoutFailed',
      data: {
        payoutId: 'p1',
        affiliateId: 'ann',
        amountCents: 6_000,
        reason: 'x',
        occurredAt: at(33),
      },
    };
    ledgerSpec([...open, approved, failed])
      .when({
        type: 'RecordPayoutOutcome',
        payoutId: 'p1',
        now: at(34),
        sent: true,
        providerRef: 'PP-1',
      })
      .thenNothing();
  });

  it('no outcome is recorded for a payout not yet approved', () => {
    ledgerSpec(open)
      .when({
        type: 'RecordPayoutOutcome',
        payoutId: 'p1',
        now: at(33),
        sent: true,
        providerRef: 'PP-1',
      })
      .thenNothing();
  });
});
