import fc from 'fast-check';
import { isClickId, isVisitorId, newClickId, newVisitorId, visitorOfClick } from './visitor';

describe('visitors and clicks', () => {
  it('a new visitor id is 22 URL-safe characters and valid as a cookie value', () => {
    const visitorId = newVisitorId();
    expect(visitorId).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(isVisitorId(visitorId)).toBe(true);
    expect(encodeURIComponent(visitorId)).toBe(visitorId);
  });

  it('visitor ids do not repeat', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => newVisitorId()));
    expect(ids.size).toBe(1000);
  });

  it('a click id names its visitor', () => {
    const visitorId = newVisitorId();
    const clickId = newClickId(visitorId);
    expect(clickId).toMatch(new RegExp(`^${visitorId}\\.[A-Za-z0-9_-]{12}$`));
    expect(isClickId(clickId)).toBe(true);
    expect(visitorOfClick(clickId)).toBe(visitorId);
  });

  it('two clicks of one visitor have different ids', () => {
    const visitorId = newVisitorId();
    expect(newClickId(visitorId)).not.toBe(newClickId(visitorId));
  });

  it('ids come from the random source given', () => {
    const zeros = (n: number) => Buffer.alloc(n);
    expect(newVisitorId(zeros)).toBe('AAAAAAAAAAAAAAAAAAAAAA');
    expect(newClickId('AAAAAAAAAAAAAAAAAAAAAA', zeros)).toBe('AAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAA');
  });

  it('every visitor id from any random bytes is valid and comes back from its clicks', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), fc.uint8Array({ minLength: 9, maxLength: 9 }), (v, c) => {
        const visitorId = newVisitorId(() => Buffer.from(v));
        expect(isVisitorId(visitorId)).toBe(true);
        const clickId = newClickId(visitorId, () => Buffer.from(c));
        expect(isClickId(clickId)).toBe(true);
        expect(visitorOfClick(clickId)).toBe(visitorId);
      }),
    );
  });

  it.each([
    ['empty', ''],
    ['too short', 'AAAAAAAAAAAAAAAAAAAAA'],
    ['too long', 'AAAAAAAAAAAAAAAAAAAAAAA'],
    ['padded base64', 'AAAAAAAAAAAAAAAAAAAAAA=='],
    ['standard base64 characters', 'AAAAAAAAAAAAAAAA+/AAAA'],
    ['a last character 16 bytes cannot end with', 'AAAAAAAAAAAAAAAAAAAAAB'],
    ['a cookie injection', 'AAAAAAAAAAAAAAAAAAAAA;'],
    ['surrounding spaces', ' AAAAAAAAAAAAAAAAAAAAAA'],
    ['a click id', 'AAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAA'],
    ['not a string', 42],
    ['undefined', undefined],
  ])('a cookie value that is %s is not a visitor id', (_, value) => {
    expect(isVisitorId(value)).toBe(false);
  });

  it.each([
    ['empty', ''],
    ['a bare visitor id', 'AAAAAAAAAAAAAAAAAAAAAA'],
    ['a short suffix', 'AAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAA'],
    ['a long suffix', 'AAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAA'],
    ['a bad visitor part', 'AAAAAAAAAAAAAAAAAAAAAB.AAAAAAAAAAAA'],
    ['another separator', 'AAAAAAAAAAAAAAAAAAAAAA-AAAAAAAAAAAA'],
    ['two suffixes', 'AAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAA.AAAAAAAAAAAA'],
    ['not a string', null],
  ])('%s is not a click id and names no visitor', (_, value) => {
    expect(isClickId(value)).toBe(false);
    expect(visitorOfClick(value)).toBeNull();
  });

  it('a click id cannot be made for an invalid visitor id', () => {
    expect(() => newClickId('not-a-visitor')).toThrow(RangeError);
  });
});
