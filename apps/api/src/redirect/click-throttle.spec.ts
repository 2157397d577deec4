import { ClickThrottle } from './click-throttle';

describe('the per-address click throttle', () => {
  let now = 0;
  const clock = () => now;

  it('lets an address record `capacity` clicks at once, then throttles it until tokens come back', () => {
    const throttle = new ClickThrottle(3, 1, clock);
    expect([1, 2, 3, 4].map(() => throttle.take('ip-a'))).toEqual([true, true, true, false]);
    now += 999;
    expect(throttle.take('ip-a')).toBe(false);
    now += 1;
    expect(throttle.take('ip-a')).toBe(true);
  });

  it('throttles each address on its own', () => {
    const throttle = new ClickThrottle(1, 1, clock);
    expect(throttle.take('ip-a')).toBe(true);
    expect(throttle.take('ip-a')).toBe(false);
    expect(throttle.take('ip-b')).toBe(true);
  });

  it('never keeps more than `maxAddresses` buckets, whatever the number of addresses', () => {
    const throttle = new ClickThrottle(2, 1, clock, 10);
    for (let i = 0; i < 1000; i++) throttle.take(`ip-${i}`);
    expect(throttle.addresses).toBeLessThanOrEqual(10);
  });
});
