import { randomUUID } from 'node:crypto';
import {
  EventTooLargeError,
  InvalidEventError,
  InvalidStreamNameError,
  MAX_EVENT_BYTES,
  validateAppend,
} from '../src';

const event = (over: Record<string, unknown> = {}) => ({
  id: randomUUID(),
  type: 'OrderPaid',
  data: { a: 1 },
  ...over,
});

describe('append validation', () => {
  it('serializes data and metadata once, lower-cases ids and defaults to any', () => {
    const id = randomUUID().toUpperCase();
    const { events, expectedRevision } = validateAppend(
      'order-1',
      [event({ id, metadata: { actor: 'admin' } })],
      undefined,
    );
    expect(expectedRevision).toBe('any');
    expect(events).toEqual([
      { id: id.toLowerCase(), type: 'OrderPaid', data: '{"a":1}', metadata: '{"actor":"admin"}' },
    ]);
  });

  it('counts bytes, not characters, against the 1 MiB limit', () => {
    const justFits = 'x'.repeat(MAX_EVENT_BYTES - '{"s":""}'.length - '{}'.length);
    expect(() => validateAppend('s', [event({ data: { s: justFits } })], 'any')).not.toThrow();
    expect(() => validateAppend('s', [event({ data: { s: `${justFits}x` } })], 'any')).toThrow(
      EventTooLargeError,
    );
    const multiByte = 'é'.repeat(MAX_EVENT_BYTES / 2);
    expect(() => validateAppend('s', [event({ data: multiByte })], 'any')).toThrow(
      EventTooLargeError,
    );
  });

  it.each([
    ['an event type starting with a digit', { type: '1Order' }],
    ['an event type of 101 characters', { type: `A${'a'.repeat(100)}` }],
    ['metadata that is not an object', { metadata: ['x'] }],
    [
      'data with a circular reference',
      {
        data: (() => {
          const o: Record<string, unknown> = {};
          o.self = o;
          return o;
        })(),
      },
    ],
    ['data with a bigint', { data: { n: 1n } }],
    ['data with U+0000', { data: { s: 'a\u0000b' } }],
  ])('refuses %s', (_, over) => {
    expect(() => validateAppend('s', [event(over)], 'any')).toThrow(InvalidEventError);
  });

  it.each([[-1], [1.5], ['5'], [Number.MAX_SAFE_INTEGER + 1]])(
    'refuses the expected revision %p',
    (expected) => {
      expect(() => validateAppend('s', [event()], expected)).toThrow(InvalidEventError);
    },
  );

  it('checks the stream name first', () => {
    expect(() => validateAppend('$all', [], 'any')).toThrow(InvalidStreamNameError);
  });
});
