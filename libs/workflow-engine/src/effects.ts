import type { Seat } from './chain-definition';
import type { StepStatus } from './workflow-state';

/**
 * Who a notification is for: an assignee (the app resolves an agency's approvers or a group's
 * co-chairs; with `seat`, only that co-chair), the workflow's coordinator, every assignee that
 * approved a step of the workflow, the admins, or the co-chairs of the project's technical
 * group.
 */
export type Recipient =
  | { assignee: string; seat?: Seat }
  | { coordinator: true }
  | { signers: true }
  | { admins: true }
  | { groupChairs: true };

export type NotificationKind =
  | 'step_assigned'
  | 'changes_requested'
  | 'step_rejected'
  | 'workflow_completed'
  | 'workflow_rejected'
  | 'workflow_cancelled'
  | 'reminder'
  | 'escalation'
  | 'assignee_reassigned'
  | 'comment_added';

/** A step round began: schedule its reminders and escalations from `dueAt`. */
export interface StepActivatedEffect {
  type: 'step_activated';
  stepKey: string;
  round: number;
  activatedAt: string;
  dueAt: string | null;
}

/**
 * A step left `active` or `changes_requested`: cancel that round's timers. `status` is what
 * the step became (`pending` after a returnTo reset, `active` when a resubmission opened the
 * next round).
 */
export interface StepFinishedEffect {
  type: 'step_finished';
  stepKey: string;
  round: number;
  status: StepStatus;
}

export interface NotifyEffect {
  type: 'notify';
  notification: NotificationKind;
  stepKey?: string;
  round?: number;
  /** A reminder's or escalation's place in the step's definition. */
  ordinal?: number;
  to: Recipient[];
}

/** Work the app carries out in the same transaction as storing the events. */
export type Effect = StepActivatedEffect | StepFinishedEffect | NotifyEffect;
