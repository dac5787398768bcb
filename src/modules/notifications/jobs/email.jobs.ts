/** The email queue: one job per notification, retried with exponential backoff. */
export const EMAIL_QUEUE = 'emails';
export const SEND_EMAIL = 'send-email';

export interface SendEmailData {
  notificationId: string;
}

/** Deterministic, so a second enqueue of the same email is a no-op (BullMQ ids have no `:`). */
export const emailJobId = (notificationId: string) => `email-${notificationId}`;

/** 1 s, 2 s, 4 s … about four minutes of retries before an email counts as failed. */
export const EMAIL_JOB_OPTIONS = {
  attempts: 9,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  removeOnFail: { age: 7 * 24 * 3600 },
} as const;
