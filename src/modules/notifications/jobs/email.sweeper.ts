import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import type { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { EMAIL_QUEUE, emailJobs } from './email.jobs';

/**
 * Emails whose job was lost (a flushed Redis, a crash between commit and enqueue, a worker
 * that died while sending) are queued again: the database says what is still to send. A row
 * is looked at once its `email_sweep_after` has passed, and pushed a minute on when queued,
 * so emails that are only waiting their turn in a long queue are not queued over and over.
 * A row whose lease ran out (its worker died while sending: a live one renews it) is queued
 * again at once, and its lapsed lease cleared so that the next sweep does not queue it again.
 *
 * Not while jobs wait in the queue: emails pending behind a backlog are queued, not lost, and
 * queuing them again only lengthens the backlog (with the API busy, `bench:timers` saw every
 * one of 8,000 reminder emails queued a second time). Lost jobs are found once the backlog
 * has drained; a flushed Redis leaves nothing waiting, so it is swept at once.
 */
@Injectable()
export class EmailSweeper {
  private readonly logger = new Logger('Mail');
  private running = false;

  constructor(
    private readonly dataSource: DataSource,
    @InjectQueue(EMAIL_QUEUE) private readonly queue: Queue,
  ) {}

  @Interval(2000)
  async sweep(): Promise<number> {
    if (this.running) return 0;
    this.running = true;
    try {
      const waiting = await this.queue.getJobCounts('wait', 'prioritized');
      if ((waiting.wait ?? 0) + (waiting.prioritized ?? 0) > 0) return 0;
      return await this.dataSource.transaction(async (manager) => {
        const [rows] = (await manager.query(
          `UPDATE notifications
              SET email_sweep_after = now() + interval '1 minute', email_locked_until = NULL
            WHERE id IN (SELECT id FROM notifications
                          WHERE email_status = 'pending'
                            AND (email_sweep_after < now() OR email_locked_until < now())
                            AND (email_locked_until IS NULL OR email_locked_until < now())
                          ORDER BY email_sweep_after LIMIT 1000
                          FOR UPDATE SKIP LOCKED)
            RETURNING id, type`,
        )) as [{ id: string; type: string }[], number];
        if (rows.length === 0) return 0;
        // A new id each sweep: an earlier job of these emails may have completed without
        // sending them (a lease held by a worker that then died).
        const sweep = Date.now();
        await this.queue.addBulk(
          emailJobs(rows).map((job) => ({
            name: job.name,
            data: job.data,
            opts: {
              jobId: `${job.jobId}-sweep-${sweep}`,
              ...(job.priority ? { priority: job.priority } : {}),
            },
          })),
        );
        this.logger.log(`Re-queued ${rows.length} pending email(s)`);
        return rows.length;
      });
    } catch (error) {
      this.logger.warn(
        `Email sweep deferred: ${error instanceof Error ? error.message : String(error)}`,
      );
      return 0;
    } finally {
      this.running = false;
    }
  }
}
