/**
 * Every kind of notification Puentes sends. The value is also the `type` of the in-app
 * notification and of the `X-Puentes-Notification-Type` email header.
 */
export const NOTIFICATION_KINDS = [
  'step_assigned',
  'reminder',
  'escalation',
  'changes_requested',
  'step_rejected',
  'workflow_completed',
  'workflow_rejected',
  'workflow_cancelled',
] as const;

export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** The languages a recipient can read notifications in (a user's `locale`). */
export type NotificationLocale = 'en' | 'es';

/** Bilingual text as the API stores it: both languages are always present. */
export interface LocalizedText {
  readonly en: string;
  readonly es: string;
}
