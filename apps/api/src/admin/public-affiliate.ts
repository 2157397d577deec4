import type { AffiliateState } from '@threadtrak/ledger';

/** An affiliate as the admin API shows it: everything but credentials, payout details masked. */
export const publicAffiliate = (affiliate: AffiliateState) => ({
  affiliateId: affiliate.affiliateId,
  name: affiliate.name,
  email: affiliate.email,
  refCode: affiliate.refCode,
  productScope: affiliate.productScope,
  rateBps: affiliate.rateBps,
  status: affiliate.status,
  payoutAccount: maskAccount(affiliate.payoutAccount),
  promoCodes: affiliate.promoCodes ?? [],
});

export type PublicAffiliate = ReturnType<typeof publicAffiliate>;

/** Payout details are never shown whole: `j***@example.com`, `acct_…1234`. */
export const maskAccount = (account: AffiliateState['payoutAccount']) => {
  if (!account) return null;
  if (account.method === 'paypal') {
    const [local = '', domain = ''] = account.email.split('@');
    return { method: 'paypal', email: `${local.slice(0, 1)}***@${domain}` };
  }
  return { method: 'stripe_connect', accountId: `acct_…${account.accountId.slice(-4)}` };
};
