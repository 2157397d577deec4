import type { AffiliateState } from '../affiliates/affiliate-state';
import type { AffiliateLedger } from '../commissions/affiliate-ledger';
import type { ProgramRules } from '../program/program-rules';
import { refuse } from '../refusal';
import type { PayoutRequested } from './payout-events';

/**
 * The affiliate asks for the whole due balance, net of clawbacks. Refused while another payout is open,
 * without a payout account, with nothing due, or below the program minimum. Decided on the ledger stream
 * with its revision as the expected one, so of concurrent requests exactly one is appended.
 */
export const requestPayout = (
  ledger: AffiliateLedger,
  affiliate: AffiliateState,
  rules: ProgramRules,
  command: { payoutId: string; now: string },
): PayoutRequested => {
  if (ledger.openPayoutId)
    return refuse('payout_open', `payout ${ledger.openPayoutId} is still open`);
  if (!affiliate.payoutAccount) return refuse('no_payout_account', 'set a payout account first');
  const due = ledger.balances.dueCents;
  if (due <= 0) return refuse('nothing_due', `the due balance is ${due} cents`);
  if (due < rules.minPayoutCents)
    return refuse(
      'below_minimum',
      `the due balance of ${due} cents is below the minimum of ${rules.minPayoutCents}`,
    );
  const commissionIds = [...ledger.commissions.values()]
    .filter((entry) => entry.status === 'due' && entry.payoutId === null)
    .map((entry) => entry.commissionId);
  return {
    type: 'PayoutRequested',
    data: {
      payoutId: command.payoutId,
      affiliateId: affiliate.affiliateId,
      amountCents: due,
      currency: rules.currency,
      account: affiliate.payoutAccount,
      commissionIds,
      clawbackIds: [...ledger.adjustments.keys()],
      requestedAt: command.now,
    },
  };
};
