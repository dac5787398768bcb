import type { ChainProblem } from './validate-chain';

/** Why the engine refused a command (or, for `EVENT_INVALID`, a history it cannot replay). */
export const WorkflowEngineErrorCode = {
  WORKFLOW_NOT_ACTIVE: 'WORKFLOW_NOT_ACTIVE',
  STEP_NOT_FOUND: 'STEP_NOT_FOUND',
  STEP_NOT_ACTIVE: 'STEP_NOT_ACTIVE',
  NOT_AN_ASSIGNEE: 'NOT_AN_ASSIGNEE',
  SEAT_INVALID: 'SEAT_INVALID',
  DECISION_INVALID: 'DECISION_INVALID',
  ALREADY_DECIDED: 'ALREADY_DECIDED',
  COMMENT_REQUIRED: 'COMMENT_REQUIRED',
  STEP_NOT_CHANGES_REQUESTED: 'STEP_NOT_CHANGES_REQUESTED',
  /** A reminder or escalation of a round that is over (decided, sent back, resubmitted). */
  ROUND_OVER: 'ROUND_OVER',
  /** A reminder or escalation the step's definition does not have. */
  TIMER_NOT_FOUND: 'TIMER_NOT_FOUND',
  /** A cited or attached document version that is not well formed (version, SHA-256). */
  DOCUMENT_INVALID: 'DOCUMENT_INVALID',
  /** A reassignment's `from` is not on the step, or its `to` already is. */
  ASSIGNEE_INVALID: 'ASSIGNEE_INVALID',
  /** A reassignment of a step that is neither pending nor active. */
  STEP_NOT_OPEN: 'STEP_NOT_OPEN',
  /** A reassignment without a reason, or a comment without a body. */
  TEXT_REQUIRED: 'TEXT_REQUIRED',
  CHAIN_INVALID: 'CHAIN_INVALID',
  /** The chain names the project's own group (`{ projectGroup: true }`) and the project has none. */
  PROJECT_GROUP_MISSING: 'PROJECT_GROUP_MISSING',
  EVENT_INVALID: 'EVENT_INVALID',
} as const;

export type WorkflowEngineErrorCode =
  (typeof WorkflowEngineErrorCode)[keyof typeof WorkflowEngineErrorCode];

/**
 * A domain error with a stable `code`; the app maps codes to HTTP statuses. `problems` is set
 * for `CHAIN_INVALID` and `PROJECT_GROUP_MISSING`.
 *
 * @example
 * try {
 *   decide(definition, state, command, now);
 * } catch (error) {
 *   if (error instanceof WorkflowEngineError && error.code === 'STEP_NOT_ACTIVE') return conflict();
 *   throw error;
 * }
 */
export class WorkflowEngineError extends Error {
  override readonly name = 'WorkflowEngineError';

  constructor(
    readonly code: WorkflowEngineErrorCode,
    message: string,
    readonly problems: ChainProblem[] = [],
  ) {
    super(message);
  }
}
