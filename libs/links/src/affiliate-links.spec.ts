import { buildLinks, linkFor } from './affiliate-links';

const base = 'https://go.threadtrak.example';

describe('affiliate links', () => {
  it.each([
    ['canonical', undefined, `${base}/r/jane-doe`],
    ['canonical', 'youtube-launch', `${base}/r/jane-doe?c=youtube-launch`],
    ['product', undefined, `${base}/r/jane-doe/p/tee-42`],
    ['product', 'youtube-launch', `${base}/r/jane-doe/p/tee-42?c=youtube-launch`],
    ['purchase', undefined, `${base}/r/jane-doe/buy/tee-42`],
    ['purchase', 'youtube-launch', `${base}/r/jane-doe/buy/tee-42?c=youtube-launch`],
  ] as const)('a %s link with campaign %s is %s', (kind, campaign, expected) => {
    expect(
      linkFor(kind, { publicBaseUrl: base, refCode: 'jane-doe', productId: 'tee-42', campaign }),
    ).toBe(expected);
  });

  it('a campaign purchase link carries the campaign tag', () => {
    const links = buildLinks({
      publicBaseUrl: base,
      refCode: 'jane-doe',
      productId: 'tee-42',
      campaign: 'spring',
    });
    expect(new URL(links.purchase!).searchParams.get('c')).toBe('spring');
  });

  it('without a product only the canonical link is given', () => {
    expect(buildLinks({ publicBaseUrl: base, refCode: 'jane-doe' })).toEqual({
      canonical: `${base}/r/jane-doe`,
    });
  });

  it('with a product all three links are given', () => {
    expect(
      buildLinks({ publicBaseUrl: base, refCode: 'jane-doe', productId: 'Tee_42.v2' }),
    ).toEqual({
      canonical: `${base}/r/jane-doe`,
      product: `${base}/r/jane-doe/p/Tee_42.v2`,
      purchase: `${base}/r/jane-doe/buy/Tee_42.v2`,
    });
  });

  it.each([base, `${base}/`, `${base}//`])(
    'the public base URL %s may end with a slash',
    (publicBaseUrl) => {
      expect(linkFor('canonical', { publicBaseUrl, refCode: 'jane-doe' })).toBe(
        `${base}/r/jane-doe`,
      );
    },
  );

  it('a public base URL with a path prefix keeps it', () => {
    expect(
      linkFor('product', {
        publicBaseUrl: 'https://shop.example/aff/',
        refCode: 'abc',
        productId: 'p1',
      }),
    ).toBe('https://shop.example/aff/r/abc/p/p1');
  });

  it('a local base URL with a port works', () => {
    expect(linkFor('canonical', { publicBaseUrl: 'http://127.0.0.1:3000', refCode: 'abc' })).toBe(
      'http://127.0.0.1:3000/r/abc',
    );
  });

  it.each([
    ['an invalid ref code', { refCode: 'AB' }],
    ['an invalid campaign', { refCode: 'abc', campaign: 'You Tube' }],
    ['a product link without a product', { refCode: 'abc' }],
    ['a product id with a slash', { refCode: 'abc', productId: 'a/b' }],
    ['a dot-segment product id', { refCode: 'abc', productId: '..' }],
  ])('%s is refused', (_, input) => {
    expect(() => linkFor('product', { publicBaseUrl: base, ...input })).toThrow(RangeError);
  });

  it('a base URL with a query is refused', () => {
    expect(() => linkFor('canonical', { publicBaseUrl: `${base}?x=1`, refCode: 'abc' })).toThrow(
      RangeError,
    );
  });
});
