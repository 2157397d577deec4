import { eventId } from '../src';

describe('eventId', () => {
  it('is a version-5 UUID, the same for the same cause', () => {
    const id = eventId('stripe', 'evt_123', 'OrderPaid');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(eventId('stripe', 'evt_123', 'OrderPaid')).toBe(id);
  });

  it('never changes (stored ids depend on it)', () => {
    expect(eventId('order-1', 'CommissionEarned')).toBe(PINNED);
  });

  it('differs when any part differs, including how the parts are split', () => {
    const ids = new Set([
      eventId('a', 'b'),
      eventId('a|b'),
      eventId('ab'),
      eventId('a', 'b', ''),
      eventId('b', 'a'),
    ]);
    expect(ids.size).toBe(5);
  });

  it('needs a cause', () => {
    expect(() => eventId()).toThrow(TypeError);
  });
});

const PINNED = '702407aa-3190-51da-9d91-7d62da29522d';
