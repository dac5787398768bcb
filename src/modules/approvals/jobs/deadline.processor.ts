import { Processor, WorkerHost } from '@nestjs/bullmq';
import { DelayedError, type Job } from 'bullmq';
import { OutboxRelay } from '@app/common/outbox/outbox-relay.service';
import { DeadlinesService } from '../deadlines.service';
import { DEADLINES_QUEUE, type FireTimerData } from './deadline.jobs';

/**
 * A timer's delayed job: the fast path; the database decides whether it fires. The job fires
 * the other due timers it can in the same transaction (see `DeadlinesService.fire`).
 */
@Processor(DEADLINES_QUEUE, { concurrency: 16 })
export class DeadlineProcessor extends WorkerHost {
  constructor(
    private readonly deadlines: DeadlinesService,
    private readonly relay: OutboxRelay,
  ) {
    super();
  }

  async process(job: Job<FireTimerData>, token?: string): Promise<string> {
    const fired = await this.deadlines.fire(job.data.timerId, new Date());
    if (fired.outcome === 'early') {
      // Never early: back to the delayed set until the timer's time.
      await job.moveToDelayed(fired.fireAt.getTime(), token);
      throw new DelayedError();
    }
    // A skipped timer's batch may still have fired other workflows' timers.
    await this.relay.relayNow(fired.outbox);
    return fired.outcome === 'fired' ? 'fired' : fired.reason;
  }
}
