import { loggableUrl, requestIdOf } from './access-line';

describe('the access line', () => {
  it('masks credentials in the query and keeps the rest of the URL', () => {
    expect(loggableUrl('/v1/me/qr?type=canonical&access_token=abc&apiKey=tt_1&c=launch')).toBe(
      '/v1/me/qr?type=canonical&access_token=[redacted]&apiKey=[redacted]&c=launch',
    );
    expect(loggableUrl('/x?password=hunter2&Stripe-Signature=t%3D1&session=s')).toBe(
      '/x?password=[redacted]&Stripe-Signature=[redacted]&session=[redacted]',
    );
    expect(loggableUrl('/v1/admin/payouts?status=requested')).toBe(
      '/v1/admin/payouts?status=requested',
    );
  });

  it("masks the invite token in the portal's invite path", () => {
    expect(loggableUrl('/portal/invite/inv_secret123?x=1')).toBe('/portal/invite/[redacted]?x=1');
    expect(loggableUrl('/r/jane/p/lamp')).toBe('/r/jane/p/lamp');
  });
});

describe('the request id', () => {
  it("honours the caller's X-Request-Id when it is 1 to 128 visible ASCII characters", () => {
    expect(requestIdOf('abc-123')).toBe('abc-123');
    expect(requestIdOf('x'.repeat(128))).toBe('x'.repeat(128));
  });

  it('replaces a missing, empty, too long, repeated or invisible one by a new UUID', () => {
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    for (const header of [undefined, '', 'x'.repeat(129), 'has space', 'tab\t', 'é', ['a', 'b']])
      expect(requestIdOf(header)).toMatch(uuid);
    expect(requestIdOf(undefined)).not.toBe(requestIdOf(undefined));
  });
});
