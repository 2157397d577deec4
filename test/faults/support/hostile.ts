import fc from 'fast-check';

/**
 * Values an attacker or a broken client sends, by what the field expects, each sure to be invalid for it
 * (so the property "always a 4xx" holds by construction, not by luck).
 */

export const NASTY = [
  '../../etc/passwd',
  '..\\..\\windows\\win.ini',
  '%2e%2e%2f%2e%2e%2f',
  "x'; DROP TABLE events; --",
  '1 OR 1=1',
  '" OR ""="',
  '\u0000',
  '😀',
  'ＡＢＣ',
  'a\u202Eb',
  '<script>alert(1)</script>',
  '${jndi:ldap://x}',
  '\r\nX-Injected: 1',
  'x'.repeat(5000),
];

/** Characters outside every id, ref code, date, enum and currency pattern of the contract. */
const BAD_CHARS = [
  "'",
  ';',
  '<',
  '"',
  '\u0000',
  'é',
  '😀',
  '\u202E',
  '/',
  '\\',
  '%',
  ' ',
  '*',
  '\n',
  'ı',
];

/** A string that contains at least one character no id pattern allows. */
export const hostileString = (): fc.Arbitrary<string> =>
  fc.oneof(
    fc.constantFrom(...NASTY),
    fc
      .tuple(
        fc.string({ maxLength: 20 }),
        fc.constantFrom(...BAD_CHARS),
        fc.string({ unit: 'grapheme', maxLength: 20 }),
      )
      .map(([a, bad, b]) => `${a}${bad}${b}`),
  );

/** A header value (latin-1 only, as HTTP allows) that no key pattern accepts. */
export const hostileHeader = (): fc.Arbitrary<string> =>
  fc
    .tuple(
      fc.stringMatching(/^[A-Za-z0-9]{1,10}$/),
      fc.constantFrom("'", ';', '<', '"', '/', ' ', '*', '%', '\u00e9'),
      fc.stringMatching(/^[A-Za-z0-9]{1,10}$/),
    )
    .map(([a, bad, b]) => `${a}${bad}${b}`);

/** Not a string: what a wrong-typed client sends. `null` only where the field is required. */
export const notAString = (optional: boolean): fc.Arbitrary<unknown> =>
  fc.oneof(
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }), // NaN and Infinity would travel as JSON null
    fc.boolean(),
    fc.array(fc.integer(), { maxLength: 2 }),
    fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 2 }),
    ...(optional ? [] : [fc.constant(null)]),
  );

export type FieldKind =
  | { kind: 'int'; min: number; max: number }
  | { kind: 'pattern'; pattern: RegExp }
  | { kind: 'enum'; values: string[] }
  | { kind: 'date' }
  | { kind: 'email' }
  | { kind: 'url' }
  | { kind: 'text'; max: number }
  | { kind: 'bool' }
  | { kind: 'scope' };

/** Invalid values for a field of that kind: wrong types, out of range, malformed. */
export const invalidFor = (field: FieldKind, optional = false): fc.Arbitrary<unknown> => {
  const wrongType = notAString(optional);
  switch (field.kind) {
    case 'int':
      return fc.oneof(
        fc.integer({ min: Number.MIN_SAFE_INTEGER, max: field.min - 1 }),
        fc.integer({ min: field.max + 1, max: Number.MAX_SAFE_INTEGER }),
        fc.constantFrom(-1, -0.5, 0.5, 12.5, 1e20, -1e20, Number.MAX_VALUE, 2 ** 53, 2 ** 64),
        fc.double({ noInteger: true, noDefaultInfinity: true, noNaN: true }),
        fc.integer({ min: field.min, max: field.max }).map(String),
        fc.boolean(),
        fc.array(fc.integer(), { maxLength: 2 }),
        hostileString(),
        ...(optional ? [] : [fc.constant(null)]),
      );
    case 'pattern':
      return fc.oneof(
        hostileString().filter((value) => !field.pattern.test(value)),
        wrongType,
      );
    case 'enum':
      return fc.oneof(
        hostileString(),
        fc.string().filter((value) => !field.values.includes(value) && value !== ''),
        wrongType,
      );
    case 'date':
      return fc.oneof(
        hostileString(),
        fc.constantFrom(
          'yesterday',
          '2026-13-45T99:99:99Z',
          '10/01/2026',
          '2026-01-10T12:00:00+25:00',
          '2026-02-30T00:00:00Z',
        ),
        wrongType,
      );
    case 'email':
      return fc.oneof(
        hostileString().filter((value) => !value.includes('@')),
        fc.constantFrom('not-an-email', '@example.com', 'a@', 'a@@b.c'),
        wrongType,
      );
    case 'url':
      return fc.oneof(
        hostileString().filter((value) => !/^https?:\/\//i.test(value)),
        fc.constantFrom(
          'javascript:alert(1)',
          'ftp://shop.test/x',
          'file:///etc/passwd',
          'data:text/html,x',
        ),
        wrongType,
      );
    case 'text':
      return fc.oneof(
        fc.integer({ min: field.max + 1, max: field.max + 50 }).map((n) => 'x'.repeat(n)),
        wrongType,
      );
    case 'bool':
      return fc.oneof(
        fc.constantFrom('true', 'false', 0, 1, 'yes'),
        hostileString(),
        ...(optional ? [] : [fc.constant(null)]),
      );
    case 'scope':
      return fc.oneof(
        hostileString().filter((value) => value !== 'all'),
        fc.array(hostileString(), { minLength: 1, maxLength: 3 }),
        fc.array(fc.integer(), { minLength: 1, maxLength: 3 }),
        fc.integer(),
        fc.constant({}),
      );
  }
};

/** A body that does not parse as JSON at all. */
export const malformedJson = (): fc.Arbitrary<string> =>
  fc.oneof(
    fc.constantFrom(
      '{"orderId": ',
      '{',
      '[',
      '{"a":1,}',
      "{'a': 1}",
      'NaN',
      '{"a": undefined}',
      '\u0000',
      '{"a":1}{"b":2}',
    ),
    fc.string({ minLength: 1, maxLength: 30 }).filter((text) => {
      try {
        JSON.parse(text);
        return false;
      } catch {
        return true;
      }
    }),
  );

/** JSON that parses but is not the object a route expects. */
export const notAnObject = (): fc.Arbitrary<string> =>
  fc.oneof(
    fc.constantFrom('null', '[]', '"x"', '42', 'true', '[{"orderId":"x"}]'),
    fc.array(fc.integer(), { maxLength: 3 }).map((value) => JSON.stringify(value)),
  );

/**
 * Invalid query-string values for a parameter of that kind: a query carries only strings, so `5` and
 * `"5"` are the same value there (a valid limit), and only strings that are invalid as text qualify.
 */
export const invalidQueryValue = (field: FieldKind): fc.Arbitrary<string> => {
  switch (field.kind) {
    case 'int':
      return fc.oneof(
        fc.integer({ min: -1_000_000, max: field.min - 1 }).map(String),
        fc.integer({ min: field.max + 1, max: Number.MAX_SAFE_INTEGER }).map(String),
        fc.constantFrom('1.5', '1e3', '0x10', '+1', ' 1', 'NaN', 'Infinity', '１'),
        hostileString(),
      );
    default:
      return invalidFor(field, true).filter(
        (value): value is string => typeof value === 'string' && value !== '',
      );
  }
};
