/** The query parameter that hands the click id to the shop (and to its checkout). */
const CLICK_ID_PARAM = 'tt_click';

/**
 * The destination with `tt_click={clickId}` added to its query. The existing
 * query is kept byte for byte (URLSearchParams would re-encode it, and some
 * shops sign their URLs); a `tt_click` already present is replaced; the
 * fragment stays last. Throws a TypeError when `destinationUrl` is not an
 * absolute URL: destinations are validated when a product is listed.
 */
export function withClickId(destinationUrl: string, clickId: string): string {
  let url: URL;
  try {
    url = new URL(destinationUrl);
  } catch {
    throw new TypeError(`destination is not an absolute URL: ${destinationUrl}`);
  }
  const kept = url.search
    .slice(1)
    .split('&')
    .filter((pair) => pair !== '' && pair.split('=', 1)[0] !== CLICK_ID_PARAM);
  kept.push(`${CLICK_ID_PARAM}=${encodeURIComponent(clickId)}`);
  url.search = `?${kept.join('&')}`;
  return url.href;
}
