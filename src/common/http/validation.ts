import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { DomainError, type FieldError } from '@app/common/errors/domain-error';

/** Flattens class-validator's tree into `{ field, message }` with paths like `steps[2].sla`. */
export function fieldErrors(errors: ValidationError[], parent = ''): FieldError[] {
  const result: FieldError[] = [];
  for (const error of errors) {
    const field = /^\d+$/.test(error.property)
      ? `${parent}[${error.property}]`
      : parent
        ? `${parent}.${error.property}`
        : error.property;
    const messages = Object.values(error.constraints ?? {});
    // One entry per field: a missing value fails several constraints at once.
    if (messages.length > 0) {
      const message = messages
        .map((m) => (/^property \S+ should not exist$/.test(m) ? 'unknown field' : m))
        .join('; ');
      result.push({ field, message });
    }
    if (error.children?.length) result.push(...fieldErrors(error.children, field));
  }
  return result;
}

/** Every body and query is validated; unknown fields are refused, never silently dropped. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    transform: true,
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const list = fieldErrors(errors);
      return new DomainError(
        'invalid',
        'VALIDATION_FAILED',
        `The request is invalid: ${list.map((e) => e.field).join(', ')}.`,
        list,
      );
    },
  });
}
