import { LinkKind, isCampaign, isProductId, isRefCode } from './link-kinds';

export interface ParsedLink {
  refCode: string;
  kind: LinkKind;
  productId?: string;
  campaign?: string;
}

/** A query as a raw string, URLSearchParams, or a framework's parsed object (Fastify's `request.query`). */
export type LinkQuery = string | URLSearchParams | Record<string, unknown>;

// The link may sit under a path prefix taken from PUBLIC_BASE_URL: the link starts at the FIRST `r`
// segment, so `/r/bob/r/ann` is no link (not Ann's: a tail match would hand Bob's visitors to her).
const LINK_PATH = /^\/?r\/([^/]+)(?:\/(p|buy)\/([^/]+))?\/?$/;

/**
 * The inverse of `linkFor`, for the redirect route: `requestUrl` is the
 * request's path with its query (Fastify's `request.url`) or an absolute URL;
 * `query`, when given, is used instead of the query in `requestUrl`.
 *
 * Null means the path is not a link (bad ref code or product id): the route
 * then sends the shopper to the shop, recording nothing. A shopper must never
 * see an error, so a campaign tag that is malformed is dropped and the click
 * is recorded untagged rather than lost. A ref code is matched
 * case-insensitively (ref codes are lowercase; a hand-typed link may not be);
 * a product id is case-sensitive.
 */
export function parseLink(requestUrl: string, query?: LinkQuery): ParsedLink | null {
  // Split by hand rather than with `URL`, which would resolve `..` and `%2E%2E` segments.
  const [pathAndQuery] = requestUrl.split('#', 1);
  const queryAt = pathAndQuery.indexOf('?');
  const path = queryAt < 0 ? pathAndQuery : pathAndQuery.slice(0, queryAt);
  const linkAt = path.startsWith('r/') ? 0 : path.indexOf('/r/');
  const match = linkAt < 0 ? null : LINK_PATH.exec(path.slice(linkAt));
  if (!match) return null;
  const refCode = decodeSegment(match[1])?.toLowerCase();
  if (!isRefCode(refCode)) return null;

  const parsed: ParsedLink = { refCode, kind: 'canonical' };
  if (match[2] !== undefined) {
    const productId = decodeSegment(match[3]);
    if (!isProductId(productId)) return null;
    parsed.kind = match[2] === 'p' ? 'product' : 'purchase';
    parsed.productId = productId;
  }
  const campaign = campaignOf(query ?? (queryAt < 0 ? '' : pathAndQuery.slice(queryAt + 1)));
  if (campaign !== undefined) parsed.campaign = campaign;
  return parsed;
}

function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/** The first valid `c` value; a repeated or malformed tag never fails the redirect. */
function campaignOf(query: LinkQuery): string | undefined {
  let values: unknown[];
  if (typeof query === 'string') {
    values = new URLSearchParams(query).getAll('c');
  } else if (query instanceof URLSearchParams) {
    values = query.getAll('c');
  } else {
    const raw = query.c;
    values = Array.isArray(raw) ? raw : [raw];
  }
  return values.find(isCampaign);
}
