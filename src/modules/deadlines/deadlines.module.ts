import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { oncePerRole } from '@app/common/modules/once-per-role';
import { queueErrorReporter } from '@app/queue/queue-errors';
import { DeadlineTimers } from './deadline-timers.service';
import { DEADLINES_QUEUE, TIMER_JOB_OPTIONS } from './jobs/deadline.jobs';
import { DeadlineProcessor } from './jobs/deadline.processor';
import { DeadlineSweeper } from './jobs/deadline.sweeper';

/**
 * `deadline_timers` and everything about them: `DeadlineTimers` (schedule, cancel, settle; the
 * only code that touches the table), their delayed jobs, the processor and the sweeper;
 * workers fire. Each subject's handler (`@HandlesTimers`) lives in the module that owns the
 * subject and is found at start-up. Imported by every module that has timers.
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
      imports: [queue, DiscoveryModule],
      providers: [
        DeadlineTimers,
        queueErrorReporter(DEADLINES_QUEUE, 'Deadlines'),
        ...(options.worker ? [DeadlineProcessor, DeadlineSweeper] : []),
      ],
      exports: [DeadlineTimers],
    };
  });
}
