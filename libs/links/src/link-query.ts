import { LINK_KINDS, LinkKind, isCampaign, isLinkKind, isProductId } from './link-kinds';

export interface LinkRequest {
  kind: LinkKind;
  productId?: string;
  campaign?: string;
}

export type LinkRequestResult = { ok: true; value: LinkRequest } | { ok: false; errors: string[] };

/**
 * Reads `type`, `productId` and `campaign` from the query of
 * `GET /v1/me/links` and `GET /v1/me/qr`, so the API answers 400 by the same
 * rules the links are built with. `type` defaults to canonical; a product or
 * purchase link needs a product id. Other keys are ignored.
 */
export function parseLinkQuery(query: Record<string, unknown>): LinkRequestResult {
  const errors: string[] = [];
  const value: LinkRequest = { kind: 'canonical' };

  const type = present(query.type);
  if (type !== undefined) {
    if (isLinkKind(type)) value.kind = type;
    else errors.push(`type must be one of ${LINK_KINDS.join(', ')}`);
  }
  const productId = present(query.productId);
  if (productId !== undefined) {
    if (isProductId(productId)) value.productId = productId;
    else
      errors.push('productId must be 1 to 64 of A-Z a-z 0-9 _ . - starting with a letter or digit');
  } else if (value.kind !== 'canonical') {
    errors.push(`a ${value.kind} link needs a productId`);
  }
  const campaign = present(query.campaign);
  if (campaign !== undefined) {
    if (isCampaign(campaign)) value.campaign = campaign;
    else errors.push('campaign must be 1 to 64 of a-z 0-9 -');
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value };
}

function present(raw: unknown): unknown {
  return raw === undefined || raw === null || raw === '' ? undefined : raw;
}
