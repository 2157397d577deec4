import fc from 'fast-check';
import { isClickId, isVisitorId, newClickId, newVisitorId } from './visitor';

describe('visitors and clicks', () => {
  it('a new visitor id is 22 URL-safe characters and valid as a cookie value', () => {
    const visitorId = newVisitorId();
    expect(visitorId).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(isVisitorId(visitorId)).toBe(true);
    expect(encodeURIComponent(visitorId)).toBe(visitorId);
  });

  it('visitor ids and click ids do not repeat', () => {
    expect(new Set(Array.from({ length: 1000 }, () => newVisitorId())).size).toBe(1000);
    expect(new Set(Array.from({ length: 1000 }, () => newClickId())).size).toBe(1000);
  });

  it('a click id is opaque: 24 URL-safe characters, nothing of its visitor inside', () => {
    const clickId = newClickId();
    expect(clickId).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(isClickId(clickId)).toBe(true);
  });

  it('ids come from the random source given', () => {
    const zeros = (n: number) => Buffer.alloc(n);
    expect(newVisitorId(zeros)).toBe('AAAAAAAAAAAAAAAAAAAAAA');
    expect(newClickId(zeros)).toBe('AAAAAAAAAAAAAAAAAAAAAAAA');
  });

  it('every click id from any random bytes is a click id', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 18, maxLength: 18 }), (bytes) => {
        expect(isClickId(newClickId(() => Buffer.from(bytes)))).toBe(true);
      }),
    );
  });

  it('a click id written before opaque ids ({visitorId}.{suffix}) is still a click id an order may name', () => {
    expect(isClickId('AAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAA')).toBe(true);
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
    ['not a string', 42],
    ['undefined', undefined],
  ])('a value that is %s is not a visitor id', (_, value) => {
    expect(isVisitorId(value)).toBe(false);
  });

  it.each([
    ['empty', ''],
    ['a bare visitor id', 'AAAAAAAAAAAAAAAAAAAAAA'],
    ['23 characters', 'AAAAAAAAAAAAAAAAAAAAAAA'],
    ['25 characters', 'AAAAAAAAAAAAAAAAAAAAAAAAA'],
    ['a legacy id with a short suffix', 'AAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAA'],
    ['a legacy id with a bad visitor part', 'AAAAAAAAAAAAAAAAAAAAAB.AAAAAAAAAAAA'],
    ['two suffixes', 'AAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAA.AAAAAAAAAAAA'],
    ['standard base64 characters', 'AAAAAAAAAAAAAAAAAAAAAA+/'],
    ['not a string', null],
  ])('%s is not a click id', (_, value) => {
    expect(isClickId(value)).toBe(false);
  });
});
