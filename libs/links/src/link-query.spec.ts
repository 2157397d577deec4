import { parseLinkQuery } from './link-query';

describe('which link a request asks for', () => {
  it('no type means the canonical link', () => {
    expect(parseLinkQuery({})).toEqual({ ok: true, value: { kind: 'canonical' } });
  });

  it('a campaign purchase link names its product and campaign', () => {
    expect(
      parseLinkQuery({
        type: 'purchase',
        productId: 'tee-42',
        campaign: 'youtube-launch',
        format: 'svg',
      }),
    ).toEqual({
      ok: true,
      value: { kind: 'purchase', productId: 'tee-42', campaign: 'youtube-launch' },
    });
  });

  it('a product id without a type is kept, for GET /v1/me/links', () => {
    expect(parseLinkQuery({ productId: 'tee-42' })).toEqual({
      ok: true,
      value: { kind: 'canonical', productId: 'tee-42' },
    });
  });

  it.each([
    [{ type: 'campaign' }, 'type'],
    [{ type: 'product' }, 'productId'],
    [{ type: 'purchase', productId: '' }, 'productId'],
    [{ productId: 'a/b' }, 'productId'],
    [{ productId: '..' }, 'productId'],
    [{ productId: ['a', 'b'] }, 'productId'],
    [{ campaign: 'YouTube' }, 'campaign'],
    [{ campaign: 'c'.repeat(65) }, 'campaign'],
  ])('%o is refused naming %s', (query, field) => {
    const result = parseLinkQuery(query);
    expect(!result.ok && result.errors).toEqual([expect.stringContaining(field)]);
  });
});
