import { WorkflowEngineError } from '@puentes/workflow-engine';
import type { ChainProblem } from '@puentes/workflow-engine';
import { DomainError, type ErrorKind } from '@app/common/errors/domain-error';

/** What each refusal of the engine means to a client. */
const KIND_OF_ENGINE_CODE: Record<string, ErrorKind> = {
  STEP_NOT_FOUND: 'not_found',
  NOT_AN_ASSIGNEE: 'forbidden',
  SEAT_INVALID: 'forbidden',
  DECISION_INVALID: 'invalid',
  COMMENT_REQUIRED: 'invalid',
  DOCUMENT_INVALID: 'invalid',
  CHAIN_INVALID: 'invalid',
  PROJECT_GROUP_MISSING: 'invalid',
  WORKFLOW_NOT_ACTIVE: 'conflict',
  STEP_NOT_ACTIVE: 'conflict',
  ALREADY_DECIDED: 'conflict',
  STEP_NOT_CHANGES_REQUESTED: 'conflict',
  ASSIGNEE_INVALID: 'invalid',
  STEP_NOT_OPEN: 'conflict',
  TEXT_REQUIRED: 'invalid',
};

/**
 * Turns an engine refusal into a domain error. A history the engine cannot replay
 * (`EVENT_INVALID`) is a server fault and stays an ordinary error: a 500 with a correlation id.
 */
export function fromEngineError(error: unknown): unknown {
  if (!(error instanceof WorkflowEngineError)) return error;
  const kind = KIND_OF_ENGINE_CODE[error.code];
  if (!kind) return error;
  return new DomainError(
    kind,
    `WORKFLOW.${error.code}`,
    error.message,
    error.problems.length ? chainFieldErrors(error.problems) : undefined,
  );
}

/**
 * A chain's problems as the field errors of a problem+json: `field` and the English `message`,
 * and, when the problem has them, its `code` and `params` for clients to say it in words.
 */
export function chainFieldErrors(problems: ChainProblem[]) {
  return problems.map((p) => ({
    field: p.field,
    message: p.message,
    ...(p.code === undefined ? {} : { code: p.code }),
    ...(p.params === undefined ? {} : { params: p.params }),
  }));
}

export function invalidChain(problems: ChainProblem[]) {
  return new DomainError(
    'invalid',
    'CHAIN.INVALID',
    `The approval chain has ${problems.length} problem(s): ` +
      problems.map((p) => `${p.field}: ${p.message}`).join('; '),
    chainFieldErrors(problems),
  );
}
