import { isISO8601, registerDecorator } from 'class-validator';
import { badInput } from './validation';

/**
 * An instant: ISO 8601 with a time zone (`Z` or `±hh:mm`), or a bare UTC date. A date-time without a zone
 * would be read in the server's local time, so it is refused rather than guessed.
 */
const INSTANT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;

const isInstant = (value: unknown): value is string =>
  typeof value === 'string' &&
  INSTANT.test(value) &&
  isISO8601(value, { strict: true, strictSeparator: true });

export const IsInstant = () => (target: object, propertyName: string) =>
  registerDecorator({
    name: 'isInstant',
    target: target.constructor,
    propertyName,
    options: {
      message: `${propertyName} must be an ISO 8601 instant with a time zone, e.g. 2026-01-31T12:00:00Z`,
    },
    validator: { validate: isInstant },
  });

/** An optional instant in a query string (`?at=`): absent is undefined, anything else must be an instant. */
export const instantParam = (value: unknown, field: string): Date | undefined => {
  if (value === undefined) return undefined;
  if (!isInstant(value)) {
    throw badInput(
      `${field} must be an ISO 8601 instant with a time zone, e.g. 2026-01-31T00:00:00Z`,
      [{ field, problems: ['not an ISO 8601 instant with a time zone'] }],
    );
  }
  return new Date(value);
};
