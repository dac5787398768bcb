import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { oncePerRole } from '@app/common/modules/once-per-role';
import { queueErrorReporter } from '@app/queue/queue-errors';
import { DeadlineTimers } from './deadline-timers.service';
import { DEADLINES_QUEUE, TIMER_JOB_OPTIONS } from './jobs/deadline.jobs';
import { DeadlineProcessor } from './jobs/deadline.processor';
import { DeadlineSweeper } from './jobs/deadline.sweeper';

/**
 * Timers of every kind, their delayed jobs, the processor and the sweeper; workers fire.
 * Imported by every module that has timers (approvals, group meetings).
 */
@Module({})
export class DeadlinesModule {
  static register = oncePerRole((options) => {
    const queue = BullModule.registerQueue({
      name: DEADLINES_QUEUE,
      defaultJobOptions: TIMER_JOB_OPTIONS,
    });
    return {
      module: DeadlinesModule,
      imports: [queue],
      providers: [
        DeadlineTimers,
        queueErrorReporter(DEADLINES_QUEUE, 'Deadlines'),
        ...(options.worker ? [DeadlineProcessor, DeadlineSweeper] : []),
      ],
      exports: [DeadlineTimers],
    };
  });
}
