import type { AfterCommitJob } from '@app/common/jobs/after-commit';

/** The email queue: each job sends a few notifications' emails, retried with backoff. */
export const EMAIL_QUEUE = 'emails';
export const SEND_EMAIL = 'send-email';

export interface SendEmailData {
  notificationIds: string[];
}

/**
 * Emails per job: a command's or a burst's emails travel together (one claim, one update, one
 * job's queue overhead), while a retry repeats only those not yet sent.
 */
export const EMAILS_PER_JOB = 25;

/** 1 s, 2 s, 4 s … about eight minutes of retries before an email counts as failed. */
export const EMAIL_JOB_OPTIONS = {
  attempts: 9,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  removeOnFail: { age: 7 * 24 * 3600 },
} as const;

/** BullMQ's exponential backoff before attempt `attemptsMade + 1`. */
export const emailRetryDelayMs = (attemptsMade: number) =>
  EMAIL_JOB_OPTIONS.backoff.delay * 2 ** Math.max(0, attemptsMade - 1);

/**
 * Notices the contract times (a reminder's or escalation's emails go within 2 s of its time):
 * their jobs jump the queue. Every other email waits behind them (BullMQ runs jobs without a
 * priority before prioritized ones), so a busy API starting workflows by the thousand cannot
 * make a deadline's emails late; the others go as soon as the queue has room.
 */
export const TIMED_KINDS: ReadonlySet<string> = new Set([
  'reminder',
  'escalation',
  'action_item_reminder',
  'action_item_overdue',
]);

/** The BullMQ priority of every email not in `TIMED_KINDS` (lower numbers go first; none, first of all). */
export const UNTIMED_EMAIL_PRIORITY = 10;

/**
 * The jobs that send these notifications' emails, timed kinds apart and ahead. The id is
 * deterministic (the first notification's), so adding the same job twice adds it once (BullMQ ids have no `:`).
 */
export function emailJobs(notifications: { id: string; type: string }[]): AfterCommitJob[] {
  const jobs: AfterCommitJob[] = [];
  for (const timed of [true, false]) {
    const ids = notifications.filter((n) => TIMED_KINDS.has(n.type) === timed).map((n) => n.id);
    for (let i = 0; i < ids.length; i += EMAILS_PER_JOB) {
      const chunk = ids.slice(i, i + EMAILS_PER_JOB);
      jobs.push({
        queue: EMAIL_QUEUE,
        name: SEND_EMAIL,
        jobId: `email-${chunk[0]}`,
        data: { notificationIds: chunk },
        ...(timed ? {} : { priority: UNTIMED_EMAIL_PRIORITY }),
      });
    }
  }
  return jobs;
}
