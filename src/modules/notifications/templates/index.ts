export { inAppTitle, withAppTag } from './app-tag';
export {
  buildCalendarInvite,
  calendarMethodOf,
  type CalendarInviteInput,
  type CalendarPerson,
} from './calendar-invite';
export { formatInstant, type FormattedInstant } from './format-instant';
export {
  ACTION_ITEM_NOTIFICATION_KINDS,
  type ActionItemNotificationKind,
  AUDIT_NOTIFICATION_KINDS,
  type AuditNotificationKind,
  CALENDAR_NOTIFICATION_KINDS,
  type CalendarNotificationKind,
  DELEGATE_NOTICE_KINDS,
  GROUP_NOTIFICATION_KINDS,
  type GroupNotificationKind,
  NOTIFICATION_KINDS,
  WORKFLOW_NOTIFICATION_KINDS,
  type WorkflowNotificationKind,
  type LocalizedText,
  type NotificationKind,
  type NotificationLocale,
} from './notification-kinds';
export {
  renderNotification,
  type NotificationInput,
  type RenderedNotification,
} from './render-notification';
export {
  renderGroupNotification,
  type GroupNotificationInput,
  type MeetingKind,
} from './render-group-notification';
export {
  renderActionItemNotification,
  type ActionItemNotificationInput,
} from './render-action-item-notification';
export { renderAuditNotification, type AuditNotificationInput } from './render-audit-notification';
export {
  renderDeadlineWithdrawal,
  type DeadlineWithdrawalInput,
} from './render-deadline-withdrawal';
