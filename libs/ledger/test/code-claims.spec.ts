import type { AffiliateEvent } from '../src/affiliates/affiliate';
import { UNBACKED_CLAIM_EXPIRES_MS } from '../src/affiliates/code-claims';
import { promoCodeDecider, type PromoCodeHolding } from '../src/affiliates/promo-code.decider';
import type { PromoCodeClaimed, PromoCodeEvent } from '../src/affiliates/promo-codes';
import { refCodeDecider, type RefCodeHolder } from '../src/affiliates/ref-code.decider';
import type { RefCodeClaimed } from '../src/affiliates/affiliate';
import { specWithFacts } from './decider-spec';
import { at, registered, T0 } from './fixtures';

const isAffiliateFact = (event: { type: string }): event is AffiliateEvent =>
  event.type === 'AffiliateRegistered' || event.type === 'PromoCodesSet';

/** Each affiliate's list of promotion codes, as the handler reads it from the holder's stream. */
type Lists = Map<string, string[]>;
const evolveLists = (lists: Lists, event: AffiliateEvent): Lists =>
  event.type === 'AffiliateRegistered'
    ? new Map(lists).set(event.data.affiliateId, [])
    : event.type === 'PromoCodesSet'
      ? new Map(lists).set(event.data.affiliateId, event.data.promoCodes)
      : lists;

/** Given the code's own stream, with affiliates' streams as facts. */
const claimSpec = specWithFacts(promoCodeDecider, {
  isFact: isAffiliateFact,
  initial: (): Lists => new Map(),
  evolve: evolveLists,
  complete: (
    command: { promoCode: string; affiliateId: string; now: string },
    lists: Lists,
    holding: PromoCodeHolding,
  ) => ({
    type: 'ClaimPromoCode' as const,
    ...command,
    holderListsCode: holding
      ? (lists.get(holding.affiliateId)?.includes(command.promoCode) ?? false)
      : false,
  }),
});
const releaseSpec = specWithFacts(promoCodeDecider, {
  isFact: isAffiliateFact,
  initial: (): Lists => new Map(),
  evolve: evolveLists,
  complete: (command: { promoCode: string; affiliateId: string; now: string }) => ({
    type: 'ReleasePromoCode' as const,
    ...command,
  }),
});

const claimed = (promoCode: string, affiliateId: string, occurredAt = T0): PromoCodeClaimed => ({
  type: 'PromoCodeClaimed',
  data: { promoCode, affiliateId, occurredAt },
});
const released = (promoCode: string, affiliateId: string): PromoCodeEvent => ({
  type: 'PromoCodeReleased',
  data: { promoCode, affiliateId, occurredAt: T0 },
});
const codesSet = (affiliateId: string, promoCodes: string[]): AffiliateEvent => ({
  type: 'PromoCodesSet',
  data: { affiliateId, promoCodes, occurredAt: T0 },
});
const annHoldsAnn10 = [
  registered('ann'),
  registered('bob'),
  claimed('ANN10', 'ann'),
  codesSet('ann', ['ANN10']),
];
const later = at(0, UNBACKED_CLAIM_EXPIRES_MS);

describe('promotion codes: claims (promoCodeDecider)', () => {
  it('a free code is claimed', () => {
    claimSpec([registered('bob')])
      .when({ promoCode: 'BOB20', affiliateId: 'bob', now: T0 })
      .then([claimed('BOB20', 'bob')]);
  });

  it("a code in another affiliate's list is refused as a conflict, however old the claim", () => {
    claimSpec(annHoldsAnn10)
      .when({ promoCode: 'ANN10', affiliateId: 'bob', now: at(90) })
      .thenThrows('promo_code_taken', 'conflict');
  });

  it('claiming a code one already holds changes nothing', () => {
    claimSpec(annHoldsAnn10)
      .when({ promoCode: 'ANN10', affiliateId: 'ann', now: T0 })
      .thenNothing();
  });

  it('a code released by its holder can be claimed by another', () => {
    claimSpec([...annHoldsAnn10, released('ANN10', 'ann')])
      .when({ promoCode: 'ANN10', affiliateId: 'bob', now: T0 })
      .then([claimed('ANN10', 'bob')]);
  });

  it("a fresh claim whose holder's list does not name it yet is in flight: refused", () => {
    claimSpec([registered('ann'), registered('bob'), claimed('NEW5', 'ann')])
      .when({ promoCode: 'NEW5', affiliateId: 'bob', now: T0 })
      .thenThrows('promo_code_taken', 'conflict');
  });

  it("a claim its holder's list never named (or dropped) can be taken over once a minute old", () => {
    claimSpec([registered('ann'), registered('bob'), claimed('NEW5', 'ann')])
      .when({ promoCode: 'NEW5', affiliateId: 'bob', now: later })
      .then([claimed('NEW5', 'bob', later)]);
  });

  it('only the holder releases a code; a release by anyone else changes nothing', () => {
    releaseSpec(annHoldsAnn10)
      .when({ promoCode: 'ANN10', affiliateId: 'ann', now: T0 })
      .then([released('ANN10', 'ann')]);
    releaseSpec(annHoldsAnn10)
      .when({ promoCode: 'ANN10', affiliateId: 'bob', now: T0 })
      .thenNothing();
  });
});

/** Registered affiliates, as the handler reads whether the holder's stream exists. */
const refCodeSpec = specWithFacts(refCodeDecider, {
  isFact: (event): event is AffiliateEvent => event.type === 'AffiliateRegistered',
  initial: () => new Set<string>(),
  evolve: (known: Set<string>, event: AffiliateEvent) => new Set(known).add(event.data.affiliateId),
  complete: (
    command: { refCode: string; affiliateId: string; now: string },
    known: Set<string>,
    holder: RefCodeHolder,
  ) => ({
    type: 'ClaimRefCode' as const,
    ...command,
    holderRegistered: holder ? known.has(holder.affiliateId) : false,
  }),
});
const refClaimed = (refCode: string, affiliateId: string, occurredAt = T0): RefCodeClaimed => ({
  type: 'RefCodeClaimed',
  data: { refCode, affiliateId, occurredAt },
});

describe('ref codes: claims (refCodeDecider)', () => {
  it('a free code is claimed', () => {
    refCodeSpec()
      .when({ refCode: 'ann', affiliateId: 'ann', now: T0 })
      .then([refClaimed('ann', 'ann')]);
  });

  it('a code whose holder is registered is taken (409), for good', () => {
    refCodeSpec([refClaimed('ann', 'ann'), registered('ann')])
      .when({ refCode: 'ann', affiliateId: 'bob', now: at(400) })
      .thenThrows('ref_code_taken', 'conflict');
  });

  it('a fresh claim whose registration is not written yet is in flight: taken', () => {
    refCodeSpec([refClaimed('ann', 'dead')])
      .when({ refCode: 'ann', affiliateId: 'bob', now: T0 })
      .thenThrows('ref_code_taken', 'conflict');
  });

  it('a claim whose registration never came (a crash between the writes) is abandoned after a minute', () => {
    refCodeSpec([refClaimed('ann', 'dead')])
      .when({ refCode: 'ann', affiliateId: 'bob', now: later })
      .then([refClaimed('ann', 'bob', later)]);
  });

  it('the same affiliate claiming again changes nothing', () => {
    refCodeSpec([refClaimed('ann', 'ann')])
      .when({ refCode: 'ann', affiliateId: 'ann', now: T0 })
      .thenNothing();
  });
});
