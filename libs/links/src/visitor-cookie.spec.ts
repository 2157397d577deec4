import { VisitorCookie } from './visitor-cookie';
import { newVisitorId } from './visitor';

describe('the signed visitor cookie', () => {
  const cookie = new VisitorCookie('a-visitor-secret-of-the-program');

  it('a cookie this server signed proves its visitor', () => {
    const visitorId = newVisitorId();
    const value = cookie.sign(visitorId);
    expect(value).toMatch(new RegExp(`^${visitorId}\\.[A-Za-z0-9_-]{22}$`));
    expect(encodeURIComponent(value)).toBe(value);
    expect(cookie.verify(value)).toBe(visitorId);
  });

  it("a bare visitor id (another shopper's, copied from anywhere) proves no visitor", () => {
    expect(cookie.verify(newVisitorId())).toBeNull();
  });

  it('a forged signature proves no visitor', () => {
    const visitorId = newVisitorId();
    const signed = cookie.sign(visitorId);
    const last = signed.at(-1) === 'A' ? 'B' : 'A';
    expect(cookie.verify(`${signed.slice(0, -1)}${last}`)).toBeNull();
    expect(cookie.verify(`${visitorId}.${'A'.repeat(22)}`)).toBeNull();
  });

  it('a signature made for another visitor proves neither', () => {
    const signature = cookie.sign(newVisitorId()).slice(23);
    expect(cookie.verify(`${newVisitorId()}.${signature}`)).toBeNull();
  });

  it('a cookie signed under another secret (rotated, or another program) proves no visitor', () => {
    const other = new VisitorCookie('another-secret-entirely-different');
    expect(cookie.verify(other.sign(newVisitorId()))).toBeNull();
  });

  it.each([
    undefined,
    null,
    42,
    '',
    'x',
    'AAAAAAAAAAAAAAAAAAAAAA.',
    ' ' + cookie.sign(newVisitorId()),
  ])('%p proves no visitor', (value) => {
    expect(cookie.verify(value)).toBeNull();
  });

  it('a short secret is refused', () => {
    expect(() => new VisitorCookie('short')).toThrow(RangeError);
  });
});
