import { BullModule } from '@nestjs/bullmq';
import { type DynamicModule, Module } from '@nestjs/common';
import { DocumentsModule } from '@app/modules/documents/documents.module';
import { AuditModule } from '@app/modules/audit/audit.module';
import { queueErrorReporter } from '@app/queue/queue-errors';
import { MAINTENANCE_QUEUE } from './maintenance.jobs';
import { MaintenanceProcessor } from './maintenance.processor';

@Module({})
export class MaintenanceModule {
  /** The queue exists in every role (health checks it, so it is global); only workers process it. */
  static register(options: { worker: boolean }): DynamicModule {
    const queue = BullModule.registerQueue({ name: MAINTENANCE_QUEUE });
    return {
      module: MaintenanceModule,
      global: true,
      imports: [queue, AuditModule.register(options), DocumentsModule.register(options)],
      providers: [
        queueErrorReporter(MAINTENANCE_QUEUE, 'Maintenance'),
        ...(options.worker ? [MaintenanceProcessor] : []),
      ],
      exports: [queue],
    };
  }
}
