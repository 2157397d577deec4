import type {
  AffiliateEvent,
  AffiliateRegistered,
  AffiliateStatus,
  PayoutAccount,
  ProductScope,
} from './affiliate';

/** An API key that still works: its id (shown to the affiliate) and hash (compared with the key given). */
export interface ActiveApiKey {
  keyId: string;
  keyHash: string;
  createdAt: string;
}

/** The id of the key a registration recorded as `apiKeyHash`, before keys had ids. */
export const LEGACY_KEY_ID = 'key_registration';

/** What registration recorded, kept up to date by later changes. */
export type AffiliateState = Omit<AffiliateRegistered['data'], 'occurredAt' | 'apiKeyHash'> & {
  status: AffiliateStatus;
  payoutAccount: PayoutAccount | null;
  /** Oldest first. */
  apiKeys: ActiveApiKey[];
  /** Upper-case; absent until set. */
  promoCodes?: string[];
};

/** null until registered. */
export const evolveAffiliate = (
  state: AffiliateState | null,
  event: AffiliateEvent,
): AffiliateState | null => {
  switch (event.type) {
    case 'AffiliateRegistered': {
      const { occurredAt, apiKeyHash, ...data } = event.data;
      const apiKeys = apiKeyHash
        ? [{ keyId: LEGACY_KEY_ID, keyHash: apiKeyHash, createdAt: occurredAt }]
        : [];
      return { ...data, status: 'active', payoutAccount: null, apiKeys };
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
    case 'ApiKeyIssued': {
      const { keyId, keyHash, occurredAt } = event.data;
      return (
        state && {
          ...state,
          apiKeys: [...state.apiKeys, { keyId, keyHash, createdAt: occurredAt }],
        }
      );
    }
    case 'ApiKeyRevoked':
      return (
        state && {
          ...state,
          apiKeys: state.apiKeys.filter((key) => key.keyId !== event.data.keyId),
        }
      );
    case 'RefCodeClaimed':
      return state;
    case 'PromoCodesSet':
      return state && { ...state, promoCodes: event.data.promoCodes };
  }
};

export const inScope = (scope: ProductScope, productId: string): boolean =>
  scope === 'all' || scope.includes(productId);
