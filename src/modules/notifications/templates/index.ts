export { buildCalendarInvite, type CalendarInviteInput } from './calendar-invite';
export { formatInstant, type FormattedInstant } from './format-instant';
export {
  NOTIFICATION_KINDS,
  type LocalizedText,
  type NotificationKind,
  type NotificationLocale,
} from './notification-kinds';
export {
  renderNotification,
  type NotificationInput,
  type RenderedNotification,
} from './render-notification';
