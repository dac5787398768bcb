import { type ArgumentMetadata, ValidationPipe, type ValidationError } from '@nestjs/common';
import { DomainError, type FieldError } from '@app/common/errors/domain-error';
import { nulCharacterErrors } from './nul-characters';

/**
 * class-validator checks that say what kind of value a field holds. When one of them fails,
 * the value's other rules (length, pattern, range) say nothing useful about it, so the type
 * is the one rule reported.
 */
const TYPE_CONSTRAINTS = [
  'isDefined',
  'nestedValidation',
  'isString',
  'isInt',
  'isNumber',
  'isBoolean',
  'isArray',
  'isObject',
  'isUUID',
  'isIn',
  'isEnum',
  'isEmail',
  'isDateString',
  'isISO8601',
];

/**
 * The one rule to report for a field, named by its path: "is required" for a missing value
 * (whatever rules it then fails), otherwise the type rule if that failed, otherwise the first
 * rule. class-validator's messages start with the property's own name; it is replaced by the
 * whole path so a nested message says where it is (`name.en must be …`).
 */
function oneMessage(error: ValidationError, field: string): string | undefined {
  const constraints = error.constraints ?? {};
  const names = Object.keys(constraints);
  if (names.length === 0) return undefined;
  if (names.includes('whitelistValidation')) return 'unknown field';
  if (error.value === undefined) return `${field} is required`;
  if (error.value === null) return `${field} is required and may not be null`;
  const chosen = TYPE_CONSTRAINTS.find((name) => names.includes(name)) ?? names[0];
  const message = constraints[chosen];
  return message.startsWith(`${error.property} `)
    ? `${field}${message.slice(error.property.length)}`
    : `${field}: ${message}`;
}

/** Flattens class-validator's tree into `{ field, message }` with paths like `steps[2].sla`. */
export function fieldErrors(errors: ValidationError[], parent = ''): FieldError[] {
  const result: FieldError[] = [];
  for (const error of errors) {
    const field = /^\d+$/.test(error.property)
      ? `${parent}[${error.property}]`
      : parent
        ? `${parent}.${error.property}`
        : error.property;
    // One entry per field: a missing value fails several constraints at once.
    const message = oneMessage(error, field);
    if (message !== undefined) result.push({ field, message });
    // A value that is missing or of the wrong type has no parts worth reporting.
    else if (error.children?.length) result.push(...fieldErrors(error.children, field));
  }
  return result;
}

const invalid = (list: FieldError[]) =>
  new DomainError(
    'invalid',
    'VALIDATION_FAILED',
    `The request is invalid: ${list.map((e) => e.field).join(', ')}.`,
    list,
  );

/**
 * Every body and query is validated; unknown fields are refused, never silently dropped. A
 * NUL character, which PostgreSQL can store in neither text nor jsonb, is refused here for
 * every route at once, naming the field, before any value reaches the database.
 */
class PuentesValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type !== 'custom') {
      const nul = nulCharacterErrors(value, metadata.type === 'param' ? (metadata.data ?? '') : '');
      if (nul.length > 0) throw invalid(nul);
    }
    return super.transform(value, metadata);
  }
}

export function createValidationPipe(): ValidationPipe {
  return new PuentesValidationPipe({
    transform: true,
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    // `value` tells a missing field from a wrong one; it never reaches the answer.
    validationError: { target: false, value: true },
    exceptionFactory: (errors) => invalid(fieldErrors(errors)),
  });
}
