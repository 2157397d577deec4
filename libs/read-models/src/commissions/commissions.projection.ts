import type { RecordedEvent } from '@threadtrak/event-store';
import type { LedgerEvent } from '@threadtrak/ledger';
import { commissionKeys, indexMember, type CommissionStatus } from '../keys';
import { HashMemo, compact, isoInstant, ledgerEvents, type Projection } from '../projection';
import type { ReadModelReader, WriteOp } from '../read-model-store';

/**
 * Each affiliate's commissions with their status, indexed by status, newest first.
 *
 * Document fields: commissionId, affiliateId, orderId, currency, earnedCents, reversedCents (net of
 * restorations), reversals (JSON: [{reason, amountCents}] of each reversal, for the portal), earnedAt, dueAt, due ('1' once CommissionDue), payoutId (while in a payout that has not
 * failed or been rejected), paidAt (once that payout was sent), status.
 */
const commissionStatusOf = (commission: Record<string, string>): CommissionStatus => {
  const earned = Number(commission.earnedCents ?? 0);
  if (earned > 0 && Number(commission.reversedCents ?? 0) >= earned) return 'reversed';
  if (commission.paidAt) return 'paid';
  if (commission.due) return 'due';
  return 'pending';
};

export const commissionsProjection = (): Projection => ({
  name: 'commissions',
  async project(recorded: readonly RecordedEvent[], reader: ReadModelReader): Promise<WriteOp[]> {
    const events = ledgerEvents(recorded);
    const memo = new HashMemo(reader);
    await memo.load(events.flatMap(keysToLoad));
    await memo.load(
      events.flatMap((event) =>
        ['PayoutSent', 'PayoutFailed', 'PayoutRejected', 'PayoutCancelled'].includes(event.type)
          ? commissionIdsOf(
              memo.get(commissionKeys.payout((event.data as { payoutId: string }).payoutId)),
            ).map(commissionKeys.commission)
          : [],
      ),
    );

    const change = (
      commissionId: string,
      update: (commission: Record<string, string>) => Record<string, string>,
    ) => {
      const key = commissionKeys.commission(commissionId);
      memo.set(key, update({ ...memo.get(key) }));
    };
    const inPayout = (payoutId: string) =>
      commissionIdsOf(memo.get(commissionKeys.payout(payoutId))).filter(
        (commissionId) => memo.get(commissionKeys.commission(commissionId)).payoutId === payoutId,
      );

    for (const event of events) {
      switch (event.type) {
        case 'CommissionEarned': {
          const earned = event.data;
          change(earned.commissionId, (commission) =>
            commission.earnedAt
              ? commission
              : {
                  ...commission,
                  commissionId: earned.commissionId,
                  affiliateId: earned.affiliateId,
                  orderId: earned.orderId,
                  currency: earned.currency,
                  earnedCents: String(earned.amountCents),
                  reversedCents: commission.reversedCents ?? '0',
                  earnedAt: isoInstant(earned.earnedAt),
                  dueAt: isoInstant(earned.dueAt),
                },
          );
          break;
        }
        case 'CommissionDue':
          change(event.data.commissionId, (commission) => ({ ...commission, due: '1' }));
          break;
        case 'CommissionReversed':
        case 'CommissionRestored': {
          const { commissionId, affiliateId, orderId, amountCents } = event.data;
          const sign = event.type === 'CommissionReversed' ? 1 : -1;
          change(commissionId, (commission) => ({
            ...commission,
            commissionId,
            affiliateId,
            orderId,
            reversedCents: String(Number(commission.reversedCents ?? 0) + sign * amountCents),
            ...(event.type === 'CommissionReversed'
              ? {
                  reversals: JSON.stringify([
                    ...JSON.parse(commission.reversals ?? '[]'),
                    { reason: event.data.reason, amountCents },
                  ]),
                }
              : {}),
          }));
          break;
        }
        case 'PayoutRequested': {
          const { payoutId, affiliateId, commissionIds } = event.data;
          memo.set(commissionKeys.payout(payoutId), {
            affiliateId,
            commissionIds: JSON.stringify(commissionIds),
          });
          for (const commissionId of commissionIds)
            change(commissionId, ({ paidAt, ...commission }) => ({ ...commission, payoutId }));
          break;
        }
        case 'PayoutSent':
          for (const commissionId of inPayout(event.data.payoutId))
            change(commissionId, (commission) => ({
              ...commission,
              paidAt: isoInstant(event.data.occurredAt),
            }));
          break;
        case 'PayoutFailed':
        case 'PayoutRejected':
        case 'PayoutCancelled':
          for (const commissionId of inPayout(event.data.payoutId))
            change(commissionId, ({ payoutId, ...commission }) => commission);
          break;
      }
    }

    const indexOps: WriteOp[] = [];
    for (const key of memo.changedKeys()) {
      const commission = memo.get(key);
      if (!key.startsWith(commissionKeys.commission('')) || !commission.earnedAt) continue;
      const before = memo.original(key).status as CommissionStatus | undefined;
      const status = commissionStatusOf(commission);
      memo.set(key, compact({ ...commission, status }));
      if (before === status) continue;
      const member = indexMember(commission.earnedAt, commission.commissionId);
      if (before)
        indexOps.push({
          op: 'zrem',
          key: commissionKeys.index(commission.affiliateId, before),
          member,
        });
      else
        indexOps.push({
          op: 'zadd',
          key: commissionKeys.index(commission.affiliateId, 'all'),
          member,
        });
      indexOps.push({
        op: 'zadd',
        key: commissionKeys.index(commission.affiliateId, status),
        member,
      });
    }
    return [...memo.ops(), ...indexOps];
  },
});

const keysToLoad = (event: LedgerEvent): string[] => {
  switch (event.type) {
    case 'CommissionEarned':
    case 'CommissionDue':
    case 'CommissionReversed':
    case 'CommissionRestored':
      return [commissionKeys.commission(event.data.commissionId)];
    case 'PayoutRequested':
      return [
        commissionKeys.payout(event.data.payoutId),
        ...event.data.commissionIds.map(commissionKeys.commission),
      ];
    case 'PayoutSent':
    case 'PayoutFailed':
    case 'PayoutRejected':
    case 'PayoutCancelled':
      return [commissionKeys.payout(event.data.payoutId)];
    default:
      return [];
  }
};

const commissionIdsOf = (payout: Record<string, string>): string[] =>
  payout.commissionIds ? (JSON.parse(payout.commissionIds) as string[]) : [];
