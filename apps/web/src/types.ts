export interface Me {
  affiliateId: string;
  name: string;
  refCode: string;
  productScope: 'all' | string[];
  rateBps: number | null;
  payoutAccount:
    { method: 'paypal'; email: string } | { method: 'stripe_connect'; accountId: string } | null;
}

export interface Program {
  version: number;
  currency: string;
  cookieWindowDays: number;
  attributionModel: 'last_click' | 'first_click';
  holdDays: number;
  minPayoutCents: number;
  rateBps: number;
  products: { productId: string; name: string; url: string; rateBps: number }[];
}

export interface Counts {
  clicks: number;
  uniqueClicks: number;
  sales: number;
  revenueCents: number;
  commissionCents: number;
}

export interface Dashboard {
  currency: string;
  totals: Counts & { conversionRate: number; refunds: number };
  balance: {
    pendingCents: number;
    dueCents: number;
    requestedCents: number;
    paidCents: number;
    reversedCents: number;
  };
  byDay: (Counts & { date: string })[];
  byCampaign: (Counts & { campaign: string })[];
  byLinkType: (Counts & { linkType: string })[];
}

export interface Commission {
  commissionId: string;
  orderId: string;
  amountCents: number;
  currency: string;
  status: 'pending' | 'due' | 'paid' | 'reversed';
  earnedAt: string;
  dueAt: string;
  paidAt?: string;
  reversals?: { reason: string; amountCents: number }[];
}

export interface Payout {
  payoutId: string;
  amountCents: number;
  currency: string;
  status: 'requested' | 'approved' | 'sent' | 'failed' | 'rejected';
  method: 'paypal' | 'stripe_connect';
  requestedAt: string;
  sentAt?: string;
  providerRef?: string;
  failureReason?: string;
}
