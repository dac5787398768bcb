import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { DataSource } from 'typeorm';
import { Mailer } from '../mailer';
import { emailRetryDelayMs, EMAIL_QUEUE, type SendEmailData } from './email.jobs';

interface Claimed {
  id: string;
  type: string;
  subject: string;
  body: string;
  html: string;
  calendar: string | null;
  workflow_id: string | null;
  step_key: string | null;
  locale: string;
  email: string;
  name: string;
}

type Outcome =
  | { id: string; status: 'sent' | 'logged'; messageId: string }
  | { id: string; status: 'failed' | 'retry'; error: string };

/** SMTP replies that will not change on a retry (5xx), as opposed to 4xx and network errors. */
const isPermanent = (error: unknown) => {
  const code = (error as { responseCode?: number }).responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
};

/**
 * Sends the emails of a few notifications. Their text was rendered when they were created;
 * this only delivers it. A lease on each row makes a job delivered twice send each email once;
 * a retry sends only those still pending.
 */
@Processor(EMAIL_QUEUE, { concurrency: 8 })
export class EmailProcessor extends WorkerHost {
  private readonly logger = new Logger('Mail');

  constructor(
    private readonly dataSource: DataSource,
    private readonly mailer: Mailer,
  ) {
    super();
  }

  async process(job: Job<SendEmailData>): Promise<string> {
    const [claimed] = (await this.dataSource.query(
      `UPDATE notifications n
          SET email_locked_until = now() + interval '2 minutes', email_attempts = email_attempts + 1
         FROM users u
        WHERE n.id = ANY($1::uuid[]) AND u.id = n.user_id AND n.email_status = 'pending'
          AND (n.email_locked_until IS NULL OR n.email_locked_until < now())
        RETURNING n.id, n.type, n.subject, n.body, n.html, n.calendar, n.workflow_id, n.step_key,
                  n.locale, u.email, u.name`,
      [job.data.notificationIds],
    )) as [Claimed[], number];
    if (claimed.length === 0) return 'already sent, failed or being sent';

    const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    const outcomes = await Promise.all(claimed.map((mail) => this.send(mail, lastAttempt)));
    const retryInMs = emailRetryDelayMs(job.attemptsMade + 1);
    await this.dataSource.query(
      `UPDATE notifications n
          SET email_status = CASE WHEN o.status = 'retry' THEN 'pending' ELSE o.status END,
              message_id = COALESCE(o.message_id, n.message_id),
              email_sent_at = CASE WHEN o.status IN ('sent', 'logged') THEN now() END,
              email_error = o.error,
              email_locked_until = NULL,
              -- a retried email is the job's to resend after its backoff, not the sweeper's
              email_sweep_after = now() + make_interval(secs => $2::float / 1000 + 30)
         FROM jsonb_to_recordset($1::jsonb) AS o(id uuid, status text, message_id text, error text)
        WHERE n.id = o.id`,
      [
        JSON.stringify(
          outcomes.map((o) => ({
            id: o.id,
            status: o.status,
            message_id: 'messageId' in o ? o.messageId : null,
            error: 'error' in o ? o.error.slice(0, 2000) : null,
          })),
        ),
        retryInMs,
      ],
    );
    const retry = outcomes.filter((o) => o.status === 'retry');
    // BullMQ retries the job with exponential backoff; the sent ones are not claimed again.
    if (retry.length > 0) {
      throw new Error(
        `${retry.length} email(s) to retry: ${'error' in retry[0] && retry[0].error}`,
      );
    }
    const sent = outcomes.filter((o) => o.status === 'sent' || o.status === 'logged').length;
    return `${sent} sent, ${outcomes.length - sent} failed`;
  }

  private async send(mail: Claimed, lastAttempt: boolean): Promise<Outcome> {
    try {
      const sent = await this.mailer.send({
        to: { name: mail.name, address: mail.email },
        subject: mail.subject,
        text: mail.body,
        html: mail.html,
        // Stable: a client that sees the same notification twice knows it is one message.
        messageId: `<${mail.id}@notifications.puentes>`,
        headers: {
          // RFC 3834: sent by a machine, so auto-responders (out-of-office) do not answer it.
          'Auto-Submitted': 'auto-generated',
          // The language it was rendered in: the recipient's locale when it was created.
          'Content-Language': mail.locale,
          'X-Puentes-Notification-Type': mail.type,
          ...(mail.workflow_id ? { 'X-Puentes-Workflow-Id': mail.workflow_id } : {}),
          ...(mail.step_key ? { 'X-Puentes-Step-Key': mail.step_key } : {}),
        },
        attachments: mail.calendar
          ? [
              {
                filename: mail.type.startsWith('meeting') ? 'meeting.ics' : 'deadline.ics',
                content: mail.calendar,
                contentType: 'text/calendar; charset=utf-8; method=PUBLISH',
              },
            ]
          : [],
      });
      return { id: mail.id, status: sent.logged ? 'logged' : 'sent', messageId: sent.messageId };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      if (isPermanent(error) || lastAttempt) {
        this.logger.warn(`Email ${mail.id} to ${mail.email} failed for good: ${reason}`);
        return { id: mail.id, status: 'failed', error: reason };
      }
      return { id: mail.id, status: 'retry', error: reason };
    }
  }
}
