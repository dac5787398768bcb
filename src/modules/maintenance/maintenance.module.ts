import { BullModule, InjectQueue } from '@nestjs/bullmq';
import { type DynamicModule, Injectable, Logger, Module } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { reportQueueErrors } from '@app/queue/queue-errors';
import { MAINTENANCE_QUEUE } from './maintenance.jobs';
import { MaintenanceProcessor } from './maintenance.processor';

@Injectable()
class MaintenanceQueueErrors {
  constructor(@InjectQueue(MAINTENANCE_QUEUE) queue: Queue) {
    reportQueueErrors(queue, new Logger('Maintenance'));
  }
}

@Module({})
export class MaintenanceModule {
  /** The queue exists in every role (health checks it, so it is global); only workers process it. */
  static register(options: { worker: boolean }): DynamicModule {
    const queue = BullModule.registerQueue({ name: MAINTENANCE_QUEUE });
    return {
      module: MaintenanceModule,
      global: true,
      imports: [queue],
      providers: [MaintenanceQueueErrors, ...(options.worker ? [MaintenanceProcessor] : [])],
      exports: [queue],
    };
  }
}
