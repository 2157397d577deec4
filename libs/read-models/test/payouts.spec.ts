import { payoutsProjection } from '../src/payouts/payouts.projection';
import { given } from './support/given';
import {
  payoutApproved,
  payoutFailed,
  payoutRejected,
  payoutRequested,
  payoutSent,
} from './support/ledger-events';

describe('payouts', () => {
  it('follows a payout from request through approval to sent', async () => {
    const { queries } = await given(payoutsProjection(), [
      payoutRequested({
        payoutId: 'p1',
        amountCents: 6_000,
        commissionIds: ['o1'],
        requestedAt: '2025-04-01T10:00:00Z',
      }),
      payoutApproved('p1', 6_000),
      payoutSent('p1', 6_000),
    ]);
    expect(await queries.payouts('aff-1')).toEqual([
      {
        payoutId: 'p1',
        affiliateId: 'aff-1',
        amountCents: 6_000,
        currency: 'EUR',
        status: 'sent',
        method: 'paypal',
        requestedAt: '2025-04-01T10:00:00.000Z',
        approvedAt: '2025-04-02T10:00:00.000Z',
        sentAt: '2025-04-02T10:00:00.000Z',
        providerRef: 'ref-p1',
      },
    ]);
  });

  it('gives the reason of a failure or a rejection', async () => {
    const { queries } = await given(payoutsProjection(), [
      payoutRequested({
        payoutId: 'p1',
        amountCents: 6_000,
        commissionIds: [],
        requestedAt: '2025-04-01T10:00:00Z',
        method: 'stripe_connect',
      }),
      payoutFailed('p1', 6_000),
      payoutRequested({
        payoutId: 'p2',
        amountCents: 6_000,
        commissionIds: [],
        requestedAt: '2025-04-03T10:00:00Z',
      }),
      payoutRejected('p2', 6_000),
    ]);
    expect(
      (await queries.payouts('aff-1')).map(({ payoutId, status, method, failureReason }) => ({
        payoutId,
        status,
        method,
        failureReason,
      })),
    ).toEqual([
      { payoutId: 'p2', status: 'rejected', method: 'paypal', failureReason: 'suspicious' },
      {
        payoutId: 'p1',
        status: 'failed',
        method: 'stripe_connect',
        failureReason: 'account_closed',
      },
    ]);
  });

  it('lists the program’s payouts by status, newest first, moving each as its status changes', async () => {
    const request = (payoutId: string, affiliateId: string, requestedAt: string) =>
      payoutRequested({
        payoutId,
        affiliateId,
        amountCents: 5_000,
        commissionIds: [],
        requestedAt,
      });
    const { queries } = await given(payoutsProjection(), [
      request('p1', 'aff-1', '2025-04-01T10:00:00Z'),
      request('p2', 'aff-2', '2025-04-02T10:00:00Z'),
      request('p3', 'aff-3', '2025-04-03T10:00:00Z'),
      payoutApproved('p1', 5_000, 'aff-1'),
      payoutApproved('p3', 5_000, 'aff-3'),
      payoutSent('p3', 5_000, 'aff-3'),
    ]);
    const ids = async (status?: 'requested' | 'approved' | 'sent') =>
      (await queries.payoutsByStatus(status)).items.map((payout) => payout.payoutId);
    expect(await ids('requested')).toEqual(['p2']);
    expect(await ids('approved')).toEqual(['p1']);
    expect(await ids('sent')).toEqual(['p3']);
    expect(await ids()).toEqual(['p3', 'p2', 'p1']);
    const first = await queries.payoutsByStatus(undefined, { limit: 2 });
    expect(
      (await queries.payoutsByStatus(undefined, { limit: 2, cursor: first.nextCursor! })).items.map(
        (payout) => payout.payoutId,
      ),
    ).toEqual(['p1']);
    expect((await queries.payouts('aff-2')).map((payout) => payout.payoutId)).toEqual(['p2']);
  });

  it('ignores an outcome of a payout it never saw requested', async () => {
    const { queries, store } = await given(payoutsProjection(), [payoutSent('ghost', 1)]);
    expect(await queries.payoutsByStatus()).toEqual({ items: [], nextCursor: null });
    expect(await store.dump('payouts')).toEqual({});
  });

  describe('the attention list', () => {
    const raised = (payoutId: string, answer: number, code: string, at: string) => ({
      type: 'PayoutAttentionRaised' as const,
      data: {
        payoutId,
        affiliateId: 'aff-1',
        answer,
        code,
        message: `Stripe says ${code}`,
        since: '2025-04-02T11:00:00Z',
        attempt: answer + 1,
        nextAttemptAt: '2025-04-02T11:15:00Z',
        occurredAt: at,
      },
    });
    const request = (payoutId: string, requestedAt: string) =>
      payoutRequested({ payoutId, amountCents: 6_000, commissionIds: [], requestedAt });

    it('lists an approved payout the provider refused, with its last answer, oldest request first', async () => {
      const { queries } = await given(payoutsProjection(), [
        request('p1', '2025-04-01T10:00:00Z'),
        request('p2', '2025-04-01T09:00:00Z'),
        payoutApproved('p1', 6_000),
        payoutApproved('p2', 6_000),
        raised('p1', 1, 'provider_auth', '2025-04-02T11:00:00Z'),
        raised('p2', 1, 'lookup_refused', '2025-04-02T11:00:00Z'),
        raised('p1', 2, 'unexpected_error', '2025-04-02T12:00:00Z'),
      ]);
      expect(await queries.payoutsNeedingAttention()).toEqual([
        expect.objectContaining({ payoutId: 'p2', code: 'lookup_refused' }),
        {
          payoutId: 'p1',
          affiliateId: 'aff-1',
          amountCents: 6_000,
          currency: 'EUR',
          status: 'approved',
          attempts: 3,
          nextAttemptAt: '2025-04-02T11:15:00.000Z',
          lastError: 'Stripe says unexpected_error',
          code: 'unexpected_error',
          message: 'Stripe says unexpected_error',
          since: '2025-04-02T11:00:00.000Z',
          providerAnswer: {
            code: 'unexpected_error',
            message: 'Stripe says unexpected_error',
            at: '2025-04-02T12:00:00.000Z',
          },
        },
      ]);
    });

    it('drops a payout once cleared, sent or cancelled', async () => {
      const { queries } = await given(payoutsProjection(), [
        request('p1', '2025-04-01T10:00:00Z'),
        payoutApproved('p1', 6_000),
        raised('p1', 1, 'provider_auth', '2025-04-02T11:00:00Z'),
        {
          type: 'PayoutAttentionCleared',
          data: {
            payoutId: 'p1',
            affiliateId: 'aff-1',
            answer: 1,
            occurredAt: '2025-04-02T12:00:00Z',
          },
        },
        request('p2', '2025-04-01T11:00:00Z'),
        payoutApproved('p2', 6_000),
        raised('p2', 1, 'provider_auth', '2025-04-02T11:00:00Z'),
        payoutSent('p2', 6_000),
      ]);
      expect(await queries.payoutsNeedingAttention()).toEqual([]);
      expect((await queries.payouts('aff-1')).map((payout) => payout.status)).toEqual([
        'sent',
        'approved',
      ]);
    });
  });
});
