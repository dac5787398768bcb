import { Injectable, Logger } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { Clock } from '@app/common/clock/clock';
import { AfterCommitQueue } from '@app/common/jobs/after-commit';
import { Metrics } from '@app/modules/operations/metrics';
import { DeadlineTimers } from '../deadline-timers.service';
import { timerJobs } from './deadline.jobs';

/**
 * ms: a due timer still pending this long after its time is fired by the sweeper itself, not
 * left to its job. BullMQ's wake-up of a delayed job is not to be relied on after a Redis
 * flush (the fault suite saw such timers fire 2.0 s late, twice, with the jobs re-added in
 * time), nor is a job that failed for good (its five tries fell in a database outage) retried
 * by re-adding it, as it keeps its id. Firing from the database's list bounds the lateness by
 * this plus the sweep interval (1 s), whatever Redis went through. At most `FIRE_AT_ONCE` per
 * sweep, the most overdue first; a step timer fires the due timers of up to 100 workflows with
 * it, so a backlog drains in a few calls.
 */
const FIRE_AFTER_MS = 500;
const FIRE_AT_ONCE = 100;

/** How far ahead each sweep looks, in ms: a job lost this long before its time is not late. */
export const SWEEP_LOOKAHEAD_MS = 3_000;

/**
 * Every second: timers still pending that are due or fall due within `SWEEP_LOOKAHEAD_MS` get
 * their (delayed) job again, so a flushed Redis, a dead worker or a crash between commit and
 * enqueue loses nothing, and a job lost before its time is back before that time (the
 * contract's 2 s holds on the recovery path too). The job id is the timer's, so adding a job
 * still there is a no-op (one round trip for the whole list). Timers overdue by more than
 * `FIRE_AFTER_MS` are fired here (see there); their jobs then find them fired.
 */
@Injectable()
export class DeadlineSweeper {
  private readonly logger = new Logger('Deadlines');
  private running = false;
  /** The sweep's re-adding of due timers' jobs while it waits on the queue. */
  private requeuing: Promise<void> | null = null;

  constructor(
    private readonly timers: DeadlineTimers,
    private readonly clock: Clock,
    private readonly metrics: Metrics,
    private readonly afterCommit: AfterCommitQueue,
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
      // Nothing here waits on Redis: a Redis that hangs or restarts holds a job's `add` up to
      // the after-commit timeout (5 s), and a sweep behind it fired nothing meanwhile (in the
      // fault suite a Redis restart held a sweep, and a timer fired 2.2 s late). So the due
      // timers' jobs go back on one `add` at a time, not awaited (the next sweep adds what one
      // still in flight could not: adding a job that is there is a no-op), and the overdue
      // timers are fired from the database whatever Redis is doing.
      const overdue = due
        .filter(({ fire_at }) => now - fire_at.getTime() > FIRE_AFTER_MS)
        .slice(0, FIRE_AT_ONCE);
      if (!this.requeuing) {
        const waiting = due.filter((t) => !overdue.includes(t));
        this.requeuing = this.afterCommit.add(timerJobs(waiting)).finally(() => {
          this.requeuing = null;
        });
      }
      for (const { id, fire_at } of overdue) {
        const fired = await this.timers.fire(id, this.clock.now());
        if (fired.outcome === 'early') continue;
        // Their emails are queued the way a decision's are (the email sweeper has them if
        // this is lost), not awaited either.
        void this.afterCommit.add(fired.queued);
        if (fired.outcome === 'fired')
          this.logger.warn(
            `Timer ${id} was fired by the sweeper, ${this.clock.now().getTime() - fire_at.getTime()} ms after its time: its job had not run`,
          );
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
