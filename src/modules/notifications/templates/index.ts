export { buildCalendarInvite, type CalendarInviteInput } from './calendar-invite';
export { formatInstant, type FormattedInstant } from './format-instant';
export {
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
