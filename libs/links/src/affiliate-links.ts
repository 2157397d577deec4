import { LinkKind, isCampaign, isProductId, isRefCode } from './link-kinds';

export interface LinkInput {
  /** `PUBLIC_BASE_URL`, with or without a trailing slash; may carry a path prefix. */
  publicBaseUrl: string;
  refCode: string;
  productId?: string;
  campaign?: string;
}

export interface AffiliateLinks {
  canonical: string;
  product?: string;
  purchase?: string;
}

/** The body of `GET /v1/me/links`: the product links only when a product is named. */
export function buildLinks(input: LinkInput): AffiliateLinks {
  const links: AffiliateLinks = { canonical: linkFor('canonical', input) };
  if (input.productId !== undefined) {
    links.product = linkFor('product', input);
    links.purchase = linkFor('purchase', input);
  }
  return links;
}

/** One link of the given kind. Throws a RangeError on an invalid id: callers validate first. */
export function linkFor(kind: LinkKind, input: LinkInput): string {
  const { refCode, productId, campaign } = input;
  if (!isRefCode(refCode)) throw new RangeError(`invalid ref code: ${JSON.stringify(refCode)}`);
  if (campaign !== undefined && !isCampaign(campaign)) {
    throw new RangeError(`invalid campaign: ${JSON.stringify(campaign)}`);
  }
  let path = `/r/${encodeURIComponent(refCode)}`;
  if (kind !== 'canonical') {
    if (!isProductId(productId)) {
      throw new RangeError(
        `a ${kind} link needs a valid product id, got ${JSON.stringify(productId)}`,
      );
    }
    path += `/${kind === 'product' ? 'p' : 'buy'}/${encodeURIComponent(productId)}`;
  }
  const query = campaign === undefined ? '' : `?c=${encodeURIComponent(campaign)}`;
  return `${baseWithoutSlash(input.publicBaseUrl)}${path}${query}`;
}

function baseWithoutSlash(publicBaseUrl: string): string {
  const base = new URL(publicBaseUrl);
  if (base.search || base.hash) {
    throw new RangeError(`public base URL must not carry a query or fragment: ${publicBaseUrl}`);
  }
  return base.href.replace(/\/+$/, '');
}
