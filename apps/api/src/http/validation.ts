import { BadRequestException, ValidationPipe, type ValidationError } from '@nestjs/common';

const flatten = (errors: ValidationError[], prefix = ''): { field: string; problems: string[] }[] =>
  errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, problems: Object.values(error.constraints) }] : [];
    return [...own, ...flatten(error.children ?? [], field)];
  });

export const badInput = (message: string, details: unknown = []): BadRequestException =>
  new BadRequestException({ error: { code: 'validation_failed', message, details } });

/** Unknown fields are refused, types are checked strictly, nothing is coerced silently. */
export const validationPipe = new ValidationPipe({
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  forbidUnknownValues: true,
  validateCustomDecorators: false,
  exceptionFactory: (errors) => {
    const details = flatten(errors);
    return badInput(details.map((d) => `${d.field}: ${d.problems.join(', ')}`).join('; ') || 'invalid input', details);
  },
});
