import type { AffiliateEvent, AffiliateRegistered, AffiliateStatus, PayoutAccount, ProductScope } from './affiliate';

/** What registration recorded, kept up to date by later changes. */
export type AffiliateState = Omit<AffiliateRegistered['data'], 'occurredAt'> & {
  status: AffiliateStatus;
  payoutAccount: PayoutAccount | null;
  /** Upper-case; absent until set. */
  promoCodes?: string[];
};

/** null until registered. */
export const evolveAffiliate = (state: AffiliateState | null, event: AffiliateEvent): AffiliateState | null => {
  switch (event.type) {
    case 'AffiliateRegistered': {
      const { occurredAt: _occurredAt, ...data } = event.data;
      return { ...data, status: 'active', payoutAccount: null };
    }
    case 'AffiliateUpdated': {
      if (!state) return state;
      const { productScope, rateBps, status } = event.data;
      return {
        ...state,
        productScope: productScope ?? state.productScope,
        rateBps: rateBps === undefined ? state.rateBps : rateBps,
        status: status ?? state.status,
      };
    }
    case 'PayoutAccountSet':
      return state && { ...state, payoutAccount: event.data.account };
    case 'RefCodeClaimed':
      return state;
    case 'PromoCodesSet':
      return state && { ...state, promoCodes: event.data.promoCodes };
  }
};

export const inScope = (scope: ProductScope, productId: string): boolean =>
  scope === 'all' || scope.includes(productId);
