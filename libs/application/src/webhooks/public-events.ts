import type { RecordedEvent } from '@threadtrak/event-store';
import { isLedgerEvent, type LedgerEvent } from '@threadtrak/ledger';
import type { WebhookEventName } from './webhook-events';

/** What a receiver gets: `{id, type, createdAt, data}` (shared/API.md). */
export interface PublicEvent {
  /** `evt_` + the log event's id: the same fact always carries the same id. */
  id: string;
  type: WebhookEventName;
  /** When the fact was recorded in the log. */
  createdAt: string;
  data: Record<string, unknown>;
}

export const publicEventId = (logEventId: string) => `evt_${logEventId.replace(/-/g, '')}`;

/**
 * The public shape of each reported fact: chosen fields, not the stored event, so that a change of an
 * internal field is not a change of the webhook contract (and payout accounts are never sent).
 */
const describe = (
  event: LedgerEvent,
): { type: WebhookEventName; data: Record<string, unknown> } | null => {
  switch (event.type) {
    case 'OrderPaid': {
      const { attribution: a, orderId, paidAt, currency, totalCents } = event.data;
      if (!a) return null;
      return {
        type: 'order.attributed',
        data: {
          orderId,
          affiliateId: a.affiliateId,
          clickId: a.clickId,
          linkKind: a.linkKind,
          campaign: a.campaign ?? null,
          totalCents,
          commissionCents: a.commissionCents,
          currency,
          paidAt,
          rulesVersion: a.rulesVersion,
        },
      };
    }
    case 'OrderReattributed': {
      const { attribution: a, orderId, reattributionId, occurredAt } = event.data;
      if (!a) return null;
      return {
        type: 'order.attributed',
        data: {
          orderId,
          affiliateId: a.affiliateId,
          clickId: a.clickId,
          linkKind: a.linkKind,
          campaign: a.campaign ?? null,
          commissionCents: a.commissionCents,
          rulesVersion: a.rulesVersion,
          reattributionId,
          occurredAt,
        },
      };
    }
    case 'CommissionEarned': {
      const {
        commissionId,
        affiliateId,
        orderId,
        amountCents,
        currency,
        earnedAt,
        dueAt,
        reattributionId,
      } = event.data;
      return {
        type: 'commission.earned',
        data: {
          commissionId,
          affiliateId,
          orderId,
          amountCents,
          currency,
          earnedAt,
          dueAt,
          reattributionId: reattributionId ?? null,
        },
      };
    }
    case 'CommissionReversed': {
      const {
        reversalId,
        commissionId,
        affiliateId,
        orderId,
        amountCents,
        reason,
        clawback,
        occurredAt,
      } = event.data;
      return {
        type: 'commission.reversed',
        data: {
          reversalId,
          commissionId,
          affiliateId,
          orderId,
          amountCents,
          reason,
          clawback,
          occurredAt,
        },
      };
    }
    case 'CommissionDue': {
      const { commissionId, affiliateId, amountCents, occurredAt } = event.data;
      return {
        type: 'commission.due',
        data: { commissionId, affiliateId, amountCents, occurredAt },
      };
    }
    case 'PayoutRequested': {
      const { payoutId, affiliateId, amountCents, currency, account, requestedAt } = event.data;
      return {
        type: 'payout.requested',
        data: { payoutId, affiliateId, amountCents, currency, method: account.method, requestedAt },
      };
    }
    case 'PayoutApproved':
      return { type: 'payout.approved', data: { ...event.data } };
    case 'PayoutSent':
      return { type: 'payout.sent', data: { ...event.data } };
    case 'PayoutFailed':
      return { type: 'payout.failed', data: { ...event.data } };
    case 'PayoutRejected':
      return { type: 'payout.rejected', data: { ...event.data } };
    default:
      // The rest (clicks, refunds as such, rules, catalog, …) is not reported; commissions say what moved.
      return null;
  }
};

/** The public event a log event reports, or null when it reports none. */
export const toPublicEvent = (recorded: RecordedEvent): PublicEvent | null => {
  if (!isLedgerEvent(recorded)) return null;
  const described = describe({ type: recorded.type, data: recorded.data } as LedgerEvent);
  if (!described) return null;
  return {
    id: publicEventId(recorded.id),
    type: described.type,
    createdAt: recorded.recordedAt.toISOString(),
    data: described.data,
  };
};
