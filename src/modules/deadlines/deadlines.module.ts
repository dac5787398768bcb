import { BullModule } from '@nestjs/bullmq';
import { type DynamicModule, Module } from '@nestjs/common';
import { queueErrorReporter } from '@app/queue/queue-errors';
import { DeadlineTimers } from './deadline-timers.service';
import { DEADLINES_QUEUE, TIMER_JOB_OPTIONS } from './jobs/deadline.jobs';
import { DeadlineProcessor } from './jobs/deadline.processor';
import { DeadlineSweeper } from './jobs/deadline.sweeper';

/** Timers of every kind, their delayed jobs, the processor and the sweeper; workers fire. */
@Module({})
export class DeadlinesModule {
  static register(options: { worker: boolean }): DynamicModule {
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
  }
}
