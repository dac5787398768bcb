/** The kinds about a workflow and its steps, rendered by `renderNotification`. */
export const WORKFLOW_NOTIFICATION_KINDS = [
  'step_assigned',
  'step_unstaffed',
  'reminder',
  'escalation',
  'changes_requested',
  'step_rejected',
  'workflow_completed',
  'workflow_rejected',
  'workflow_cancelled',
  'assignee_reassigned',
  'comment_added',
  'signed_in_your_place',
] as const;

/**
 * The workflow kinds that ask whoever signs for a step's assignee to decide it: a step that
 * became active (`step_assigned`), its reminders and its escalations. While a delegation is in
 * force its delegate may give that decision, so these reach the delegate too, in the
 * delegator's place and worded so (suplencia, api.md "Delegations — suplencia"); the other
 * kinds (a comment, a reassignment, an outcome) go to the delegator alone.
 */
export const DELEGATE_NOTICE_KINDS: ReadonlySet<NotificationKind> = new Set<NotificationKind>([
  'step_assigned',
  'reminder',
  'escalation',
]);

/** The kinds about a technical group's meetings, rendered by `renderGroupNotification`. */
export const GROUP_NOTIFICATION_KINDS = [
  'meeting_invitation',
  'meeting_rescheduled',
  'meeting_cancelled',
  'minutes_published',
] as const;

/**
 * The kinds about a group's action items, rendered by `renderActionItemNotification`.
 * `action_item_due_changed`: an open item's due date moved (its meeting moved, or a co-chair
 * changed it), said with the new and the earlier date.
 */
export const ACTION_ITEM_NOTIFICATION_KINDS = [
  'action_item_assigned',
  'action_item_due_changed',
  'action_item_reminder',
  'action_item_overdue',
] as const;

/** The kinds about a delegation (suplencia), rendered by `renderDelegationNotification`. */
export const DELEGATION_NOTIFICATION_KINDS = ['delegation_created', 'delegation_revoked'] as const;

/** The kinds about the anchored history, rendered by `renderAuditNotification`. */
export const AUDIT_NOTIFICATION_KINDS = ['audit_checkpoint'] as const;

/** Calendar withdrawals of a step's deadline, rendered by `renderDeadlineWithdrawal`. */
export const CALENDAR_NOTIFICATION_KINDS = ['deadline_withdrawn'] as const;

/**
 * Every kind of notification Puentes sends. The value is also the `type` of the in-app
 * notification and of the `X-Puentes-Notification-Type` email header.
 */
export const NOTIFICATION_KINDS = [
  ...WORKFLOW_NOTIFICATION_KINDS,
  ...GROUP_NOTIFICATION_KINDS,
  ...ACTION_ITEM_NOTIFICATION_KINDS,
  ...AUDIT_NOTIFICATION_KINDS,
  ...CALENDAR_NOTIFICATION_KINDS,
  ...DELEGATION_NOTIFICATION_KINDS,
];

export type WorkflowNotificationKind = (typeof WORKFLOW_NOTIFICATION_KINDS)[number];
export type GroupNotificationKind = (typeof GROUP_NOTIFICATION_KINDS)[number];
export type ActionItemNotificationKind = (typeof ACTION_ITEM_NOTIFICATION_KINDS)[number];
export type AuditNotificationKind = (typeof AUDIT_NOTIFICATION_KINDS)[number];
export type CalendarNotificationKind = (typeof CALENDAR_NOTIFICATION_KINDS)[number];
export type DelegationNotificationKind = (typeof DELEGATION_NOTIFICATION_KINDS)[number];
export type NotificationKind =
  | DelegationNotificationKind
  | WorkflowNotificationKind
  | GroupNotificationKind
  | ActionItemNotificationKind
  | AuditNotificationKind
  | CalendarNotificationKind;

/** The languages a recipient can read notifications in (a user's `locale`). */
export type NotificationLocale = 'en' | 'es';

/** Bilingual text as the API stores it: both languages are always present. */
export interface LocalizedText {
  readonly en: string;
  readonly es: string;
}
