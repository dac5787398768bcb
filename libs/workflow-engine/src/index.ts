/**
 * The approval engine of Puentes: pure functions from (chain, state, command, now) to
 * (state, events, effects). No framework, no I/O, no clock; the approvals module stores what
 * it returns and carries out the effects in the same transaction.
 */
export {
  ESCALATION_TARGETS,
  PROJECT_GROUP_ID,
  assigneeId,
  parseAssigneeId,
  projectGroupAssignees,
  resolveProjectGroup,
  seatsOf,
} from './chain-definition';
export { StepSchema } from './chain-schema';
export {
  STEP_KEY_MAX_LENGTH,
  STEP_KEY_PATTERN,
  isStepKey,
  parseSlotId,
  slotId,
} from './chain-definition';
export type {
  Assignee,
  AttributeValue,
  Attributes,
  Bilingual,
  ChainDefinition,
  Condition,
  Escalation,
  EscalationTarget,
  OnReject,
  Reminder,
  ResolvedAssignee,
  Rule,
  Seat,
  Sla,
  StepDefinition,
} from './chain-definition';
export { CHAIN_PROBLEM_CODES } from './chain-problems';
export type { ChainProblemCode, ChainProblemParams } from './chain-problems';
export {
  authoringProblems,
  DEFAULT_CALENDARS,
  MAX_BUSINESS_DAYS,
  validateChain,
} from './validate-chain';
export type { ChainProblem, KnownCodes } from './validate-chain';
export { WorkflowEngineError, WorkflowEngineErrorCode } from './errors';
export type {
  DecisionKind,
  StepDecision,
  StepState,
  StepStatus,
  WorkflowState,
  WorkflowStatus,
} from './workflow-state';
export type * from './workflow-events';
export type * from './effects';
export { applyEvent, replay } from './apply-event';
export {
  attach,
  cancel,
  comment,
  decide,
  escalate,
  openSeats,
  reassign,
  remind,
  resubmit,
  start,
  withReassignments,
} from './commands';
export type {
  AttachCommand,
  CancelCommand,
  CommentCommand,
  ReassignCommand,
  CommandResult,
  DecideCommand,
  EngineOptions,
  ResubmitCommand,
  StartCommand,
  StartOptions,
  TimerCommand,
} from './commands';
export { assigneeOutcome, matchesCondition, stepOutcome } from './step-outcome';
export type { AssigneeOutcome, OpenSeat, StepOutcome } from './step-outcome';
