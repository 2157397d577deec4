import fc from 'fast-check';
import { buildLinks, linkFor } from './affiliate-links';
import { LINK_KINDS } from './link-kinds';
import { parseLink } from './parse-link';

describe('parsing a link on the redirect route', () => {
  it.each([
    ['/r/jane-doe', { refCode: 'jane-doe', kind: 'canonical' }],
    ['/r/jane-doe/', { refCode: 'jane-doe', kind: 'canonical' }],
    [
      '/r/jane-doe?c=youtube-launch',
      { refCode: 'jane-doe', kind: 'canonical', campaign: 'youtube-launch' },
    ],
    ['/r/jane-doe/p/tee-42', { refCode: 'jane-doe', kind: 'product', productId: 'tee-42' }],
    [
      '/r/jane-doe/buy/tee-42?c=spring',
      { refCode: 'jane-doe', kind: 'purchase', productId: 'tee-42', campaign: 'spring' },
    ],
    ['/aff/r/jane-doe/p/tee-42', { refCode: 'jane-doe', kind: 'product', productId: 'tee-42' }],
    ['/r/Jane-Doe', { refCode: 'jane-doe', kind: 'canonical' }],
    ['/r/jane-doe/p/T%65e', { refCode: 'jane-doe', kind: 'product', productId: 'Tee' }],
    [
      'https://go.example/r/abc/buy/x1?c=a#frag',
      { refCode: 'abc', kind: 'purchase', productId: 'x1', campaign: 'a' },
    ],
  ])('%s is %o', (path, expected) => {
    expect(parseLink(path)).toEqual(expected);
  });

  it.each([
    '/r/ab',
    '/r/' + 'a'.repeat(33),
    '/r/jane_doe',
    '/r/jane-doe/p',
    '/r/jane-doe/p/',
    '/r/jane-doe/x/tee-42',
    '/r/jane-doe/p/tee-42/extra',
    '/r/jane-doe/p/%2E%2E',
    '/r/jane-doe/p/a%2Fb',
    '/r/jane-doe/p/%E0%A4%A',
    '/r/%E0%A4%A',
    '/shop/jane-doe',
    '/r/bob/r/ann',
    '/r/bob/p/tee/r/ann',
    '/aff/r/bob/r/ann',
    '',
  ])('%s is not a link', (path) => {
    expect(parseLink(path)).toBeNull();
  });

  it.each([
    ['/r/abc?c=You%20Tube'],
    ['/r/abc?c='],
    ['/r/abc?c=' + 'a'.repeat(65)],
    ['/r/abc?c=UPPER'],
  ])('a malformed campaign tag in %s is dropped, the click still counts', (path) => {
    expect(parseLink(path)).toEqual({ refCode: 'abc', kind: 'canonical' });
  });

  it('of repeated campaign tags the first valid one is kept', () => {
    expect(parseLink('/r/abc?c=Bad!&c=good&c=later')?.campaign).toBe('good');
  });

  it('a parsed query object (Fastify) is read instead of the path query', () => {
    expect(parseLink('/r/abc?c=ignored', { c: 'spring' })?.campaign).toBe('spring');
    expect(parseLink('/r/abc', { c: ['BAD', 'spring'] })?.campaign).toBe('spring');
    expect(parseLink('/r/abc', { c: 42 })?.campaign).toBeUndefined();
    expect(parseLink('/r/abc', new URLSearchParams('c=news'))?.campaign).toBe('news');
    expect(parseLink('/r/abc', 'c=news')?.campaign).toBe('news');
  });

  const refCode = fc.stringMatching(/^[a-z0-9-]{3,32}$/);
  const productId = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/);
  const campaign = fc.option(fc.stringMatching(/^[a-z0-9-]{1,64}$/), { nil: undefined });
  const publicBaseUrl = fc.constantFrom(
    'https://go.example',
    'http://127.0.0.1:3000/',
    'https://shop.example/aff',
  );

  it('every link that is built parses back to what built it', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...LINK_KINDS),
        publicBaseUrl,
        refCode,
        productId,
        campaign,
        (kind, base, r, p, c) => {
          const link = linkFor(kind, {
            publicBaseUrl: base,
            refCode: r,
            productId: p,
            campaign: c,
          });
          const expected = {
            refCode: r,
            kind,
            ...(kind === 'canonical' ? {} : { productId: p }),
            ...(c === undefined ? {} : { campaign: c }),
          };
          expect(parseLink(link)).toEqual(expected);
          const { pathname, search } = new URL(link);
          expect(parseLink(pathname + search)).toEqual(expected);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('the links of one request all name the same affiliate and campaign', () => {
    fc.assert(
      fc.property(refCode, productId, campaign, (r, p, c) => {
        const links = buildLinks({
          publicBaseUrl: 'https://go.example',
          refCode: r,
          productId: p,
          campaign: c,
        });
        for (const link of Object.values(links)) {
          expect(parseLink(link)).toMatchObject({ refCode: r });
          expect(parseLink(link)?.campaign).toBe(c);
        }
      }),
    );
  });
});
