import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import type { Queue } from 'bullmq';
import { Clock } from '@app/common/clock/clock';
import { Metrics } from '@app/modules/operations/metrics';
import { DeadlineTimers } from '../deadline-timers.service';
import { DEADLINES_QUEUE, FIRE_TIMER, TIMER_JOB_OPTIONS, timerJobId } from './deadline.jobs';

/**
 * A due timer still pending this long after its time (ms) gets its job nudged: a job still
 * delayed is promoted (the fault suite saw jobs re-added after a Redis flush sit up to 2.4 s
 * past their time until something woke a worker), and a job that failed for good (its five
 * tries, 7.5 s, all fell in a database outage) is retried; re-adding it could not, as it keeps
 * its id. At most `NUDGE_AT_ONCE` per sweep, the most overdue first.
 */
const NUDGE_AFTER_MS = 500;
const NUDGE_AT_ONCE = 100;

/** How far ahead each sweep looks, in ms: a job lost this long before its time is not late. */
export const SWEEP_LOOKAHEAD_MS = 3_000;

/**
 * Every second: timers still pending that are due or fall due within `SWEEP_LOOKAHEAD_MS` get
 * their (delayed) job again, so a flushed Redis, a dead worker or a crash between commit and
 * enqueue loses nothing, and a job lost before its time is back before that time (the
 * contract's 2 s holds on the recovery path too). The job id is the timer's, so adding a job
 * still there is a no-op (one round trip for the whole list); the jobs of overdue timers are
 * nudged (see `NUDGE_AFTER_MS`).
 */
@Injectable()
export class DeadlineSweeper {
  private readonly logger = new Logger('Deadlines');
  private running = false;

  constructor(
    private readonly timers: DeadlineTimers,
    private readonly clock: Clock,
    @InjectQueue(DEADLINES_QUEUE) private readonly queue: Queue,
    private readonly metrics: Metrics,
  ) {}

  @Interval(1000)
  async sweep(): Promise<number> {
    if (this.running) return 0;
    this.running = true;
    try {
      const now = this.clock.now().getTime();
      const due = (await this.timers.pendingDue(new Date(now), SWEEP_LOOKAHEAD_MS)).map((t) => ({
        id: t.id,
        fire_at: t.fireAt,
      }));
      // The first row is the oldest pending timer that is due (or nearly): how late timers run.
      this.metrics.oldestPendingTimer(due[0]?.fire_at, now);
      if (due.length === 0) return 0;
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
      const overdue = due
        .filter(({ fire_at }) => now - fire_at.getTime() > NUDGE_AFTER_MS)
        .slice(0, NUDGE_AT_ONCE);
      await Promise.all(overdue.map(({ id }) => this.nudge(timerJobId(id))));
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

  /** Promotes a timer's job still delayed past its time, retries one that failed for good. */
  private async nudge(jobId: string): Promise<void> {
    try {
      const job = await this.queue.getJob(jobId);
      const state = await job?.getState();
      if (state === 'delayed') await job!.promote();
      else if (state === 'failed') {
        this.logger.warn(`Timer job ${jobId} had failed for good: retrying it`);
        await job!.retry('failed');
      }
    } catch {
      // It moved on meanwhile (a worker took it): nothing to nudge.
    }
  }
}
