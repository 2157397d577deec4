import { hashIp } from './ip-hash';

describe('hashed client IPs', () => {
  it('is hex HMAC-SHA256 of the address under the salt', () => {
    expect(hashIp('203.0.113.7', 'salt')).toBe(
      '549fe5bec61ee86fc9e958ee261c8c0515ef82b928d42f8e03519788722ead62',
    );
  });

  it('the raw address never appears in the hash', () => {
    expect(hashIp('203.0.113.7', 'salt')).not.toContain('203');
  });

  it('the same address under the same salt hashes the same; another salt or address does not', () => {
    expect(hashIp('203.0.113.7', 'salt')).toBe(hashIp('203.0.113.7', 'salt'));
    expect(hashIp('203.0.113.7', 'other')).not.toBe(hashIp('203.0.113.7', 'salt'));
    expect(hashIp('203.0.113.8', 'salt')).not.toBe(hashIp('203.0.113.7', 'salt'));
  });

  it('an IPv4 address seen through an IPv6 socket hashes like itself', () => {
    expect(hashIp('::ffff:203.0.113.7', 'salt')).toBe(hashIp('203.0.113.7', 'salt'));
  });

  it('IPv6 letters are case-folded', () => {
    expect(hashIp('2001:DB8::1', 'salt')).toBe(hashIp('2001:db8::1', 'salt'));
  });

  it('an empty salt is refused', () => {
    expect(() => hashIp('203.0.113.7', '')).toThrow(RangeError);
  });
});
