import type { PromoCodeClaimed, PromoCodesSet } from '../src/affiliates/promo-codes';
import { promoOrderSpec } from './commerce-deciders';
import { at, clicked, emailHashOf, listed, registered, T0, updated } from './fixtures';

const claimed = (promoCode: string, affiliateId: string): PromoCodeClaimed => ({
  type: 'PromoCodeClaimed',
  data: { promoCode, affiliateId, occurredAt: T0 },
});
const codesSet = (affiliateId: string, promoCodes: string[]): PromoCodesSet => ({
  type: 'PromoCodesSet',
  data: { affiliateId, promoCodes, occurredAt: T0 },
});

const shop = [
  listed('tee'),
  registered('ann'),
  registered('bob'),
  claimed('ANN10', 'ann'),
  codesSet('ann', ['ANN10']),
];
const teeOrder = {
  paidAt: at(30),
  lines: [{ productId: 'tee', quantity: 1, amountCents: 10_000 }],
};

describe('promotion codes: attribution', () => {
  it("an order carrying an active affiliate's code is that affiliate's, without any click", () => {
    const [decision] = promoOrderSpec(shop)
      .when({ ...teeOrder, promoCode: 'ANN10' })
      .events();
    expect(decision!.attribution).toMatchObject({
      affiliateId: 'ann',
      promoCode: 'ANN10',
      commissionCents: 1_000,
    });
    expect(decision!.attribution).not.toHaveProperty('clickId');
    expect(decision!.explanation[0]).toEqual({
      check: 'promo_code',
      ok: true,
      detail: 'promotion code ANN10 of ann wins over 0 click(s)',
    });
  });

  it("the code wins over another affiliate's later click", () => {
    promoOrderSpec([...shop, clicked('v1.b', 'bob', at(29))])
      .when({ ...teeOrder, promoCode: 'ANN10' })
      .thenMatches([{ attribution: { affiliateId: 'ann', promoCode: 'ANN10' } }]);
  });

  it("a suspended affiliate's code does not count: the clicks decide, and the explanation says why", () => {
    const [decision] = promoOrderSpec([
      ...shop,
      updated('ann', { status: 'suspended' }),
      clicked('v1.b', 'bob', at(29)),
    ])
      .when({ ...teeOrder, promoCode: 'ANN10' })
      .events();
    expect(decision!.attribution).toMatchObject({ affiliateId: 'bob', clickId: 'v1.b' });
    expect(decision!.explanation[0]).toMatchObject({ check: 'promo_code', ok: false });
  });

  it('a code nobody holds earns nothing on its own', () => {
    const [decision] = promoOrderSpec(shop)
      .when({ ...teeOrder, promoCode: 'NOBODY5' })
      .events();
    expect(decision!.attribution).toBeNull();
    expect(decision!.explanation[0]).toMatchObject({ check: 'promo_code', ok: false });
  });

  it("a code claimed but no longer in its holder's list (released half-way) attributes to nobody", () => {
    promoOrderSpec([...shop, codesSet('ann', [])])
      .when({ ...teeOrder, promoCode: 'ANN10' })
      .thenMatches([{ attribution: null }]);
  });

  it('the customer using their own code is a self-referral and earns nothing', () => {
    promoOrderSpec(shop)
      .when({ ...teeOrder, promoCode: 'ANN10', customerEmailHash: emailHashOf('ann') })
      .thenMatches([{ attribution: null }]);
  });
});
