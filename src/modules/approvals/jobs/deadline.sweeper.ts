import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import type { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { DEADLINES_QUEUE, FIRE_TIMER, timerJobId } from './deadline.jobs';

/**
 * Every two seconds: timers that are due and still pending get their job again, so a flushed
 * Redis, a dead worker or a crash between commit and enqueue loses nothing. The job id is the
 * timer's, so a job still waiting is not doubled; a failed one is retried.
 */
@Injectable()
export class DeadlineSweeper {
  private readonly logger = new Logger('Deadlines');
  private running = false;

  constructor(
    private readonly dataSource: DataSource,
    @InjectQueue(DEADLINES_QUEUE) private readonly queue: Queue,
  ) {}

  @Interval(2000)
  async sweep(): Promise<number> {
    if (this.running) return 0;
    this.running = true;
    try {
      const due = (await this.dataSource.query(
        `SELECT id FROM deadline_timers WHERE status = 'pending' AND fire_at <= now()
          ORDER BY fire_at LIMIT 1000`,
      )) as { id: string }[];
      let queued = 0;
      for (const { id } of due) {
        const job = await this.queue.getJob(timerJobId(id));
        if (!job) {
          await this.queue.add(FIRE_TIMER, { timerId: id }, { jobId: timerJobId(id) });
          queued++;
        } else if (await job.isFailed()) {
          await job.retry();
          queued++;
        }
      }
      if (queued > 0) this.logger.log(`Re-queued ${queued} due timer(s)`);
      return queued;
    } catch (error) {
      this.logger.warn(
        `Deadline sweep deferred: ${error instanceof Error ? error.message : String(error)}`,
      );
      return 0;
    } finally {
      this.running = false;
    }
  }
}
