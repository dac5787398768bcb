import type { Attributes, Seat } from './chain-definition';

export type WorkflowStatus = 'active' | 'approved' | 'rejected' | 'cancelled';

export type StepStatus =
  'pending' | 'active' | 'approved' | 'rejected' | 'changes_requested' | 'skipped' | 'cancelled';

export type DecisionKind = 'approve' | 'reject' | 'request_changes';

/** One signature in a step's current round. */
export interface StepDecision {
  /** An {@link assigneeId}, e.g. `agency:CBP`. */
  assignee: string;
  seat: Seat;
  decision: DecisionKind;
  comment: string | null;
  actorId: string | null;
  /** ISO 8601 instant. */
  at: string;
}

export interface StepState {
  key: string;
  status: StepStatus;
  /** 0 until the first activation, then +1 on every (re)activation. */
  round: number;
  activatedAt: string | null;
  dueAt: string | null;
  finishedAt: string | null;
  /**
   * How many escalations have fired in the current round (0 when a round begins); a step that
   * goes back to `pending` keeps it until its next round.
   */
  escalationLevel: number;
  /** The current round's decisions only, in the order they were taken. */
  decisions: StepDecision[];
  /**
   * The step's assignees ({@link assigneeId}s, in the chain's order) once an admin reassigned
   * one of them in this workflow (`assignee_reassigned`); absent while they are the chain's.
   */
  assignees?: string[];
}

/** A running or finished workflow: plain JSON data, rebuilt by replaying its events. */
export interface WorkflowState {
  status: WorkflowStatus;
  /** The project's attributes when the workflow started; conditions read these. */
  attributes: Attributes;
  /**
   * The code of the project's technical group when the workflow started, present only when the
   * chain names it (`{ projectGroup: true }` assignees sign as `group:<this code>`).
   */
  projectGroup?: string;
  startedAt: string;
  completedAt: string | null;
  /** One entry per chain step, in definition order. */
  steps: StepState[];
}
