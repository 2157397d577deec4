import {
  BadRequestException,
  ValidationPipe,
  type ArgumentMetadata,
  type ValidationError,
} from '@nestjs/common';

const flatten = (errors: ValidationError[], prefix = ''): { field: string; problems: string[] }[] =>
  errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, problems: Object.values(error.constraints) }] : [];
    return [...own, ...flatten(error.children ?? [], field)];
  });

export const badInput = (message: string, details: unknown = []): BadRequestException =>
  new BadRequestException({ error: { code: 'validation_failed', message, details } });

/**
 * Nest's pipe reads a `null` body as `{}`; a request body must be a JSON object, so anything else is refused
 * before validation.
 */
class StrictValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata) {
    if (
      metadata.type === 'body' &&
      metadata.metatype &&
      (value === null || typeof value !== 'object' || Array.isArray(value))
    ) {
      throw badInput('the body must be a JSON object', [
        { field: 'body', problems: ['not a JSON object'] },
      ]);
    }
    return super.transform(value, metadata);
  }
}

/** Unknown fields are refused, types are checked strictly, nothing is coerced silently. */
export const validationPipe = new StrictValidationPipe({
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  forbidUnknownValues: true,
  validateCustomDecorators: false,
  exceptionFactory: (errors) => {
    const details = flatten(errors);
    return badInput(
      details.map((d) => `${d.field}: ${d.problems.join(', ')}`).join('; ') || 'invalid input',
      details,
    );
  },
});
