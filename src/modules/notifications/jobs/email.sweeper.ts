import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import type { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { EMAIL_JOB_OPTIONS, EMAIL_QUEUE, emailJobId, SEND_EMAIL } from './email.jobs';

/**
 * Emails whose job was lost (a flushed Redis, a crash between commit and enqueue) are queued
 * again: the database says what is still to send. Deterministic job ids make this a no-op for
 * emails whose job is still there.
 */
@Injectable()
export class EmailSweeper {
  private readonly logger = new Logger('Mail');
  private running = false;

  constructor(
    private readonly dataSource: DataSource,
    @InjectQueue(EMAIL_QUEUE) private readonly queue: Queue,
  ) {}

  @Interval(5000)
  async sweep(): Promise<number> {
    if (this.running) return 0;
    this.running = true;
    try {
      const rows = (await this.dataSource.query(
        `SELECT id FROM notifications
          WHERE email_status = 'pending' AND created_at < now() - interval '10 seconds'
            AND (email_locked_until IS NULL OR email_locked_until < now())
          ORDER BY created_at LIMIT 1000`,
      )) as { id: string }[];
      for (const { id } of rows) {
        const existing = await this.queue.getJob(emailJobId(id));
        if (existing && (await existing.isFailed())) await existing.retry();
        else if (!existing) {
          await this.queue.add(
            SEND_EMAIL,
            { notificationId: id },
            { jobId: emailJobId(id), ...EMAIL_JOB_OPTIONS },
          );
        }
      }
      return rows.length;
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
