import type { ProblemCode } from './problem-codes';

/**
 * What went wrong, independent of HTTP: services and workers throw these, and one filter
 * (`ProblemDetailsFilter`) turns them into RFC 9457 problem+json with the status of the kind.
 */
export type ErrorKind =
  | 'invalid' // 400
  | 'unauthenticated' // 401
  | 'forbidden' // 403
  | 'not_found' // 404
  | 'conflict' // 409
  | 'too_large' // 413
  | 'range_not_satisfiable' // 416
  | 'unsupported_media_type' // 415
  | 'unprocessable'; // 422

export interface FieldError {
  /** The path of the offending value, e.g. `steps[2].sla.duration`. */
  field: string;
  message: string;
}

/** The extension members a refusal may carry beside `code` and `errors`. */
export interface ProblemExtensions {
  /** A 403 on a decision: the codes of the step's assignees that have not decided yet. */
  pendingAssignees?: string[];
}

export class DomainError extends Error {
  constructor(
    readonly kind: ErrorKind,
    /** Stable, documented code such as `USER.EMAIL_TAKEN`: one of `PROBLEM_CODES`. */
    readonly code: ProblemCode,
    message: string,
    readonly errors?: FieldError[],
    /** Extension members of the problem details (RFC 9457 §3.2), e.g. `pendingAssignees`. */
    readonly extensions?: ProblemExtensions,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const notFound = (what: string, id: string) =>
  new DomainError('not_found', 'NOT_FOUND', `No ${what} with id ${id}.`);

export const invalidField = (
  field: string,
  message: string,
  code: ProblemCode = 'VALIDATION_FAILED',
) => new DomainError('invalid', code, `${field}: ${message}`, [{ field, message }]);

/** A field problem found by a service, with the code it would carry alone. */
export type CodedFieldError = FieldError & { code: ProblemCode };

/**
 * One 400 naming every offending field a service found; its code is the problems' own when
 * they share one, else VALIDATION_FAILED.
 */
export function throwIfInvalid(problems: CodedFieldError[]): void {
  if (problems.length === 0) return;
  const codes = new Set(problems.map((p) => p.code));
  throw new DomainError(
    'invalid',
    codes.size === 1 ? problems[0].code : 'VALIDATION_FAILED',
    `The request is invalid: ${problems.map((p) => p.field).join(', ')}.`,
    problems.map(({ field, message }) => ({ field, message })),
  );
}
