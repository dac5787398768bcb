import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { DataSource } from 'typeorm';
import { Mailer } from '../mailer';
import { EMAIL_QUEUE, type SendEmailData } from './email.jobs';

interface Claimed {
  id: string;
  type: string;
  subject: string;
  body: string;
  html: string;
  calendar: string | null;
  workflow_id: string | null;
  step_key: string | null;
  email: string;
  name: string;
}

/** SMTP replies that will not change on a retry (5xx), as opposed to 4xx and network errors. */
const isPermanent = (error: unknown) => {
  const code = (error as { responseCode?: number }).responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
};

/**
 * Sends one notification's email. The text was rendered when the notification was created;
 * this only delivers it. A lease on the row makes a job delivered twice send one email.
 */
@Processor(EMAIL_QUEUE, { concurrency: 16 })
export class EmailProcessor extends WorkerHost {
  private readonly logger = new Logger('Mail');

  constructor(
    private readonly dataSource: DataSource,
    private readonly mailer: Mailer,
  ) {
    super();
  }

  async process(job: Job<SendEmailData>): Promise<string> {
    const [[claimed]] = (await this.dataSource.query(
      `UPDATE notifications n
          SET email_locked_until = now() + interval '2 minutes', email_attempts = email_attempts + 1
         FROM users u
        WHERE n.id = $1 AND u.id = n.user_id AND n.email_status = 'pending'
          AND (n.email_locked_until IS NULL OR n.email_locked_until < now())
        RETURNING n.id, n.type, n.subject, n.body, n.html, n.calendar, n.workflow_id, n.step_key,
                  u.email, u.name`,
      [job.data.notificationId],
    )) as [Claimed[], number];
    if (!claimed) return 'already sent, failed or being sent';

    try {
      const sent = await this.mailer.send({
        to: { name: claimed.name, address: claimed.email },
        subject: claimed.subject,
        text: claimed.body,
        html: claimed.html,
        // Stable: a client that sees the same notification twice knows it is one message.
        messageId: `<${claimed.id}@notifications.puentes>`,
        headers: {
          'X-Puentes-Notification-Type': claimed.type,
          ...(claimed.workflow_id ? { 'X-Puentes-Workflow-Id': claimed.workflow_id } : {}),
          ...(claimed.step_key ? { 'X-Puentes-Step-Key': claimed.step_key } : {}),
        },
        attachments: claimed.calendar
          ? [
              {
                filename: claimed.type.startsWith('meeting') ? 'meeting.ics' : 'deadline.ics',
                content: claimed.calendar,
                contentType: 'text/calendar; charset=utf-8; method=PUBLISH',
              },
            ]
          : [],
      });
      await this.dataSource.query(
        `UPDATE notifications SET email_status = $2, message_id = $3, email_sent_at = now(),
                email_locked_until = NULL, email_error = NULL WHERE id = $1`,
        [claimed.id, sent.logged ? 'logged' : 'sent', sent.messageId],
      );
      return sent.logged ? 'logged' : 'sent';
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      if (isPermanent(error) || lastAttempt) {
        await this.dataSource.query(
          `UPDATE notifications SET email_status = 'failed', email_error = $2, email_locked_until = NULL
            WHERE id = $1`,
          [claimed.id, reason.slice(0, 2000)],
        );
        this.logger.warn(`Email ${claimed.id} to ${claimed.email} failed for good: ${reason}`);
        return 'failed';
      }
      await this.dataSource.query(
        'UPDATE notifications SET email_error = $2, email_locked_until = NULL WHERE id = $1',
        [claimed.id, reason.slice(0, 2000)],
      );
      throw error; // BullMQ retries with exponential backoff
    }
  }
}
