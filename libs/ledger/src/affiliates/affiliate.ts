import type { PromoCodesSet } from './promo-codes';
/** Which products earn an affiliate commission: all, or a list of product ids. */
export type ProductScope = 'all' | string[];

export type AffiliateStatus = 'active' | 'suspended';

export type PayoutAccount =
  { method: 'paypal'; email: string } | { method: 'stripe_connect'; accountId: string };

export interface AffiliateRegistered {
  type: 'AffiliateRegistered';
  data: {
    affiliateId: string;
    name: string;
    email: string;
    /** SHA-256 of the trimmed, lower-cased email: compared with the customer's to spot self-referrals. */
    emailHash: string;
    /** The code in the affiliate's links: `/r/{refCode}`. */
    refCode: string;
    productScope: ProductScope;
    /** Affiliate override of the rate; takes precedence over product and program rates. */
    rateBps: number | null;
    /**
     * Logs written before key rotation: the hash of the registration's API key, which becomes the affiliate's
     * first key (id `LEGACY_KEY_ID`). Newer registrations issue that key with `ApiKeyIssued` instead.
     */
    apiKeyHash?: string;
    occurredAt: string;
  };
}

export interface AffiliateUpdated {
  type: 'AffiliateUpdated';
  data: {
    affiliateId: string;
    productScope?: ProductScope;
    /** null clears the override. */
    rateBps?: number | null;
    status?: AffiliateStatus;
    occurredAt: string;
  };
}

export interface PayoutAccountSet {
  type: 'PayoutAccountSet';
  data: { affiliateId: string; account: PayoutAccount; occurredAt: string };
}

/** Stored in its own stream `refcode-{refCode}` with expected revision no_stream: the store enforces uniqueness. */
export interface RefCodeClaimed {
  type: 'RefCodeClaimed';
  data: { refCode: string; affiliateId: string; occurredAt: string };
}

/** Stream `affiliate-{affiliateId}`. The key itself is shown once and never stored: only its hash. */
export interface ApiKeyIssued {
  type: 'ApiKeyIssued';
  data: { affiliateId: string; keyId: string; keyHash: string; occurredAt: string };
}

/** The key stops opening anything from this event on. */
export interface ApiKeyRevoked {
  type: 'ApiKeyRevoked';
  data: { affiliateId: string; keyId: string; occurredAt: string };
}

export type AffiliateEvent =
  | AffiliateRegistered
  | AffiliateUpdated
  | PayoutAccountSet
  | RefCodeClaimed
  | ApiKeyIssued
  | ApiKeyRevoked
  | PromoCodesSet;
