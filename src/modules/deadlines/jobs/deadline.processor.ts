import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { OnApplicationBootstrap } from '@nestjs/common';
import { DelayedError, type Job } from 'bullmq';
import { Clock } from '@app/common/clock/clock';
import { AfterCommitQueue } from '@app/common/jobs/after-commit';
import { InjectConfig, type RuntimeConfig } from '@app/config/runtime-config';
import { jobConcurrency, PROMPT_RECOVERY_WORKER_OPTIONS } from '@app/queue/queue-backend';
import { DeadlineTimers } from '../deadline-timers.service';
import { DEADLINES_QUEUE, type FireTimerData } from './deadline.jobs';

/** ms: a job at most this early waits in place for its timer's time. */
const WAIT_IN_JOB_MS = 1000;

/**
 * A timer's delayed job: the fast path; the database decides whether it fires. A step timer's
 * job fires the other due step timers it can in the same transaction (see `StepTimers`).
 */
@Processor(DEADLINES_QUEUE, PROMPT_RECOVERY_WORKER_OPTIONS)
export class DeadlineProcessor extends WorkerHost implements OnApplicationBootstrap {
  constructor(
    private readonly timers: DeadlineTimers,
    private readonly afterCommit: AfterCommitQueue,
    private readonly clock: Clock,
    @InjectConfig() private readonly config: RuntimeConfig,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    this.worker.concurrency = jobConcurrency(this.config.database.poolSize, 16);
  }

  async process(job: Job<FireTimerData>, token?: string): Promise<string> {
    let fired = await this.timers.fire(job.data.timerId, this.clock.now());
    const wait =
      fired.outcome === 'early' ? fired.fireAt.getTime() - this.clock.now().getTime() : 0;
    if (fired.outcome === 'early' && wait <= WAIT_IN_JOB_MS) {
      // A job a little early (a delay counted from another instant, a clock a few ms apart):
      // waited out here, not handed back to BullMQ's delayed set, whose wake-up is not to be
      // relied on after a Redis flush (the fault suite saw such timers fire 2 s late).
      await new Promise((resolve) => setTimeout(resolve, wait + 1));
      fired = await this.timers.fire(job.data.timerId, this.clock.now());
    }
    if (fired.outcome === 'early') {
      // Never early: back to the delayed set until the timer's time (by the clock in use).
      await job.moveToDelayed(
        Date.now() + fired.fireAt.getTime() - this.clock.now().getTime(),
        token,
      );
      throw new DelayedError();
    }
    // A skipped timer's batch may still have fired other workflows' timers.
    await this.afterCommit.add(fired.queued);
    return fired.outcome === 'fired' ? 'fired' : fired.reason;
  }
}
