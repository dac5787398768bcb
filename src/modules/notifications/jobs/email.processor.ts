import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { Job } from 'bullmq';
import DataLoader from 'dataloader';
import { DataSource } from 'typeorm';
import { InjectConfig, type RuntimeConfig } from '@app/config/runtime-config';
import { jobConcurrency, PROMPT_RECOVERY_WORKER_OPTIONS } from '@app/queue/queue-backend';
import { Mailer, type SendFailure } from '../mailer';
import { calendarMethodOf } from '../templates/calendar-invite';
import { emailRetryDelayMs, EMAIL_QUEUE, type SendEmailData } from './email.jobs';
import { Metrics } from '@app/modules/operations/metrics';
import { prepared } from '@app/database/prepared-statement';

interface Claimed {
  id: string;
  /** This attempt's claim on the row; the row's bookkeeping is this attempt's only under it. */
  lease: string;
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
  | { id: string; lease: string; status: 'sent' | 'logged'; messageId: string }
  | { id: string; lease: string; status: 'failed' | 'retry'; error: string };

/**
 * How long a worker owns the emails it claimed, renewed every `EMAIL_LEASE_RENEW_MS` while it
 * sends them. Short, because a worker killed while sending holds its emails until the lease
 * runs out (then the sweeper queues them again at once): the contract wants a due email out
 * within 10 s of the service being back. 8 s of slack cover a slow renewal. (The usual case of
 * a killed worker is quicker: its job, found stalled, runs again and takes its emails over.)
 */
export const EMAIL_LEASE_SECONDS = 10;
const EMAIL_LEASE_RENEW_MS = 2_000;

/**
 * "Still pending" (of `row`), for statements that find their emails by id: written so that it does not
 * match the partial index of pending emails (`idx_notifications_email_sweep`, the sweeper's).
 * Otherwise the planner, whose statistics lag behind a burst, read every pending email through
 * that index to find a few by id: 1,100 pages a statement, the costliest statement per
 * decision in `bench:decisions` (pg_stat_statements). By id, it reads a few pages.
 */
const pending = (row = 'notifications') => `(${row}.email_status = 'pending') IS TRUE`;

/**
 * A DataLoader whose statements run one at a time (a group commit): a load made while a
 * statement runs waits for it, and every load made meanwhile shares the next statement. With
 * nothing running a load goes at the next turn of the event loop. Under a burst the
 * statements grow instead of multiplying: hundreds of emails in flight made hundreds of
 * one-row updates, each waiting for PostgreSQL, with a message held at DATA behind each.
 */
function groupCommitLoader<K, V>(statement: (keys: readonly K[]) => Promise<V[]>) {
  let running: Promise<unknown> = Promise.resolve();
  return new DataLoader<K, V>(
    (keys) => {
      const result = statement(keys);
      running = result.catch(() => undefined);
      return result;
    },
    {
      cache: false,
      maxBatchSize: 500,
      batchScheduleFn: (flush) => void running.then(() => setImmediate(flush)),
    },
  );
}

/** Failures that happen before the server could hold the message: a retry is safe. */
const NOT_TRANSMITTED_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EDNS',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAUTH',
  'EENVELOPE',
  'EMESSAGE',
]);

/**
 * Whether the SMTP server may have taken the message although the attempt failed: a reply
 * (4xx, 5xx) is a clear refusal, and failures while connecting, greeting or before the go-ahead
 * to DATA come before any of the message left; but a connection that timed out or closed mid-session may have lost only the
 * server's "250 OK" to the final dot (RFC 5321 §4.5.3.2.6 names this duplicate risk).
 */
function mayHaveBeenAccepted(error: unknown): boolean {
  const e = error as {
    responseCode?: number;
    code?: string;
    originalCode?: string;
    timeoutType?: string;
  } & SendFailure;
  if (typeof e.responseCode === 'number') return false;
  // No byte of the message left (a connection dropped before the go-ahead to DATA).
  if (e.messageTransmitted === false) return false;
  // nodemailer files a refused connection under ECONNECTION, keeping the system code.
  if ([e.code, e.originalCode].some((c) => c && NOT_TRANSMITTED_CODES.has(c))) return false;
  if (e.code === 'ETIMEDOUT' && e.timeoutType !== 'SOCKET_TIMEOUT') return false;
  return e.code === 'ETIMEDOUT' || e.code === 'ECONNECTION' || e.code === 'ECONNRESET';
}

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
@Processor(EMAIL_QUEUE, PROMPT_RECOVERY_WORKER_OPTIONS)
export class EmailProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger('Mail');

  constructor(
    private readonly dataSource: DataSource,
    private readonly mailer: Mailer,
    @InjectConfig() private readonly config: RuntimeConfig,
    private readonly metrics: Metrics,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    this.worker.concurrency = jobConcurrency(this.config.database.poolSize, 8);
  }

  async process(job: Job<SendEmailData>): Promise<string> {
    // One statement: an attempt that let the message go and then died before recording what
    // the server said (a worker killed in those milliseconds) left it marked transmitted; the
    // server may hold it, so it is not sent again but reported. The rest still pending and
    // free are claimed. The two sets are disjoint (transmitted or not).
    //
    // A row is free when no lease holds it, or when the lease is an earlier run's of this same
    // job: the queue runs a job again only after an earlier run stopped or its worker stopped
    // renewing the job's lock (a dead worker), so that run is not sending. Should it be alive
    // after all (a frozen event loop), the new lease stops it at its "leaving" mark, and a
    // message it already let go is marked transmitted, which is never sent again.
    const [claimed] = (await this.dataSource.query(
      prepared(`WITH unconfirmed AS (
         UPDATE notifications
            SET email_status = 'failed', email_lease = NULL, email_lease_job = NULL,
                email_locked_until = NULL,
                email_error = 'unconfirmed: the worker sending it stopped after the message went to the SMTP server and before its answer was recorded; not resent, so it cannot arrive twice'
          WHERE id = ANY($1::uuid[]) AND ${pending()} AND email_transmitted_at IS NOT NULL
            AND (email_locked_until IS NULL OR email_locked_until < now()
                 OR email_lease_job = $3))
       UPDATE notifications n
          SET email_locked_until = now() + make_interval(secs => $2),
              email_lease = gen_random_uuid(), email_lease_job = $3,
              email_attempts = email_attempts + 1
         FROM users u
        WHERE n.id = ANY($1::uuid[]) AND u.id = n.user_id AND ${pending('n')}
          AND n.email_transmitted_at IS NULL
          AND (n.email_locked_until IS NULL OR n.email_locked_until < now()
               OR n.email_lease_job = $3)
        RETURNING n.id, n.email_lease AS lease, n.type, n.subject, n.body, n.html, n.calendar,
                  n.workflow_id, n.step_key, n.locale, u.email, u.name`),
      [job.data.notificationIds, EMAIL_LEASE_SECONDS, job.id ?? null],
    )) as [Claimed[], number];
    if (claimed.length === 0) return 'already sent, failed or being sent';

    // The lease lasts while this worker lives: renewed while its attempts run, so a slow SMTP
    // server never lets another worker claim (and send again) what is being sent here.
    const leases = claimed.map((c) => c.lease);
    const renewal = setInterval(() => {
      this.dataSource
        .query(
          `UPDATE notifications SET email_locked_until = now() + make_interval(secs => $2)
            WHERE id = ANY($3::uuid[]) AND email_lease = ANY($1::uuid[]) AND ${pending()}`,
          [leases, EMAIL_LEASE_SECONDS, claimed.map((c) => c.id)],
        )
        .catch((error: unknown) =>
          this.logger.warn(`Email lease not renewed: ${(error as Error).message}`),
        );
    }, EMAIL_LEASE_RENEW_MS);
    const retryInMs = emailRetryDelayMs(job.attemptsMade + 1);
    let outcomes: Outcome[];
    try {
      const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      // Each outcome is recorded as soon as it is known, not once the whole batch is done: a
      // worker killed mid-batch leaves only the email in flight to the lease's expiry, not
      // every one the server already took (those would be sent again).
      outcomes = await Promise.all(
        claimed.map(async (mail) => {
          const outcome = await this.send(mail, lastAttempt);
          await this.outcomes.load({ outcome, retryInMs });
          return outcome;
        }),
      );
    } finally {
      clearInterval(renewal);
    }
    for (const outcome of outcomes) this.metrics.email(outcome.status);
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

  /**
   * Records attempts' outcomes: only forward, and only under each attempt's own lease, so an
   * attempt that outlived its lease never puts back to pending an email that another worker
   * has since sent. `retryInMs`: when the job's retry will come (the sweeper waits past it).
   * Outcomes known while the previous statement runs, of any job, share the next one.
   */
  private readonly outcomes = groupCommitLoader<{ outcome: Outcome; retryInMs: number }, void>(
    async (entries) => {
      await this.dataSource.query(
        prepared(`UPDATE notifications n
            SET email_status = CASE WHEN o.status = 'retry' THEN 'pending' ELSE o.status END,
                -- a retry follows a refusal or a failure before the message left
                email_transmitted_at = CASE WHEN o.status = 'retry' THEN NULL
                                            ELSE n.email_transmitted_at END,
                message_id = COALESCE(o.message_id, n.message_id),
                email_sent_at = CASE WHEN o.status IN ('sent', 'logged') THEN now() END,
                email_error = o.error,
                email_locked_until = NULL,
                email_lease = NULL,
                email_lease_job = NULL,
                -- a retried email is the job's to resend after its backoff, not the sweeper's
                email_sweep_after = CASE WHEN o.status = 'retry'
                                         THEN now() + make_interval(secs => o.retry_ms / 1000 + 30)
                                         ELSE n.email_sweep_after END
           -- Arrays, not a JSON record set: the planner then knows how few rows come (a
           -- record set is guessed at 100), and finds each by its key. With the guess it
           -- hashed every pending email, a thousand pages a statement in a burst.
           FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::float8[])
                AS o(id, lease, status, message_id, error, retry_ms)
          WHERE n.id = o.id AND n.email_lease = o.lease AND ${pending('n')}`),
        [
          entries.map(({ outcome }) => outcome.id),
          entries.map(({ outcome }) => outcome.lease),
          entries.map(({ outcome }) => outcome.status),
          entries.map(({ outcome }) => ('messageId' in outcome ? outcome.messageId : null)),
          entries.map(({ outcome }) => ('error' in outcome ? outcome.error.slice(0, 2000) : null)),
          entries.map(({ retryInMs }) => retryInMs),
        ],
      );
      return entries.map(() => undefined);
    },
  );

  /**
   * Marks emails as leaving, each under its attempt's lease, just before their first byte goes;
   * answers whether the lease still held.
   */
  private readonly transmissions = groupCommitLoader<{ id: string; lease: string }, boolean>(
    async (emails) => {
      const marked = (await this.dataSource.query(
        prepared(`UPDATE notifications n SET email_transmitted_at = now()
           FROM unnest($1::uuid[], $2::uuid[]) AS m(id, lease)
          WHERE n.id = m.id AND n.email_lease = m.lease AND ${pending('n')}
          RETURNING n.id`),
        [emails.map((e) => e.id), emails.map((e) => e.lease)],
      )) as [{ id: string }[], number];
      const ids = new Set(marked[0].map((r) => r.id));
      return emails.map((e) => ids.has(e.id));
    },
  );

  private async send(mail: Claimed, lastAttempt: boolean): Promise<Outcome> {
    // Marked before the first byte leaves, under this attempt's lease: a lease lost to another
    // worker stops the message here rather than send it twice.
    const beforeTransmit = async () => {
      const marked = await this.transmissions.load({ id: mail.id, lease: mail.lease });
      if (!marked) throw new Error('the email lease was lost before sending');
    };
    try {
      const sent = await this.mailer.send(
        {
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
                  // RFC 6047 §2.4: the part's method is the body's METHOD, read from the body.
                  contentType: `text/calendar; charset=utf-8; method=${calendarMethodOf(mail.calendar)}`,
                },
              ]
            : [],
        },
        beforeTransmit,
      );
      return {
        id: mail.id,
        lease: mail.lease,
        status: sent.logged ? 'logged' : 'sent',
        messageId: sent.messageId,
      };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      if (mayHaveBeenAccepted(error)) {
        // Sending it again could deliver it twice; an admin sees it among failed deliveries.
        this.logger.warn(`Email ${mail.id} to ${mail.email} unconfirmed, not resent: ${reason}`);
        return {
          id: mail.id,
          lease: mail.lease,
          status: 'failed',
          error: `unconfirmed: the SMTP server may have taken the message but did not confirm it (${reason}); not resent, so it cannot arrive twice`,
        };
      }
      if (isPermanent(error) || lastAttempt) {
        this.logger.warn(`Email ${mail.id} to ${mail.email} failed for good: ${reason}`);
        return { id: mail.id, lease: mail.lease, status: 'failed', error: reason };
      }
      return { id: mail.id, lease: mail.lease, status: 'retry', error: reason };
    }
  }
}
