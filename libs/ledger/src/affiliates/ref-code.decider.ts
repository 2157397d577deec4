import type { Decider } from '../decider';
import { refuse } from '../refusal';
import type { RefCodeClaimed } from './affiliate';
import { claimAbandoned } from './code-claims';

/** Stream `refcode-{refCode}`: the last claim holds the code. null until claimed. */
export type RefCodeHolder = { affiliateId: string; claimedAt: string } | null;

/**
 * Registration's first write. `holderRegistered`: whether the current holder's affiliate stream exists,
 * read by the handler from that stream (false when nobody holds the code).
 */
export interface ClaimRefCode {
  type: 'ClaimRefCode';
  refCode: string;
  affiliateId: string;
  holderRegistered: boolean;
  now: string;
}

const decide = (command: ClaimRefCode, holder: RefCodeHolder): RefCodeClaimed[] => {
  const { refCode, affiliateId, now } = command;
  if (holder?.affiliateId === affiliateId) return [];
  if (holder && (command.holderRegistered || !claimAbandoned(holder.claimedAt, now)))
    return refuse('ref_code_taken', `ref code ${refCode} is taken`, 'conflict');
  return [{ type: 'RefCodeClaimed', data: { refCode, affiliateId, occurredAt: now } }];
};

/** A ref code names one affiliate for good: the store's revision settles two registrations racing for it. */
export const refCodeDecider: Decider<RefCodeHolder, ClaimRefCode, RefCodeClaimed> = {
  initialState: () => null,
  evolve: (_holder, event) => ({
    affiliateId: event.data.affiliateId,
    claimedAt: event.data.occurredAt,
  }),
  decide,
};
