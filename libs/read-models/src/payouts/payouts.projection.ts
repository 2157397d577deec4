import type { RecordedEvent } from '@threadtrak/event-store';
import { indexMember, payoutKeys, type PayoutStatus } from '../keys';
import { HashMemo, isoInstant, ledgerEvents, type Projection } from '../projection';
import type { ReadModelReader, WriteOp } from '../read-model-store';

const PAYOUT_EVENTS = new Set([
  'PayoutRequested',
  'PayoutApproved',
  'PayoutSent',
  'PayoutFailed',
  'PayoutRejected',
  'PayoutCancelled',
  'PayoutAttentionRaised',
  'PayoutAttentionCleared',
]);

/** Why the saga waits for an operator: the last PayoutAttentionRaised, dropped once cleared or closed. */
const ATTENTION_FIELDS = [
  'attentionCode',
  'attentionMessage',
  'attentionSince',
  'attentionAt',
  'attentionAttempt',
  'attentionNextAttemptAt',
] as const;

/**
 * Every payout with its status, listed per affiliate and per status, newest request first.
 *
 * Document fields: payoutId, affiliateId, amountCents, currency, method, status, requestedAt, approvedAt,
 * sentAt, providerRef, failedAt, rejectedAt, cancelledAt, cancelledBy, failureReason (the provider's reason,
 * or the admin's reason for a rejection or a cancellation).
 */
export const payoutsProjection = (): Projection => ({
  name: 'payouts',
  async project(recorded: readonly RecordedEvent[], reader: ReadModelReader): Promise<WriteOp[]> {
    const events = ledgerEvents(recorded);
    const memo = new HashMemo(reader);
    await memo.load(
      events.flatMap((event) =>
        PAYOUT_EVENTS.has(event.type)
          ? [payoutKeys.payout((event.data as { payoutId: string }).payoutId)]
          : [],
      ),
    );

    const change = (payoutId: string, fields: Record<string, string>) => {
      const key = payoutKeys.payout(payoutId);
      const payout = memo.get(key);
      if (payout.requestedAt) memo.set(key, { ...payout, ...fields });
    };
    const clearAttention = (payoutId: string) => {
      const key = payoutKeys.payout(payoutId);
      const payout = { ...memo.get(key) };
      for (const field of ATTENTION_FIELDS) delete payout[field];
      if (payout.requestedAt) memo.set(key, payout);
    };

    for (const event of events) {
      switch (event.type) {
        case 'PayoutRequested': {
          const { payoutId, affiliateId, amountCents, currency, account, requestedAt } = event.data;
          const key = payoutKeys.payout(payoutId);
          if (memo.get(key).requestedAt) break;
          memo.set(key, {
            payoutId,
            affiliateId,
            amountCents: String(amountCents),
            currency,
            method: account.method,
            status: 'requested',
            requestedAt: isoInstant(requestedAt),
          });
          break;
        }
        case 'PayoutApproved':
          clearAttention(event.data.payoutId);
          change(event.data.payoutId, {
            status: 'approved',
            approvedAt: isoInstant(event.data.occurredAt),
          });
          break;
        case 'PayoutAttentionRaised': {
          const { payoutId, code, message, since, occurredAt, attempt, nextAttemptAt } = event.data;
          const status = memo.get(payoutKeys.payout(payoutId)).status;
          if (status !== 'requested' && status !== 'approved') break;
          change(payoutId, {
            attentionCode: code,
            attentionMessage: message,
            attentionSince: isoInstant(since),
            attentionAt: isoInstant(occurredAt),
            attentionAttempt: String(attempt),
            attentionNextAttemptAt: nextAttemptAt ? isoInstant(nextAttemptAt) : '',
          });
          break;
        }
        case 'PayoutAttentionCleared':
          clearAttention(event.data.payoutId);
          break;
        case 'PayoutSent':
          clearAttention(event.data.payoutId);
          change(event.data.payoutId, {
            status: 'sent',
            sentAt: isoInstant(event.data.occurredAt),
            providerRef: event.data.providerRef,
          });
          break;
        case 'PayoutFailed':
          clearAttention(event.data.payoutId);
          change(event.data.payoutId, {
            status: 'failed',
            failedAt: isoInstant(event.data.occurredAt),
            failureReason: event.data.reason,
          });
          break;
        case 'PayoutRejected':
          clearAttention(event.data.payoutId);
          change(event.data.payoutId, {
            status: 'rejected',
            rejectedAt: isoInstant(event.data.occurredAt),
            failureReason: event.data.reason,
          });
          break;
        case 'PayoutCancelled':
          clearAttention(event.data.payoutId);
          change(event.data.payoutId, {
            status: 'cancelled',
            cancelledAt: isoInstant(event.data.occurredAt),
            cancelledBy: event.data.cancelledBy,
            failureReason: event.data.reason,
          });
          break;
      }
    }

    const indexOps: WriteOp[] = [];
    for (const key of memo.changedKeys()) {
      const payout = memo.get(key);
      const waitedBefore = Boolean(memo.original(key).attentionCode);
      if (waitedBefore !== Boolean(payout.attentionCode)) {
        const member = indexMember(payout.requestedAt, payout.payoutId);
        indexOps.push({ op: waitedBefore ? 'zrem' : 'zadd', key: payoutKeys.attention(), member });
      }
      const before = memo.original(key).status as PayoutStatus | undefined;
      const status = payout.status as PayoutStatus;
      if (before === status) continue;
      const member = indexMember(payout.requestedAt, payout.payoutId);
      if (before) indexOps.push({ op: 'zrem', key: payoutKeys.byStatus(before), member });
      else
        indexOps.push(
          { op: 'zadd', key: payoutKeys.byAffiliate(payout.affiliateId), member },
          { op: 'zadd', key: payoutKeys.byStatus('all'), member },
        );
      indexOps.push({ op: 'zadd', key: payoutKeys.byStatus(status), member });
    }
    return [...memo.ops(), ...indexOps];
  },
});
