import type { components } from './schema';

/**
 * One offending field of a `400`: its path and an English message, and (the problems of an
 * approval chain) a `code` with its `params` to say it in the reader's language.
 */
export type FieldProblem = components['schemas']['FieldErrorDto'];

/** An RFC 9457 problem as the service answers it (`application/problem+json`). */
export interface Problem {
  type?: string;
  title?: string;
  status: number;
  detail?: string;
  code?: string;
  errors?: FieldProblem[];
  /** A 403 to a decision: the step's assignees that have not decided yet. */
  pendingAssignees?: string[];
}

/** Thrown by the API helpers for every answer that is not a success. */
export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title ?? `HTTP ${problem.status}`);
  }
  get status(): number {
    return this.problem.status;
  }
}

/** Makes a Problem out of whatever a failed call gave (a problem+json body, or nothing). */
export function toProblem(status: number, body: unknown): Problem {
  if (body && typeof body === 'object') {
    const b = body as Partial<Problem>;
    return {
      status,
      type: typeof b.type === 'string' ? b.type : undefined,
      title: typeof b.title === 'string' ? b.title : undefined,
      detail: typeof b.detail === 'string' ? b.detail : undefined,
      code: typeof b.code === 'string' ? b.code : undefined,
      errors: Array.isArray(b.errors)
        ? b.errors.filter(
            (e): e is FieldProblem =>
              !!e && typeof e.field === 'string' && typeof e.message === 'string',
          )
        : undefined,
    };
  }
  return { status };
}

/**
 * Splits a problem's `errors[]` between the form's fields and the rest: a field error whose
 * path starts with one of `fields` (`comment`, `steps[2].sla` → `steps`) lands on that field;
 * every other one, and a problem without `errors`, stays for the message at the top of the
 * form. Returns `{ byField: { comment: ['…'] }, general: ['…'] }`.
 */
export function problemToFields<F extends string>(
  problem: Problem,
  fields: readonly F[],
): { byField: Partial<Record<F, string[]>>; general: string[] } {
  const byField: Partial<Record<F, string[]>> = {};
  const general: string[] = [];
  for (const error of problem.errors ?? []) {
    const head = error.field.split(/[.[]/, 1)[0];
    const field = fields.find((f) => f === error.field || f === head);
    if (field) (byField[field] ??= []).push(error.message);
    else general.push(error.message);
  }
  if (!problem.errors?.length && problem.detail) general.push(problem.detail);
  return { byField, general };
}
