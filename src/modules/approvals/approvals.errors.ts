import { WorkflowEngineError } from '@puentes/workflow-engine';
import type { ChainProblem, WorkflowEngineErrorCode } from '@puentes/workflow-engine';
import { DomainError, type ErrorKind } from '@app/common/errors/domain-error';
import type { ProblemCode } from '@app/common/errors/problem-codes';

/** The engine's refusals a client hears of: those of its codes declared as `WORKFLOW.<CODE>`. */
type EngineRefusal = Extract<ProblemCode, `WORKFLOW.${WorkflowEngineErrorCode}`>;

/** What each refusal of the engine means to a client: every one declared, and no other. */
const KIND_OF_ENGINE_REFUSAL: Record<EngineRefusal, ErrorKind> = {
  'WORKFLOW.STEP_NOT_FOUND': 'not_found',
  'WORKFLOW.NOT_AN_ASSIGNEE': 'forbidden',
  'WORKFLOW.SEAT_INVALID': 'forbidden',
  'WORKFLOW.DECISION_INVALID': 'invalid',
  'WORKFLOW.COMMENT_REQUIRED': 'invalid',
  'WORKFLOW.DOCUMENT_INVALID': 'invalid',
  'WORKFLOW.CHAIN_INVALID': 'invalid',
  'WORKFLOW.PROJECT_GROUP_MISSING': 'invalid',
  'WORKFLOW.WORKFLOW_NOT_ACTIVE': 'conflict',
  'WORKFLOW.STEP_NOT_ACTIVE': 'conflict',
  'WORKFLOW.ALREADY_DECIDED': 'conflict',
  'WORKFLOW.STEP_NOT_CHANGES_REQUESTED': 'conflict',
  'WORKFLOW.ASSIGNEE_INVALID': 'invalid',
  'WORKFLOW.STEP_NOT_OPEN': 'conflict',
  'WORKFLOW.TEXT_REQUIRED': 'invalid',
};

const isEngineRefusal = (code: string): code is EngineRefusal =>
  Object.hasOwn(KIND_OF_ENGINE_REFUSAL, code);

/**
 * Turns an engine refusal into a domain error. A history the engine cannot replay
 * (`EVENT_INVALID`) is a server fault and stays an ordinary error: a 500 with a correlation id.
 */
export function fromEngineError(error: unknown): unknown {
  if (!(error instanceof WorkflowEngineError)) return error;
  const code = `WORKFLOW.${error.code}` as const;
  if (!isEngineRefusal(code)) return error;
  return new DomainError(
    KIND_OF_ENGINE_REFUSAL[code],
    code,
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
