import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import type { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { DEADLINES_QUEUE, FIRE_TIMER, TIMER_JOB_OPTIONS, timerJobId } from './deadline.jobs';

/**
 * A due timer still pending this long after its time has lost its job, or its job failed for
 * good (its five tries, 7.5 s, all fell in a database outage): failed jobs are retried then.
 * Short, because the contract wants the timer out within 10 s of the service being back; a
 * failed job keeps its id, so re-adding it alone would not bring it back.
 */
const STUCK_AFTER_MS = 2_000;

/** How far ahead each sweep looks, in ms: a job lost this long before its time is not late. */
export const SWEEP_LOOKAHEAD_MS = 3_000;

/**
 * Every second: timers still pending that are due or fall due within `SWEEP_LOOKAHEAD_MS` get
 * their (delayed) job again, so a flushed Redis, a dead worker or a crash between commit and
 * enqueue loses nothing, and a job lost before its time is back before that time (the
 * contract's 2 s holds on the recovery path too). The job id is the timer's, so adding a job
 * still there is a no-op (one round trip for the whole list); jobs that failed for good are
 * retried once their timers are overdue.
 */
@Injectable()
export class DeadlineSweeper {
  private readonly logger = new Logger('Deadlines');
  private running = false;

  constructor(
    private readonly dataSource: DataSource,
    @InjectQueue(DEADLINES_QUEUE) private readonly queue: Queue,
  ) {}

  @Interval(1000)
  async sweep(): Promise<number> {
    if (this.running) return 0;
    this.running = true;
    try {
      const due = (await this.dataSource.query(
        `SELECT id, fire_at FROM deadline_timers
          WHERE status = 'pending' AND fire_at <= now() + make_interval(secs => $1::float / 1000)
          ORDER BY fire_at LIMIT 1000`,
        [SWEEP_LOOKAHEAD_MS],
      )) as { id: string; fire_at: Date }[];
      if (due.length === 0) return 0;
      const now = Date.now();
      await this.queue.addBulk(
        due.map(({ id, fire_at }) => ({
          name: FIRE_TIMER,
          data: { timerId: id },
          opts: {
            ...TIMER_JOB_OPTIONS,
            jobId: timerJobId(id),
            delay: Math.max(0, fire_at.getTime() - now),
          },
        })),
      );
      if (Date.now() - due[0].fire_at.getTime() > STUCK_AFTER_MS) {
        this.logger.warn(`Timers overdue by ${STUCK_AFTER_MS / 1000} s: retrying failed jobs`);
        await this.queue.retryJobs({ state: 'failed' });
      }
      return due.length;
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
