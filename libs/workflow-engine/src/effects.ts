import type { StepStatus } from './workflow-state';

/**
 * Who a notification is for: an assignee (the app resolves an agency's approvers or a group's
 * co-chairs), the workflow's coordinator, or every assignee that approved a step of the
 * workflow.
 */
export type Recipient = { assignee: string } | { coordinator: true } | { signers: true };

export type NotificationKind =
  | 'step_assigned'
  | 'changes_requested'
  | 'step_rejected'
  | 'workflow_completed'
  | 'workflow_rejected'
  | 'workflow_cancelled';

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
  to: Recipient[];
}

/** Work the app carries out in the same transaction as storing the events. */
export type Effect = StepActivatedEffect | StepFinishedEffect | NotifyEffect;
